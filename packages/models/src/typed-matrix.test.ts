// Training, prediction and evaluation take @initlab/matrix's typed matrix (what @initlab/data loads) as well
// as rows, and give the same bits for the same numbers. (trainModel is trainEnsemble of one, whose name
// its messages carry.)
import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '@initlab/backends';
import { fromRows, matrix } from '@initlab/matrix';
import { beforeAll, describe, expect, it } from 'vitest';
import { evaluate, predict, trainModel, type ModelsError } from './index.js';
import { toDenseMatrix } from './data.js';
import { WINE_SPEC, wineSplit } from './testing/wine.js';

beforeAll(async () => {
  await useBackend('cpu');
});

const fit = { epochs: 2, batchSize: 32, optimizer: 'adam', diagnostics: 'none' } as const;

describe('a typed matrix as training data', () => {
  it('trains to the same bits as the same values given as rows, float32 and float64 alike', async () => {
    const { xTrain, yTrain, xTest, yTest } = wineSplit();
    const asRows = await trainModel(WINE_SPEC, { seed: 3 }, { xTrain, yTrain, xVal: xTest, yVal: yTest }, fit);
    expect(asRows.history.map((e) => typeof e.valLoss)).toEqual(['number', 'number']);
    for (const dtype of ['float32', 'float64'] as const) {
      const typed = await trainModel(
        WINE_SPEC,
        { seed: 3 },
        { xTrain: fromRows(xTrain, dtype), yTrain, xVal: fromRows(xTest, dtype), yVal: matrix(Float64Array.from(yTest), yTest.length, 1) },
        fit,
      );
      expect(typed.history).toEqual(asRows.history);
      const weights = typed.weights.map((w) => Array.from(w.kernel));
      expect(weights).toEqual(asRows.weights.map((w) => Array.from(w.kernel)));
      const p = predict(WINE_SPEC, typed.weights, fromRows(xTest, dtype));
      expect(p).toEqual(predict(WINE_SPEC, asRows.weights, xTest));
      expect(p).toHaveLength(xTest.length);
      expect(evaluate(WINE_SPEC, typed.weights, fromRows(xTest, dtype), yTest)).toEqual(evaluate(WINE_SPEC, asRows.weights, xTest, yTest));
    }
  });

  it('reads float32 values where they are (no copy) and leaves no tensor behind', async () => {
    const values = new Float32Array([0, 1, 2, 3, 4, 5]);
    expect(toDenseMatrix(matrix(values, 2, 3), 3, 'x').values).toBe(values);
    expect(toDenseMatrix(matrix(new Float64Array(values), 2, 3), 3, 'x').values).toEqual(values);
    const { xTrain, yTrain } = wineSplit();
    const before = tf.memory().numTensors;
    await trainModel(WINE_SPEC, { seed: 1 }, { xTrain: fromRows(xTrain, 'float32'), yTrain }, { ...fit, epochs: 1 });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses a matrix of the wrong width, no rows or a non-finite value, naming where', async () => {
    const bad = async (xTrain: Parameters<typeof toDenseMatrix>[0], yTrain: number[]): Promise<string> => {
      try {
        await trainModel(WINE_SPEC, { seed: 1 }, { xTrain, yTrain }, fit);
      } catch (err) {
        expect((err as ModelsError).code).toBe('INVALID_DATA');
        return (err as Error).message;
      }
      throw new Error('expected training to refuse the data');
    };
    expect(await bad(matrix(new Float32Array(2 * 5), 2, 5), [0, 1])).toBe('trainEnsemble: data.xTrain must have 11 columns (the model\'s inputs), got a 2 × 5 matrix');
    expect(await bad(matrix(new Float32Array(0), 0, 11), [])).toBe('trainEnsemble: data.xTrain must hold at least one row, got a matrix of 0 rows');
    const values = new Float64Array(2 * 11);
    values[13] = Number.NaN;
    expect(await bad(matrix(values, 2, 11), [0, 1])).toBe('trainEnsemble: data.xTrain[1][2] must be a finite number, got NaN');
  });
});
