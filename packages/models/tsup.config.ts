import { packageConfig } from '../../tsup.base';

// worker.ts is the worker-thread entry of trainEnsembleParallel (loaded by URL next to index.js);
// Node built-ins stay imports (they are only reached from the Node-only parallel trainer).
// bench.ts is the `./bench` subpath; code splitting puts the trainer the entries share in one chunk
// instead of a copy per entry.
export default packageConfig(['src/index.ts', 'src/worker.ts', 'src/bench.ts'], {
  external: [/^node:/],
  splitting: true,
  // @initlab/wasm is private: bundled in, never a dependency of the published package.
  noExternal: ['@initlab/wasm'],
});
