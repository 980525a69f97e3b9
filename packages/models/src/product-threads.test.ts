import { spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '@initlab/backends';
import { Rng } from '@initlab/random';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { denseBackwardValues, denseForwardValues } from './dense-kernels.js';
import { denseKernels, selectDenseKernels, type Product } from './dense-wasm.js';
import { resolveActivation } from './spec.js';
import { trainEnsemble, trainEnsembleParallel, type EnsembleMember, type ModelSpec, type TrainOptions } from './index.js';
import {
  AUTOMATIC_THREADS_MAX,
  closeProductThreads,
  productParts,
  productThreadsInUse,
  productThreadStats,
  resolveThreads,
  SPLIT_WORK,
  withProductThreads,
} from './product-threads.js';

// The bits of a result as text: compared at once, where toEqual walks a typed array element by element.
const bits = (a: Float32Array | null): string => (a === null ? '' : Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64'));
const cores = availableParallelism();

afterEach(() => {
  selectDenseKernels('wasm');
});
afterAll(async () => {
  await closeProductThreads();
});

const RELU = resolveActivation('relu', 'test');

// Large enough to be split (≥ SPLIT_WORK multiply-adds), with widths that leave a partial last
// chunk of columns (10, 37) and row counts around the kernel's block of 4.
const SHAPES = [
  { k: 1, rows: 128, inputs: 96, units: 96 },
  { k: 12, rows: 33, inputs: 270, units: 10 },
  { k: 2, rows: 152, inputs: 77, units: 45 },
  { k: 1, rows: 512, inputs: 57, units: 37 },
];
type Shape = (typeof SHAPES)[number];

const product = (members: number, rows: number, depth: number, width: number): Product => ({
  a: 0, aRow: 0, aStep: 0, aMember: 0, b: 0, bRow: width, bCol: 1, bMember: 0, c: 0, cMember: 0, init: -1, initMember: 0,
  members, rows, depth, width, colStart: 0, colEnd: width, scratch: 0,
}); // prettier-ignore

/**
 * How a forward and backward pass's products (z, ∂W, ∂b, dA) run on 2 threads: ∂W and dA at once, each whole,
 * when both are large enough to be split; the others split by columns when large enough.
 */
function onTwo({ k, rows, inputs, units }: Shape): { split: number; paired: number } {
  const [z, dW, db, dA] = [product(k, rows, inputs, units), product(k, inputs, rows, units), product(k, 1, rows, units), product(k, rows, units, inputs)];
  const work = (p: Product): number => p.members * p.rows * p.depth * p.width;
  const split = (p: Product): number => (productParts(p, 2) > 1 ? 1 : 0);
  const paired = Math.min(work(dW), work(dA)) >= SPLIT_WORK;
  return { split: split(z) + split(db) + (paired ? 0 : split(dW) + split(dA)), paired: paired ? 1 : 0 };
}

function operands({ k, rows, inputs, units }: Shape, seed: number) {
  const rng = new Rng(seed, 'product-threads');
  return {
    a: rng.fillNormal(new Float32Array(k * rows * inputs)),
    w: rng.fillNormal(new Float32Array(k * inputs * units)),
    b: rng.fillNormal(new Float32Array(k * units)),
    dZ: rng.fillNormal(new Float32Array(k * rows * units)),
  };
}

/** Every product of one forward and one backward pass, as bits. */
function passes(shape: Shape, seed: number): string[] {
  const { k, rows, inputs, units } = shape;
  const { a, w, b, dZ } = operands(shape, seed);
  const f = denseForwardValues(a, w, b, k, rows, inputs, units, RELU);
  const g = denseBackwardValues(a, dZ, w, k, rows, inputs, units, true, RELU);
  return [f.z, f.a, g.dW, g.db, g.dA].map(bits);
}

describe('the dense products on several threads', () => {
  it('split each large product by columns, in whole register tiles, and leave small ones whole', () => {
    const p = product;
    expect(productParts(p(1, 128, 256, 256), 2)).toBe(2);
    expect(productParts(p(1, 128, 256, 256), 1)).toBe(1);
    expect(productParts(p(1, 1, 128, 256), 2)).toBe(1);
    expect(productParts(p(40, 16, 11, 10), 2)).toBe(1);
    // one column block cannot be split; one more thread per SPLIT_WORK multiply-adds
    expect(productParts(p(1, 4096, 4096, 4), 8)).toBe(1);
    expect(productParts(p(1, 1, 1, SPLIT_WORK * 2), 8)).toBe(3);
    for (const { k, rows, inputs, units } of SHAPES) expect(k * rows * inputs * units).toBeGreaterThanOrEqual(SPLIT_WORK);
  });

  it('give the same bits on 1 and 2 threads, forward and backward (∂W and dA at once), and the workers do their share', async () => {
    await useBackend('wasm');
    const one = await withProductThreads(1, async () => {
      expect(productThreadsInUse()).toBe(1);
      return SHAPES.map((shape, i) => passes(shape, i));
    });
    const before = productThreadStats();
    const two = await withProductThreads(2, async () => {
      expect(productThreadsInUse()).toBe(2);
      expect(denseKernels().wasm).toBe(true);
      return Array.from({ length: 10 }, () => SHAPES.map((shape, i) => passes(shape, i)));
    });
    for (const round of two) expect(round).toEqual(one);
    const after = productThreadStats();
    expect(after.split - before.split).toBe(10 * SHAPES.reduce((n, shape) => n + onTwo(shape).split, 0));
    expect(after.paired - before.paired).toBe(10 * SHAPES.reduce((n, shape) => n + onTwo(shape).paired, 0));
    // at least three of the four products of every shape ran on both threads
    for (const shape of SHAPES) expect(onTwo(shape).split + 2 * onTwo(shape).paired).toBeGreaterThanOrEqual(3);
    expect(after.byWorkers - before.byWorkers).toBeGreaterThan(0);
    expect(productThreadsInUse()).toBe(1);
  });

  it('run on one thread with the JavaScript kernels, with the same bits as WebAssembly on two', async () => {
    const wasm = await withProductThreads(2, async () => SHAPES.map((shape, i) => passes(shape, i)));
    expect(selectDenseKernels('js')).toBe(false);
    const js = await withProductThreads(2, async () => {
      expect(productThreadsInUse()).toBe(1);
      expect(denseKernels().wasm).toBe(false);
      return SHAPES.map((shape, i) => passes(shape, i));
    });
    expect(js).toEqual(wasm);
  });
});

// 2 × 128 ReLU, batch 64: the second layer's products have 64·128·128 ≥ SPLIT_WORK multiply-adds.
const SPEC: ModelSpec = {
  inputDim: 16,
  hidden: [
    { units: 128, activation: 'relu' },
    { units: 128, activation: 'relu' },
  ],
  output: { units: 3, activation: 'softmax' },
  loss: 'sparse_categorical_crossentropy',
};
const MEMBERS: EnsembleMember[] = [{ seed: 1, kernelInitializer: 'he_normal' }, { seed: 2 }, { seed: 3, kernelInitializer: 'lecun_uniform' }];

function classification(rows: number): { xTrain: number[][]; yTrain: number[] } {
  const rng = new Rng(7, 'product-threads-data');
  const xTrain = Array.from({ length: rows }, () => Array.from({ length: SPEC.inputDim }, () => rng.normal()));
  return { xTrain, yTrain: xTrain.map((r) => (r[0]! + r[1]! > 0 ? 0 : r[2]! > 0 ? 1 : 2)) };
}

const allBits = (result: Awaited<ReturnType<typeof trainEnsemble>>) =>
  result.members.map((m) => ({
    losses: m.history.map((h) => h.loss),
    weights: m.weights.map((l) => bits(Float32Array.from([...l.kernel, ...l.bias]))),
  }));

describe('training with threads', () => {
  const data = classification(128);
  const opts: TrainOptions = { epochs: 2, batchSize: 64, optimizer: 'sgd', diagnostics: 'none' };

  it('trains to the same weights and losses, bit for bit, on 1 and 2 threads, alone and in an ensemble, leaving no tensor behind', async () => {
    await useBackend('wasm');
    // the second layer's products: batch 64 × 128 × 128
    expect(64 * 128 * 128).toBeGreaterThanOrEqual(SPLIT_WORK);
    const single = await trainEnsemble(SPEC, MEMBERS, data, { ...opts, threads: 1 });
    const before = tf.memory().numTensors;
    const splitBefore = productThreadStats().split;
    const pairedBefore = productThreadStats().paired;
    const threaded = await trainEnsemble(SPEC, MEMBERS, data, { ...opts, threads: 2 });
    expect(productThreadStats().split).toBeGreaterThan(splitBefore);
    // the second layer's ∂W and dA ran at once, each whole on one thread
    expect(productThreadStats().paired).toBeGreaterThan(pairedBefore);
    expect(tf.memory().numTensors).toBe(before);
    expect(allBits(threaded)).toEqual(allBits(single));
    // the default: chosen from the largest product, 3 members × 64 rows × 128 × 128 multiply-adds: 2 threads here
    const splitByDefault = productThreadStats().split;
    expect(allBits(await trainEnsemble(SPEC, MEMBERS, data, opts))).toEqual(allBits(single));
    expect(productThreadStats().split > splitByDefault).toBe(cores > 1);
    // a small network starts no thread
    const small = productThreadStats().split;
    await trainEnsemble({ ...SPEC, hidden: [{ units: 16, activation: 'relu' }] }, MEMBERS, data, opts);
    expect(productThreadStats().split).toBe(small);
    const alone = await trainEnsemble(SPEC, [MEMBERS[1]!], data, { ...opts, threads: 2 });
    expect(allBits(alone)[0]).toEqual(allBits(single)[1]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses a threads option that is not a positive integer at most the cores, naming it', async () => {
    await useBackend('wasm');
    for (const threads of [0, -1, 1.5, Number.NaN, '2' as unknown as number]) {
      await expect(trainEnsemble(SPEC, MEMBERS, data, { ...opts, threads })).rejects.toMatchObject({
        code: 'INVALID_OPTIONS',
        message: expect.stringMatching(/^trainEnsemble: threads must be a positive integer at most the number of CPU cores, got /),
      });
    }
    await expect(trainEnsemble(SPEC, MEMBERS, data, { ...opts, threads: cores + 1 })).rejects.toMatchObject({
      code: 'INVALID_OPTIONS',
      message: `trainEnsemble: threads must be a positive integer at most the number of CPU cores (${cores}), got ${cores + 1}`,
    });
  });

  it('in trainEnsembleParallel, each worker splits its products over the threads given, with the same bits', async () => {
    await useBackend('wasm');
    const single = await trainEnsemble(SPEC, MEMBERS, data, { ...opts, threads: 1 });
    // the workers run these TypeScript sources (see parallel.test.ts)
    const worker = { backend: { name: 'wasm' as const }, workerExecArgv: ['--conditions=source'], workerPreload: [new URL('./testing/register-tsx.mjs', import.meta.url).href] };
    const parallel = await trainEnsembleParallel(SPEC, MEMBERS, data, { ...opts, ...worker, workers: 1, threads: 2 });
    expect(allBits(parallel)).toEqual(allBits(single));
    await expect(trainEnsembleParallel(SPEC, MEMBERS, data, { ...opts, ...worker, threads: cores + 1 })).rejects.toThrow(
      `trainEnsembleParallel: threads must be a positive integer at most the number of CPU cores (${cores}), got ${cores + 1}`,
    );
  });

  it('by default choose one more thread per SPLIT_WORK of the largest product, at most the cores and AUTOMATIC_THREADS_MAX; else the threads asked for', async () => {
    expect(await resolveThreads(undefined, 'f')).toBe(1);
    expect(await resolveThreads(undefined, 'f', 2 * SPLIT_WORK - 1)).toBe(1);
    expect(await resolveThreads(undefined, 'f', 2 * SPLIT_WORK)).toBe(Math.min(cores, 2));
    expect(await resolveThreads(undefined, 'f', 1e12)).toBe(Math.min(cores, AUTOMATIC_THREADS_MAX));
    expect(await resolveThreads(1, 'f', 1e12)).toBe(1);
    expect(await resolveThreads(cores, 'f')).toBe(cores);
  });
});

describe('product thread lifetime', () => {
  it('never keeps a process alive, and starts again after closeProductThreads', async () => {
    // A child process that splits products over 2 threads and then simply ends, without closing.
    const script = `
      import { denseForwardValues } from './src/dense-kernels.ts';
      import { productThreadStats, withProductThreads } from './src/product-threads.ts';
      const out = await withProductThreads(2, async () =>
        denseForwardValues(new Float32Array(128 * 128).fill(1), new Float32Array(128 * 64).fill(2), new Float32Array(64), 1, 128, 128, 64));
      console.log(out.z[0], productThreadStats().split);`;
    const started = performance.now();
    const child = spawnSync(process.execPath, ['--conditions=source', '--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: fileURLToPath(new URL('..', import.meta.url)),
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(child.stderr).toBe('');
    expect(child.status).toBe(0);
    expect(child.stdout.trim()).toBe('256 1');
    expect(performance.now() - started).toBeLessThan(30_000);

    await withProductThreads(2, async () => expect(productThreadsInUse()).toBe(2));
    await closeProductThreads();
    await withProductThreads(2, async () => {
      expect(productThreadsInUse()).toBe(2);
      const shape = SHAPES[0]!;
      expect(passes(shape, 0)).toEqual(await withProductThreads(1, async () => passes(shape, 0)));
    });
  });
});
