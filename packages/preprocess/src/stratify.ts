import type { RandomState } from '@initlab/random';
import { PreprocessError } from './errors.js';
import { show } from './format.js';
import type { SplitIndices } from './split-indices.js';

/**
 * scikit-learn's `_approximate_mode`: how many of `nDraws` draws each class gets, close to the
 * mode of the multivariate hypergeometric distribution. Each class first gets
 * `floor(count_i / Σcount · nDraws)`; the draws still missing go to the classes with the largest
 * remainders, ties broken by `rng.choice(ties, k, replace=False)` (a legacy
 * `RandomState.permutation(len(ties))[:k]`), exactly as NumPy draws them.
 */
export function approximateMode(classCounts: readonly number[], nDraws: number, rng: RandomState): number[] {
  let total = 0;
  for (const c of classCounts) total += c;
  // Same operation order as `class_counts / class_counts.sum() * n_draws`, so the floats agree.
  const continuous = classCounts.map((c) => (c / total) * nDraws);
  const drawn = continuous.map((v) => Math.floor(v));
  let flooredSum = 0;
  for (const d of drawn) flooredSum += d;
  let needToAdd = Math.trunc(nDraws - flooredSum);
  if (needToAdd <= 0) return drawn;

  const remainder = continuous.map((v, i) => v - (drawn[i] as number));
  const values = [...new Set(remainder)].sort((a, b) => b - a);
  for (const value of values) {
    const ties: number[] = [];
    remainder.forEach((r, i) => {
      if (r === value) ties.push(i);
    });
    const addNow = Math.min(ties.length, needToAdd);
    // rng.choice(ties, addNow, replace=False) draws a full permutation even when addNow == len.
    const chosen = rng.permutation(ties.length).slice(0, addNow);
    for (const k of chosen) {
      const cls = ties[k] as number;
      drawn[cls] = (drawn[cls] as number) + 1;
    }
    needToAdd -= addNow;
    if (needToAdd === 0) break;
  }
  return drawn;
}

/**
 * One split of scikit-learn 1.2's `StratifiedShuffleSplit._iter_indices`, drawing from `rng` in
 * the same order: classes in sorted order (`np.unique`), each class's rows in ascending order,
 * per-class counts from {@link approximateMode} (train first, then test from what remains), one
 * `rng.permutation` per class, then one final permutation of the training list and one of the
 * test list.
 */
export function stratifiedShuffleSplit(
  caller: string,
  labels: ArrayLike<number>,
  nSamples: number,
  nTrain: number,
  nTest: number,
  rng: RandomState,
): SplitIndices {
  if (labels.length !== nSamples) {
    throw new PreprocessError(
      'INVALID_STRATIFY',
      `${caller}: stratify must hold one label per sample (${nSamples}), got ${labels.length} labels`,
    );
  }
  const rowsByLabel = new Map<number, number[]>();
  for (let i = 0; i < nSamples; i++) {
    const label = labels[i] as number;
    if (typeof label !== 'number' || !Number.isFinite(label)) {
      throw new PreprocessError(
        'INVALID_STRATIFY',
        `${caller}: stratify labels must be finite numbers, got ${show(label)} at index ${i}`,
      );
    }
    const rows = rowsByLabel.get(label);
    if (rows === undefined) rowsByLabel.set(label, [i]);
    else rows.push(i);
  }
  const classes = [...rowsByLabel.keys()].sort((a, b) => a - b);
  const classRows = classes.map((c) => rowsByLabel.get(c) as number[]);
  const classCounts = classRows.map((rows) => rows.length);
  const nClasses = classes.length;

  const smallest = classCounts.indexOf(1);
  if (smallest !== -1) {
    throw new PreprocessError(
      'STRATIFY_TOO_FEW',
      `${caller}: stratify needs at least 2 members in every class, got class ${show(classes[smallest])} with 1 member`,
    );
  }
  if (nTrain < nClasses) {
    throw new PreprocessError(
      'STRATIFY_TOO_FEW',
      `${caller}: trainSize must give at least one training row per class, got ${nTrain} training rows for ${nClasses} classes`,
    );
  }
  if (nTest < nClasses) {
    throw new PreprocessError(
      'STRATIFY_TOO_FEW',
      `${caller}: testSize must give at least one test row per class, got ${nTest} test rows for ${nClasses} classes`,
    );
  }

  const trainPerClass = approximateMode(classCounts, nTrain, rng);
  const remaining = classCounts.map((c, i) => c - (trainPerClass[i] as number));
  const testPerClass = approximateMode(remaining, nTest, rng);

  const train: number[] = [];
  const test: number[] = [];
  for (let c = 0; c < nClasses; c++) {
    const rows = classRows[c] as number[];
    const permuted = rng.permutation(rows.length).map((k) => rows[k] as number);
    const nTrainC = trainPerClass[c] as number;
    const nTestC = testPerClass[c] as number;
    for (let k = 0; k < nTrainC; k++) train.push(permuted[k] as number);
    for (let k = nTrainC; k < nTrainC + nTestC; k++) test.push(permuted[k] as number);
  }
  // `rng.permutation(list)` copies and shuffles in place: the same draws as `shuffle`.
  rng.shuffle(train);
  rng.shuffle(test);
  return { train, test };
}
