import { useBackend } from '@initlab/backends';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkArchitectureInit, residualStack, resolveNetwork, trainEnsemble, validateModelSpec, type ModelSpec } from './index.js';

beforeAll(async () => {
  await useBackend('cpu');
});

const specOf = (hidden: ModelSpec['hidden'], inputDim = 5): ModelSpec => ({
  inputDim,
  hidden,
  output: { units: 3, activation: 'softmax' },
  loss: 'sparse_categorical_crossentropy',
});

describe('residualStack', () => {
  it('builds a pre-activation stack: linear stem, [norm → act → dense] × m per block, then norm → act', () => {
    const hidden = residualStack({ blocks: 2, width: 8, norm: 'batch' });
    expect(hidden[0]).toEqual({ units: 8, activation: 'linear' });
    expect(hidden[1]).toEqual({
      type: 'residual',
      order: 'pre',
      gate: true,
      layers: [
        { type: 'batchnorm' },
        { type: 'activation', activation: 'relu' },
        { units: 8 },
        { type: 'batchnorm' },
        { type: 'activation', activation: 'relu' },
        { units: 8 },
      ],
    });
    expect(hidden.slice(3)).toEqual([{ type: 'batchnorm' }, { type: 'activation', activation: 'relu' }]);
    expect(hidden).toHaveLength(5);
    const net = resolveNetwork(specOf(hidden));
    // stem + 2 blocks × 2 + output
    expect(net.dense.map((d) => [d.inputs, d.units])).toEqual([[5, 8], [8, 8], [8, 8], [8, 8], [8, 8], [8, 3]]);
    expect(net.blocks.map((b) => [b.projection, b.gate >= 0, b.activation.name])).toEqual([
      [null, true, 'linear'],
      [null, true, 'linear'],
    ]);
    expect(net.norms).toHaveLength(5);
  });

  it('builds a post-activation stack: dense → [norm] → act, the last activation after the sum', () => {
    const hidden = residualStack({ blocks: 1, width: 4, layersPerBlock: 3, norm: 'layer', order: 'post', activation: 'tanh', gate: false, convention: 'pytorch' });
    const ln = { type: 'layernorm', convention: 'pytorch' };
    const act = { type: 'activation', activation: 'tanh' };
    expect(hidden).toEqual([
      { units: 4, activation: 'linear' },
      ln,
      act,
      { type: 'residual', order: 'post', activation: 'tanh', gate: false, layers: [{ units: 4 }, ln, act, { units: 4 }, ln, act, { units: 4 }, ln] },
    ]);
    const net = resolveNetwork(specOf(hidden));
    expect(net.blocks[0]!.gate).toBe(-1);
    expect(net.blocks[0]!.activation.name).toBe('tanh');
  });

  it('without normalization has no norm layers, and gives every block its own objects', () => {
    const hidden = residualStack({ blocks: 3, width: 6, layersPerBlock: 1 });
    expect(JSON.stringify(hidden)).not.toContain('norm');
    expect(hidden[1]).not.toBe(hidden[2]);
    expect((hidden[1] as { layers: unknown[] }).layers[0]).not.toBe((hidden[2] as { layers: unknown[] }).layers[0]);
    expect(validateModelSpec(specOf(hidden)).hidden).toBe(hidden);
  });

  it('fits the architecture initializations it is meant for, and the models package refuses the others', () => {
    const plain = resolveNetwork(specOf(residualStack({ blocks: 2, width: 8 })));
    const batch = resolveNetwork(specOf(residualStack({ blocks: 2, width: 8, norm: 'batch' })));
    const ungated = resolveNetwork(specOf(residualStack({ blocks: 2, width: 8, gate: false })));
    for (const scheme of ['fixup', 'rezero', 'skipinit'] as const) expect(() => checkArchitectureInit(plain, scheme, 'm')).not.toThrow();
    expect(() => checkArchitectureInit(batch, 'zero_last_norm_gamma', 'm')).not.toThrow();
    expect(() => checkArchitectureInit(batch, 'fixup', 'm')).toThrow(/'fixup' is for networks without normalization/);
    expect(() => checkArchitectureInit(plain, 'zero_last_norm_gamma', 'm')).toThrow(/block 0's branch has none/);
    expect(() => checkArchitectureInit(ungated, 'rezero', 'm')).toThrow(/block 0 has no gate/);
  });

  it('refuses bad options with one line naming the option', () => {
    expect(() => residualStack({ blocks: 0, width: 8 })).toThrow(/^residualStack: blocks must be a positive integer, got 0$/);
    expect(() => residualStack({ blocks: 2, width: 2.5 })).toThrow(/width must be a positive integer, got 2.5/);
    expect(() => residualStack({ blocks: 2, width: 8, layersPerBlock: -1 })).toThrow(/layersPerBlock/);
    expect(() => residualStack({ blocks: 2, width: 8, norm: 'group' as never })).toThrow(/norm must be one of 'batch', 'layer', 'none', got "group"/);
    expect(() => residualStack({ blocks: 2, width: 8, order: 'mid' as never })).toThrow(/order must be 'pre' or 'post'/);
    expect(() => residualStack({ blocks: 2, width: 8, gate: 1 as never })).toThrow(/gate must be true or false/);
    expect(() => residualStack({ blocks: 2, width: 8, convention: 'pytorch' })).toThrow(/convention applies to norm 'batch' or 'layer'/);
    expect(() => residualStack({ blocks: 2, width: 8, activation: 'swish' as never })).toThrow(/activation must be one of/);
    expect(() => residualStack({ blocks: 2, width: 8, depth: 3 } as never)).toThrow(/depth/);
  });

  it('trains: rezero and zero_last_norm_gamma start every block as its skip path, and the loss falls', async () => {
    const rows = 64;
    const x = Array.from({ length: rows }, (_, r) => Array.from({ length: 5 }, (_, c) => Math.sin(r * 0.7 + c)));
    const y = x.map((row) => (row[0]! > 0.3 ? 2 : row[1]! > 0 ? 1 : 0));
    const before = tf.memory().numTensors;
    for (const [norm, scheme] of [
      ['none', 'rezero'],
      ['batch', 'zero_last_norm_gamma'],
    ] as const) {
      const spec = specOf(residualStack({ blocks: 3, width: 8, norm }));
      const result = await trainEnsemble(spec, [{ seed: 1, kernelInitializer: scheme }], { xTrain: x, yTrain: y }, { epochs: 15, batchSize: 16, optimizer: { name: 'adam', learningRate: 0.01 } });
      const member = result.members[0]!;
      expect(member.status).toBe('ok');
      expect(member.history[member.history.length - 1]!.loss).toBeLessThan(member.history[0]!.loss);
    }
    expect(tf.memory().numTensors).toBe(before);
  });
});
