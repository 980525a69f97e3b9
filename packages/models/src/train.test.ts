import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '@initlab/backends';
import { Rng } from '@initlab/random';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  evaluate,
  initialWeights,
  trainEnsemble,
  trainModel,
  type EnsembleMember,
  type LayerWeights,
  type ModelSpec,
  type OptimizerSpec,
  type ProgressEvent,
} from './index.js';
import { resolveLayers, type ActivationSpec } from './spec.js';
import { refGradients, RefOptimizerState, type RefLayer, type RefOptimizer } from './testing/reference.js';
import { regressionData } from './testing/synthetic.js';
import { WINE_SPEC, wineSplit } from './testing/wine.js';

beforeAll(async () => {
  await useBackend('cpu');
});

function relativeDistance(a: Float32Array, b: Float64Array): number {
  let diff = 0;
  let norm = 0;
  for (let i = 0; i < b.length; i++) {
    diff += (a[i]! - b[i]!) ** 2;
    norm += b[i]! ** 2;
  }
  return Math.sqrt(diff / norm);
}

/** One epoch of plain-JS float64 training on the batches the member's shuffle stream gives. */
function referenceEpoch(spec: ModelSpec, start: LayerWeights[], seed: number, x: number[][], labels: number[], batchSize: number, opt: RefOptimizer) {
  const layers = resolveLayers(spec);
  const weights: RefLayer[] = start.map((w) => ({ inputs: w.shape[0], units: w.shape[1], kernel: Float64Array.from(w.kernel), bias: Float64Array.from(w.bias) }));
  const order = new Rng(seed, 'shuffle').permutation(x.length);
  const optimizer = new RefOptimizerState(opt);
  let lossSum = 0;
  for (let offset = 0; offset < x.length; offset += batchSize) {
    const rows = Array.from(order.subarray(offset, Math.min(offset + batchSize, x.length)));
    const xb = rows.map((r) => x[r]!);
    const yb = rows.map((r) => {
      const t = new Float64Array(3);
      t[labels[r]!] = 1;
      return t;
    });
    const g = refGradients(layers, spec.loss, weights, xb, yb);
    lossSum += g.loss * rows.length;
    optimizer.clip([...g.kernels, ...g.biases]);
    weights.forEach((w, l) => {
      optimizer.update(w.kernel, g.kernels[l]!);
      optimizer.update(w.bias, g.biases[l]!);
    });
    optimizer.step();
  }
  return { loss: lossSum / x.length, weights };
}

