import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '@initlab/backends';
import { describe, expect, it } from 'vitest';
import { trainEnsemble, trainEnsembleParallel, type EnsembleMember, type ProgressEvent } from './index.js';
import { partition } from './parallel.js';
import { regressionData } from './testing/synthetic.js';

// The workers run this package's TypeScript sources: they preload a module that registers tsx,
// and resolve sibling packages through their `source` export condition.
const workerExecArgv = ['--conditions=source'];
const workerPreload = [new URL('./testing/register-tsx.mjs', import.meta.url).href];

const spec = { inputDim: 5, hidden: [{ units: 16, activation: 'tanh' as const }], output: { units: 1 }, loss: 'mse' as const };
const { x, y } = regressionData(100, 5, 4);
const members: EnsembleMember[] = [
  { seed: 1 },
  { seed: 2, kernelInitializer: 'he_normal' },
  { seed: 3, kernelInitializer: { name: 'random_normal', stddev: 0.01 } },
  { seed: 4, kernelInitializer: 'lsuv' },
  { seed: 5, kernelInitializer: 'orthogonal' },
];

describe('partition', () => {
  it('splits into contiguous chunks whose sizes differ by at most one', () => {
    expect(partition([1, 2, 3, 4, 5], 2)).toEqual([[1, 2, 3], [4, 5]]);
    expect(partition([1, 2], 4)).toEqual([[1], [2]]);
  });
});

describe('trainEnsembleParallel', () => {
  it('trains residual and normalized networks to the same bits as trainEnsemble (extras and moving statistics included)', async () => {
    await useBackend('cpu');
    const resnet = {
      inputDim: 5,
      hidden: [
        { units: 8 },
        { type: 'residual' as const, gate: true, layers: [{ type: 'batchnorm' as const }, { type: 'activation' as const, activation: 'relu' as const }, { units: 8 }] },
        { type: 'dropout' as const, rate: 0.1 },
      ],
      output: { units: 1 },
      loss: 'mse' as const,
    };
    const opts = { epochs: 2, batchSize: 16, optimizer: 'adam' as const };
    const data = { xTrain: x, yTrain: y, xVal: x, yVal: y };
    const gated = [{ seed: 1 }, { seed: 2, kernelInitializer: 'rezero' as const }, { seed: 3, kernelInitializer: 'he_normal' }];
    const single = await trainEnsemble(resnet, gated, data, opts);
    const parallel = await trainEnsembleParallel(resnet, gated, data, { ...opts, backend: { name: 'cpu' }, workers: 2, workerExecArgv, workerPreload });
    parallel.members.forEach((m, i) => {
      const s = single.members[i]!;
      expect(m.history).toEqual(s.history);
      expect(m.weights.map((w) => Array.from(w.kernel))).toEqual(s.weights.map((w) => Array.from(w.kernel)));
      expect(m.extras.params.map((p) => Array.from(p))).toEqual(s.extras.params.map((p) => Array.from(p)));
      expect(m.extras.buffers.map((b) => Array.from(b))).toEqual(s.extras.buffers.map((b) => Array.from(b)));
    });
    expect(single.members[1]!.diagnostics.network!.init!.blocks[0]!.gate).toBe(0);
  });

  it('gives the same results as trainEnsemble, with merged progress events', async () => {
    await useBackend('cpu');
    const opts = { epochs: 3, batchSize: 16, optimizer: 'adam' as const };
    const data = { xTrain: x, yTrain: y, xVal: x, yVal: y };
    const single = await trainEnsemble(spec, members, data, opts);
    const events: ProgressEvent[] = [];
    const before = tf.memory().numTensors;
    const parallel = await trainEnsembleParallel(spec, members, data, {
      ...opts,
      backend: { name: 'cpu' },
      workers: 2,
      workerExecArgv,
      workerPreload,
      onProgress: (e) => events.push(e),
    });
    expect(tf.memory().numTensors).toBe(before);
    expect(parallel.backend).toBe('cpu');
    expect(parallel.members.map((m) => m.id)).toEqual(single.members.map((m) => m.id));
    parallel.members.forEach((m, i) => {
      const s = single.members[i]!;
      expect(m.initialWeights).toEqual(s.initialWeights);
      m.history.forEach((record, e) => expect(Math.abs(record.loss - s.history[e]!.loss)).toBeLessThan(1e-6));
      expect(m.diagnostics.init).toEqual(s.diagnostics.init);
    });
    const epochEvents = events.filter((e) => e.type === 'epoch');
    expect(epochEvents.map((e) => e.epoch)).toEqual([1, 2, 3]);
    expect(epochEvents.every((e) => e.type === 'epoch' && e.members.length === 5 && e.members.every((m) => m.record !== null))).toBe(true);
  });

  it('aborts its workers and reports worker failures as WORKER_FAILED', async () => {
    const controller = new AbortController();
    const result = await trainEnsembleParallel(spec, members.slice(0, 2), { xTrain: x, yTrain: y }, {
      epochs: 1000,
      optimizer: 'sgd',
      backend: { name: 'cpu' },
      workers: 1,
      workerExecArgv,
      workerPreload,
      signal: controller.signal,
      onProgress: (e) => {
        if (e.type === 'epoch' && e.epoch === 2) controller.abort();
      },
    });
    expect(result.members.map((m) => m.status)).toEqual(['aborted', 'aborted']);
    expect(result.members.every((m) => m.history.length >= 2 && m.history.length < 1000)).toBe(true);
    await expect(
      trainEnsembleParallel(spec, members.slice(0, 1), { xTrain: x, yTrain: y }, {
        epochs: 1,
        optimizer: 'sgd',
        backend: { name: 'cpu', module: 'no-such-backend-module' },
        workerExecArgv,
      workerPreload,
      }),
    ).rejects.toMatchObject({ code: 'WORKER_FAILED', message: expect.stringMatching(/worker 0 failed: .*no-such-backend-module/) });
  });
});
