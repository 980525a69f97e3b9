import fc from 'fast-check';
import { RandomState } from '@initlab/random';
import { describe, expect, it } from 'vitest';
import { PreprocessError } from './errors.js';
import { splitSizes } from './split-sizes.js';
import { trainTestSplit, trainTestSplitIndices } from './split.js';
import { checksum, opt, sklearn } from './__fixtures__/load.js';

describe('trainTestSplitIndices matches scikit-learn 1.2.1 row for row', () => {
  it('was checked against the scikit-learn version the issue names', () => {
    expect(sklearn.sklearn).toBe('1.2.1');
  });

  it.each(sklearn.shuffle.map((c) => [`n=${c.n} test=${c.testSize} train=${c.trainSize} seed=${c.randomState}`, c] as const))(
    'shuffled split %s',
    (_name, c) => {
      const got = trainTestSplitIndices(c.n, { testSize: opt(c.testSize), trainSize: opt(c.trainSize), randomState: c.randomState });
      expect(got).toEqual({ train: c.train, test: c.test });
    },
  );

  it.each(sklearn.large.map((c) => [c.n, c] as const))('long permutation, n=%i', (_n, c) => {
    const { train, test } = trainTestSplitIndices(c.n, { testSize: c.testSize, randomState: c.randomState });
    expect([train.length, test.length]).toEqual([c.nTrain, c.nTest]);
    expect(train.slice(0, 10)).toEqual(c.trainHead);
    expect(test.slice(0, 10)).toEqual(c.testHead);
    expect([checksum(train), checksum(test)]).toEqual([c.trainSum, c.testSum]);
  });

  it.each(sklearn.noShuffle.map((c) => [`n=${c.n} test=${c.testSize} train=${c.trainSize}`, c] as const))(
    'shuffle: false %s',
    (_name, c) => {
      const got = trainTestSplitIndices(c.n, { testSize: opt(c.testSize), trainSize: opt(c.trainSize), shuffle: false });
      expect(got).toEqual({ train: c.train, test: c.test });
    },
  );

  it('accepts and rejects exactly the sizes scikit-learn does, with its lengths', () => {
    expect(sklearn.sizeGrid.length).toBeGreaterThan(3000);
    const mismatches: string[] = [];
    for (const [n, testSize, trainSize, nTrain, nTest] of sklearn.sizeGrid) {
      const opts = { testSize: opt(testSize), trainSize: opt(trainSize), randomState: 0 };
      let got: string;
      try {
        const { train, test } = trainTestSplitIndices(n, opts);
        got = `${train.length}/${test.length}`;
      } catch (err) {
        if (!(err instanceof PreprocessError)) throw err;
        got = 'error';
      }
      const want = nTrain === null ? 'error' : `${nTrain}/${nTest}`;
      if (got !== want) mismatches.push(`n=${n} test=${testSize} train=${trainSize}: got ${got}, sklearn ${want}`);
    }
    expect(mismatches).toEqual([]);
  });

  it("reproduces the docstring example of train_test_split (test_size=0.33, random_state=42)", () => {
    const X = [[0, 1], [2, 3], [4, 5], [6, 7], [8, 9]];
    const { XTrain, XTest, yTrain, yTest } = trainTestSplit(X, [0, 1, 2, 3, 4], { testSize: 0.33, randomState: 42 });
    expect(XTrain).toEqual([[4, 5], [0, 1], [6, 7]]);
    expect(XTest).toEqual([[2, 3], [8, 9]]);
    expect(yTrain).toEqual([2, 0, 3]);
    expect(yTest).toEqual([1, 4]);
  });

  it('is RandomState(seed).permutation(n) cut test-first', () => {
    const perm = new RandomState(42).permutation(10);
    expect(perm).toEqual([8, 1, 5, 0, 7, 2, 9, 4, 3, 6]);
    expect(trainTestSplitIndices(10, { testSize: 0.2, randomState: 42 })).toEqual({
      test: perm.slice(0, 2),
      train: perm.slice(2),
    });
  });

  it('same seed gives the same split, a different seed a different one', () => {
    const a = trainTestSplitIndices(200, { randomState: 7 });
    const b = trainTestSplitIndices(200, { randomState: 7 });
    const c = trainTestSplitIndices(200, { randomState: 8 });
    expect(b).toEqual(a);
    expect(c.test).not.toEqual(a.test);
  });

  it('without randomState still returns a valid split of the default sizes', () => {
    const { train, test } = trainTestSplitIndices(40);
    expect([train.length, test.length]).toEqual([30, 10]);
    expect(new Set([...train, ...test]).size).toBe(40);
  });
});