describe('trainEnsemble against a float64 reference trainer (wine model, one epoch, same initial weights and batches)', () => {
  const cases: [string, OptimizerSpec, RefOptimizer][] = [
    ['SGD() as the notebook', 'sgd', { name: 'sgd', learningRate: 0.01, momentum: 0, nesterov: false }],
    ['Adam(1e-3)', 'adam', { name: 'adam', learningRate: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 }],
    [
      'RMSprop centered with momentum',
      { name: 'rmsprop', momentum: 0.5, centered: true },
      { name: 'rmsprop', learningRate: 0.001, rho: 0.9, momentum: 0.5, epsilon: 1e-7, centered: true },
    ],
    ['SGD nesterov', { name: 'sgd', momentum: 0.9, nesterov: true }, { name: 'sgd', learningRate: 0.01, momentum: 0.9, nesterov: true }],
    // plain SGD folds −lr into the output gradient; the decay must still use the weights, before the step
    ['SGD with weight decay', { name: 'sgd', weightDecay: 0.5 }, { name: 'sgd', learningRate: 0.01, momentum: 0, nesterov: false, weightDecay: 0.5 }],
    [
      'Adam amsgrad with weight decay',
      { name: 'adam', learningRate: 0.01, beta2: 0.9, amsgrad: true, weightDecay: 0.1 },
      { name: 'adam', learningRate: 0.01, beta1: 0.9, beta2: 0.9, epsilon: 1e-7, amsgrad: true, weightDecay: 0.1 },
    ],
    ['SGD momentum', { name: 'sgd', momentum: 0.9 }, { name: 'sgd', learningRate: 0.01, momentum: 0.9, nesterov: false }],
    ['RMSprop()', 'rmsprop', { name: 'rmsprop', learningRate: 0.001, rho: 0.9, momentum: 0, epsilon: 1e-7, centered: false }],
    [
      'RMSprop with momentum and weight decay',
      { name: 'rmsprop', momentum: 0.5, weightDecay: 0.1 },
      { name: 'rmsprop', learningRate: 0.001, rho: 0.9, momentum: 0.5, epsilon: 1e-7, centered: false, weightDecay: 0.1 },
    ],
    // the clips, at sizes that act on most batches of the wine model's gradients
    [
      'SGD nesterov clipValue',
      { name: 'sgd', momentum: 0.9, nesterov: true, clipValue: 0.05 },
      { name: 'sgd', learningRate: 0.01, momentum: 0.9, nesterov: true, clipValue: 0.05 },
    ],
    ['Adam clipNorm', { name: 'adam', clipNorm: 0.1 }, { name: 'adam', learningRate: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-7, clipNorm: 0.1 }],
    ['SGD globalClipNorm', { name: 'sgd', globalClipNorm: 0.2 }, { name: 'sgd', learningRate: 0.01, momentum: 0, nesterov: false, globalClipNorm: 0.2 }],
    [
      'RMSprop centered globalClipNorm',
      { name: 'rmsprop', centered: true, globalClipNorm: 0.2 },
      { name: 'rmsprop', learningRate: 0.001, rho: 0.9, momentum: 0, epsilon: 1e-7, centered: true, globalClipNorm: 0.2 },
    ],
  ];
  it.each(cases)('%s agrees to 1e-4 relative', async (_, optimizer, ref) => {
    const { xTrain, yTrain } = wineSplit();
    const member: EnsembleMember = { seed: 3, kernelInitializer: 'he_normal' };
    const start = initialWeights(WINE_SPEC, member);
    const run = await trainModel(WINE_SPEC, member, { xTrain, yTrain }, { epochs: 1, batchSize: 16, optimizer, diagnostics: 'none' });
    const expected = referenceEpoch(WINE_SPEC, start, 3, xTrain, yTrain, 16, ref);
    expect(run.initialWeights).toEqual(start);
    expect(Math.abs(run.history[0]!.loss - expected.loss) / expected.loss).toBeLessThan(1e-4);
    run.weights.forEach((w, l) => {
      expect(relativeDistance(w.kernel, expected.weights[l]!.kernel)).toBeLessThan(1e-4);
      expect(relativeDistance(w.bias, expected.weights[l]!.bias)).toBeLessThan(1e-4);
    });
    if (ref.clipValue !== undefined || ref.clipNorm !== undefined || ref.globalClipNorm !== undefined) {
      // the clip acts: without it the reference ends elsewhere
      const { clipValue: _v, clipNorm: _n, globalClipNorm: _g, ...unclipped } = ref;
      const free = referenceEpoch(WINE_SPEC, start, 3, xTrain, yTrain, 16, unclipped);
      expect(relativeDistance(run.weights[0]!.kernel, free.weights[0]!.kernel)).toBeGreaterThan(1e-3);
    }
  });
});

