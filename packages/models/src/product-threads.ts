/**
 * Both cores for one model: each large dense product is split by output columns between this
 * thread and worker threads that run the same WebAssembly module on the same shared memory, and a
 * layer's two large backward products (∂W and dA, independent) run at once, each whole on one thread.
 *
 * Why the bits do not change: every element of C is summed by one thread, over q = 0, 1, … in
 * the same order as on one thread (see dense-wasm.ts); the split only chooses which thread
 * computes which columns. The threads write disjoint columns.
 *
 * How a product runs on N threads: this thread writes each worker's call (its column range, and
 * a scratch area of its own past the caller's memory) into the worker's slot of a control block (an Int32Array over a
 * SharedArrayBuffer), marks the slot POSTED and wakes the worker (Atomics.notify), computes the
 * first range itself, then settles each slot: one its worker has not taken yet (a worker not
 * scheduled on a busy machine) it takes back and computes itself; one that is RUNNING it waits
 * for (Atomics.wait, which Node allows on its main thread). The kernels are synchronous tfjs
 * kernels, so nothing else runs meanwhile.
 *
 * The workers are light (they instantiate the dense module, nothing of tfjs), started on first
 * need, unref'd so that they never keep a process alive, and kept for later runs until
 * {@link closeProductThreads}. Without worker_threads, SharedArrayBuffer or a blocking
 * Atomics.wait (browsers), or with the JavaScript kernels, everything runs on one thread.
 */
import { isDebug, memoryImports, type WasmMemory } from '@initlab/wasm';
import {
  createSharedDenseKernels,
  denseKernels,
  MEMORY_SLACK,
  PRODUCT_COLUMNS,
  PRODUCT_ROUTINES,
  productCall,
  scratchElements,
  useThreadedKernels,
  type DenseKernels,
  type Product,
  type SharedDenseKernels,
} from './dense-wasm.js';
import { ModelsError, show } from './errors.js';

/**
 * A product is split only when it has at least this many multiply-adds (members·rows·depth·width)
 * per extra thread, about 120 µs of one thread's work. Measured on the 2-core development machine
 * (src/testing/product-threads-bench.ts, the fastest of many back-to-back products, so with the
 * worker awake and the other core free): 2 threads run 1.5–1.8× faster from 65 536 to 2²¹
 * multiply-adds, 1.96× at 128 × 256 × 256 (678 → 343 µs). In a training step, though, the worker
 * has gone back to sleep between two products (copies and activations run in between) and takes
 * tens of µs to wake, more on a busy machine: its share must be well above that. Where the worker
 * is late, this thread takes its range back, so a split never costs much more than one thread.
 */
export const SPLIT_WORK = 1 << 20;

// The control block: one slot of SLOT_INTS int32s per worker, 128 bytes apart so that two
// workers' slots never share a cache line. Slot word 0 is the state, word 1 the routine (an index of
// PRODUCT_ROUTINES), word 2 the argument count, then the arguments (productCall's).
// The state, routine, argument count and up to 21 arguments fit a slot.
const SLOT_INTS = 32;
const IDLE = 0;
const POSTED = 1;
const RUNNING = 2;
const DONE = 3;
const FAILED = 4;
const STOP = 5;
// Checks of the state word before sleeping on it: about 150 µs on the development machine, longer
// than what runs between two products of a step (an activation, the loss), so that a worker catches
// the next product (and this thread its worker's end) without a sleep and a wake-up, which costs
// tens of µs each time. Measured on a resident 8 × 256 ReLU step at batch 128 on 2 threads: 43–45
// GFLOP/s with 2,000 checks (~15 µs), 48 with 20,000, no better with 50,000.
const SPINS = 20000;

// The worker, plain JavaScript evaluated by worker_threads (so it runs the same from sources and
// from dist, and no file needs resolving next to a bundle), as a CommonJS script or an ES module
// alike (a parent's --input-type=module reaches it through NODE_OPTIONS). It gets the compiled
// dense module and memoryImports() of the shared memory: what instantiateOn() passes to
// WebAssembly.Instance.
const WORKER_SOURCE = `import('node:worker_threads').then(({ parentPort, workerData }) => {
const { compiled, imports, control, slot, routines } = workerData;
const exports = new WebAssembly.Instance(compiled.module, imports).exports;
const products = routines.map((name) => exports[name]);
const ctl = new Int32Array(control);
const at = slot * ${SLOT_INTS};
parentPort.postMessage('ready');
for (;;) {
  const state = Atomics.load(ctl, at);
  if (state === ${STOP}) break;
  if (state !== ${POSTED}) {
    let spins = ${SPINS};
    while (spins-- > 0 && Atomics.load(ctl, at) === state);
    if (spins < 0) Atomics.wait(ctl, at, state);
    continue;
  }
  // this thread's job unless the main thread took it back meanwhile
  if (Atomics.compareExchange(ctl, at, ${POSTED}, ${RUNNING}) !== ${POSTED}) continue;
  const args = Array.from(ctl.subarray(at + 3, at + 3 + ctl[at + 2]));
  let outcome = ${DONE};
  try {
    products[ctl[at + 1]](...args);
  } catch {
    outcome = ${FAILED};
  }
  Atomics.store(ctl, at, outcome);
  Atomics.notify(ctl, at);
}
});`;

