import { packageConfig } from '../../tsup.base';

// wat.ts is the development-only disassembler: wabt and vitest stay imports.
export default packageConfig(['src/index.ts', 'src/wat.ts'], { external: [/^node:/, 'wabt', 'vitest'] });