describe('every fused activation against the float64 reference trainer (wine data, two hidden layers, SGD, one epoch)', () => {
  const activations: ActivationSpec[] = ['linear', 'tanh', 'sigmoid', 'elu', { name: 'elu', alpha: 0.5 }, 'selu', 'gelu', 'softsign', 'leaky_relu', 'softmax'];
  it.each(activations.map((a) => [typeof a === 'string' ? a : JSON.stringify(a), a] as const))('%s agrees to 1e-4 relative on cpu and wasm', async (_, activation) => {
    const spec: ModelSpec = { ...WINE_SPEC, hidden: [{ units: 10, activation }, { units: 8, activation }] };
    const { xTrain, yTrain } = wineSplit();
    const member: EnsembleMember = { seed: 5, kernelInitializer: 'glorot_normal' };
    const start = initialWeights(spec, member);
    const expected = referenceEpoch(spec, start, 5, xTrain, yTrain, 16, { name: 'sgd', learningRate: 0.01, momentum: 0, nesterov: false });
    for (const backend of ['cpu', 'wasm'] as const) {
      await useBackend(backend);
      const run = await trainModel(spec, member, { xTrain, yTrain }, { epochs: 1, batchSize: 16, optimizer: 'sgd', diagnostics: 'none' });
      expect(Math.abs(run.history[0]!.loss - expected.loss) / expected.loss, backend).toBeLessThan(1e-4);
      run.weights.forEach((w, l) => {
        expect(relativeDistance(w.kernel, expected.weights[l]!.kernel), `${backend} kernel ${l}`).toBeLessThan(1e-4);
        expect(relativeDistance(w.bias, expected.weights[l]!.bias), `${backend} bias ${l}`).toBeLessThan(1e-4);
      });
    }
    await useBackend('cpu');
  });
});

describe('ensembles', () => {
  const members: EnsembleMember[] = [
    { id: 'zeros', seed: 1, kernelInitializer: 'zeros' },
    { id: 'he', seed: 2, kernelInitializer: 'he_normal' },
    { id: 'glorot', seed: 3, kernelInitializer: 'glorot_normal' },
    { id: 'random', seed: 4, kernelInitializer: 'random_normal' },
  ];

  it('give each member the result it gets alone (1e-5 on the final loss), and are deterministic', async () => {
    const { xTrain, yTrain, xTest, yTest } = wineSplit();
    const data = { xTrain, yTrain, xVal: xTest, yVal: yTest };
    const opts = { epochs: 3, batchSize: 16, optimizer: 'adam' as const };
    const together = await trainEnsemble(WINE_SPEC, members, data, opts);
    const again = await trainEnsemble(WINE_SPEC, members, data, opts);
    expect(again.members.map((m) => m.history)).toEqual(together.members.map((m) => m.history));
    for (const [i, member] of members.entries()) {
      const alone = await trainModel(WINE_SPEC, member, data, opts);
      const joint = together.members[i]!;
      expect(joint.id).toBe(member.id);
      expect(joint.status).toBe('ok');
      expect(joint.history).toHaveLength(3);
      expect(Math.abs(joint.history[2]!.loss - alone.history[2]!.loss)).toBeLessThan(1e-5);
      expect(Math.abs(joint.history[2]!.valLoss! - alone.history[2]!.valLoss!)).toBeLessThan(1e-5);
      expect(joint.initialWeights).toEqual(alone.initialWeights);
    }
    // Different seeds and initializers really do give different runs.
    expect(new Set(together.members.map((m) => m.history[2]!.loss)).size).toBe(4);
  });

  it('keep the output layer on glorot_uniform when the member overrides the hidden initializer (the wine quirk)', () => {
    const zeros = initialWeights(WINE_SPEC, { seed: 5, kernelInitializer: 'zeros' });
    const glorot = initialWeights(WINE_SPEC, { seed: 5 });
    expect(zeros[0]!.kernel.every((v) => v === 0)).toBe(true);
    expect(zeros[1]!.kernel).toEqual(glorot[1]!.kernel);
    const all = initialWeights(WINE_SPEC, { seed: 5, kernelInitializer: 'zeros', initializerScope: 'all' });
    expect(all[1]!.kernel.every((v) => v === 0)).toBe(true);
    const limit = Math.sqrt(6 / (10 + 3));
    expect(glorot[1]!.kernel.every((v) => Math.abs(v) <= limit)).toBe(true);
  });
});