type WorkerThreads = typeof import('node:worker_threads');
type Worker = InstanceType<WorkerThreads['Worker']>;

interface Pool {
  readonly Worker: WorkerThreads['Worker'];
  readonly shared: SharedDenseKernels;
  readonly control: Int32Array;
  readonly workers: Worker[];
  /** The workers' parts of the product under way, reused. */
  readonly parts: Product[];
  /** Threads a product may use, this one included. */
  threads: number;
  readonly kernels: DenseKernels;
  /** Floats the current kernel call reserved: the workers' scratch areas go past them. */
  reserved: number;
  /** Whether a resident training step holds the shared memory (then no tensor kernel uses it). */
  taken: boolean;
}

let pool: Pool | null = null;
let poolStarting: Promise<Pool | null> | null = null;
/** Thread counts of the runs under way, in the order they started: the newest decides. */
const leases: { threads: number }[] = [];
const MAX_WORKERS = 255;
/** Products split, and column ranges the workers computed (the rest this thread did). */
const stats = { split: 0, byWorkers: 0, paired: 0 };

/** Writes the call of `part` into slot `w` and wakes its worker. */
function post(control: Int32Array, w: number, part: Product): void {
  const at = w * SLOT_INTS;
  const { routine, args } = productCall(part);
  control[at + 1] = routine;
  control[at + 2] = args.length;
  control.set(args, at + 3);
  Atomics.store(control, at, POSTED);
  Atomics.notify(control, at, 1);
}

let splitWork = SPLIT_WORK;

/** Runs `run` with another split threshold: for the benchmark that measures where splitting pays. */
export async function withSplitWork<T>(work: number, run: () => Promise<T>): Promise<T> {
  const saved = splitWork;
  splitWork = work;
  try {
    return await run();
  } finally {
    splitWork = saved;
  }
}

/** Multiply-adds of `p`: members · rows · depth · the columns it computes. */
const productWork = (p: Product): number => p.members * p.rows * p.depth * (p.colEnd - p.colStart);

/** Threads for `p`: one more per {@link SPLIT_WORK} multiply-adds, at most one per column block. */
export function productParts(p: Product, threads: number): number {
  return Math.max(1, Math.min(threads, Math.ceil((p.colEnd - p.colStart) / PRODUCT_COLUMNS), 1 + Math.floor(productWork(p) / splitWork)));
}

function splitProduct(state: Pool, p: Product): void {
  const single = state.shared.kernels;
  const parts = productParts(p, state.threads);
  if (parts === 1) {
    single.product(p);
    return;
  }
  stats.split++;
  const { control, parts: posted } = state;
  const columns = p.colEnd - p.colStart;
  // whole register tiles per thread; this thread's part runs in the caller's scratch area, each worker's past what the call reserved
  const chunk = Math.ceil(columns / parts / PRODUCT_COLUMNS) * PRODUCT_COLUMNS;
  let scratch = (state.reserved + MEMORY_SLACK + 3) & ~3;
  posted.length = 0;
  for (let start = p.colStart + chunk; start < p.colEnd; start += chunk) {
    const part: Product = { ...p, colStart: start, colEnd: Math.min(p.colEnd, start + chunk), scratch };
    scratch += (scratchElements(part) + 3) & ~3;
    posted.push(part);
  }
  single.reserve(scratch);
  posted.forEach((part, w) => post(control, w, part));
  single.product({ ...p, colEnd: p.colStart + chunk });
  for (let w = 0; w < posted.length; w++) settle(state, w, posted[w]!);
}

