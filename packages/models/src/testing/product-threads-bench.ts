// The break-even of splitting a dense product over threads: microseconds per product on 1 and on
// 2 threads for growing sizes (members·rows·depth·width multiply-adds), medians over rounds.
// Run from the repository root:
//   (cd packages/models && node --conditions=source --import tsx src/testing/product-threads-bench.ts)
import { denseKernels } from '../dense-wasm.js';
import { closeProductThreads, withProductThreads } from '../product-threads.js';

const SIZES: [rows: number, depth: number, width: number][] = [
  [8, 16, 16], [16, 16, 32], [20, 32, 32], [32, 32, 64], [32, 64, 64], [64, 64, 64], [32, 128, 128], [128, 64, 128], [128, 128, 128], [128, 256, 256],
]; // prettier-ignore

function microseconds(rows: number, depth: number, width: number): number {
  const kernels = denseKernels();
  const a = 0;
  const b = rows * depth;
  const c = b + depth * width;
  kernels.reserve(c + rows * width);
  const mem = kernels.memory();
  for (let i = 0; i < c; i++) mem[i] = Math.sin(i);
  const p = { a, aRow: depth, aStep: 1, aMember: 0, b, bMember: 0, c, cMember: 0, init: -1, initMember: 0, members: 1, rows, depth, width, colStart: 0, colEnd: width };
  const reps = Math.max(20, Math.round(2e7 / (rows * depth * width)));
  const rounds: number[] = [];
  for (let round = 0; round < 7; round++) {
    const t0 = performance.now();
    for (let i = 0; i < reps; i++) kernels.product(p);
    rounds.push(((performance.now() - t0) * 1000) / reps);
  }
  return rounds.sort((x, y) => x - y)[3]!;
}

console.log('rows depth width   work       1 thread µs  2 threads µs  speed-up');
for (const [rows, depth, width] of SIZES) {
  const one = await withProductThreads(1, async () => microseconds(rows, depth, width));
  const two = await withProductThreads(2, async () => microseconds(rows, depth, width));
  const work = rows * depth * width;
  console.log(`${[rows, depth, width].map((n) => String(n).padStart(5)).join('')} ${String(work).padStart(9)} ${one.toFixed(1).padStart(14)} ${two.toFixed(1).padStart(13)} ${(one / two).toFixed(2).padStart(9)}`);
}
await closeProductThreads();
