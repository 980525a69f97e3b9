import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '@initlab/backends';
import { Rng } from '@initlab/random';
import { afterAll, describe, expect, it } from 'vitest';
import {
  activationGradientValues,
  activationValues,
  denseBackward,
  denseBackwardValues,
  denseForward,
  denseForwardValues,
  softmaxCrossEntropyGradient,
} from './dense-kernels.js';
import { buildDenseModule, selectDenseKernels } from './dense-wasm.js';
import { activateRow, rowLoss, rowMetric } from './host-loss.js';
import { gradients } from './network.js';
import { lossMode } from './losses.js';
import { resolveActivation, resolveLayers, type ActivationSpec, type ModelSpec } from './spec.js';
import { trainEnsemble, trainModel } from './train.js';
import { stackWeights } from './weights.js';

const RELU = resolveActivation('relu', 'test');
const bytes = (a: Float32Array): Uint8Array => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

interface Shape {
  k: number;
  rows: number;
  inputs: number;
  units: number;
}

// Widths below, at and above a SIMD chunk of 4, row counts around the block of 4, and one member;
// the last two are large enough for the packed 4 × 8 routine in every product (the others run in place).
const SHAPES: Shape[] = [
  { k: 1, rows: 1, inputs: 1, units: 1 },
  { k: 3, rows: 5, inputs: 11, units: 10 },
  { k: 2, rows: 16, inputs: 10, units: 3 },
  { k: 4, rows: 7, inputs: 4, units: 8 },
  { k: 2, rows: 9, inputs: 13, units: 17 },
  { k: 2, rows: 37, inputs: 70, units: 45 },
  { k: 1, rows: 33, inputs: 260, units: 20 },
];

function operands({ k, rows, inputs, units }: Shape, seed: number) {
  const rng = new Rng(seed, 'dense-kernels');
  return {
    a: rng.fillNormal(new Float32Array(k * rows * inputs)),
    w: rng.fillNormal(new Float32Array(k * inputs * units)),
    b: rng.fillNormal(new Float32Array(k * units)),
    dZ: rng.fillNormal(new Float32Array(k * rows * units)),
  };
}

/** The same products in float64, straight from their definitions. */
function reference({ k, rows, inputs, units }: Shape, { a, w, b, dZ }: ReturnType<typeof operands>) {
  const z = new Float64Array(k * rows * units);
  const dW = new Float64Array(k * inputs * units);
  const db = new Float64Array(k * units);
  const dA = new Float64Array(k * rows * inputs);
  for (let m = 0; m < k; m++) {
    for (let r = 0; r < rows; r++) {
      for (let j = 0; j < units; j++) {
        let s = b[m * units + j]!;
        for (let p = 0; p < inputs; p++) s += a[(m * rows + r) * inputs + p]! * w[(m * inputs + p) * units + j]!;
        z[(m * rows + r) * units + j] = s;
        db[m * units + j]! += dZ[(m * rows + r) * units + j]!;
      }
      for (let p = 0; p < inputs; p++) {
        let s = 0;
        for (let j = 0; j < units; j++) s += dZ[(m * rows + r) * units + j]! * w[(m * inputs + p) * units + j]!;
        dA[(m * rows + r) * inputs + p] = s;
        for (let j = 0; j < units; j++) dW[(m * inputs + p) * units + j]! += a[(m * rows + r) * inputs + p]! * dZ[(m * rows + r) * units + j]!;
      }
    }
  }
  return { z, dW, db, dA };
}

function expectClose(actual: Float32Array, expected: Float64Array, terms: number): void {
  expect(actual.length).toBe(expected.length);
  // float32 sums of `terms` standard-normal products: error within a few ulps per term
  for (let i = 0; i < actual.length; i++) expect(Math.abs(actual[i]! - expected[i]!)).toBeLessThan(1e-6 * terms * (1 + Math.abs(expected[i]!)) * 4);
}