describe('trainTestSplit', () => {
  it('keeps X rows and y values paired and returns the row objects themselves', () => {
    const X = Array.from({ length: 50 }, (_, i) => ({ id: i }));
    const y = X.map((row) => row.id * 10);
    const { XTrain, XTest, yTrain, yTest } = trainTestSplit(X, y, { testSize: 0.3, randomState: 3 });
    expect(XTrain.map((r) => r.id * 10)).toEqual(yTrain);
    expect(XTest.map((r) => r.id * 10)).toEqual(yTest);
    expect(XTrain[0]).toBe(X[XTrain[0]?.id ?? -1]);
    const { train, test } = trainTestSplitIndices(50, { testSize: 0.3, randomState: 3 });
    expect(XTrain.map((r) => r.id)).toEqual(train);
    expect(XTest.map((r) => r.id)).toEqual(test);
  });

  it('refuses X and y of different lengths', () => {
    expect(() => trainTestSplit([[1], [2], [3]], [1, 2], {})).toThrowErrorMatchingInlineSnapshot(
      `[PreprocessError: trainTestSplit: X and y must hold the same number of samples, got 3 rows in X and 2 targets in y]`,
    );
  });
});

// Sizes as scikit-learn computes them, written independently of splitSizes.
function expectedSizes(n: number, test: number | undefined, train: number | undefined): [number, number] {
  const t = test === undefined && train === undefined ? 0.25 : test;
  const nTest = t === undefined ? undefined : Number.isInteger(t) ? t : Math.ceil(t * n);
  const nTrain = train === undefined ? undefined : Number.isInteger(train) ? train : Math.floor(train * n);
  return [nTrain ?? n - (nTest as number), nTest ?? n - (nTrain as number)];
}

// Valid (testSize, trainSize) pairs for n: counts in [1, n-1] or fractions in (0, 1), or absent.
const sizesFor = (n: number) => {
  const count = fc.integer({ min: 1, max: n - 1 });
  const fraction = fc.double({ min: 0.001, max: 0.999, noNaN: true }).filter((v) => !Number.isInteger(v));
  const size = fc.option(fc.oneof(count, fraction), { nil: undefined });
  return fc
    .tuple(size, size)
    .filter(([test, train]) => {
      const [nTrain, nTest] = expectedSizes(n, test, train);
      const bothFractions = test !== undefined && train !== undefined && !Number.isInteger(test) && !Number.isInteger(train);
      return nTrain >= 1 && nTest >= 1 && nTrain + nTest <= n && !(bothFractions && test + train > 1);
    });
};

describe('trainTestSplitIndices properties', () => {
  it('for any nSamples and valid sizes: disjoint, in range, distinct, with scikit-learn lengths', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 400 }).chain((n) => fc.tuple(fc.constant(n), sizesFor(n), fc.nat({ max: 0xffffffff }), fc.boolean())),
        ([n, [testSize, trainSize], randomState, shuffle]) => {
          const { train, test } = trainTestSplitIndices(n, { testSize, trainSize, randomState, shuffle });
          const [nTrain, nTest] = expectedSizes(n, testSize, trainSize);
          expect([train.length, test.length]).toEqual([nTrain, nTest]);
          expect(splitSizes(n, { testSize, trainSize })).toEqual({ nTrain, nTest });
          const all = [...train, ...test];
          expect(all.every((i) => Number.isInteger(i) && i >= 0 && i < n)).toBe(true);
          expect(new Set(all).size).toBe(nTrain + nTest);
          if (nTrain + nTest === n) expect([...all].sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('rejects every size outside scikit-learn’s rules, naming the parameter', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 100 }),
        fc.oneof(fc.integer({ min: -5, max: 0 }), fc.double({ min: 1, max: 50, noNaN: true })),
        fc.constantFrom('testSize' as const, 'trainSize' as const),
        (n, bad, name) => {
          const value = Number.isInteger(bad) && bad > 0 ? bad + n : bad; // integers >= n are out of range too
          expect(() => trainTestSplitIndices(n, { [name]: value })).toThrow(new RegExp(`^trainTestSplitIndices: ${name} must be`));
        },
      ),
    );
  });
});

