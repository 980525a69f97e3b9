import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '@initlab/backends';
import { Rng } from '@initlab/random';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { selectDenseKernels } from './dense-wasm.js';
import { trainEnsemble, type EnsembleMember, type ModelSpec, type OptimizerSpec, type TrainOptions, type TrainResult } from './index.js';
import { closeProductThreads, productThreadStats } from './product-threads.js';
import { residentApplies, useResidentStep } from './resident-step.js';
import { lossMode } from './losses.js';
import { resolveNetwork } from './spec.js';
import { selectUpdateKernels } from './update-wasm.js';

// The bits of a run as text: every member's losses, metrics and weights.
const bits = (a: Float32Array | number[]): string => Buffer.from(Float32Array.from(a).buffer).toString('base64');
const runBits = (result: TrainResult) =>
  result.members.map((m) => ({
    status: m.status,
    divergedAtEpoch: m.divergedAtEpoch,
    history: JSON.stringify(m.history),
    weights: m.weights.map((l) => bits([...l.kernel, ...l.bias])),
  }));

function classification(rows: number, inputs: number, classes: number, seed: number): { xTrain: number[][]; yTrain: number[] } {
  const rng = new Rng(seed, 'resident-data');
  const xTrain = Array.from({ length: rows }, () => Array.from({ length: inputs }, () => rng.normal()));
  return { xTrain, yTrain: xTrain.map((r) => Math.abs(Math.floor((r[0]! + r[1]!) * 2)) % classes) };
}

const spec = (activation: string, widths: number[] = [24, 20]): ModelSpec => ({
  inputDim: 7,
  hidden: widths.map((units) => ({ units, activation: activation as 'relu' })),
  output: { units: 5, activation: 'softmax' },
  loss: 'sparse_categorical_crossentropy',
});
const MEMBERS: EnsembleMember[] = [{ seed: 1 }, { seed: 2, kernelInitializer: 'he_normal' }, { seed: 3, kernelInitializer: 'lecun_uniform' }];
const data = classification(90, 7, 5, 11);
const validation = classification(30, 7, 5, 12);
const withValidation = { ...data, xVal: validation.xTrain, yVal: validation.yTrain };

/** Trains with the resident step on, then off (the tensor path), and returns both runs. */
async function bothPaths(s: ModelSpec, members: readonly EnsembleMember[], opts: TrainOptions, d = withValidation): Promise<[TrainResult, TrainResult]> {
  useResidentStep(true);
  const resident = await trainEnsemble(s, members, d, opts);
  useResidentStep(false);
  const tensors = await trainEnsemble(s, members, d, opts);
  useResidentStep(true);
  return [resident, tensors];
}

beforeAll(async () => {
  await useBackend('wasm');
});
afterEach(() => {
  useResidentStep(true);
  selectDenseKernels('wasm');
  selectUpdateKernels('wasm');
});
afterAll(async () => {
  await closeProductThreads();
});

