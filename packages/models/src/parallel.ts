import type { TrainingData } from './data.js';
import { ModelsError, refuseUnknownKeys, show, type SameKeys } from './errors.js';
import { validateMembers, type EnsembleMember, type ValidatedMember } from './members.js';
import { resolveOptimizer } from './optimizers.js';
import { coreCount, resolveThreads } from './product-threads.js';
import { resolveNetwork, type ModelSpec } from './spec.js';
import {
  checkBatchNormBatches,
  prepareData,
  resolveTrainOptions,
  TRAIN_OPTIONS,
  type EpochRecord,
  type MemberResult,
  type ProgressEvent,
  type TrainOptions,
  type TrainResult,
} from './train.js';
import type { WorkerBackend, WorkerCommand, WorkerInput, WorkerMessage } from './worker-protocol.js';

export type { WorkerBackend } from './worker-protocol.js';

/**
 * The keys of {@link ParallelTrainOptions}: `TRAIN_OPTIONS` and the worker settings; any other is refused.
 *
 * @example
 * ```ts
 * PARALLEL_TRAIN_OPTIONS.includes('workers'); // true
 * ```
 */
export const PARALLEL_TRAIN_OPTIONS = [...TRAIN_OPTIONS, 'backend', 'workers', 'workerExecArgv', 'workerPreload'] as const;

/** The keys of a {@link WorkerBackend}. */
export const WORKER_BACKEND_KEYS = ['name', 'module', 'options'] as const;

/** Options of {@link trainEnsembleParallel}: {@link TrainOptions} plus where and how to run the workers. */
export interface ParallelTrainOptions extends TrainOptions {
  /** Backend each worker selects (its own tfjs instance; tensors never cross threads). */
  backend: WorkerBackend;
  /** Number of worker threads; default `min(os.availableParallelism(), members.length)`. */
  workers?: number;
  /** `execArgv` of the workers; default: the parent's. */
  workerExecArgv?: string[];
  /**
   * Modules (absolute file URLs or specifiers resolvable from the working directory) each worker
   * imports before the training code, e.g. one that registers a TypeScript loader (`tsx/esm/api`'s
   * `register()`) when running from sources. Default none.
   */
  workerPreload?: string[];
}

const parallelKeysMatch: [SameKeys<ParallelTrainOptions, typeof PARALLEL_TRAIN_OPTIONS>, SameKeys<WorkerBackend, typeof WORKER_BACKEND_KEYS>] = [true, true];
void parallelKeysMatch;

// Workers start from this CommonJS snippet so that preload modules (loaders) are active before the
// training code is imported: Node 20 does not apply `--import`ed loader hooks to a worker's entry file.
const BOOTSTRAP = `const { workerData } = require('node:worker_threads');
(async () => {
  for (const module of workerData.preload) await import(module);
  await import(workerData.entry);
})().catch((error) => { setImmediate(() => { throw error; }); });`;

/** Splits `count` items into `parts` contiguous chunks whose sizes differ by at most one. */
export function partition<T>(items: readonly T[], parts: number): T[][] {
  const chunks: T[][] = [];
  let start = 0;
  for (let p = 0; p < parts; p++) {
    const size = Math.floor(items.length / parts) + (p < items.length % parts ? 1 : 0);
    chunks.push(items.slice(start, start + size));
    start += size;
  }
  return chunks.filter((c) => c.length > 0);
}

/** Merges the progress events of several workers into the events one `trainEnsemble` call would emit. */
class ProgressMerger {
  private readonly active: Set<number>;
  private readonly pending = new Map<string, Map<number, ProgressEvent>>();
  private readonly finished = new Map<number, TrainResult>();

  constructor(
    private readonly groups: readonly ValidatedMember[][],
    private readonly emit: (event: ProgressEvent) => void,
  ) {
    this.active = new Set(groups.map((_, i) => i));
  }

  push(worker: number, event: ProgressEvent): void {
    const key = event.type === 'epoch' ? `e:${event.epoch}` : `b:${event.epoch}:${event.batch}`;
    let entry = this.pending.get(key);
    if (entry === undefined) {
      entry = new Map();
      this.pending.set(key, entry);
    }
    entry.set(worker, event);
    this.flush();
  }

  finish(worker: number, result: TrainResult): void {
    this.active.delete(worker);
    this.finished.set(worker, result);
    this.flush();
  }

  private flush(): void {
    for (const [key, entry] of this.pending) {
      if (![...this.active].every((w) => entry.has(w))) return;
      this.pending.delete(key);
      this.emit(this.merge(entry));
    }
  }

  private merge(entry: Map<number, ProgressEvent>): ProgressEvent {
    const first = [...entry.values()][0]!;
    if (first.type === 'batch') {
      let loss: (number | null)[] | null = null;
      this.groups.forEach((_, w) => {
        const event = entry.get(w);
        if (event?.type === 'batch' && event.loss !== null) loss = [...(loss ?? []), ...event.loss];
      });
      return { ...first, loss };
    }
    const members: { id: string; status: 'running' | 'diverged'; record: EpochRecord | null }[] = [];
    this.groups.forEach((group, w) => {
      const event = entry.get(w);
      if (event?.type === 'epoch') {
        members.push(...event.members);
        return;
      }
      const result = this.finished.get(w);
      for (const m of group) {
        const status = result?.members.find((r) => r.index === m.index)?.status === 'diverged' ? 'diverged' : 'running';
        members.push({ id: m.id, status, record: null });
      }
    });
    return { ...first, members };
  }
}

