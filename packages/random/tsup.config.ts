import { packageConfig } from '../../tsup.base';

// @initlab/wasm is private: bundled in, never a dependency of the published package.
export default packageConfig(['src/index.ts'], { noExternal: ['@initlab/wasm'] });
