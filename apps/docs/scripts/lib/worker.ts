import { Worker } from 'node:worker_threads';

// A worker starts from this CommonJS snippet: Node 20 does not apply `--import`ed loader hooks (tsx) to a
// worker's entry file, so the TypeScript loader is registered in the worker before the entry is imported (the
// same start as @initlab/models' trainEnsembleParallel). The `--conditions=source` of the parent is inherited.
const BOOTSTRAP = `const { workerData } = require('node:worker_threads');
(async () => {
  if (workerData.entry.endsWith('.ts')) { const { register } = await import('tsx/esm/api'); register(); }
  await import(workerData.entry);
})().catch((error) => { setImmediate(() => { throw error; }); });`;

/**
 * Runs the module `entry` in a worker thread with `data` as its `workerData` and resolves with the first message
 * it posts (the module computes and posts when it sees its `data.task`). For build steps that need no tfjs and
 * can use the machine's second core while the main thread trains.
 */
export function inWorker<T>(entry: URL, data: Record<string, unknown>): Promise<T> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(BOOTSTRAP, { eval: true, workerData: { ...data, entry: entry.href } });
    let done = false;
    worker.once('message', (message: T) => {
      done = true;
      resolve(message);
      void worker.terminate();
    });
    worker.once('error', (error) => {
      done = true;
      reject(error);
    });
    worker.once('exit', (code) => {
      if (!done) reject(new Error(`worker ${entry.pathname} exited with code ${code} before posting a result`));
    });
  });
}