/** Waits for worker `w`'s call `part`, or computes it here when its worker has not started it. */
function settle(state: Pool, w: number, part: Product): void {
  const { control } = state;
  const single = state.shared.kernels;
  const at = w * SLOT_INTS;
  let s = Atomics.compareExchange(control, at, POSTED, IDLE);
  if (s === POSTED) {
    // its worker has not started it: cheaper to compute it here than to wait for the worker
    single.product(part);
    return;
  }
  for (let spins = SPINS; s === RUNNING && spins > 0; spins--) s = Atomics.load(control, at);
  while (s === RUNNING) {
    Atomics.wait(control, at, RUNNING);
    s = Atomics.load(control, at);
  }
  Atomics.store(control, at, IDLE);
  if (s === DONE) stats.byWorkers++;
  // A trap in the worker (a bug of ours): computing it here throws the same error, with its message.
  if (s === FAILED) single.product(part);
}

/**
 * Two independent products at once (a layer's ∂W and dA): `second` whole on a worker, in a scratch area of
 * its own past what the call reserved, `first` whole on this thread. Each is one routine call as on one
 * thread, so the bits are the same; and neither packs an operand the other packs too, as the two halves of
 * a split product do. Small pairs run one after the other, each split as usual.
 */
function pairProducts(state: Pool, first: Product, second: Product): void {
  if (state.threads < 2 || state.workers.length === 0 || Math.min(productWork(first), productWork(second)) < splitWork) {
    splitProduct(state, first);
    splitProduct(state, second);
    return;
  }
  stats.paired++;
  const single = state.shared.kernels;
  const part: Product = { ...second, scratch: (state.reserved + MEMORY_SLACK + 3) & ~3 };
  single.reserve(part.scratch + scratchElements(part));
  post(state.control, 0, part);
  single.product(first);
  settle(state, 0, part);
}

/** worker_threads, or null where there is none or a blocking Atomics.wait is not allowed (browsers). */
async function workerThreads(): Promise<WorkerThreads | null> {
  if (typeof SharedArrayBuffer !== 'function' || typeof Atomics?.wait !== 'function') return null;
  try {
    const threads = (await import('node:worker_threads')) as Partial<WorkerThreads>;
    // a browser bundle maps node:* to an empty module
    return typeof threads.Worker === 'function' ? (threads as WorkerThreads) : null;
  } catch {
    return null;
  }
}

async function startPool(): Promise<Pool | null> {
  const threads = await workerThreads();
  const shared = threads === null ? null : createSharedDenseKernels();
  if (threads === null || shared === null) return null;
  const state: Pool = {
    Worker: threads.Worker,
    shared,
    control: new Int32Array(new SharedArrayBuffer(MAX_WORKERS * SLOT_INTS * 4)),
    workers: [],
    parts: [],
    threads: 1,
    reserved: 0,
    taken: false,
    kernels: {
      ...shared.kernels,
      reserve(elements) {
        state.reserved = elements;
        shared.kernels.reserve(elements);
      },
      product: (p) => splitProduct(state, p),
      productPair: (first, second) => pairProducts(state, first, second),
    },
  };
  return state;
}

/** Starts workers until `state` has `count`; resolves when each has instantiated the module. */
async function addWorkers(state: Pool, count: number): Promise<void> {
  const started: Promise<void>[] = [];
  while (state.workers.length < Math.min(count, MAX_WORKERS)) {
    const slot = state.workers.length;
    const worker = new state.Worker(WORKER_SOURCE, {
      eval: true,
      workerData: {
        compiled: state.shared.compiled,
        imports: memoryImports(state.shared.memory),
        control: state.control.buffer,
        slot,
        routines: PRODUCT_ROUTINES,
      },
      // no loaders, conditions or inspector of the parent's: the worker imports nothing
      execArgv: [],
    });
    worker.unref();
    state.workers.push(worker);
    started.push(
      new Promise<void>((resolve, reject) => {
        worker.once('message', () => resolve());
        worker.once('error', reject);
        worker.once('exit', (code) => reject(new Error(`product thread ${slot} exited with code ${code} before it was ready`)));
      }),
    );
  }
  await Promise.all(started);
}

/** The pool with at least `threads − 1` workers ready, or null where threads cannot be used. */
async function poolOf(threads: number): Promise<Pool | null> {
  poolStarting ??= startPool();
  const state = await poolStarting;
  if (state === null) {
    // asked again next time: the WebAssembly kernels may be selected by then
    poolStarting = null;
    return null;
  }
  try {
    await addWorkers(state, threads - 1);
  } catch (error) {
    // A thread that cannot start (resource limits): the products run on fewer threads, as correctly.
    if (isDebug()) console.warn(`initlab: a product thread did not start (${error instanceof Error ? error.message : String(error)}); the products run on one thread`);
    await closeProductThreads();
    return null;
  }
  return state;
}