describe('divergence', () => {
  const spec: ModelSpec = {
    inputDim: 4,
    hidden: Array.from({ length: 6 }, () => ({ units: 32, activation: 'tanh' as const })),
    output: { units: 1 },
    loss: 'mse',
  };
  const { x, y } = regressionData(64, 4, 1);
  const members: EnsembleMember[] = [
    { id: 'large', seed: 1, kernelInitializer: { name: 'random_normal', stddev: 5 }, initializerScope: 'all' },
    { id: 'glorot', seed: 2 },
  ];

  it('ends only the diverging member (random_normal stddev 5, deep tanh), never reporting NaN', async () => {
    const events: ProgressEvent[] = [];
    const before = tf.memory().numTensors;
    const result = await trainEnsemble(spec, members, { xTrain: x, yTrain: y, xVal: x, yVal: y }, {
      epochs: 20,
      batchSize: 16,
      optimizer: { name: 'sgd', learningRate: 0.1 },
      diagnostics: 'epoch',
      onProgress: (e) => events.push(e),
    });
    expect(tf.memory().numTensors).toBe(before);
    const [large, glorot] = result.members;
    expect(large!.status).toBe('diverged');
    expect(large!.divergedAtEpoch).toBeGreaterThan(1);
    expect(large!.history).toHaveLength(large!.divergedAtEpoch! - 1);
    expect(large!.epochsCompleted).toBe(large!.divergedAtEpoch! - 1);
    expect(large!.diagnostics.epochs).toHaveLength(large!.epochsCompleted);
    const numbers = JSON.stringify(large!.history);
    expect(numbers).not.toMatch(/null|NaN|Infinity/);
    expect(large!.weights.every((w) => w.kernel.every(Number.isFinite))).toBe(true);
    expect(glorot!.status).toBe('ok');
    expect(glorot!.history).toHaveLength(20);
    const epochEvents = events.filter((e) => e.type === 'epoch');
    expect(epochEvents).toHaveLength(20);
    const last = epochEvents.at(-1)!;
    expect(last.type === 'epoch' && last.members.map((m) => m.status)).toEqual(['diverged', 'running']);
    // The survivor is unaffected by its neighbour's divergence.
    const alone = await trainModel(spec, members[1]!, { xTrain: x, yTrain: y }, { epochs: 20, batchSize: 16, optimizer: { name: 'sgd', learningRate: 0.1 } });
    expect(Math.abs(alone.history[19]!.loss - glorot!.history[19]!.loss)).toBeLessThan(1e-5);
  });
});

