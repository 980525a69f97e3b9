import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '@initlab/backends';
import { Rng } from '@initlab/random';
import { beforeAll, describe, expect, it } from 'vitest';
import { lossMode } from './losses.js';
import { gradients } from './network.js';
import { resolveLayers, type ActivationSpec, type LossName, type ModelSpec } from './spec.js';
import { refBatchLoss, refGradients, type RefLayer } from './testing/reference.js';
import { stackWeights, type LayerWeights } from './weights.js';

beforeAll(async () => {
  await useBackend('cpu');
});

interface Case {
  hidden: ActivationSpec;
  output: ActivationSpec;
  loss: LossName;
  units: number;
}

const ROWS = 5;

/** Random float32-representable weights (so the float64 reference sees exactly what tfjs sees). */
function randomWeights(spec: ModelSpec, seed: number): LayerWeights[] {
  const rng = new Rng(seed, 'weights');
  return resolveLayers(spec).map((l) => ({
    kernel: rng.fillNormal(new Float32Array(l.inputs * l.units), 0, 0.8),
    bias: rng.fillNormal(new Float32Array(l.units), 0, 0.3),
    shape: [l.inputs, l.units],
  }));
}

function toRef(weights: readonly LayerWeights[]): RefLayer[] {
  return weights.map((w) => ({ inputs: w.shape[0], units: w.shape[1], kernel: Float64Array.from(w.kernel), bias: Float64Array.from(w.bias) }));
}

function targets(loss: LossName, units: number, rng: Rng): Float64Array[] {
  return Array.from({ length: ROWS }, () => {
    const y = new Float64Array(units);
    if (loss === 'sparse_categorical_crossentropy' || loss === 'categorical_crossentropy') y[Math.floor(rng.uniform() * units)] = 1;
    else if (loss === 'binary_crossentropy') for (let j = 0; j < units; j++) y[j] = rng.uniform() < 0.5 ? 0 : 1;
    else for (let j = 0; j < units; j++) y[j] = Math.fround(rng.normal());
    return y;
  });
}

/**
 * Checks tfjs's explicit backprop (float32) against central finite differences of the float64
 * reference loss, for two stacked members at once.
 */
function check(c: Case): number {
  const spec: ModelSpec = {
    inputDim: 3,
    hidden: [{ units: 4, activation: c.hidden }, { units: 3, activation: c.hidden }],
    output: { units: c.units, activation: c.output },
    loss: c.loss,
  };
  const layers = resolveLayers(spec);
  const rng = new Rng(11, 'data');
  const x = Array.from({ length: ROWS }, () => Array.from({ length: 3 }, () => Math.fround(rng.normal())));
  const y = targets(c.loss, c.units, rng);
  const members = [randomWeights(spec, 1), randomWeights(spec, 2)];
  const mode = lossMode(c.loss, layers.at(-1)!.activation);
  const params = stackWeights(layers, members);
  const got = tf.tidy(() => {
    const x3 = tf.tensor3d([...x.flat(), ...x.flat()], [2, ROWS, 3]);
    const y3 = tf.tensor3d([...y.flatMap((r) => [...r]), ...y.flatMap((r) => [...r])], [2, ROWS, c.units]);
    const { grads } = gradients(layers, mode, params, x3, y3, 1 / ROWS);
    return [...grads.kernels, ...grads.biases].map((g) => g.arraySync() as number[][][]);
  });
  tf.dispose([...params.kernels, ...params.biases]);
  let worst = 0;
  members.forEach((weights, m) => {
    const ref = toRef(weights);
    const h = 1e-6;
    layers.forEach((layer, l) => {
      for (const [which, array] of [
        ['kernel', ref[l]!.kernel],
        ['bias', ref[l]!.bias],
      ] as const) {
        for (let i = 0; i < array.length; i++) {
          const keep = array[i]!;
          array[i] = keep + h;
          const up = refBatchLoss(layers, c.loss, ref, x, y).mean;
          array[i] = keep - h;
          const down = refBatchLoss(layers, c.loss, ref, x, y).mean;
          array[i] = keep;
          const numeric = (up - down) / (2 * h);
          const g = which === 'kernel' ? got[l]![m]! : got[layers.length + l]![m]!;
          const analytic = which === 'kernel' ? g[Math.floor(i / layer.units)]![i % layer.units]! : g[0]![i]!;
          const error = Math.abs(analytic - numeric) / (1e-3 + Math.abs(numeric));
          worst = Math.max(worst, error);
        }
      }
    });
  });
  return worst;
}

