import { packageConfig } from '../../tsup.base';

// worker.ts is the worker-thread entry of trainEnsembleParallel (loaded by URL next to index.js);
// Node built-ins stay imports (they are only reached from the Node-only parallel trainer).
// @initlab/wasm is private: bundled in, never a dependency of the published package.
export default packageConfig(['src/index.ts', 'src/worker.ts'], { external: [/^node:/], noExternal: ['@initlab/wasm'] });
