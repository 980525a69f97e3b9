// What splitting the dense products over threads buys, on this machine:
//   products  microseconds per product on 1 and 2 threads for growing sizes (multiply-adds =
//             members·rows·depth·width), the fastest of many: what each costs when both cores are
//             free, the case where a split can pay (on a busy core the worker's range is taken
//             back, so a split costs little more than one thread); where 2 threads break even
//             sets SPLIT_WORK;
//   training  model-steps/s of one 8 × 256 ReLU model (64 inputs, 4 classes, batch 128, SGD) on 1
//             and 2 threads.
// 1- and 2-thread rounds alternate, so that a change of load on a shared machine hits both alike;
// the median and the range over rounds are printed. Run from the repository root:
//   (cd packages/models && node --conditions=source --import tsx src/testing/product-threads-bench.ts [products|training] [rounds])
import { useBackend } from '@initlab/backends';
import { Rng } from '@initlab/random';
import { denseKernels, scratchElements, type Product } from '../dense-wasm.js';
import { trainEnsemble } from '../index.js';
import { closeProductThreads, SPLIT_WORK, withProductThreads, withSplitWork } from '../product-threads.js';
import type { ModelSpec } from '../spec.js';

const what = process.argv[2] ?? 'all';
const rounds = Number(process.argv[3] ?? 7);

const median = (xs: number[]): number => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
const spread = (xs: number[], digits: number): string => `${Math.min(...xs).toFixed(digits)}–${Math.max(...xs).toFixed(digits)}`;

/** [members, rows, depth, width]: from the wine ensemble's first layer (40 × 16 × 11 × 10) to 8 × 256's layers. */
const SIZES: [number, number, number, number][] = [
  [40, 16, 11, 10], [1, 32, 32, 64], [1, 32, 64, 64], [1, 64, 64, 64], [1, 64, 64, 128], [1, 128, 64, 128],
  [1, 128, 128, 128], [1, 128, 128, 256], [1, 128, 256, 256],
]; // prettier-ignore

/** The fastest of `reps` products, in µs. */
function productMicroseconds(members: number, rows: number, depth: number, width: number): number {
  const kernels = denseKernels();
  const b = members * rows * depth;
  const c = b + members * depth * width;
  const scratch = c + members * rows * width;
  const p: Product = {
    a: 0, aRow: depth, aStep: 1, aMember: rows * depth, b, bRow: width, bCol: 1, bMember: depth * width, c, cMember: rows * width,
    init: -1, initMember: 0, members, rows, depth, width, colStart: 0, colEnd: width, scratch,
  }; // prettier-ignore
  kernels.reserve(scratch + scratchElements(p));
  const mem = kernels.memory();
  for (let i = 0; i < c; i++) mem[i] = Math.sin(i);
  // about 20 ms a measurement
  const reps = Math.max(20, Math.round(2e8 / (members * rows * depth * width)));
  let best = Infinity;
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    kernels.product(p);
    best = Math.min(best, performance.now() - t0);
  }
  return best * 1000;
}

async function products(): Promise<void> {
  console.log(`products (µs: the fastest of each round, median and range of ${rounds} rounds; SPLIT_WORK = ${SPLIT_WORK}; smaller ones are never split, here they are)`);
  console.log('members rows depth width      work    1 thread            2 threads           speed-up');
  for (const [members, rows, depth, width] of SIZES) {
    const one: number[] = [];
    const two: number[] = [];
    for (let r = 0; r < rounds; r++) {
      one.push(await withProductThreads(1, async () => productMicroseconds(members, rows, depth, width)));
      two.push(await withSplitWork(1, () => withProductThreads(2, async () => productMicroseconds(members, rows, depth, width))));
    }
    const dims = [members, rows, depth, width].map((n, i) => String(n).padStart(i === 0 ? 7 : 6)).join('');
    const work = String(members * rows * depth * width).padStart(10);
    const cell = (xs: number[]) => `${median(xs).toFixed(1).padStart(8)} (${spread(xs, 1)})`.padEnd(20);
    console.log(`${dims}${work}  ${cell(one)}${cell(two)}${(median(one) / median(two)).toFixed(2).padStart(6)}`);
  }
}

async function training(): Promise<void> {
  const spec: ModelSpec = {
    inputDim: 64,
    hidden: Array.from({ length: 8 }, () => ({ units: 256, activation: 'relu' as const })),
    output: { units: 4, activation: 'softmax' },
    loss: 'sparse_categorical_crossentropy',
  };
  const rng = new Rng(1, 'product-threads-bench');
  const xTrain = Array.from({ length: 128 * 16 }, () => Array.from({ length: 64 }, () => rng.normal()));
  const yTrain = xTrain.map((row) => (row[0]! > 0 ? 0 : 1) + (row[1]! > 0 ? 0 : 2));
  const run = async (threads: number): Promise<number> => {
    const result = await trainEnsemble(spec, [{ seed: 1 }], { xTrain, yTrain }, { epochs: 2, batchSize: 128, optimizer: 'sgd', diagnostics: 'none', threads });
    return result.steps / (result.elapsedMs / 1000);
  };
  await run(1);
  await run(2);
  const one: number[] = [];
  const two: number[] = [];
  for (let r = 0; r < rounds; r++) {
    one.push(await run(1));
    two.push(await run(2));
  }
  console.log(`training 8 × 256 ReLU, batch 128, one model, SGD: model-steps/s, median and range of ${rounds} rounds of 32 steps`);
  console.log(`  1 thread  ${median(one).toFixed(1)} (${spread(one, 1)})`);
  console.log(`  2 threads ${median(two).toFixed(1)} (${spread(two, 1)})`);
  console.log(`  speed-up  ${(median(two) / median(one)).toFixed(2)}× (rounds paired: ${spread(two.map((t, i) => t / one[i]!), 2)})`);
}

await useBackend('wasm');
if (what === 'products' || what === 'all') await products();
if (what === 'training' || what === 'all') await training();
await closeProductThreads();