const hiddenActivations: ActivationSpec[] = [
  'linear',
  'relu',
  'leaky_relu',
  { name: 'leaky_relu', alpha: 0.05 },
  'elu',
  { name: 'elu', alpha: 0.5 },
  'selu',
  'tanh',
  'sigmoid',
  'softsign',
  'gelu',
  'softmax',
];

describe('explicit backpropagation against float64 finite differences', () => {
  it.each(hiddenActivations.map((a) => [typeof a === 'string' ? a : JSON.stringify(a), a] as const))(
    'hidden activation %s (mse on a linear output)',
    (_, hidden) => {
      expect(check({ hidden, output: 'linear', loss: 'mse', units: 2 })).toBeLessThan(2e-3);
    },
  );

  const outputs: [string, Case][] = [
    ['softmax + sparse_categorical_crossentropy (logits path)', { hidden: 'tanh', output: 'softmax', loss: 'sparse_categorical_crossentropy', units: 3 }],
    ['softmax + categorical_crossentropy (logits path)', { hidden: 'relu', output: 'softmax', loss: 'categorical_crossentropy', units: 3 }],
    ['sigmoid + binary_crossentropy (logits path)', { hidden: 'elu', output: 'sigmoid', loss: 'binary_crossentropy', units: 2 }],
    ['sigmoid + categorical_crossentropy (clipped probabilities)', { hidden: 'tanh', output: 'sigmoid', loss: 'categorical_crossentropy', units: 3 }],
    ['sigmoid + sparse_categorical_crossentropy (clipped probabilities)', { hidden: 'tanh', output: 'sigmoid', loss: 'sparse_categorical_crossentropy', units: 3 }],
    ['softmax + binary_crossentropy (clipped probabilities)', { hidden: 'gelu', output: 'softmax', loss: 'binary_crossentropy', units: 2 }],
    ['tanh + mae', { hidden: 'selu', output: 'tanh', loss: 'mae', units: 2 }],
    ['gelu + mse', { hidden: 'sigmoid', output: 'gelu', loss: 'mse', units: 1 }],
  ];
  it.each(outputs)('%s', (_, c) => {
    expect(check(c)).toBeLessThan(2e-3);
  });

  it('the float64 reference backward agrees with its own finite differences', () => {
    const spec: ModelSpec = {
      inputDim: 3,
      hidden: [{ units: 4, activation: 'gelu' }],
      output: { units: 3, activation: 'softmax' },
      loss: 'sparse_categorical_crossentropy',
    };
    const layers = resolveLayers(spec);
    const rng = new Rng(5);
    const x = Array.from({ length: ROWS }, () => [rng.normal(), rng.normal(), rng.normal()]);
    const y = targets(spec.loss, 3, rng);
    const ref = toRef(randomWeights(spec, 9));
    const analytic = refGradients(layers, spec.loss, ref, x, y);
    const k = ref[0]!.kernel;
    for (let i = 0; i < k.length; i++) {
      const keep = k[i]!;
      k[i] = keep + 1e-6;
      const up = refBatchLoss(layers, spec.loss, ref, x, y).mean;
      k[i] = keep - 1e-6;
      const down = refBatchLoss(layers, spec.loss, ref, x, y).mean;
      k[i] = keep;
      expect(analytic.kernels[0]![i]).toBeCloseTo((up - down) / 2e-6, 7);
    }
  });
});
