import { useBackend } from '@initlab/backends';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatBytes } from './format-bytes.js';
import { checkMemory, minimumTensorBytes, WASM_HEAP_BYTES } from './memory.js';
import { resolveLayers } from './spec.js';

const wide = (width: number, depth: number) =>
  resolveLayers({ inputDim: 2, hidden: Array.from({ length: depth }, () => ({ units: width, activation: 'tanh' as const })), output: { units: 2 }, loss: 'sparse_categorical_crossentropy' });

describe('memory a pass needs', () => {
  it('counts every parameter and traced activation once, in float32', () => {
    // 2 → 3 → 2: (2·3 + 3) + (3·2 + 2) = 17 parameters; 5 rows × (3 + 2) units = 25 activations.
    const layers = resolveLayers({ inputDim: 2, hidden: [{ units: 3, activation: 'relu' }], output: { units: 2 }, loss: 'mse' });
    expect(minimumTensorBytes(layers, 1, 0)).toBe(4 * 17);
    expect(minimumTensorBytes(layers, 2, 5)).toBe(2 * 4 * (17 + 25));
  });

  it('formats sizes in binary units', () => {
    expect([formatBytes(512), formatBytes(2 ** 31), formatBytes(32e9)]).toEqual(['512 B', '2 GiB', '29.8 GiB']);
  });
});

describe('checkMemory on the wasm backend', () => {
  beforeAll(async () => {
    await useBackend('wasm');
  });

  it('refuses diagnose --width 20000 before allocating, with the size and the limit', () => {
    expect(tf.getBackend()).toBe('wasm');
    const before = tf.memory().numTensors;
    expect(() => checkMemory('diagnoseAtInit', wide(20_000, 20), 1, 256)).toThrow(
      /^diagnoseAtInit: the network needs at least 28\.7 GiB of tensor memory \(21 layers up to 20000 units wide, 256 rows\), more than the 2 GiB the wasm backend can hold/,
    );
    expect(tf.memory().numTensors).toBe(before);
  });

  it('lets through what fits, up to the limit', () => {
    expect(() => checkMemory('trainEnsemble', wide(256, 8), 40, 0)).not.toThrow();
    expect(minimumTensorBytes(wide(12_000, 2), 1, 0)).toBeLessThan(WASM_HEAP_BYTES);
  });
});