/** Makes the newest run's thread count the one the dense products use. */
function applyLeases(): void {
  const newest = leases.at(-1);
  if (pool === null || newest === undefined || newest.threads <= 1) {
    useThreadedKernels(null);
    return;
  }
  pool.threads = Math.min(newest.threads, pool.workers.length + 1);
  // a resident step's data live in the shared memory: the tensor kernels work on their own meanwhile
  useThreadedKernels(pool.taken ? null : pool.kernels);
}

/** The product threads' kernels and shared memory, held by one resident training step until `release`. */
export interface ThreadedKernelsLease {
  readonly kernels: DenseKernels;
  readonly memory: WasmMemory;
  release(): void;
}

/**
 * The product threads for a resident training step (`resident-step.ts`): their splitting kernels and
 * shared memory, which the step then owns — its parameters stay there between steps, so the workers
 * read them from memory both cores have seen, instead of the copy a tensor kernel makes on this core.
 * Null when the newest run asked for one thread, the threads cannot run here, or another step holds them
 * (that run then trains on one thread, with the same bits).
 */
export function takeThreadedKernels(): ThreadedKernelsLease | null {
  const newest = leases.at(-1);
  const state = pool;
  if (state === null || state.taken || newest === undefined || newest.threads <= 1 || state.workers.length === 0) return null;
  state.taken = true;
  applyLeases();
  let held = true;
  return {
    kernels: state.kernels,
    memory: state.shared.memory,
    release() {
      if (!held) return;
      held = false;
      state.taken = false;
      applyLeases();
    },
  };
}

/** The threads the dense products use now, this one included. For tests. */
export function productThreadsInUse(): number {
  return pool !== null && denseKernels() === pool.kernels ? pool.threads : 1;
}

/** CPU cores (logical) of this machine, or null where unknown. */
export async function coreCount(): Promise<number | null> {
  try {
    const os = (await import('node:os')) as Partial<typeof import('node:os')>;
    if (typeof os.availableParallelism === 'function') return os.availableParallelism();
    if (typeof os.cpus === 'function') return os.cpus().length;
  } catch {
    // no node:os: a browser
  }
  const hardware = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency;
  return typeof hardware === 'number' && hardware > 0 ? hardware : null;
}

/** The most threads the automatic choice takes: measured on 2 cores, so not far beyond. */
export const AUTOMATIC_THREADS_MAX = 4;

/**
 * The product threads of a run: `requested` (validated against the cores), else chosen from `work`, the
 * multiply-adds of the run's largest product (members · batch · inputs · units): one more thread per
 * {@link SPLIT_WORK} of it, at most the cores and {@link AUTOMATIC_THREADS_MAX}, so that a run whose
 * products are never split starts no thread. Measured on the 2-core development machine, a resident
 * 8 × 256 ReLU step at batch 128 (8.4 million multiply-adds a product) is about 1.6× as fast on 2 threads.
 */
export async function resolveThreads(requested: number | undefined, fn: string, work = 0): Promise<number> {
  const cores = await coreCount();
  if (requested === undefined) return Math.max(1, Math.min(cores ?? 1, AUTOMATIC_THREADS_MAX, Math.floor(work / SPLIT_WORK)));
  if (cores !== null && requested > cores) {
    throw new ModelsError('INVALID_OPTIONS', `${fn}: threads must be a positive integer at most the number of CPU cores (${cores}), got ${show(requested)}`);
  }
  return requested;
}

/**
 * Runs `run` with the dense products split over `threads` threads (this one included), starting
 * the workers it needs first; with 1, or where threads cannot be used, on this thread alone. The
 * results are the same bits either way.
 */
export async function withProductThreads<T>(threads: number, run: () => Promise<T>): Promise<T> {
  const lease = { threads };
  if (threads > 1) {
    const state = await poolOf(threads);
    pool = state;
  }
  leases.push(lease);
  applyLeases();
  try {
    return await run();
  } finally {
    leases.splice(leases.indexOf(lease), 1);
    applyLeases();
  }
}

/** Stops the product threads (they are started again when needed). Never needed for a process to exit. */
export async function closeProductThreads(): Promise<void> {
  const starting = poolStarting;
  poolStarting = null;
  const state = pool ?? (starting === null ? null : await starting);
  pool = null;
  useThreadedKernels(null);
  if (state === null) return;
  for (let w = 0; w < state.workers.length; w++) {
    Atomics.store(state.control, w * SLOT_INTS, STOP);
    Atomics.notify(state.control, w * SLOT_INTS);
  }
  await Promise.all(state.workers.map((worker) => worker.terminate()));
}

/** Products split so far, calls the workers computed (a split's column ranges, a pair's second product), and pairs run at once. For tests. */
export function productThreadStats(): { split: number; byWorkers: number; paired: number } {
  return { ...stats };
}
