import { packageConfig } from '../../tsup.base';

// bin.ts is the executable; program.ts is the `./program` export (with types). Code splitting lets both
// share one chunk of the command tree instead of a copy each.
export default packageConfig(['src/bin.ts', 'src/program.ts'], {
  platform: 'node',
  splitting: true,
  dts: { entry: ['src/program.ts'], compilerOptions: { customConditions: [] } },
  banner: { js: '#!/usr/bin/env node' },
  // @initlab/wasm is private: bundled in (for setDebug), never a dependency of the published CLI.
  noExternal: ['@initlab/wasm'],
});