describe('the resident training step', () => {
  it('serves softmax networks (plain or with typed layers) on the host backends, and nothing else', () => {
    const applies = (s: ModelSpec): boolean => residentApplies(resolveNetwork(s), lossMode(s.loss, resolveNetwork(s).dense.at(-1)!.activation));
    expect(applies(spec('relu'))).toBe(true);
    expect(applies({ ...spec('relu'), output: { units: 1 }, loss: 'mse' })).toBe(false);
    expect(applies({ ...spec('relu'), output: { units: 1, activation: 'sigmoid' }, loss: 'binary_crossentropy' })).toBe(false);
    expect(applies({ ...spec('relu'), hidden: [{ type: 'dense', units: 8 }, { type: 'layernorm' }] })).toBe(true);
    useResidentStep(false);
    expect(applies(spec('relu'))).toBe(false);
  });

  const activations = ['relu', 'tanh', 'sigmoid', 'elu', 'selu', 'gelu', 'softsign', 'leaky_relu', 'linear'];
  it.each(activations)('trains a %s network to the same bits as the tensor path (weights, losses, accuracies, validation)', async (activation) => {
    const opts: TrainOptions = { epochs: 3, batchSize: 16, optimizer: 'sgd', diagnostics: 'none' };
    const [resident, tensors] = await bothPaths(spec(activation), MEMBERS, opts);
    expect(runBits(resident)).toEqual(runBits(tensors));
    expect(resident.members[0]!.history).toHaveLength(3);
    expect(resident.members[0]!.history[2]!.valMetrics?.accuracy).toBeGreaterThan(0);
  });

  const optimizers: [string, OptimizerSpec][] = [
    ['sgd, momentum, nesterov', { name: 'sgd', learningRate: 0.05, momentum: 0.9, nesterov: true }],
    ['adam, amsgrad, weight decay', { name: 'adam', learningRate: 0.01, amsgrad: true, weightDecay: 0.01 }],
    ['rmsprop, centered, momentum', { name: 'rmsprop', learningRate: 0.005, centered: true, momentum: 0.5 }],
    ['sgd, clipNorm', { name: 'sgd', learningRate: 0.1, clipNorm: 0.05 }],
    ['adam, globalClipNorm', { name: 'adam', learningRate: 0.01, globalClipNorm: 0.1 }],
    ['rmsprop, clipValue', { name: 'rmsprop', learningRate: 0.01, clipValue: 0.001 }],
  ];
  it.each(optimizers)('with %s, gives the tensor path bits, the optimizer state carried across epochs', async (_, optimizer) => {
    const opts: TrainOptions = { epochs: 3, batchSize: 32, optimizer, diagnostics: 'epoch' };
    const [resident, tensors] = await bothPaths(spec('tanh'), MEMBERS, opts);
    expect(runBits(resident)).toEqual(runBits(tensors));
    expect(resident.members.map((m) => JSON.stringify(m.diagnostics))).toEqual(tensors.members.map((m) => JSON.stringify(m.diagnostics)));
  });

  it('gives a member the same bits alone as in an ensemble, and the JavaScript kernels (tensor path) the same bits', async () => {
    const opts: TrainOptions = { epochs: 2, batchSize: 16, optimizer: 'adam', diagnostics: 'none' };
    const ensemble = await trainEnsemble(spec('gelu'), MEMBERS, withValidation, opts);
    const alone = await trainEnsemble(spec('gelu'), [MEMBERS[2]!], withValidation, opts);
    expect(runBits(alone)[0]).toEqual(runBits(ensemble)[2]);
    selectDenseKernels('js');
    selectUpdateKernels('js');
    const js = await trainEnsemble(spec('gelu'), MEMBERS, withValidation, opts);
    expect(runBits(js)).toEqual(runBits(ensemble));
  });

  it('drops a diverging member at the epoch it diverges in and goes on with the rest, as the tensor path does', async () => {
    const members: EnsembleMember[] = [{ id: 'large', seed: 1, kernelInitializer: { name: 'random_normal', stddev: 40 }, initializerScope: 'all' }, ...MEMBERS];
    const opts: TrainOptions = { epochs: 6, batchSize: 16, optimizer: { name: 'sgd', learningRate: 0.05 }, diagnostics: 'none' };
    const [resident, tensors] = await bothPaths(spec('linear', [32, 32, 32]), members, opts);
    expect(runBits(resident)).toEqual(runBits(tensors));
    expect(resident.members[0]!.status).toBe('diverged');
    // the rest train on after it is dropped, in a smaller ensemble
    expect(resident.members[0]!.divergedAtEpoch).toBeLessThan(6);
    expect(resident.members.filter((m) => m.status === 'ok').map((m) => m.history.length)).toEqual([6, 6, 6]);
  });

  it('leaves no tensor behind, and two runs at once (each with its own memory) give the bits of each alone', async () => {
    const opts: TrainOptions = { epochs: 4, batchSize: 8, optimizer: 'rmsprop', diagnostics: 'none', progress: 'batch', batchLoss: true, onProgress: () => {} };
    const before = tf.memory().numTensors;
    const first = await trainEnsemble(spec('relu'), MEMBERS, withValidation, opts);
    const second = await trainEnsemble(spec('tanh', [16]), MEMBERS.slice(1), data, opts);
    expect(tf.memory().numTensors).toBe(before);
    const [a, b] = await Promise.all([trainEnsemble(spec('relu'), MEMBERS, withValidation, opts), trainEnsemble(spec('tanh', [16]), MEMBERS.slice(1), data, opts)]);
    expect(runBits(a)).toEqual(runBits(first));
    expect(runBits(b)).toEqual(runBits(second));
    expect(tf.memory().numTensors).toBe(before);
  });

  it('on 2 threads splits its products and gives the bits of one thread; a second run at once trains on one thread, as correctly', async () => {
    // 96 × 128 × 128 multiply-adds per product of the second layer: enough to be split
    const big = spec('relu', [128, 128]);
    const rows = classification(192, 7, 5, 13);
    const opts: TrainOptions = { epochs: 2, batchSize: 96, optimizer: 'adam', diagnostics: 'none' };
    const one = await trainEnsemble(big, MEMBERS, rows, { ...opts, threads: 1 });
    const before = productThreadStats();
    const two = await trainEnsemble(big, MEMBERS, rows, { ...opts, threads: 2 });
    expect(productThreadStats().split).toBeGreaterThan(before.split);
    expect(runBits(two)).toEqual(runBits(one));
    const [x, y] = await Promise.all([trainEnsemble(big, MEMBERS, rows, { ...opts, threads: 2 }), trainEnsemble(big, MEMBERS, rows, { ...opts, threads: 2 })]);
    expect(runBits(x)).toEqual(runBits(one));
    expect(runBits(y)).toEqual(runBits(one));
  });

  // Typed layers: every node kind, both normalization conventions, gates, a projection, dropout, post-activation.
  const graphs: [string, ModelSpec['hidden'], EnsembleMember['kernelInitializer']][] = [
    ['pre-activation blocks with layer norm and ReZero gates', [
      { units: 16 },
      { type: 'residual', gate: true, layers: [{ type: 'layernorm' }, { type: 'activation', activation: 'relu' }, { units: 16 }, { type: 'layernorm' }, { type: 'activation', activation: 'gelu' }, { units: 16 }] },
      { type: 'residual', gate: 0.5, layers: [{ type: 'layernorm', convention: 'pytorch' }, { type: 'activation', activation: 'tanh' }, { units: 16 }] },
    ], 'rezero'],
    ['post-activation blocks with batch norm (Keras and PyTorch), a projection and dropout', [
      { units: 12, activation: 'relu' },
      { type: 'residual', order: 'post', skip: 'projection', layers: [{ units: 20 }, { type: 'batchnorm' }, { type: 'activation', activation: 'relu' }, { type: 'dropout', rate: 0.3 }, { units: 20 }, { type: 'batchnorm', convention: 'pytorch' }] },
      { type: 'dropout', rate: 0.2 },
      { type: 'residual', order: 'post', activation: 'elu', layers: [{ units: 20, activation: 'selu' }, { units: 20 }] },
      { type: 'batchnorm', momentum: 0.9 },
    ], 'he_normal'],
  ]; // prettier-ignore
  it.each(graphs)('trains %s to the tensor path bits (weights, γ, β, gates, moving statistics, losses)', async (_, hidden, scheme) => {
    const s: ModelSpec = { ...spec('relu'), hidden };
    const members: EnsembleMember[] = [{ seed: 1 }, { seed: 2, kernelInitializer: scheme }, { seed: 3, kernelInitializer: 'lecun_normal' }];
    for (const optimizer of ['sgd', { name: 'adam', learningRate: 0.01, globalClipNorm: 0.5 }] as OptimizerSpec[]) {
      const opts: TrainOptions = { epochs: 3, batchSize: 16, optimizer, diagnostics: 'epoch' };
      const [resident, tensors] = await bothPaths(s, members, opts);
      const extras = (r: TrainResult) => r.members.map((m) => JSON.stringify(m.extras));
      expect(runBits(resident)).toEqual(runBits(tensors));
      expect(extras(resident)).toEqual(extras(tensors));
      expect(resident.members.map((m) => JSON.stringify(m.diagnostics))).toEqual(tensors.members.map((m) => JSON.stringify(m.diagnostics)));
      expect(resident.members[0]!.history).toHaveLength(3);
    }
  });

  it('trains a typed network on 2 threads to the bits of one, alone as in an ensemble', async () => {
    const s: ModelSpec = { ...spec('relu'), hidden: [{ units: 128 }, { type: 'residual', gate: true, layers: [{ type: 'layernorm' }, { type: 'activation', activation: 'relu' }, { units: 128 }] }] };
    const rows = classification(192, 7, 5, 14);
    const opts: TrainOptions = { epochs: 2, batchSize: 96, optimizer: 'sgd', diagnostics: 'none' };
    const one = await trainEnsemble(s, MEMBERS, rows, { ...opts, threads: 1 });
    const before = productThreadStats();
    const two = await trainEnsemble(s, MEMBERS, rows, { ...opts, threads: 2 });
    expect(productThreadStats().split).toBeGreaterThan(before.split);
    expect(runBits(two)).toEqual(runBits(one));
    const alone = await trainEnsemble(s, [MEMBERS[1]!], rows, { ...opts, threads: 2 });
    expect(runBits(alone)[0]).toEqual(runBits(one)[1]);
  });
});