describe('dense kernels', () => {
  afterAll(() => {
    selectDenseKernels('wasm');
  });

  it('the encoded WebAssembly module validates (Node has WebAssembly SIMD)', () => {
    const api = (globalThis as { WebAssembly?: { validate(b: Uint8Array): boolean } }).WebAssembly;
    expect(api?.validate(buildDenseModule())).toBe(true);
    expect(selectDenseKernels('wasm')).toBe(true);
  });

  it('forward and backward match their float64 definitions, with WebAssembly SIMD and JavaScript giving the same bits', () => {
    for (const [n, shape] of SHAPES.entries()) {
      const ops = operands(shape, n);
      const ref = reference(shape, ops);
      const results = (['wasm', 'js'] as const).map((impl) => {
        selectDenseKernels(impl);
        const { k, rows, inputs, units } = shape;
        const fused = denseForwardValues(ops.a, ops.w, ops.b, k, rows, inputs, units, RELU);
        return {
          z: denseForwardValues(ops.a, ops.w, ops.b, k, rows, inputs, units).z,
          ...denseBackwardValues(ops.a, ops.dZ, ops.w, k, rows, inputs, units, true),
          reluZ: fused.a!,
          // the input of a layer above a ReLU: zeros where the ReLU cut
          maskedDA: denseBackwardValues(ops.a.map((v) => (v < 0 ? 0 : v)), ops.dZ, ops.w, k, rows, inputs, units, true, RELU).dA!,
        };
      });
      const [wasm, js] = results as [(typeof results)[0], (typeof results)[0]];
      expectClose(wasm.z, ref.z, shape.inputs + 1);
      expectClose(wasm.dW, ref.dW, shape.rows);
      expectClose(wasm.db, ref.db, shape.rows);
      expectClose(wasm.dA!, ref.dA, shape.units);
      for (const key of ['z', 'dW', 'db', 'dA', 'reluZ', 'maskedDA'] as const) expect(bytes(js[key]!), `${key} of shape ${n}`).toEqual(bytes(wasm[key]!));
    }
  });

  it('a member gets the same bits alone as in an ensemble', () => {
    // in place (11 → 10) and packed (70 → 45)
    for (const [n, shape] of [{ k: 5, rows: 16, inputs: 11, units: 10 }, { k: 3, rows: 37, inputs: 70, units: 45 }].entries()) {
      const { k, rows, inputs, units } = shape;
      const ops = operands(shape, 9 + n);
      const all = denseBackwardValues(ops.a, ops.dZ, ops.w, k, rows, inputs, units, true);
      const allZ = denseForwardValues(ops.a, ops.w, ops.b, k, rows, inputs, units).z;
      const m = k - 2;
      const [aN, wN, zN] = [rows * inputs, inputs * units, rows * units];
      const member = { a: ops.a.subarray(m * aN, (m + 1) * aN), w: ops.w.subarray(m * wN, (m + 1) * wN), dZ: ops.dZ.subarray(m * zN, (m + 1) * zN) };
      const alone = denseBackwardValues(member.a, member.dZ, member.w, 1, rows, inputs, units, true);
      const aloneZ = denseForwardValues(member.a, member.w, ops.b.subarray(m * units, (m + 1) * units), 1, rows, inputs, units).z;
      expect(bytes(alone.dW)).toEqual(bytes(all.dW.subarray(m * wN, (m + 1) * wN)));
      expect(bytes(alone.db)).toEqual(bytes(all.db.subarray(m * units, (m + 1) * units)));
      expect(bytes(alone.dA!)).toEqual(bytes(all.dA!.subarray(m * aN, (m + 1) * aN)));
      expect(bytes(aloneZ)).toEqual(bytes(allZ.subarray(m * zN, (m + 1) * zN)));
    }
  });

  for (const backend of ['cpu', 'wasm'] as const) {
    it(`runs as tfjs kernels on ${backend}, equal to matMul and sum, leaving no tensor behind`, async () => {
      await useBackend(backend);
      const shape = { k: 3, rows: 6, inputs: 5, units: 7 };
      const ops = operands(shape, 4);
      const before = tf.memory().numTensors;
      const a = tf.tensor3d(ops.a, [3, 6, 5]);
      const w = tf.tensor3d(ops.w, [3, 5, 7]);
      const b = tf.tensor3d(ops.b, [3, 1, 7]);
      const dZ = tf.tensor3d(ops.dZ, [3, 6, 7]);
      const g = denseBackward(a, dZ, w, true);
      const ours = [denseForward(a, w, b).z, g.dW, g.db, g.dA!];
      const theirs = tf.tidy(() => [tf.add(tf.matMul(a, w), b), tf.matMul(a, dZ, true, false), tf.sum(dZ, 1, true), tf.matMul(dZ, w, false, true)]);
      const got = ours.map((t) => t.dataSync() as Float32Array);
      const want = theirs.map((t) => Float64Array.from(t.dataSync()));
      tf.dispose([a, w, b, dZ, ...ours, ...theirs]);
      for (const [i, g] of got.entries()) expectClose(g, want[i]!, 8);
      expect(tf.memory().numTensors).toBe(before);
      expect(tf.getKernel('InitlabDenseForward', backend)).toBeDefined();
    });
  }

  it('the fused ReLU, softmax cross-entropy gradient and update match the tfjs ops they replace', async () => {
    await useBackend('cpu');
    const rng = new Rng(11, 'fused');
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      const a = tf.tensor3d(rng.fillNormal(new Float32Array(2 * 5 * 4)), [2, 5, 4]);
      const w = tf.tensor3d(rng.fillNormal(new Float32Array(2 * 4 * 3)), [2, 4, 3]);
      const b = tf.tensor3d(rng.fillNormal(new Float32Array(2 * 3)), [2, 1, 3]);
      const dZ = tf.tensor3d(rng.fillNormal(new Float32Array(2 * 5 * 3)), [2, 5, 3]);
      const labels = [0, 2, 1, 1, 0, 2, 2, 0, 1, 0];
      const y = tf.tensor3d(Float32Array.from({ length: 30 }, (_, i) => (labels[Math.floor(i / 3)] === i % 3 ? 1 : 0)), [2, 5, 3]);
      const reluA = tf.relu(a) as tf.Tensor3D;
      const fused = denseForward(a, w, b, RELU);
      const plain = tf.relu(fused.z);
      const masked = denseBackward(reluA, dZ, w, true, RELU).dA!;
      const unmasked = denseBackward(reluA, dZ, w, true).dA!;
      const reference = tf.mul(unmasked, tf.step(reluA));
      const grad = softmaxCrossEntropyGradient(fused.z, y, 0.2);
      const gradRef = tf.mul(tf.sub(tf.softmax(fused.z), y), 0.2);
      const f32 = (t: tf.Tensor): Float32Array => t.dataSync() as Float32Array;
      expect(bytes(f32(fused.a))).toEqual(bytes(f32(plain)));
      expect(bytes(f32(masked))).toEqual(bytes(f32(reference)));
      expectClose(f32(grad), Float64Array.from(f32(gradRef)), 4);
    });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('the softmax cross-entropy kernel scores each row as the host scorer does', async () => {
    await useBackend('cpu');
    const rng = new Rng(12, 'row-stats');
    const [k, rows, units] = [3, 7, 4];
    const zValues = rng.fillNormal(new Float32Array(k * rows * units), 0, 5);
    const yValues = new Float32Array(k * rows * units);
    for (let i = 0; i < k * rows; i++) yValues[i * units + (i % units)] = 1;
    const before = tf.memory().numTensors;
    const stats = tf.tidy(() => {
      const out = softmaxCrossEntropyGradient(tf.tensor3d(zValues, [k, rows, units]), tf.tensor3d(yValues, [k, rows, units]), 1, true);
      return out.stats!.dataSync() as Float32Array;
    });
    expect(tf.memory().numTensors).toBe(before);
    const a = new Float64Array(units);
    const softmax = resolveActivation('softmax', 'output');
    for (let row = 0; row < k * rows; row++) {
      activateRow(zValues, row * units, units, softmax, a);
      const loss = rowLoss('softmax_ce', zValues, row * units, a, yValues, row * units, units);
      expect(Math.abs(stats[3 * row]! + stats[3 * row + 1]! - loss)).toBeLessThanOrEqual(1e-12 * Math.max(1, loss));
      expect(stats[3 * row + 2]).toBe(rowMetric('accuracy', 'categorical_crossentropy', a, yValues, row * units, units));
    }
  });

  describe('every activation fused', () => {
    const ACTIVATIONS: ActivationSpec[] = ['linear', 'relu', 'tanh', 'sigmoid', 'elu', { name: 'elu', alpha: 0.4 }, 'selu', 'gelu', 'softsign', 'leaky_relu', 'softmax'];
    const label = (a: ActivationSpec): string => (typeof a === 'string' ? a : JSON.stringify(a));

    it.each(ACTIVATIONS.map((a) => [label(a), a] as const))('%s: forward and backward give WebAssembly = JavaScript bits, the unfused routine’s bits, and a member’s bits alone', (_, spec) => {
      const act = resolveActivation(spec, 'test');
      for (const [n, shape] of SHAPES.entries()) {
        const { k, rows, inputs, units } = shape;
        const ops = operands(shape, 20 + n);
        // the layer below: its pre-activation and output (the input of this layer)
        const zBelow = ops.a.map((v) => v * 2);
        const aBelow = activationValues(zBelow, inputs, act);
        const run = (impl: 'wasm' | 'js') => {
          selectDenseKernels(impl);
          const f = denseForwardValues(ops.a, ops.w, ops.b, k, rows, inputs, units, act);
          const g = denseBackwardValues(aBelow, ops.dZ, ops.w, k, rows, inputs, units, true, act, zBelow);
          const plain = denseBackwardValues(aBelow, ops.dZ, ops.w, k, rows, inputs, units, true);
          return {
            z: f.z,
            a: f.a ?? f.z,
            unfusedA: activationValues(f.z, units, act),
            dA: g.dA!,
            unfusedDA: activationGradientValues(plain.dA!, zBelow, aBelow, inputs, act),
            dW: g.dW,
            aBelow: activationValues(zBelow, inputs, act),
          };
        };
        const wasm = run('wasm');
        const js = run('js');
        for (const key of Object.keys(wasm) as (keyof typeof wasm)[]) expect(bytes(js[key]), `${key} of shape ${n}`).toEqual(bytes(wasm[key]));
        expect(bytes(wasm.a)).toEqual(bytes(wasm.unfusedA));
        expect(bytes(wasm.dA)).toEqual(bytes(wasm.unfusedDA));
        if (act.name === 'linear') expect(bytes(wasm.dA)).toEqual(bytes(denseBackwardValues(aBelow, ops.dZ, ops.w, k, rows, inputs, units, true).dA!));
        selectDenseKernels('wasm');
        // member k − 1 alone
        const m = k - 1;
        const part = (x: Float32Array, size: number) => x.slice(m * size, (m + 1) * size);
        const alone = denseForwardValues(part(ops.a, rows * inputs), part(ops.w, inputs * units), part(ops.b, units), 1, rows, inputs, units, act);
        expect(bytes(alone.a ?? alone.z)).toEqual(bytes(part(wasm.a, rows * units)));
        const aloneBack = denseBackwardValues(part(aBelow, rows * inputs), part(ops.dZ, rows * units), part(ops.w, inputs * units), 1, rows, inputs, units, true, act, part(zBelow, rows * inputs));
        expect(bytes(aloneBack.dA!)).toEqual(bytes(part(wasm.dA, rows * inputs)));
      }
    });

    /** A 3 → 5 → 4 → 3 network with `hidden` in both hidden layers and its gradients on the current backend. */
    function networkGradients(hidden: ActivationSpec): Float32Array[] {
      const spec: ModelSpec = { inputDim: 3, hidden: [{ units: 5, activation: hidden }, { units: 4, activation: hidden }], output: { units: 3, activation: 'softmax' }, loss: 'categorical_crossentropy' };
      const layers = resolveLayers(spec);
      const rng = new Rng(3, 'network');
      const weights = [0, 1].map(() => layers.map((l) => ({ kernel: rng.fillNormal(new Float32Array(l.inputs * l.units)), bias: rng.fillNormal(new Float32Array(l.units), 0, 0.1), shape: [l.inputs, l.units] as [number, number] })));
      const before = tf.memory().numTensors;
      const params = stackWeights(layers, weights);
      const out = tf.tidy(() => {
        const x = tf.tensor3d(rng.fillNormal(new Float32Array(2 * 6 * 3)), [2, 6, 3]);
        const y = tf.oneHot(tf.tensor2d([0, 1, 2, 0, 1, 2, 2, 1, 0, 0, 1, 2], [2, 6], 'int32'), 3) as tf.Tensor3D;
        const { trace, grads } = gradients(layers, lossMode(spec.loss, layers[2]!.activation), params, x, tf.cast(y, 'float32'), 1 / 6);
        return [...trace.as, ...grads.kernels, ...grads.biases].map((t) => t.dataSync() as Float32Array);
      });
      tf.dispose([...params.kernels, ...params.biases]);
      expect(tf.memory().numTensors).toBe(before);
      return out;
    }

    it.each(ACTIVATIONS.map((a) => [label(a), a] as const))('%s: a network’s activations and gradients are the same bits on cpu and wasm', async (_, hidden) => {
      await useBackend('cpu');
      const cpu = networkGradients(hidden);
      await useBackend('wasm');
      const wasm = networkGradients(hidden);
      cpu.forEach((values, i) => expect(bytes(values), `output ${i}`).toEqual(bytes(wasm[i]!)));
    });

    it('training with SGD: cpu = wasm bits, and a member alone = in an ensemble, for tanh, gelu and sigmoid layers', async () => {
      const rng = new Rng(4, 'train');
      const xTrain = Array.from({ length: 40 }, () => Array.from(rng.fillNormal(new Float32Array(4))));
      const yTrain = Array.from({ length: 40 }, (_, i) => i % 3);
      const spec: ModelSpec = {
        inputDim: 4,
        hidden: [{ units: 6, activation: 'tanh' }, { units: 5, activation: 'gelu' }, { units: 5, activation: 'sigmoid' }],
        output: { units: 3, activation: 'softmax' },
        loss: 'sparse_categorical_crossentropy',
      };
      const opts = { epochs: 2, batchSize: 8, optimizer: 'sgd' as const, diagnostics: 'none' as const };
      const members = [{ seed: 1 }, { seed: 2 }, { seed: 3 }];
      await useBackend('cpu');
      const cpu = await trainEnsemble(spec, members, { xTrain, yTrain }, opts);
      await useBackend('wasm');
      const wasm = await trainEnsemble(spec, members, { xTrain, yTrain }, opts);
      const alone = await trainModel(spec, members[1]!, { xTrain, yTrain }, opts);
      const flat = (ws: readonly { kernel: Float32Array; bias: Float32Array }[]) => Float32Array.from(ws.flatMap((w) => [...w.kernel, ...w.bias]));
      cpu.members.forEach((m, i) => expect(bytes(flat(m.weights))).toEqual(bytes(flat(wasm.members[i]!.weights))));
      expect(bytes(flat(alone.weights))).toEqual(bytes(flat(wasm.members[1]!.weights)));
    });
  });
});
