// The facts of ../shared/datasets/README.md, reproduced through this package's public API.
import { describe, expect, it } from 'vitest';
import { LabelEncoder, MinMaxScaler, StandardScaler, TargetScaler, trainTestSplit, trainTestSplitIndices } from './index.js';
import { checksum, readNumericCsv, sklearn } from './__fixtures__/load.js';

const boston = readNumericCsv('housing.csv', ',');
const wine = readNumericCsv('winequality-red.csv', ';');

function mse(pred: (i: number) => number, y: readonly number[]): number {
  let s = 0;
  y.forEach((v, i) => {
    s += (v - pred(i)) ** 2;
  });
  return s / y.length;
}

describe('Boston housing (Udacity MLND variant)', () => {
  const X = boston.rows.map((r) => r.slice(0, 3));
  const y = boston.rows.map((r) => r[3] as number);
  const rowIds = boston.rows.map((_, i) => i);

  it('has the documented shape', () => {
    expect(boston.header).toEqual(['RM', 'LSTAT', 'PTRATIO', 'MEDV']);
    expect(boston.rows).toHaveLength(489);
  });

  it('splits 391/98 with the documented first and last training rows', () => {
    const split = trainTestSplit(rowIds, y, { testSize: 0.2, randomState: 42 });
    expect([split.XTrain.length, split.XTest.length]).toEqual([391, 98]);
    expect(split.XTrain.slice(0, 5)).toEqual([325, 140, 433, 416, 487]);
    expect(split.XTrain.slice(-5)).toEqual([106, 270, 348, 435, 102]);
    expect(split.yTrain[0]).toBe(y[325]);
  });

  it('StandardScaler fitted on the training features maps training row 0 as scikit-learn', () => {
    const { XTrain, XTest } = trainTestSplit(X, y, { testSize: 0.2, randomState: 42 });
    const scaler = new StandardScaler().fit(XTrain);
    const row0 = scaler.transform(XTrain.slice(0, 1))[0] ?? [];
    const documented = [-0.57729555, -0.42657057, 0.80699513];
    row0.forEach((v, c) => expect(Math.abs(v - (documented[c] as number))).toBeLessThan(1e-7));

    // Against scikit-learn's own fitted attributes, bit for bit.
    const ref = sklearn.bostonStandardScaler;
    expect([scaler.mean, scaler.var, scaler.scale]).toEqual([ref.mean, ref.var, ref.scale]);
    expect(scaler.transform(XTest.slice(0, 1))[0]).toEqual(ref.testRow0);
  });

  it('MinMaxScaler(featureRange [-1, 1]) matches scikit-learn on the training features', () => {
    const { XTrain, XTest } = trainTestSplit(X, y, { testSize: 0.2, randomState: 42 });
    const scaler = new MinMaxScaler({ featureRange: [-1, 1] }).fit(XTrain);
    const ref = sklearn.bostonMinMaxScaler;
    scaler.scale.forEach((v, c) => expect(v).toBeCloseTo(ref.scale[c] as number, 14));
    scaler.min.forEach((v, c) => expect(v).toBeCloseTo(ref.min[c] as number, 12));
    (scaler.transform(XTest.slice(0, 1))[0] ?? []).forEach((v, c) => expect(v).toBeCloseTo(ref.testRow0[c] as number, 12));
  });

  it('MEDV mean and variance, and the two baseline MSEs on the test split', () => {
    const mean = y.reduce((a, b) => a + b, 0) / y.length;
    const variance = y.reduce((a, b) => a + (b - mean) ** 2, 0) / y.length;
    expect(mean).toBeCloseTo(454342.9, 1);
    expect(variance / 2.73e10).toBeCloseTo(1, 2);

    const { yTrain, yTest } = trainTestSplit(X, y, { testSize: 0.2, randomState: 42 });
    expect(mse(() => 0, yTest) / 2.024e11).toBeCloseTo(1, 3);
    const target = new TargetScaler().fit(yTrain);
    const trainMean = target.mean as number;
    expect(mse(() => trainMean, yTest) / 2.335e10).toBeCloseTo(1, 3);
    // Predicting 0 in standardised units is predicting the training mean in dollars.
    const back = target.inverseTransform(yTest.map(() => 0));
    expect(mse((i) => back[i] as number, yTest)).toBeCloseTo(mse(() => trainMean, yTest), 6);
  });
});

describe('Red wine quality, binarised (good when quality >= 6)', () => {
  const quality = wine.rows.map((r) => r[r.length - 1] as number);
  const labels = quality.map((q) => (q >= 6 ? 'good' : 'bad'));

  it('has 1,599 rows, 855 good and 744 bad, and LabelEncoder maps bad=0, good=1', () => {
    expect(wine.rows).toHaveLength(1599);
    expect(wine.header[wine.header.length - 1]).toBe('quality');
    const enc = new LabelEncoder().fit(labels);
    expect(enc.classes).toEqual(['bad', 'good']);
    const y = enc.transform(labels);
    expect(y.filter((v) => v === 1)).toHaveLength(855);
    expect(y.filter((v) => v === 0)).toHaveLength(744);
  });

  it('splits 1,279/320 at test_size 0.2, seed 42, with 179 good in the test set (share 0.559375)', () => {
    const y = new LabelEncoder().fitTransform(labels);
    const { XTrain, XTest, yTest } = trainTestSplit(wine.rows, y, { testSize: 0.2, randomState: 42 });
    expect([XTrain.length, XTest.length]).toEqual([1279, 320]);
    const good = yTest.filter((v) => v === 1).length;
    expect(good).toBe(179);
    expect(good / yTest.length).toBe(0.559375);
  });

  it('a stratified split gives scikit-learn’s rows and keeps the good share', () => {
    const y = new LabelEncoder().fitTransform(labels);
    const { train, test } = trainTestSplitIndices(y.length, { testSize: 0.2, randomState: 42, stratify: y });
    const ref = sklearn.wineStratified;
    expect([train.length, test.length]).toEqual([ref.nTrain, ref.nTest]);
    expect(train.slice(0, 10)).toEqual(ref.trainHead);
    expect(test.slice(0, 10)).toEqual(ref.testHead);
    expect([checksum(train), checksum(test)]).toEqual([ref.trainSum, ref.testSum]);
    expect(test.filter((i) => y[i] === 1)).toHaveLength(ref.testGood);
  });
});
