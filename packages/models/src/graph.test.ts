import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '@initlab/backends';
import { Rng } from '@initlab/random';
import { beforeAll, describe, expect, it } from 'vitest';
import { graphForward, graphStep } from './graph.js';
import { diagnoseNetworkAtInit } from './diagnose.js';
import { predict } from './inference.js';
import { lossMode } from './losses.js';
import { initialParameters } from './members.js';
import type { HiddenLayerSpec, ResolvedNetwork } from './network-spec.js';
import { resolveNetwork, validateModelSpec, type ModelSpec } from './spec.js';
import { refGraphLoss, type RefParams } from './testing/graph-reference.js';
import { trainEnsemble, type MemberResult } from './train.js';
import { flatParams, stackWeights, type ExtraWeights, type LayerWeights } from './weights.js';

beforeAll(async () => {
  await useBackend('cpu');
});

const ROWS = 6;

/** Every layer kind: a stem, a gated pre-activation block with batch norm, a post block with layer norm and a projection. */
function mixedSpec(loss: 'mse' | 'sparse_categorical_crossentropy' = 'sparse_categorical_crossentropy', convention: 'keras' | 'pytorch' = 'keras'): ModelSpec {
  const hidden: HiddenLayerSpec[] = [
    { units: 5, activation: 'tanh' },
    {
      type: 'residual',
      gate: 0.7,
      layers: [{ type: 'batchnorm', convention }, { type: 'activation', activation: 'relu' }, { units: 5 }, { type: 'layernorm', convention }, { units: 5, activation: 'tanh' }],
    },
    { type: 'residual', order: 'post', activation: 'elu', layers: [{ units: 4, activation: 'gelu' }, { type: 'dropout', rate: 0.25 }] },
    { type: 'batchnorm', convention },
  ];
  return loss === 'mse'
    ? { inputDim: 3, hidden, output: { units: 2 }, loss }
    : { inputDim: 3, hidden, output: { units: 3, activation: 'softmax' }, loss };
}

function data(rows: number, inputs: number, classes: number, seed: number): { x: number[][]; y: number[] } {
  const rng = new Rng(seed, 'data');
  const x = Array.from({ length: rows }, () => Array.from({ length: inputs }, () => rng.normal(0, 1)));
  return { x, y: x.map((r) => (r[0]! + r[1]! > 0 ? (r[2]! > 0 ? 2 : 1) : 0) % classes) };
}

/** Random float32 weights and extras (so the float64 reference sees exactly the float32 values). */
function randomParameters(net: ResolvedNetwork, seed: number): { weights: LayerWeights[]; extras: ExtraWeights } {
  const rng = new Rng(seed, 'weights');
  const f32 = (n: number, mean: number, std: number): Float32Array => Float32Array.from({ length: n }, () => rng.normal(mean, std));
  return {
    weights: net.dense.map((l) => ({ kernel: f32(l.inputs * l.units, 0, 0.7), bias: f32(l.units, 0, 0.2), shape: [l.inputs, l.units] })),
    extras: {
      params: net.extras.map((e) => (e.role === 'gate' ? Float32Array.of(0.6) : f32(e.size, e.role === 'gamma' ? 1 : 0, 0.3))),
      buffers: net.buffers.map((size, i) => (i % 2 === 0 ? f32(size, 0, 0.2) : Float32Array.from(f32(size, 1, 0.1), Math.abs))),
    },
  };
}

const toRef = (w: { weights: LayerWeights[]; extras: ExtraWeights }): RefParams => ({
  kernels: w.weights.map((l) => Float64Array.from(l.kernel)),
  biases: w.weights.map((l) => Float64Array.from(l.bias)),
  extras: w.extras.params.map((e) => Float64Array.from(e)),
  buffers: w.extras.buffers.map((b) => Float64Array.from(b)),
});

