import { packageConfig } from '../../tsup.base';

// Node built-ins are imported lazily (only by the file functions); the neutral platform cannot resolve them.
export default packageConfig(['src/index.ts'], { external: [/^node:/] });
