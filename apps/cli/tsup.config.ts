import { packageConfig } from '../../tsup.base';

// @initlab/wasm is private: bundled in (for setDebug), never a dependency of the published CLI.
export default packageConfig(['src/bin.ts'], { platform: 'node', dts: false, banner: { js: '#!/usr/bin/env node' }, noExternal: ['@initlab/wasm'] });