async function defaultWorkerCount(members: number): Promise<number> {
  return Math.max(1, Math.min((await coreCount()) ?? 1, members));
}

/**
 * {@link trainEnsemble} spread over worker threads (Node only): the members are split into
 * contiguous groups, each worker selects its own backend (`backend.module`'s `useBackend`), trains
 * its group with the same loop, and the results come back in `members` order. Each member's result
 * equals `trainEnsemble` on the same backend: members never interact. Progress events are merged
 * so that listeners see the same events as with `trainEnsemble`.
 *
 * @example
 * const result = await trainEnsembleParallel(spec, members, data, {
 *   epochs: 50, batchSize: 16, optimizer: 'sgd', backend: { name: 'wasm' }, workers: 2,
 * });
 */
export async function trainEnsembleParallel(
  spec: ModelSpec,
  members: readonly EnsembleMember[],
  data: TrainingData,
  opts: ParallelTrainOptions,
): Promise<TrainResult> {
  const fn = 'trainEnsembleParallel';
  const started = performance.now();
  const net = resolveNetwork(spec);
  const options = resolveTrainOptions(opts, fn, PARALLEL_TRAIN_OPTIONS);
  const optimizer = resolveOptimizer(opts.optimizer);
  const prepared = prepareData(spec, net.dense, data, fn);
  checkBatchNormBatches(net, prepared.x.rows, options.batchSize, fn);
  const validated = validateMembers(net, members, fn);
  const backend = opts.backend;
  if (typeof backend !== 'object' || backend === null || (backend.name !== 'cpu' && backend.name !== 'wasm')) {
    throw new ModelsError('INVALID_OPTIONS', `${fn}: backend.name must be 'cpu' or 'wasm', got ${show(backend?.name ?? backend)}`);
  }
  refuseUnknownKeys(`${fn}: backend`, backend, WORKER_BACKEND_KEYS);
  if (backend.module !== undefined && (typeof backend.module !== 'string' || backend.module.length === 0)) {
    throw new ModelsError('INVALID_OPTIONS', `${fn}: backend.module must be a non-empty module specifier, got ${show(backend.module)}`);
  }
  const workerCount = opts.workers ?? (await defaultWorkerCount(validated.length));
  if (!Number.isInteger(workerCount) || workerCount <= 0) {
    throw new ModelsError('INVALID_OPTIONS', `${fn}: workers must be a positive integer, got ${show(opts.workers)}`);
  }
  for (const key of ['workerExecArgv', 'workerPreload'] as const) {
    const value = opts[key];
    if (value !== undefined && (!Array.isArray(value) || !value.every((a) => typeof a === 'string'))) {
      throw new ModelsError('INVALID_OPTIONS', `${fn}: ${key} must be an array of strings, got ${show(value)}`);
    }
  }
  const groups = partition(validated, Math.min(workerCount, validated.length));
  const threads = await resolveThreads(options.threads, fn);
  const { Worker } = (await import('node:worker_threads')) as typeof import('node:worker_threads');
  const entry = new URL(import.meta.url.endsWith('.ts') ? './worker.ts' : './worker.js', import.meta.url);
  const merger = options.onProgress === undefined ? null : new ProgressMerger(groups, options.onProgress);

  const workers = groups.map((group) => {
    const input: WorkerInput = {
      spec,
      members: group,
      data: prepared,
      optimizer,
      options: {
        epochs: options.epochs,
        batchSize: options.batchSize,
        shuffle: options.shuffle,
        diagnostics: options.diagnostics,
        diagnosticsSamples: options.diagnosticsSamples,
        progress: options.progress,
        batchLoss: options.batchLoss,
        reportProgress: merger !== null,
        threads,
      },
      backend: { name: backend.name, module: backend.module ?? '@initlab/backends', options: backend.options ?? {} },
    };
    return new Worker(BOOTSTRAP, {
      eval: true,
      workerData: { ...input, entry: entry.href, preload: opts.workerPreload ?? [] },
      ...(opts.workerExecArgv === undefined ? {} : { execArgv: opts.workerExecArgv }),
    });
  });

  const abort = (): void => {
    for (const worker of workers) worker.postMessage({ type: 'abort' } satisfies WorkerCommand);
  };
  if (options.signal?.aborted === true) abort();
  options.signal?.addEventListener('abort', abort, { once: true });

  try {
    const results = await Promise.all(
      workers.map(
        (worker, w) =>
          new Promise<TrainResult>((resolve, reject) => {
            let settled = false;
            const fail = (message: string, cause?: unknown): void => {
              if (settled) return;
              settled = true;
              reject(new ModelsError('WORKER_FAILED', `${fn}: worker ${w} failed: ${message}`, cause === undefined ? undefined : { cause }));
            };
            worker.on('message', (message: WorkerMessage) => {
              if (message.type === 'progress') merger?.push(w, message.event);
              else if (message.type === 'result') {
                settled = true;
                merger?.finish(w, message.result);
                resolve(message.result);
              } else fail(`${message.code === null ? '' : `[${message.code}] `}${message.message}`);
            });
            worker.on('error', (error) => fail(error.message, error));
            worker.on('exit', (code) => fail(`exited with code ${code} before sending a result`));
          }),
      ),
    );
    const memberResults: MemberResult[] = results.flatMap((r) => r.members).sort((a, b) => a.index - b.index);
    return {
      members: memberResults,
      backend: results[0]?.backend ?? backend.name,
      elapsedMs: performance.now() - started,
      steps: Math.max(0, ...results.map((r) => r.steps)),
    };
  } finally {
    options.signal?.removeEventListener('abort', abort);
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}
