// Issue 12: every public function of @initlab/models that takes an options (or spec, data, member) object
// refuses a key it does not read, with @initlab/errors' one message (did-you-mean, the allowed keys).
import { useBackend } from '@initlab/backends';
import { beforeAll, describe, expect, it } from 'vitest';
import { measureTraining } from './bench.js';
import {
  ModelsError,
  diagnoseAtInit,
  forwardTrace,
  initialWeights,
  lsuvInit,
  trainEnsemble,
  trainEnsembleParallel,
  trainModel,
  validateModelSpec,
  type ModelSpec,
} from './index.js';

beforeAll(async () => {
  await useBackend('cpu');
});

const spec: ModelSpec = { inputDim: 2, hidden: [{ units: 3, activation: 'relu' }], output: { units: 1 }, loss: 'mse' };
const x = [[0, 1], [1, 0], [0.5, 0.5], [1, 1]];
const y = [1, 0, 0.5, 2];
const data = { xTrain: x, yTrain: y };
const opts = { epochs: 1, optimizer: 'sgd' as const };

async function failure(run: () => unknown): Promise<ModelsError> {
  try {
    await run();
  } catch (error) {
    if (error instanceof ModelsError) return error;
    throw error;
  }
  throw new Error('expected a ModelsError');
}

describe('unknown keys are refused', () => {
  it('trainEnsemble: a misspelt option names the closest one', async () => {
    const error = await failure(() => trainEnsemble(spec, [{ seed: 1 }], data, { ...opts, batchsize: 2 } as never));
    expect(error.code).toBe('INVALID_OPTIONS');
    expect(error.message).toMatchInlineSnapshot(
      `"trainEnsemble: unknown option "batchsize" (did you mean "batchSize"?); allowed: batchLoss, batchSize, diagnostics, diagnosticsSamples, epochs, onProgress, optimizer, progress, shuffle, signal, threads"`,
    );
  });

  const cases: [string, string, () => unknown, RegExp][] = [
    ['trainModel options', 'INVALID_OPTIONS', () => trainModel(spec, { seed: 1 }, data, { ...opts, epoch: 2 } as never), /^trainEnsemble: unknown option "epoch" \(did you mean "epochs"\?\)/],
    ['training data', 'INVALID_DATA', () => trainEnsemble(spec, [{ seed: 1 }], { ...data, xValid: x } as never, opts), /^trainEnsemble: data: unknown option "xValid" \(did you mean "xVal"\?\); allowed: xTrain, xVal, yTrain, yVal/],
    ['a member', 'INVALID_OPTIONS', () => trainEnsemble(spec, [{ seed: 1, kernel_initializer: 'zeros' } as never], data, opts), /^trainEnsemble: members\[0\]: unknown option "kernel_initializer" \(did you mean "kernelInitializer"\?\)/],
    ['an lsuv member initializer', 'INVALID_OPTIONS', () => trainEnsemble(spec, [{ seed: 1, kernelInitializer: { name: 'lsuv', tol: 0.1 } as never }], data, opts), /^trainEnsemble: members\[0\]\.kernelInitializer \(lsuv\): unknown option "tol" \(did you mean "tolerance"\?\); allowed: batchSize, maxIterations, name, tolerance$/],
    ['the model spec', 'INVALID_SPEC', () => validateModelSpec({ ...spec, kernel_initializer: 'zeros' } as never), /^validateModelSpec: spec: unknown option "kernel_initializer" \(did you mean "kernelInitializer"\?\)/],
    ['a layer', 'INVALID_SPEC', () => validateModelSpec({ ...spec, output: { units: 1, activaton: 'sigmoid' } as never }), /^validateModelSpec: output: unknown option "activaton" \(did you mean "activation"\?\)/],
    ['an activation', 'INVALID_SPEC', () => validateModelSpec({ ...spec, hidden: [{ units: 2, activation: { name: 'leaky_relu', slope: 0.1 } as never }] }), /^validateModelSpec: hidden\[0\]\.activation: unknown option "slope"; allowed: alpha, name/],
    ['diagnoseAtInit data', 'INVALID_DATA', () => diagnoseAtInit(spec, [{ seed: 1 }], { x, targets: y } as never), /^diagnoseAtInit: data: unknown option "targets"; allowed: x, y/],
    ['forwardTrace data', 'INVALID_DATA', () => forwardTrace(spec, [{ seed: 1 }], { x, Y: y } as never), /^forwardTrace: data: unknown option "Y" \(did you mean "y"\?\)/],
    ['initialWeights data', 'INVALID_DATA', () => initialWeights(spec, { seed: 1 }, { x, rows: 4 } as never), /^initialWeights: data: unknown option "rows"; allowed: x$/],
    ['lsuvInit options', 'INVALID_OPTIONS', () => lsuvInit(spec, x, { seed: 1, maxIter: 3 } as never), /^lsuvInit: unknown option "maxIter" \(did you mean "maxIterations"\?\)/],
    ['an optimizer', 'INVALID_OPTIONS', () => trainEnsemble(spec, [{ seed: 1 }], data, { ...opts, optimizer: { name: 'adam', lr: 0.1 } as never }), /^adam optimizer: unknown option "lr"/],
    ['measureTraining options', 'INVALID_OPTIONS', () => measureTraining({ models: 1, epochs: 1, reps: 1, warmup: 0 } as never), /^measureTraining: unknown option "warmup"; allowed: epochs, models, reps/],
    [
      'trainEnsembleParallel options',
      'INVALID_OPTIONS',
      () => trainEnsembleParallel(spec, [{ seed: 1 }], data, { ...opts, backend: { name: 'cpu' }, wokers: 2 } as never),
      /^trainEnsembleParallel: unknown option "wokers" \(did you mean "workers"\?\)/,
    ],
    [
      'the parallel backend',
      'INVALID_OPTIONS',
      () => trainEnsembleParallel(spec, [{ seed: 1 }], data, { ...opts, backend: { name: 'cpu', modul: 'x' } as never }),
      /^trainEnsembleParallel: backend: unknown option "modul" \(did you mean "module"\?\); allowed: module, name, options/,
    ],
  ];

  it.each(cases)('%s → %s', async (_, code, run, message) => {
    const error = await failure(run);
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
    expect(error.message).not.toContain('\n');
  });

  it('the allowed keys still work, including worker settings in trainEnsembleParallel', async () => {
    expect(validateModelSpec({ ...spec, kernelInitializer: 'he_normal', biasInitializer: 'zeros' })).toBeDefined();
    const run = await trainModel(spec, { id: 'a', seed: 1, kernelInitializer: 'zeros', initializerScope: 'all' }, { ...data, xVal: x, yVal: y }, { ...opts, batchSize: 2, shuffle: false });
    expect(run.status).toBe('ok');
    expect(forwardTrace(spec, [{ seed: 1 }], { x, y })[0]!.layers).toHaveLength(2);
  });
});