describe('graph networks: the model description', () => {
  it('a plain hidden list, with or without type: dense, is the plain dense stack it always was', () => {
    const plain = resolveNetwork({ inputDim: 3, hidden: [{ units: 4 }, { type: 'dense', units: 2, activation: 'relu' }], output: { units: 1 }, loss: 'mse' });
    expect(plain.plain).toBe(true);
    expect(plain.dense.map((l) => [l.inputs, l.units, l.activation.name])).toEqual([
      [3, 4, 'linear'],
      [4, 2, 'relu'],
      [2, 1, 'linear'],
    ]);
  });

  it('resolves every layer kind with its defaults and indexes', () => {
    const net = resolveNetwork(mixedSpec());
    expect(net.plain).toBe(false);
    // stem, block 1's two dense, block 2's dense and projection (5 → 4), output
    expect(net.dense.map((l) => `${l.inputs}→${l.units}`)).toEqual(['3→5', '5→5', '5→5', '5→4', '5→4', '4→3']);
    expect(net.dense.map((l) => l.index)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(net.norms.map((n) => [n.kind, n.momentum, n.epsilon])).toEqual([
      ['batchnorm', 0.99, 1e-3],
      ['layernorm', 0, 1e-3],
      ['batchnorm', 0.99, 1e-3],
    ]);
    expect(net.blocks.map((b) => [b.gate >= 0, b.gateInitial, b.projection?.index ?? null, b.activation.name])).toEqual([
      [true, 0.7, null, 'linear'],
      [false, 1, 4, 'elu'],
    ]);
    expect(net.buffers).toEqual([5, 5, 4, 4]);
    const pytorch = resolveNetwork(mixedSpec('mse', 'pytorch'));
    expect(pytorch.norms.map((n) => [n.momentum, n.epsilon])).toEqual([
      [0.1, 1e-5],
      [0, 1e-5],
      [0.1, 1e-5],
    ]);
  });

  it.each([
    [[{ type: 'conv', units: 3 }], `validateModelSpec: hidden[0].type must be one of 'dense', 'batchnorm', 'layernorm', 'activation', 'dropout', 'residual', got "conv"`],
    [[{ type: 'dropout', rate: 1 }], 'validateModelSpec: hidden[0].rate must be a number in [0, 1), got 1'],
    [[{ type: 'batchnorm', convention: 'torch' }], `validateModelSpec: hidden[0].convention must be one of 'keras', 'pytorch', got "torch"`],
    [[{ type: 'batchnorm', epsilon: 0 }], 'validateModelSpec: hidden[0].epsilon must be a finite number > 0, got 0'],
    [[{ type: 'layernorm', momentum: 0.9 }], 'validateModelSpec: hidden[0]: unknown option "momentum"; allowed: betaInitializer, convention, epsilon, gammaInitializer, type'],
    [[{ type: 'activation' }], 'validateModelSpec: hidden[0].activation is required for an activation layer, got none'],
    [[{ type: 'residual', layers: [] }], "validateModelSpec: hidden[0].layers must be a non-empty list of the branch's layers, got []"],
    [
      [{ type: 'residual', skip: 'identity', layers: [{ units: 7 }] }],
      "validateModelSpec: hidden[0].skip 'identity' needs the branch to keep the width: its input has 3 units and its branch ends with 7; use skip: 'projection' or equal widths",
    ],
    [[{ type: 'residual', activation: 'relu', layers: [{ units: 3 }] }], "validateModelSpec: hidden[0].activation is for order: 'post' (after the sum)"],
    [[{ type: 'residual', gate: 'yes', layers: [{ units: 3 }] }], 'validateModelSpec: hidden[0].gate must be true, false or a finite number (its initial value), got "yes"'],
    [[{ type: 'residual', layers: [{ units: 0 }] }], 'validateModelSpec: hidden[0].layers[0].units must be a positive integer, got 0'],
  ])('refuses %j with one line naming the entry', (hidden, message) => {
    const spec = { inputDim: 3, hidden, output: { units: 1 }, loss: 'mse' } as unknown as ModelSpec;
    expect(() => validateModelSpec(spec)).toThrow(message);
  });
});

describe('graph networks: explicit backpropagation', () => {
  it.each(['sparse_categorical_crossentropy', 'mse'] as const)('%s: every gradient equals central differences of the float64 reference loss', (loss) => {
    const spec = mixedSpec(loss);
    const net = resolveNetwork(spec);
    const params = randomParameters(net, 3);
    const { x, y } = data(ROWS, 3, 3, 4);
    const units = net.dense[net.dense.length - 1]!.units;
    const rng = new Rng(9, 'targets');
    const yRows =
      loss === 'mse'
        ? x.map(() => Float64Array.from({ length: units }, () => rng.normal(0, 1)))
        : y.map((c) => Float64Array.from({ length: units }, (_, j) => (j === c ? 1 : 0)));
    // the dropout mask of the test: fixed, the same for both
    const maskRows = Array.from({ length: ROWS }, (_, r) => Float64Array.from({ length: 4 }, (_, j) => ((r + j) % 3 === 0 ? 0 : 1 / 0.75)));
    const before = tf.memory().numTensors;
    const stacked = stackWeights(net.dense, [params.weights], [params.extras]);
    const grads = tf.tidy(() => {
      const xt = tf.tensor3d(Float32Array.from(x.flat()), [1, ROWS, 3]);
      const yt = tf.tensor3d(Float32Array.from(yRows.flatMap((r) => [...r])), [1, ROWS, units]);
      const masks = [tf.tensor3d(Float32Array.from(maskRows.flatMap((r) => [...r])), [1, ROWS, 4])];
      const { grads } = graphStep(net, lossMode(spec.loss, net.dense[net.dense.length - 1]!.activation), stacked, xt, yt, 1 / ROWS, { masks, rowStats: false });
      return flatParams(grads);
    });
    const analytic = grads.map((g) => g.dataSync() as Float32Array);
    tf.dispose([...grads, ...flatParams(stacked), ...(stacked.buffers ?? [])]);
    expect(tf.memory().numTensors).toBe(before);

    const ref = toRef(params);
    const flatRef = [...ref.kernels.flatMap((k, i) => [k, ref.biases[i]!]), ...ref.extras];
    const h = 1e-6;
    let checked = 0;
    flatRef.forEach((values, p) => {
      // a few entries of every parameter tensor
      for (const i of [0, Math.floor(values.length / 2), values.length - 1]) {
        const keep = values[i]!;
        values[i] = keep + h;
        const up = refGraphLoss(net, loss, ref, x, yRows, [maskRows]);
        values[i] = keep - h;
        const down = refGraphLoss(net, loss, ref, x, yRows, [maskRows]);
        values[i] = keep;
        const numeric = (up - down) / (2 * h);
        expect(Math.abs(analytic[p]![i]! - numeric), `parameter ${p}[${i}]: ${analytic[p]![i]} vs ${numeric}`).toBeLessThan(2e-4 + 2e-3 * Math.abs(numeric));
        checked++;
      }
    });
    expect(checked).toBe(flatRef.length * 3);
  });
});

async function train(spec: ModelSpec, members: { seed: number; kernelInitializer?: string }[], epochs: number, opts: Record<string, unknown> = {}): Promise<MemberResult[]> {
  const { x, y } = data(40, 3, 3, 11);
  const result = await trainEnsemble(spec, members as never, { xTrain: x, yTrain: y, xVal: x.slice(0, 10), yVal: y.slice(0, 10) }, { epochs, batchSize: 8, optimizer: 'adam', ...opts });
  return result.members;
}

const bits = (m: MemberResult): number[][] => [...m.weights.flatMap((w) => [Array.from(w.kernel), Array.from(w.bias)]), ...m.extras.params.map((p) => Array.from(p)), ...m.extras.buffers.map((b) => Array.from(b))];

describe('graph networks: training', () => {
  it('a member trains to the same bits alone and inside an ensemble (norms, dropout, gates, projections)', async () => {
    const spec = mixedSpec();
    const seeds = [{ seed: 1 }, { seed: 2, kernelInitializer: 'he_normal' }, { seed: 3, kernelInitializer: 'glorot_normal' }];
    const together = await train(spec, seeds, 3);
    for (const [i, member] of seeds.entries()) {
      const alone = (await train(spec, [member], 3))[0]!;
      expect(alone.history).toEqual(together[i]!.history);
      expect(bits(alone)).toEqual(bits(together[i]!));
    }
    expect(together.every((m) => m.status === 'ok' && m.history.length === 3)).toBe(true);
  });

  it('cpu and wasm train a member to the same bits', async () => {
    const spec = mixedSpec();
    const seeds = [{ seed: 1 }, { seed: 4, kernelInitializer: 'he_normal' }];
    const cpu = await train(spec, seeds, 3, { optimizer: 'rmsprop' });
    await useBackend('wasm');
    try {
      const wasm = await train(spec, seeds, 3, { optimizer: 'rmsprop' });
      wasm.forEach((m, i) => {
        expect(m.history).toEqual(cpu[i]!.history);
        expect(bits(m)).toEqual(bits(cpu[i]!));
      });
    } finally {
      await useBackend('cpu');
    }
  });

  it('learns: the training loss falls, and predict uses the moving statistics at evaluation', async () => {
    const spec = mixedSpec();
    const [member] = await train(spec, [{ seed: 5 }], 30);
    expect(member!.history.at(-1)!.loss).toBeLessThan(member!.history[0]!.loss * 0.8);
    // the moving statistics moved away from their start (mean 0, variance 1)
    expect(member!.extras.buffers[0]!.some((v) => v !== 0)).toBe(true);
    const { x } = data(40, 3, 3, 11);
    const probabilities = predict(spec, member!, x.slice(0, 10));
    const withStartBuffers = predict(spec, { weights: member!.weights, extras: { params: member!.extras.params, buffers: member!.extras.buffers.map((b, i) => b.map(() => (i % 2 === 0 ? 0 : 1))) } }, x.slice(0, 10));
    expect(probabilities).not.toEqual(withStartBuffers);
    expect(probabilities.every((row) => Math.abs(row.reduce((s, v) => s + v, 0) - 1) < 1e-5)).toBe(true);
    expect(() => predict(spec, member!.weights, x)).toThrow("predict: weights must include the network's extras");
  });

  it('keeps tf.memory().numTensors flat over 200 epochs', async () => {
    const before = tf.memory().numTensors;
    const members = await train(mixedSpec(), [{ seed: 1 }, { seed: 2 }], 200);
    expect(members[0]!.history).toHaveLength(200);
    expect(tf.memory().numTensors).toBe(before);
  }, 60_000);

  it('records per-block and batch-norm diagnostics at initialisation and after every epoch', async () => {
    const [member] = await train(mixedSpec(), [{ seed: 2 }], 2, { diagnostics: 'epoch' });
    const network = member!.diagnostics.network!;
    expect(member!.diagnostics.init).toBeNull();
    expect(network.epochs).toHaveLength(2);
    const init = network.init!;
    expect(init.blocks.map((b) => b.block)).toEqual([0, 1]);
    expect(init.blocks[0]!.gate).toBeCloseTo(0.7, 6);
    expect(init.blocks[1]!.gate).toBeNull();
    for (const b of init.blocks) expect(b.branchToSkip).toBeCloseTo(b.branchStd! / b.skipStd!, 12);
    expect(init.norms.map((n) => n.kind)).toEqual(['batchnorm', 'layernorm', 'batchnorm']);
    // at initialisation γ is ones and the moving statistics are their start (0 and 1)
    expect(init.norms[0]).toMatchObject({ gammaMean: 1, gammaStd: 0, meanAbsMovingMean: 0, meanMovingVariance: 1 });
    expect(init.norms[0]!.meanBatchVariance).toBeGreaterThan(0);
    expect(init.norms[1]!.meanBatchVariance).toBeNull();
    expect(network.epochs[1]!.norms[0]!.meanMovingVariance).not.toBe(1);
  });

  it('refuses a one-row batch-norm batch in one line', async () => {
    const { x, y } = data(17, 3, 3, 1);
    await expect(trainEnsemble(mixedSpec(), [{ seed: 1 }], { xTrain: x, yTrain: y }, { epochs: 1, optimizer: 'sgd', batchSize: 8 })).rejects.toThrow(
      'trainEnsemble: batch normalization needs at least 2 rows in every training batch, and batchSize 8 over 17 rows leaves a batch of 1',
    );
  });
});

/** A stem to `width`, `blocks` gated pre-activation blocks [relu → dense → relu → dense], and a linear output. */
function resnet(blocks: number, width: number, norm = false): ModelSpec {
  const branch: HiddenLayerSpec[] = norm
    ? [{ type: 'batchnorm' }, { type: 'activation', activation: 'relu' }, { units: width }, { type: 'batchnorm' }, { type: 'activation', activation: 'relu' }, { units: width }]
    : [{ type: 'activation', activation: 'relu' }, { units: width }, { type: 'activation', activation: 'relu' }, { units: width }];
  return {
    inputDim: 8,
    hidden: [{ units: width }, ...Array.from({ length: blocks }, (): HiddenLayerSpec => ({ type: 'residual', gate: true, layers: branch }))],
    output: { units: 2 },
    loss: 'mse',
  };
}

/** The residual stream after every block, for one member at initialisation, on `rows` normal inputs. */
function streamVariances(spec: ModelSpec, kernelInitializer: string, rows = 64): { input: Float32Array; last: Float32Array; variances: number[] } {
  const net = resolveNetwork(spec);
  const start = initialParameters(spec, { seed: 2, kernelInitializer });
  const rng = new Rng(1, 'x');
  const x = Float32Array.from({ length: rows * 8 }, () => rng.normal(0, 1));
  const params = stackWeights(net.dense, [start.weights], [start.extras]);
  const outs = tf.tidy(() => {
    const trace = graphForward(net, params, tf.tensor3d(x, [1, rows, 8]), { training: true });
    return trace.nodes.map((t) => (t.kind === 'residual' ? t.out : t.kind === 'dense' ? t.a : null)).filter((t): t is tf.Tensor3D => t !== null);
  });
  const values = outs.map((t) => t.dataSync() as Float32Array);
  tf.dispose([...outs, ...flatParams(params), ...(params.buffers ?? [])]);
  const variance = (v: Float32Array): number => {
    const mean = v.reduce((s, a) => s + a, 0) / v.length;
    return v.reduce((s, a) => s + (a - mean) ** 2, 0) / v.length;
  };
  // values[0] is the stem's output, then one per block, then the output layer
  return { input: values[0]!, last: values[values.length - 2]!, variances: values.slice(0, -1).map(variance) };
}

describe('architecture initializations', () => {
  it('diagnoseNetworkAtInit: the branch-to-skip ratio is 0 for ReZero and Fixup, and near 1 or above for He in the deep blocks', () => {
    const rng = new Rng(4, 'x');
    const x = Array.from({ length: 32 }, () => Array.from({ length: 8 }, () => rng.normal(0, 1)));
    const [rezero, fixup, he] = diagnoseNetworkAtInit(resnet(8, 16), [
      { seed: 1, kernelInitializer: 'rezero' },
      { seed: 1, kernelInitializer: 'fixup' },
      { seed: 1, kernelInitializer: 'he_normal' },
    ], { x });
    expect(rezero!.blocks.map((b) => b.branchToSkip)).toEqual(Array(8).fill(0));
    expect(fixup!.blocks.map((b) => b.branchToSkip)).toEqual(Array(8).fill(0));
    expect(Math.min(...he!.blocks.map((b) => b.branchToSkip!))).toBeGreaterThan(0.5);
    expect(he!.blocks.at(-1)!.outputStd! / he!.blocks[0]!.skipStd!).toBeGreaterThan(5);
  });

  it("ReZero's (and SkipInit's) blocks are the identity map at initialisation, at any depth", () => {
    for (const scheme of ['rezero', 'skipinit']) {
      const { input, last } = streamVariances(resnet(16, 12), scheme);
      expect(Array.from(last)).toEqual(Array.from(input));
    }
    const gates = initialParameters(resnet(3, 4), { seed: 1, kernelInitializer: 'rezero' }).extras.params;
    expect(gates.map((g) => Array.from(g))).toEqual([[0], [0], [0]]);
    // he_normal starts the same gates at 1
    expect(initialParameters(resnet(3, 4), { seed: 1, kernelInitializer: 'he_normal' }).extras.params.map((g) => Array.from(g))).toEqual([[1], [1], [1]]);
  });

  it("Fixup's residual stream keeps its variance as blocks grow from 4 to 256, where He initialization's grows with depth", () => {
    for (const blocks of [4, 64, 256]) {
      const fixup = streamVariances(resnet(blocks, 16), 'fixup');
      const he = streamVariances(resnet(blocks, 16), 'he_normal');
      const start = fixup.variances[0]!;
      expect(Math.max(...fixup.variances) / start).toBeLessThan(1.0001);
      expect(he.variances.at(-1)! / he.variances[0]!).toBeGreaterThan(blocks >= 64 ? 1e6 : 2);
    }
  }, 60_000);

  it("Fixup's rules: the last layer of each branch and the output are zero, the others He × L^(−1/(2m−2))", () => {
    const spec = resnet(4, 16);
    const fixup = initialParameters(spec, { seed: 3, kernelInitializer: 'fixup' }).weights;
    const he = initialParameters(spec, { seed: 3, kernelInitializer: 'he_normal' }).weights;
    // dense order: stem, then per block [first, last], then the output
    const factor = 4 ** (-1 / (2 * 2 - 2));
    for (let b = 0; b < 4; b++) {
      const first = 1 + 2 * b;
      expect(Array.from(fixup[first]!.kernel)).toEqual(Array.from(he[first]!.kernel, (v) => Math.fround(v * factor)));
      expect(fixup[first + 1]!.kernel.every((v) => v === 0)).toBe(true);
    }
    expect(fixup.at(-1)!.kernel.every((v) => v === 0)).toBe(true);
    expect(Array.from(fixup[0]!.kernel)).toEqual(Array.from(he[0]!.kernel));
  });

  it('zero_last_norm_gamma zeroes the last normalization scale of every branch and only that one', () => {
    const net = resolveNetwork(resnet(3, 4, true));
    const { extras } = initialParameters(resnet(3, 4, true), { seed: 1, kernelInitializer: 'zero_last_norm_gamma' });
    const gammas = net.norms.map((n) => Array.from(extras.params[n.gamma]!));
    expect(gammas).toEqual([1, 0, 1, 0, 1, 0].map((v) => [v, v, v, v]));
  });

  it.each([
    ['fixup', resnet(2, 4, true), "trainEnsemble: members[0].kernelInitializer: 'fixup' is for networks without normalization and this one has some"],
    ['rezero', { inputDim: 8, hidden: [{ units: 4 }], output: { units: 2 }, loss: 'mse' } as ModelSpec, "trainEnsemble: members[0].kernelInitializer: 'rezero' initializes residual blocks and this model has none"],
    ['zero_last_norm_gamma', resnet(2, 4), "trainEnsemble: members[0].kernelInitializer: 'zero_last_norm_gamma' zeroes the last normalization of each residual branch and block 0's branch has none"],
    [
      'skipinit',
      { inputDim: 8, hidden: [{ type: 'residual', layers: [{ units: 8 }] }], output: { units: 2 }, loss: 'mse' } as ModelSpec,
      "trainEnsemble: members[0].kernelInitializer: 'skipinit' starts each residual gate at 0 and block 0 has no gate: set gate: true on every residual block",
    ],
  ])('%s on a network it does not fit is refused before training', async (scheme, spec, message) => {
    const x = [[0, 0, 0, 0, 0, 0, 0, 1], [1, 0, 0, 0, 0, 0, 0, 0]];
    await expect(trainEnsemble(spec, [{ seed: 1, kernelInitializer: scheme as 'fixup' }], { xTrain: x, yTrain: [[0, 0], [1, 1]] }, { epochs: 1, optimizer: 'sgd' })).rejects.toThrow(message);
  });
});
