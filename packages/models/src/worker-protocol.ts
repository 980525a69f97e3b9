import type { ValidatedMember } from './members.js';
import type { ResolvedOptimizer } from './optimizers.js';
import type { ModelSpec } from './spec.js';
import type { PreparedData, ProgressEvent, TrainResult } from './train.js';

/** How a worker thread selects its tfjs backend: `(await import(module)).useBackend(name, options)`. */
export interface WorkerBackend {
  /** Backend name passed to `useBackend`. */
  name: 'cpu' | 'wasm';
  /** Module exporting `useBackend(name, options)`; default `'@initlab/backends'`. */
  module?: string;
  /** Second argument of `useBackend` (e.g. `{ wasmPaths }`). */
  options?: Record<string, unknown>;
}

/** What the main thread sends a worker at start. */
export interface WorkerInput {
  spec: ModelSpec;
  members: ValidatedMember[];
  data: PreparedData;
  optimizer: ResolvedOptimizer;
  options: {
    epochs: number;
    batchSize: number;
    shuffle: boolean;
    diagnostics: 'none' | 'init' | 'epoch';
    diagnosticsSamples: number;
    progress: 'epoch' | 'batch';
    batchLoss: boolean;
    reportProgress: boolean;
    /** Product threads of this worker (resolved by the parent: 1 when the workers already fill the cores). */
    threads: number;
  };
  backend: Required<Pick<WorkerBackend, 'name' | 'module'>> & { options: Record<string, unknown> };
}

/** Messages from a worker. */
export type WorkerMessage =
  | { type: 'progress'; event: ProgressEvent }
  | { type: 'result'; result: TrainResult }
  | { type: 'error'; message: string; code: string | null };

/** Messages to a worker. */
export type WorkerCommand = { type: 'abort' };
