// Worker-thread entry of trainEnsembleParallel: selects its own tfjs backend, trains its share of
// the members with the same loop as trainEnsemble, and posts progress and the result back.
import { parentPort, workerData } from 'node:worker_threads';
import { materializeMembers } from './members.js';
import { withProductThreads } from './product-threads.js';
import { resolveNetwork } from './spec.js';
import { runTraining } from './train.js';
import type { WorkerCommand, WorkerInput, WorkerMessage } from './worker-protocol.js';

const port = parentPort;
if (port === null) throw new Error('@initlab/models worker: must run in a worker thread');
const input = workerData as WorkerInput;
const controller = new AbortController();
port.on('message', (command: WorkerCommand) => {
  if (command.type === 'abort') controller.abort();
});
const post = (message: WorkerMessage): void => port.postMessage(message);

try {
  const backendModule = (await import(input.backend.module)) as {
    useBackend?: (name: string, options: Record<string, unknown>) => Promise<unknown>;
  };
  if (typeof backendModule.useBackend !== 'function') {
    throw new Error(`backend module '${input.backend.module}' does not export useBackend(name, options)`);
  }
  await backendModule.useBackend(input.backend.name, input.backend.options);
  const net = resolveNetwork(input.spec);
  const members = materializeMembers(net, input.members, input.data.x, 'trainEnsembleParallel');
  const result = await withProductThreads(input.options.threads, () =>
    runTraining(input.spec, net, members, input.data, input.optimizer, {
      ...input.options,
      onProgress: input.options.reportProgress ? (event) => post({ type: 'progress', event }) : undefined,
      signal: controller.signal,
    }),
  );
  post({ type: 'result', result });
} catch (error) {
  const code = typeof (error as { code?: unknown })?.code === 'string' ? ((error as { code: string }).code) : null;
  post({ type: 'error', message: error instanceof Error ? error.message : String(error), code });
} finally {
  port.close();
}