describe('split errors carry scikit-learn’s meaning and name the parameter', () => {
  it('testSize out of range', () => {
    expect(() => trainTestSplitIndices(10, { testSize: 10 })).toThrowErrorMatchingInlineSnapshot(
      `[PreprocessError: trainTestSplitIndices: testSize must be either a positive integer smaller than nSamples (10) or a fraction in (0, 1), got 10]`,
    );
    expect(() => trainTestSplitIndices(10, { testSize: 0 })).toThrowErrorMatchingInlineSnapshot(
      `[PreprocessError: trainTestSplitIndices: testSize must be either a positive integer smaller than nSamples (10) or a fraction in (0, 1), got 0]`,
    );
    expect(() => trainTestSplitIndices(10, { testSize: 1.5 })).toThrowErrorMatchingInlineSnapshot(
      `[PreprocessError: trainTestSplitIndices: testSize must be either a positive integer smaller than nSamples (10) or a fraction in (0, 1), got 1.5]`,
    );
    expect(() => trainTestSplitIndices(10, { testSize: Number.NaN })).toThrowErrorMatchingInlineSnapshot(
      `[PreprocessError: trainTestSplitIndices: testSize must be a finite number (an integer row count or a fraction in (0, 1)), got NaN]`,
    );
  });

  it('trainSize out of range', () => {
    expect(() => trainTestSplitIndices(10, { trainSize: -0.5 })).toThrowErrorMatchingInlineSnapshot(
      `[PreprocessError: trainTestSplitIndices: trainSize must be either a positive integer smaller than nSamples (10) or a fraction in (0, 1), got -0.5]`,
    );
  });

  it('sizes that add up to more than the data', () => {
    expect(() => trainTestSplitIndices(10, { testSize: 0.6, trainSize: 0.5 })).toThrowErrorMatchingInlineSnapshot(
      `[PreprocessError: trainTestSplitIndices: testSize + trainSize must be at most 1 when both are fractions, got 0.6 + 0.5 = 1.1]`,
    );
    expect(() => trainTestSplitIndices(10, { testSize: 5, trainSize: 6 })).toThrowErrorMatchingInlineSnapshot(
      `[PreprocessError: trainTestSplitIndices: trainSize and testSize must not ask for more than nSamples (10) rows, got 6 train + 5 test = 11; reduce testSize and/or trainSize]`,
    );
  });

  it('an empty training side', () => {
    expect(() => trainTestSplitIndices(3, { testSize: 0.9 })).toThrowErrorMatchingInlineSnapshot(
      `[PreprocessError: trainTestSplitIndices: the split leaves no training row: 3 rows with testSize 0.9; lower the test size or use more rows]`,
    );
    expect(() => trainTestSplitIndices(10, { trainSize: 0.05 })).toThrow(
      expect.objectContaining({ code: 'EMPTY_TRAIN' }),
    );
  });

  it('nSamples, randomState and shuffle', () => {
    expect(() => trainTestSplitIndices(-1)).toThrowErrorMatchingInlineSnapshot(
      `[PreprocessError: trainTestSplitIndices: nSamples must be a non-negative integer, got -1]`,
    );
    expect(() => trainTestSplitIndices(10, { randomState: 2 ** 32 })).toThrowErrorMatchingInlineSnapshot(
      `[PreprocessError: trainTestSplitIndices: randomState must be an integer in [0, 4294967295] (a NumPy RandomState seed), got 4294967296]`,
    );
    expect(() => trainTestSplitIndices(10, { randomState: 1.5 })).toThrow(expect.objectContaining({ code: 'INVALID_RANDOM_STATE' }));
    expect(() => trainTestSplitIndices(10, { stratify: [0, 1, 0, 1, 0, 1, 0, 1, 0, 1], shuffle: false })).toThrowErrorMatchingInlineSnapshot(
      `[PreprocessError: trainTestSplitIndices: stratify needs shuffle: true (scikit-learn has no stratified split without shuffling), got shuffle: false]`,
    );
  });

  it('every error is a PreprocessError with a code', () => {
    try {
      trainTestSplitIndices(10, { testSize: 11 });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(PreprocessError);
      expect((err as PreprocessError).code).toBe('INVALID_TEST_SIZE');
      expect((err as PreprocessError).message).not.toContain('\n');
    }
  });
});

describe('splitSizes', () => {
  it('computes the sizes alone and names itself in errors', () => {
    expect(splitSizes(1599, { testSize: 0.2 })).toEqual({ nTrain: 1279, nTest: 320 });
    expect(splitSizes(100)).toEqual({ nTrain: 75, nTest: 25 });
    expect(() => splitSizes(4, { trainSize: 4 })).toThrowErrorMatchingInlineSnapshot(
      `[PreprocessError: splitSizes: trainSize must be either a positive integer smaller than nSamples (4) or a fraction in (0, 1), got 4]`,
    );
  });
});