describe('training loop', () => {
  const spec: ModelSpec = { inputDim: 3, hidden: [{ units: 8, activation: 'relu' }], output: { units: 1 }, loss: 'mse' };
  const { x, y } = regressionData(24, 3, 2);

  it('leaves no tensor behind after 200 epochs with validation, epoch diagnostics and batch losses', async () => {
    const before = tf.memory().numTensors;
    let batches = 0;
    const result = await trainEnsemble(spec, [{ seed: 1 }, { seed: 2, kernelInitializer: 'he_uniform' }], { xTrain: x, yTrain: y, xVal: x, yVal: y }, {
      epochs: 200,
      batchSize: 16,
      optimizer: { name: 'adam', learningRate: 0.01, clipNorm: 1 },
      diagnostics: 'epoch',
      progress: 'batch',
      batchLoss: true,
      onProgress: (e) => {
        if (e.type === 'batch') {
          batches++;
          expect(e.loss).toHaveLength(2);
        }
      },
    });
    expect(tf.memory().numTensors).toBe(before);
    expect(batches).toBe(200 * 2);
    expect(result.steps).toBe(400);
    const member = result.members[0]!;
    expect(member.history).toHaveLength(200);
    expect(member.history[199]!.loss).toBeLessThan(member.history[0]!.loss);
    expect(member.history[0]!.metrics).toEqual({ mse: expect.any(Number), mae: expect.any(Number) });
    expect(member.history[0]!.metrics.mse).toBeCloseTo(member.history[0]!.loss, 5);
  });

  it('reports the validation loss that evaluate() computes from the final weights', async () => {
    const run = await trainModel(spec, { seed: 4 }, { xTrain: x, yTrain: y, xVal: x, yVal: y }, { epochs: 5, optimizer: 'sgd' });
    const { loss, metrics } = evaluate(spec, run.weights, x, y);
    expect(loss).toBeCloseTo(run.history[4]!.valLoss!, 6);
    expect(metrics.mae).toBeCloseTo(run.history[4]!.valMetrics!.mae!, 6);
  });

  it('stops cleanly on abort, keeping the finished epochs', async () => {
    const controller = new AbortController();
    const before = tf.memory().numTensors;
    const result = await trainEnsemble(spec, [{ seed: 1 }, { seed: 2 }], { xTrain: x, yTrain: y }, {
      epochs: 50,
      optimizer: 'sgd',
      signal: controller.signal,
      onProgress: (e) => {
        if (e.type === 'epoch' && e.epoch === 2) controller.abort();
      },
    });
    expect(tf.memory().numTensors).toBe(before);
    expect(result.members.map((m) => m.status)).toEqual(['aborted', 'aborted']);
    expect(result.members.map((m) => m.history.length)).toEqual([2, 2]);
    expect(result.members[0]!.weights[0]!.kernel).toHaveLength(24);
  });

  it('uses Keras batching: batch size 32 by default and a final partial batch', async () => {
    const events: number[] = [];
    await trainModel(spec, { seed: 1 }, { xTrain: regressionData(70, 3, 3).x, yTrain: regressionData(70, 3, 3).y }, {
      epochs: 1,
      optimizer: 'sgd',
      progress: 'batch',
      onProgress: (e) => {
        if (e.type === 'batch') events.push(e.batches);
      },
    });
    expect(events).toEqual([3, 3, 3]);
  });

  it('rejects bad options and data with one-line messages', async () => {
    const data = { xTrain: x, yTrain: y };
    await expect(trainModel(spec, { seed: 1 }, data, { epochs: -1, optimizer: 'sgd' })).rejects.toThrowErrorMatchingInlineSnapshot(
      `[ModelsError: trainEnsemble: epochs must be an integer >= 0, got -1]`,
    );
    await expect(trainModel(spec, { seed: 1 }, data, { epochs: 1, batchSize: 0, optimizer: 'sgd' })).rejects.toThrow(
      /batchSize must be a positive integer, got 0/,
    );
    await expect(trainModel(spec, { seed: 1 }, { xTrain: [[1, 2]], yTrain: [1] }, { epochs: 1, optimizer: 'sgd' })).rejects.toThrowErrorMatchingInlineSnapshot(
      `[ModelsError: trainEnsemble: data.xTrain[0] must be a row of 3 numbers, got 2 values]`,
    );
    await expect(
      trainModel(WINE_SPEC, { seed: 1 }, { xTrain: [Array(11).fill(0)], yTrain: [3] }, { epochs: 1, optimizer: 'sgd' }),
    ).rejects.toThrowErrorMatchingInlineSnapshot(
      `[ModelsError: trainEnsemble: data.yTrain[0] must be an integer class label in [0, 2] for sparse_categorical_crossentropy with 3 output units, got 3]`,
    );
    await expect(trainEnsemble(spec, [{ seed: 1, id: 'a' }, { seed: 2, id: 'a' }], data, { epochs: 1, optimizer: 'sgd' })).rejects.toThrow(
      /members\[1\]\.id must be unique, got "a" twice/,
    );
    await expect(trainModel(spec, { seed: 1.5 }, data, { epochs: 1, optimizer: 'sgd' })).rejects.toMatchObject({ code: 'INVALID_OPTIONS' });
  });
});
