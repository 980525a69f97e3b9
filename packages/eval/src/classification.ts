import { EvalError } from './errors.js';
import { sumBy } from './sum.js';
import {
  inferClassCount,
  readSampleWeight,
  requireClassCount,
  requireClassLabels,
  requireKnownOptions,
  requireNonEmpty,
  requireSameLength,
  show,
  type SameKeys,
} from './validate.js';

/** Class-probability rows, one per sample: `rows[i][k]` is the predicted probability of class `k`. */
export type ProbabilityRows = ReadonlyArray<ArrayLike<number>>;

/**
 * The options {@link logLoss} reads; any other key is refused (`INVALID_OPTION`).
 *
 * @example
 * ```ts
 * LOG_LOSS_OPTIONS.includes('normalize'); // true
 * ```
 */
export const LOG_LOSS_OPTIONS = ['eps', 'sumTolerance', 'normalize', 'labels', 'sampleWeight'] as const;

/** Options of {@link logLoss} (scikit-learn's `log_loss` parameters, camel-cased). */
export interface LogLossOptions {
  /**
   * Probabilities are clipped to `[eps, 1 − eps]` before the log, so a confident wrong answer costs
   * `−ln(eps)` instead of Infinity. Default: the machine epsilon of the input's element type, as
   * scikit-learn does: `2⁻²³ ≈ 1.19e-7` when the probabilities are `Float32Array`s, `2⁻⁵² ≈ 2.22e-16`
   * otherwise. Must be in (0, 0.5).
   */
  eps?: number;
  /**
   * How far a row's sum may be from 1 before it is rejected as "not probabilities" (default `1e-4`:
   * loose enough for float32 softmax outputs copied into plain arrays, tight enough to catch logits).
   */
  sumTolerance?: number;
  /**
   * `true` (default): the mean loss per sample (weighted mean with `sampleWeight`). `false`: the sum of the
   * per-sample losses (weighted sum), as scikit-learn's `normalize=False`.
   */
  normalize?: boolean;
  /**
   * The class labels of the probability columns, as scikit-learn's `labels`: column `k` is the `k`-th
   * smallest label, and `yTrue` holds labels from this list instead of column indices. Needed when `yTrue`
   * does not show every class, or when the labels are not `0 … K − 1`. Distinct finite numbers, one per
   * column (2 for the binary `p(class 1)` form).
   */
  labels?: ArrayLike<number>;
  /** One weight >= 0 per sample (scikit-learn's `sample_weight`): the mean becomes `Σ wᵢ Lᵢ / Σ wᵢ`. */
  sampleWeight?: ArrayLike<number>;
}

/**
 * The options {@link accuracy} reads.
 *
 * @example
 * ```ts
 * accuracy([0, 1, 1], [0, 1, 0], { sampleWeight: [1, 1, 2] }); // 0.5
 * ```
 */
export const ACCURACY_OPTIONS = ['sampleWeight'] as const;

/** Options of {@link accuracy}. */
export interface AccuracyOptions {
  /** One weight >= 0 per sample (scikit-learn's `sample_weight`): `Σ wᵢ [yᵢ = ŷᵢ] / Σ wᵢ`. */
  sampleWeight?: ArrayLike<number>;
}

/**
 * The options {@link precisionRecallF1} reads.
 *
 * @example
 * ```ts
 * PRECISION_RECALL_F1_OPTIONS; // ['nClasses', 'labels', 'sampleWeight']
 * ```
 */
export const PRECISION_RECALL_F1_OPTIONS = ['nClasses', 'labels', 'sampleWeight'] as const;

/** Options of {@link precisionRecallF1}. */
export interface PrecisionRecallF1Options {
  /** Number of classes (`perClass` length); default the largest label in `yTrue`, `yPred` or `labels` + 1. */
  nClasses?: number;
  /**
   * The classes the micro, macro and weighted averages cover, as scikit-learn's `labels` (default: the
   * classes that occur in `yTrue` or `yPred`). A listed class that never occurs scores 0 and lowers the macro
   * average; a class left out is still in `perClass` but in no average. Distinct class indices.
   */
  labels?: ArrayLike<number>;
  /** One weight >= 0 per sample (scikit-learn's `sample_weight`): counts become sums of weights, support too. */
  sampleWeight?: ArrayLike<number>;
}

/**
 * The options {@link classificationMetrics} reads.
 *
 * @example
 * ```ts
 * CLASSIFICATION_METRICS_OPTIONS.includes('labels'); // false: its classes are the probability columns
 * ```
 */
export const CLASSIFICATION_METRICS_OPTIONS = ['nClasses', 'eps', 'sumTolerance', 'sampleWeight'] as const;

/** Options of {@link classificationMetrics}: the log-loss options that apply, and the class count. */
export interface ClassificationMetricsOptions {
  /** As {@link LogLossOptions.eps}. */
  eps?: number;
  /** As {@link LogLossOptions.sumTolerance}. */
  sumTolerance?: number;
  /**
   * Class count for label predictions (default largest label + 1); with probability rows it must equal the
   * row width.
   */
  nClasses?: number;
  /** One weight >= 0 per sample, applied to every metric (accuracy, log loss, precision, recall, F1). */
  sampleWeight?: ArrayLike<number>;
}

// Each option list and its interface name the same keys (a mismatch fails to compile).
const optionListsMatch: [
  SameKeys<LogLossOptions, typeof LOG_LOSS_OPTIONS>,
  SameKeys<AccuracyOptions, typeof ACCURACY_OPTIONS>,
  SameKeys<PrecisionRecallF1Options, typeof PRECISION_RECALL_F1_OPTIONS>,
  SameKeys<ClassificationMetricsOptions, typeof CLASSIFICATION_METRICS_OPTIONS>,
] = [true, true, true, true];
void optionListsMatch;

/** Precision, recall, F1 and support of one class. */
export interface ClassScores {
  /** `tp / (tp + fp)`; 0 when the class was never predicted (scikit-learn's `zero_division` default). */
  precision: number;
  /** `tp / (tp + fn)`; 0 when the class has no true samples. */
  recall: number;
  /** `2·tp / (2·tp + fp + fn)`, the harmonic mean of precision and recall; 0 when the class never occurs. */
  f1: number;
  /** Number of true samples of this class (their total weight with `sampleWeight`). */
  support: number;
}

/** Precision, recall and F1 averaged over classes. */
export interface AveragedScores {
  precision: number;
  recall: number;
  f1: number;
}

/** A per-class score that was 0/0 and reported as 0, as scikit-learn does with a warning. */
export interface IllDefinedScore {
  classIndex: number;
  metric: 'precision' | 'recall';
  /** One-line explanation suitable for a CLI warning. */
  message: string;
}

/** Result of {@link precisionRecallF1}. */
export interface PrecisionRecallF1 {
  /** Scores for every class `0 … nClasses − 1`, indexed by class. */
  perClass: ClassScores[];
  /** Unweighted mean over {@link PrecisionRecallF1.averagedClasses}. */
  macro: AveragedScores;
  /** Mean over {@link PrecisionRecallF1.averagedClasses} weighted by support. */
  weighted: AveragedScores;
  /**
   * Scores of the counts pooled over {@link PrecisionRecallF1.averagedClasses} (scikit-learn's
   * `average="micro"`): `Σtp / Σ(tp + fp)`, `Σtp / Σ(tp + fn)` and their harmonic mean. Over every class of a
   * multiclass problem all three equal the accuracy. A 0/0 is reported as 0.
   */
  micro: AveragedScores;
  /**
   * The classes the averages cover, in order: the `labels` option, or else the classes that occur in `yTrue`
   * or `yPred` (scikit-learn's default label set). A class that appears in neither, such as the unused third
   * unit of a 3-way softmax trained on 2 classes, is listed in `perClass` with zeros but does not drag the
   * macro average down.
   */
  averagedClasses: number[];
  /** Scores among the averaged classes that were 0/0 and set to 0; empty when every score is defined. */
  illDefined: IllDefinedScore[];
}

/** Result of {@link classificationMetrics}. */
export interface ClassificationMetrics {
  /** Number of samples. */
  n: number;
  /** Number of classes (probability-row width, or the option, or largest label + 1). */
  nClasses: number;
  /** Share of samples whose predicted class equals the true class. */
  accuracy: number;
  /** Log loss of the probabilities; `null` when only predicted labels were given. */
  logLoss: number | null;
  /** Macro-averaged precision. */
  macroPrecision: number;
  /** Macro-averaged recall. */
  macroRecall: number;
  /** Macro-averaged F1. */
  macroF1: number;
  /** Support-weighted F1. */
  weightedF1: number;
  /** Counts `[true class][predicted class]` (sums of weights with `sampleWeight`). */
  confusionMatrix: number[][];
  /** The full per-class report. */
  report: PrecisionRecallF1;
}

const FLOAT32_EPSILON = 2 ** -23;
const DEFAULT_SUM_TOLERANCE = 1e-4;

/**
 * Share of correct predictions, `(1/n) Σᵢ [yᵢ = ŷᵢ]` (scikit-learn's `accuracy_score`), or with
 * `sampleWeight` `Σ wᵢ [yᵢ = ŷᵢ] / Σ wᵢ`. Labels are class indices (integers ≥ 0).
 *
 * @throws {EvalError} `EMPTY_INPUT`, `LENGTH_MISMATCH`, `INVALID_LABEL`, `NON_FINITE`, `INVALID_OPTION`.
 * @example
 * ```ts
 * accuracy([0, 1, 2, 1], [0, 2, 2, 1]);                                 // 0.75
 * accuracy([0, 1, 2, 1], [0, 2, 2, 1], { sampleWeight: [1, 3, 1, 1] }); // 0.5
 * ```
 */
export function accuracy(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, opts?: AccuracyOptions): number {
  const fn = 'accuracy';
  requireKnownOptions(fn, opts, ACCURACY_OPTIONS);
  requireLabelPair(fn, yTrue, yPred);
  return accuracyUnchecked(yTrue, yPred, readSampleWeight(fn, opts?.sampleWeight, yTrue.length));
}

/**
 * The options {@link confusionMatrix} reads; any other key is refused (`INVALID_OPTION`).
 *
 * @example
 * ```ts
 * CONFUSION_MATRIX_OPTIONS; // ['nClasses', 'labels', 'sampleWeight', 'normalize']
 * ```
 */
export const CONFUSION_MATRIX_OPTIONS = ['nClasses', 'labels', 'sampleWeight', 'normalize'] as const;

/**
 * The values of {@link ConfusionMatrixOptions.normalize}, scikit-learn's `normalize`: divide by the row sums
 * (`'true'`), the column sums (`'pred'`) or the total (`'all'`).
 *
 * @example
 * ```ts
 * CONFUSION_NORMALIZE.includes('true'); // true
 * ```
 */
export const CONFUSION_NORMALIZE = ['true', 'pred', 'all'] as const;

/** Options of {@link confusionMatrix} (scikit-learn's `confusion_matrix` parameters, camel-cased). */
export interface ConfusionMatrixOptions {
  /** Matrix size when `labels` is not given: default the largest label in `yTrue` or `yPred` + 1. Labels must be below it. */
  nClasses?: number;
  /**
   * The classes of the rows and columns, in this order (scikit-learn's `labels`): samples whose true or
   * predicted class is not listed are left out. Distinct class indices, at least one of them in `yTrue`.
   */
  labels?: ArrayLike<number>;
  /** One weight >= 0 per sample (scikit-learn's `sample_weight`): each cell is a sum of weights. */
  sampleWeight?: ArrayLike<number>;
  /**
   * `'true'`: each row divided by its sum (row `i` = how class `i` was predicted; the diagonal is the per-class
   * recall). `'pred'`: each column by its sum (the diagonal is the per-class precision). `'all'`: every cell by
   * the total. A row or column summing to 0 stays 0 (scikit-learn's `nan_to_num`). Default: counts.
   */
  normalize?: (typeof CONFUSION_NORMALIZE)[number];
}

/**
 * Confusion matrix `C` with `C[i][j]` = number of samples of true class `i` predicted as class `j`
 * (rows true, columns predicted: scikit-learn's `confusion_matrix`), the sum of their weights with
 * `sampleWeight`, optionally normalised.
 *
 * Rows and columns are the classes `0 … nClasses − 1` by default, or the `labels` option's classes in its
 * order (samples of other classes are left out, as scikit-learn does).
 *
 * @param options - {@link ConfusionMatrixOptions}, or the class count alone (`nClasses`).
 * @throws {EvalError} `EMPTY_INPUT`, `LENGTH_MISMATCH`, `INVALID_LABEL`, `NON_FINITE`, `INVALID_OPTION`.
 * @example
 * ```ts
 * confusionMatrix([2, 0, 2, 2, 0, 1], [0, 0, 2, 2, 0, 2]);
 * // [[2, 0, 0], [0, 0, 1], [1, 0, 2]]
 * confusionMatrix([2, 0, 2, 2, 0, 1], [0, 0, 2, 2, 0, 2], { labels: [2, 0] });
 * // [[2, 1], [0, 2]]
 * confusionMatrix([0, 0, 1, 1], [0, 1, 1, 1], { normalize: 'true' });
 * // [[0.5, 0.5], [0, 1]]
 * ```
 */
export function confusionMatrix(
  yTrue: ArrayLike<number>,
  yPred: ArrayLike<number>,
  options?: number | ConfusionMatrixOptions,
): number[][] {
  const fn = 'confusionMatrix';
  const opts: ConfusionMatrixOptions = typeof options === 'number' ? { nClasses: options } : (options ?? {});
  requireKnownOptions(fn, opts, CONFUSION_MATRIX_OPTIONS);
  const normalize = opts.normalize;
  if (normalize !== undefined && !(CONFUSION_NORMALIZE as readonly unknown[]).includes(normalize)) {
    throw new EvalError('INVALID_OPTION', `${fn}: normalize must be one of ${CONFUSION_NORMALIZE.join(', ')} (or left out for counts), got ${show(normalize)}`);
  }
  const k = requireLabelPair(fn, yTrue, yPred, opts.nClasses);
  const weight = readSampleWeight(fn, opts.sampleWeight, yTrue.length);
  const labels = readAveragedLabels(fn, opts.labels, opts.nClasses, 'list the classes of the rows and columns');
  let matrix: number[][];
  if (labels === undefined) {
    matrix = confusionUnchecked(yTrue, yPred, k, weight);
  } else {
    const position = new Map(labels.map((label, i) => [label, i]));
    if (!Array.from(yTrue).some((y) => position.has(y))) {
      throw new EvalError('INVALID_OPTION', `${fn}: labels must include at least one class that occurs in yTrue, got [${labels.join(', ')}]`);
    }
    matrix = Array.from({ length: labels.length }, () => new Array<number>(labels.length).fill(0));
    for (let i = 0; i < yTrue.length; i++) {
      const row = position.get(yTrue[i] as number);
      const column = position.get(yPred[i] as number);
      if (row === undefined || column === undefined) continue;
      matrix[row]![column]! += weight === undefined ? 1 : weight[i]!;
    }
  }
  return normalize === undefined ? matrix : normalizeConfusion(matrix, normalize);
}

/** The options {@link perClassScores} reads; any other key is refused (`INVALID_OPTION`).
 *
 * @example
 * ```ts
 * PER_CLASS_SCORES_OPTIONS; // ['zeroDivision']
 * ```
 */
export const PER_CLASS_SCORES_OPTIONS = ['zeroDivision'] as const;

/** Options of {@link perClassScores}. */
export interface PerClassScoresOptions {
  /**
   * The score of a 0/0 (a class with no true sample has no recall, a class never predicted no precision):
   * `0` (default, scikit-learn's `zero_division="warn"` and `0`), `1`, or `null` to mark it undefined (what
   * scikit-learn ≥ 1.3 writes as `zero_division=np.nan`), so that an average over seeds can leave it out.
   */
  zeroDivision?: 0 | 1 | null;
}

/** Result of {@link perClassScores}: one entry per row/column of the matrix, in its order. */
export interface PerClassScores {
  /** `C[c][c] / Σⱼ C[c][j]`: the share of class `c`'s samples predicted as `c` (its "per-class accuracy"). */
  recall: (number | null)[];
  /** `C[c][c] / Σᵢ C[i][c]`: the share of the predictions of `c` that are right. */
  precision: (number | null)[];
  /** Row sums: the samples (or their weight) of each true class. */
  support: number[];
  /** Column sums: how often (or with what weight) each class was predicted. */
  predicted: number[];
}

// Each option list and its interface name the same keys (a mismatch fails to compile).
const confusionOptionListsMatch: [
  SameKeys<ConfusionMatrixOptions, typeof CONFUSION_MATRIX_OPTIONS>,
  SameKeys<PerClassScoresOptions, typeof PER_CLASS_SCORES_OPTIONS>,
] = [true, true];
void confusionOptionListsMatch;

/**
 * Per-class recall ("per-class accuracy") and precision of a confusion matrix of counts or weights (rows true,
 * columns predicted, as {@link confusionMatrix} gives): `recall[c] = C[c][c] / Σⱼ C[c][j]`,
 * `precision[c] = C[c][c] / Σᵢ C[i][c]`. These are scikit-learn's `recall_score` and `precision_score` with
 * `average=None` over the matrix's classes; a 0/0 gives `zeroDivision`.
 *
 * @throws {EvalError} `EMPTY_INPUT` (no row), `LENGTH_MISMATCH` (not square), `NON_FINITE` / `INVALID_OPTION`
 *   (a cell that is not a finite number >= 0, an unknown option).
 * @example
 * ```ts
 * perClassScores([[2, 0, 0], [0, 0, 1], [1, 0, 2]]);
 * // { recall: [1, 0, 2/3], precision: [2/3, 0, 2/3], support: [2, 1, 3], predicted: [3, 0, 3] }
 * perClassScores([[1, 0], [0, 0]], { zeroDivision: null }).recall; // [1, null]
 * ```
 */
export function perClassScores(matrix: ReadonlyArray<ArrayLike<number>>, options?: PerClassScoresOptions): PerClassScores {
  const fn = 'perClassScores';
  requireKnownOptions(fn, options, PER_CLASS_SCORES_OPTIONS);
  const zero = options?.zeroDivision === undefined ? 0 : options.zeroDivision;
  if (zero !== 0 && zero !== 1 && zero !== null) {
    throw new EvalError('INVALID_OPTION', `${fn}: zeroDivision must be 0, 1 or null, got ${show(zero)}`);
  }
  const k = requireSquareCounts(fn, matrix);
  const support = Array.from({ length: k }, (_, c) => sumBy(k, (j) => matrix[c]![j]!));
  const predicted = Array.from({ length: k }, (_, c) => sumBy(k, (i) => matrix[i]![c]!));
  const share = (tp: number, total: number): number | null => (total > 0 ? tp / total : zero);
  return {
    recall: support.map((total, c) => share(matrix[c]![c]!, total)),
    precision: predicted.map((total, c) => share(matrix[c]![c]!, total)),
    support,
    predicted,
  };
}

function requireSquareCounts(fn: string, matrix: unknown): number {
  if (!Array.isArray(matrix)) {
    throw new EvalError('INVALID_OPTION', `${fn}: matrix must be an array of rows (a confusion matrix), got ${show(matrix)}`);
  }
  requireNonEmpty(fn, 'matrix', matrix, 'row');
  const k = matrix.length;
  matrix.forEach((row: unknown, i) => {
    if (typeof row !== 'object' || row === null || (row as ArrayLike<unknown>).length !== k) {
      const got = typeof row === 'object' && row !== null ? `length ${(row as ArrayLike<unknown>).length}` : show(row);
      throw new EvalError('LENGTH_MISMATCH', `${fn}: matrix must be square (${k} rows of ${k}), got matrix[${i}] of ${got}`);
    }
    for (let j = 0; j < k; j++) {
      const v = (row as ArrayLike<unknown>)[j];
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        throw new EvalError('NON_FINITE', `${fn}: matrix[${i}][${j}] must be a finite count >= 0, got ${show(v)}`);
      }
      if (v < 0) throw new EvalError('INVALID_OPTION', `${fn}: matrix[${i}][${j}] must be a finite count >= 0, got ${v}`);
    }
  });
  return k;
}

/** scikit-learn's normalisation: divide, then turn each 0/0 into 0 (`np.nan_to_num`). */
function normalizeConfusion(matrix: number[][], how: (typeof CONFUSION_NORMALIZE)[number]): number[][] {
  const k = matrix.length;
  const rowSums = matrix.map((row) => sumBy(k, (j) => row[j]!));
  const columnSums = Array.from({ length: k }, (_, j) => sumBy(k, (i) => matrix[i]![j]!));
  const total = sumBy(k, (i) => rowSums[i]!);
  return matrix.map((row, i) =>
    row.map((v, j) => {
      const by = how === 'true' ? rowSums[i]! : how === 'pred' ? columnSums[j]! : total;
      return by > 0 ? v / by : 0;
    }),
  );
}

/**
 * Per-class precision `tp/(tp+fp)`, recall `tp/(tp+fn)`, F1 `2tp/(2tp+fp+fn)` and support, with micro, macro
 * and support-weighted averages (scikit-learn's `precision_recall_fscore_support`, `zero_division="warn"`):
 * a 0/0 score is reported as 0 and listed in `illDefined` so callers can warn.
 *
 * Averages cover `labels`, or by default the classes present in `yTrue` or `yPred` (see
 * {@link PrecisionRecallF1.averagedClasses}). With `sampleWeight` every count is a sum of weights.
 *
 * @param options - {@link PrecisionRecallF1Options}, or the class count alone (`nClasses`).
 * @throws {EvalError} `EMPTY_INPUT`, `LENGTH_MISMATCH`, `INVALID_LABEL`, `NON_FINITE`, `INVALID_OPTION`.
 * @example
 * ```ts
 * const r = precisionRecallF1([0, 1, 2, 0, 1, 2], [0, 2, 1, 0, 0, 1]);
 * r.perClass[0]; // { precision: 2/3, recall: 1, f1: 0.8, support: 2 }
 * r.macro.f1;    // 0.26666…
 * r.micro.f1;    // 1/3, the accuracy
 * precisionRecallF1([0, 1, 2, 0, 1, 2], [0, 2, 1, 0, 0, 1], { labels: [0, 1] }).macro.f1; // 0.4
 * ```
 */
export function precisionRecallF1(
  yTrue: ArrayLike<number>,
  yPred: ArrayLike<number>,
  options?: number | PrecisionRecallF1Options,
): PrecisionRecallF1 {
  const fn = 'precisionRecallF1';
  const opts: PrecisionRecallF1Options = typeof options === 'number' ? { nClasses: options } : (options ?? {});
  requireKnownOptions(fn, opts, PRECISION_RECALL_F1_OPTIONS);
  const labels = readAveragedLabels(fn, opts.labels, opts.nClasses);
  let k = requireLabelPair(fn, yTrue, yPred, opts.nClasses);
  if (labels !== undefined && opts.nClasses === undefined) k = Math.max(k, ...labels.map((c) => c + 1));
  const weight = readSampleWeight(fn, opts.sampleWeight, yTrue.length);
  return reportFromConfusion(confusionUnchecked(yTrue, yPred, k, weight), presentClasses(yTrue, yPred, k), labels, weight !== undefined);
}

/**
 * Log loss (cross-entropy) of predicted class probabilities, as scikit-learn's `log_loss`:
 * `L = −(1/n) Σᵢ ln clip(pᵢ,yᵢ, eps, 1 − eps)`; with `sampleWeight` `−Σ wᵢ ln(…) / Σ wᵢ`, with
 * `normalize: false` the sum instead of the mean.
 *
 * `proba` is either rows of class probabilities (`proba[i][k]`, each row summing to 1) or, for binary
 * problems, a flat array of `p(class 1)` per sample (rows of width 1 are read the same way). Labels are
 * class indices below the row width, so a class missing from `yTrue` needs no `labels` argument; `labels`
 * names the columns when the labels are something else (column `k` is the `k`-th smallest label). Rows are
 * not renormalised (scikit-learn ≥ 1.5 does not either); a row that is off by more than `sumTolerance`
 * throws instead of producing a meaningless number.
 *
 * @throws {EvalError} `EMPTY_INPUT`, `LENGTH_MISMATCH`, `INVALID_LABEL`, `NON_FINITE`,
 *   `INVALID_PROBABILITY`, `INVALID_OPTION`.
 * @example
 * ```ts
 * logLoss([0, 1, 1], [[0.9, 0.1], [0.2, 0.8], [0.3, 0.7]]);                       // 0.22839300363692283
 * logLoss([0, 1, 1], [0.1, 0.8, 0.7]);                                             // same, binary p(1) form
 * logLoss([0, 1, 1], [0.1, 0.8, 0.7], { normalize: false });                       // 0.685179…, the sum
 * logLoss([2, 2], [[0.1, 0.9], [0.1, 0.9]], { labels: [1, 2] });                   // −ln 0.9
 * ```
 */
export function logLoss(
  yTrue: ArrayLike<number>,
  proba: ProbabilityRows | ArrayLike<number>,
  opts: LogLossOptions = {},
): number {
  const fn = 'logLoss';
  requireKnownOptions(fn, opts, LOG_LOSS_OPTIONS);
  const normalize = opts.normalize ?? true;
  if (typeof normalize !== 'boolean') {
    throw new EvalError('INVALID_OPTION', `${fn}: normalize must be true (mean) or false (sum), got ${show(normalize)}`);
  }
  const table = readProbabilities(fn, yTrue, proba, opts);
  const weight = readSampleWeight(fn, opts.sampleWeight, yTrue.length);
  return logLossUnchecked(yTrue.length, table, weight, normalize);
}

/**
 * Every classification metric of one set of predictions: accuracy, log loss (when probabilities are given),
 * macro precision/recall/F1, weighted F1, the confusion matrix and the per-class report.
 *
 * `predictions` is either probability rows (`predictions[i][k]`; the predicted class is the row's argmax,
 * first index on ties, as Keras and numpy) or a flat array of predicted class indices. A flat array of
 * binary probabilities is rejected: pass it to {@link logLoss}, or as rows `[1 − p, p]`.
 *
 * @param opts - {@link ClassificationMetricsOptions}; `sampleWeight` weights every metric.
 * @throws {EvalError} as {@link logLoss} and {@link precisionRecallF1}.
 * @example
 * ```ts
 * const m = classificationMetrics([0, 1, 1], [[0.9, 0.1], [0.2, 0.8], [0.6, 0.4]]);
 * m.accuracy; // 2/3
 * m.logLoss;  // 0.4149
 * ```
 */
export function classificationMetrics(
  yTrue: ArrayLike<number>,
  predictions: ProbabilityRows | ArrayLike<number>,
  opts: ClassificationMetricsOptions = {},
): ClassificationMetrics {
  const fn = 'classificationMetrics';
  requireKnownOptions(fn, opts, CLASSIFICATION_METRICS_OPTIONS);
  let yPred: ArrayLike<number>;
  let loss: number | null = null;
  let k: number;
  let weight: ArrayLike<number> | undefined;
  if (isRows(predictions)) {
    const table = readProbabilities(fn, yTrue, predictions, opts);
    if (opts.nClasses !== undefined && opts.nClasses !== table.width) {
      throw new EvalError(
        'INVALID_OPTION',
        `${fn}: nClasses must equal the probability-row width ${table.width}, got ${show(opts.nClasses)}`,
      );
    }
    k = table.width;
    weight = readSampleWeight(fn, opts.sampleWeight, yTrue.length);
    loss = logLossUnchecked(yTrue.length, table, weight, true);
    yPred = argmaxLabels(table, yTrue.length);
  } else {
    k = requireLabelPair(fn, yTrue, predictions, opts.nClasses, '; pass probabilities as rows [p0, p1, …]');
    weight = readSampleWeight(fn, opts.sampleWeight, yTrue.length);
    yPred = predictions;
  }
  const matrix = confusionUnchecked(yTrue, yPred, k, weight);
  const report = reportFromConfusion(matrix, presentClasses(yTrue, yPred, k), undefined, weight !== undefined);
  return {
    n: yTrue.length,
    nClasses: k,
    accuracy: accuracyUnchecked(yTrue, yPred, weight),
    logLoss: loss,
    macroPrecision: report.macro.precision,
    macroRecall: report.macro.recall,
    macroF1: report.macro.f1,
    weightedF1: report.weighted.f1,
    confusionMatrix: matrix,
    report,
  };
}

// ---------------------------------------------------------------------------------------------------------

/** Validate a label pair and return the class count to use. */
function requireLabelPair(
  fn: string,
  yTrue: ArrayLike<number>,
  yPred: ArrayLike<number>,
  nClasses?: number,
  predHint = '',
): number {
  requireNonEmpty(fn, 'yTrue', yTrue);
  requireSameLength(fn, 'yTrue', yTrue, 'yPred', yPred);
  if (nClasses !== undefined) requireClassCount(fn, 'nClasses', nClasses, 1);
  requireClassLabels(fn, 'yTrue', yTrue, nClasses);
  requireClassLabels(fn, 'yPred', yPred, nClasses, predHint);
  return nClasses ?? inferClassCount(yTrue, yPred);
}

/** The `labels` of precisionRecallF1: a non-empty list of distinct class indices (below nClasses if given). */
function readAveragedLabels(fn: string, labels: unknown, nClasses: number | undefined, purpose = 'name at least one class to average over'): number[] | undefined {
  if (labels === undefined) return undefined;
  if (typeof labels !== 'object' || labels === null || typeof (labels as { length?: unknown }).length !== 'number') {
    throw new EvalError('INVALID_OPTION', `${fn}: labels must be an array of class indices, got ${show(labels)}`);
  }
  const list = Array.from(labels as ArrayLike<unknown>);
  if (list.length === 0) {
    throw new EvalError('INVALID_OPTION', `${fn}: labels must ${purpose}, got an empty array`);
  }
  if (nClasses !== undefined) requireClassCount(fn, 'nClasses', nClasses, 1);
  requireClassLabels(fn, 'labels', list as number[], nClasses);
  requireDistinct(fn, list as number[]);
  return list as number[];
}

function requireDistinct(fn: string, labels: readonly number[]): void {
  const seen = new Set<number>();
  labels.forEach((label, i) => {
    if (seen.has(label)) throw new EvalError('INVALID_OPTION', `${fn}: labels must be distinct, got ${label} twice (labels[${i}])`);
    seen.add(label);
  });
}

function accuracyUnchecked(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, weight?: ArrayLike<number>): number {
  const n = yTrue.length;
  if (weight === undefined) {
    let correct = 0;
    for (let i = 0; i < n; i++) if (yTrue[i] === yPred[i]) correct++;
    return correct / n;
  }
  return sumBy(n, (i) => (yTrue[i] === yPred[i] ? weight[i]! : 0)) / sumBy(n, (i) => weight[i]!);
}

function confusionUnchecked(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, k: number, weight?: ArrayLike<number>): number[][] {
  const matrix = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let i = 0; i < yTrue.length; i++) {
    (matrix[yTrue[i] as number] as number[])[yPred[i] as number]! += weight === undefined ? 1 : weight[i]!;
  }
  return matrix;
}

/** Which classes occur in `yTrue` or `yPred` (scikit-learn's `unique_labels`; weights do not matter here). */
function presentClasses(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, k: number): boolean[] {
  const present = new Array<boolean>(k).fill(false);
  for (let i = 0; i < yTrue.length; i++) {
    present[yTrue[i] as number] = true;
    present[yPred[i] as number] = true;
  }
  return present;
}

function reportFromConfusion(matrix: number[][], present: readonly boolean[], labels: readonly number[] | undefined, weighted: boolean): PrecisionRecallF1 {
  const k = matrix.length;
  const perClass: ClassScores[] = [];
  const predictedOf: number[] = [];
  for (let c = 0; c < k; c++) {
    const tp = matrix[c]![c]!;
    const support = sumBy(k, (j) => matrix[c]![j]!);
    const predicted = sumBy(k, (i) => matrix[i]![c]!);
    predictedOf.push(predicted);
    perClass.push({
      precision: predicted > 0 ? tp / predicted : 0,
      recall: support > 0 ? tp / support : 0,
      f1: support + predicted > 0 ? (2 * tp) / (support + predicted) : 0,
      support,
    });
  }
  const averagedClasses = labels !== undefined ? [...labels] : present.flatMap((yes, c) => (yes ? [c] : []));
  const illDefined: IllDefinedScore[] = [];
  const never = weighted ? 'no prediction of it has weight > 0' : 'the class was never predicted';
  const none = weighted ? 'no true sample of it has weight > 0' : 'the class has no true samples';
  for (const c of averagedClasses) {
    if (predictedOf[c] === 0) {
      illDefined.push({ classIndex: c, metric: 'precision', message: `precision of class ${c} is ill-defined (${never}) and set to 0` });
    }
    if (perClass[c]!.support === 0) {
      illDefined.push({ classIndex: c, metric: 'recall', message: `recall of class ${c} is ill-defined (${none}) and set to 0` });
    }
  }
  const m = averagedClasses.length;
  const scores = (i: number): ClassScores => perClass[averagedClasses[i]!]!;
  const totalSupport = sumBy(m, (i) => scores(i).support);
  const average = (pick: (s: ClassScores) => number, bySupport: boolean): number => {
    if (!bySupport) return sumBy(m, (i) => pick(scores(i))) / m;
    // No support among the averaged classes: scikit-learn's zero_division gives 0.
    return totalSupport > 0 ? sumBy(m, (i) => pick(scores(i)) * scores(i).support) / totalSupport : 0;
  };
  const averaged = (bySupport: boolean): AveragedScores => ({
    precision: average((s) => s.precision, bySupport),
    recall: average((s) => s.recall, bySupport),
    f1: average((s) => s.f1, bySupport),
  });
  const tpSum = sumBy(m, (i) => matrix[averagedClasses[i]!]![averagedClasses[i]!]!);
  const predictedSum = sumBy(m, (i) => predictedOf[averagedClasses[i]!]!);
  const micro: AveragedScores = {
    precision: predictedSum > 0 ? tpSum / predictedSum : 0,
    recall: totalSupport > 0 ? tpSum / totalSupport : 0,
    f1: predictedSum + totalSupport > 0 ? (2 * tpSum) / (predictedSum + totalSupport) : 0,
  };
  return { perClass, macro: averaged(false), weighted: averaged(true), micro, averagedClasses, illDefined };
}

function isRows(x: ProbabilityRows | ArrayLike<number>): x is ProbabilityRows {
  return x.length > 0 && typeof x[0] === 'object' && x[0] !== null;
}

/** Validated probabilities behind one accessor, whatever the input shape. */
interface ProbabilityTable {
  width: number;
  at: (i: number, k: number) => number;
  /** The column of sample `i`'s true class: `yTrue[i]`, or its rank among the sorted `labels`. */
  column: (i: number) => number;
  eps: number;
}

function readProbabilities(
  fn: string,
  yTrue: ArrayLike<number>,
  proba: ProbabilityRows | ArrayLike<number>,
  opts: Pick<LogLossOptions, 'eps' | 'sumTolerance' | 'labels'>,
): ProbabilityTable {
  requireNonEmpty(fn, 'yTrue', yTrue);
  requireSameLength(fn, 'yTrue', yTrue, 'proba', proba);
  const rows = isRows(proba);
  const firstRow = rows ? proba[0] : undefined;
  const float32 = rows ? firstRow instanceof Float32Array : proba instanceof Float32Array;
  const eps = opts.eps ?? (float32 ? FLOAT32_EPSILON : Number.EPSILON);
  if (typeof eps !== 'number' || !(eps > 0 && eps < 0.5)) {
    throw new EvalError('INVALID_OPTION', `${fn}: eps must be a number in (0, 0.5), got ${show(eps)}`);
  }
  const tolerance = opts.sumTolerance ?? DEFAULT_SUM_TOLERANCE;
  if (typeof tolerance !== 'number' || !(tolerance >= 0)) {
    throw new EvalError('INVALID_OPTION', `${fn}: sumTolerance must be a number >= 0, got ${show(tolerance)}`);
  }

  const checkProbability = (p: unknown, where: string): void => {
    if (typeof p !== 'number' || !Number.isFinite(p)) {
      throw new EvalError('NON_FINITE', `${fn}: ${where} must be a finite probability, got ${show(p)}`);
    }
    if (p < 0 || p > 1) {
      throw new EvalError('INVALID_PROBABILITY', `${fn}: ${where} must be in [0, 1], got ${p}`);
    }
  };

  let width: number;
  let at: ProbabilityTable['at'];
  if (!rows || (firstRow as ArrayLike<number>).length === 1) {
    // Binary p(class 1): the flat form, or rows of width 1 as scikit-learn accepts.
    const p1 = rows ? (i: number): number => (proba[i] as ArrayLike<number>)[0] as number : (i: number): number => proba[i] as number;
    for (let i = 0; i < yTrue.length; i++) {
      if (rows) requireRowWidth(fn, proba as ProbabilityRows, i, 1);
      checkProbability(p1(i), rows ? `proba[${i}][0]` : `proba[${i}]`);
    }
    width = 2;
    at = (i, k) => (k === 1 ? p1(i) : 1 - p1(i));
  } else {
    const matrix = proba as ProbabilityRows;
    width = (firstRow as ArrayLike<number>).length;
    if (width === 0) {
      throw new EvalError('INVALID_PROBABILITY', `${fn}: proba[0] must hold one probability per class, got an empty row`);
    }
    for (let i = 0; i < matrix.length; i++) {
      const row = requireRowWidth(fn, matrix, i, width);
      for (let k = 0; k < width; k++) checkProbability(row[k], `proba[${i}][${k}]`);
      const total = sumBy(width, (k) => row[k] as number);
      if (Math.abs(total - 1) > tolerance) {
        throw new EvalError(
          'INVALID_PROBABILITY',
          `${fn}: proba[${i}] must sum to 1 (within ${tolerance}), got ${total}; pass probabilities such as softmax outputs, not logits`,
        );
      }
    }
    at = (i, k) => (matrix[i] as ArrayLike<number>)[k] as number;
  }
  if (opts.labels === undefined) {
    requireClassLabels(fn, 'yTrue', yTrue, width);
    return { width, at, column: (i) => yTrue[i] as number, eps };
  }
  const rank = columnsOfLabels(fn, opts.labels, width);
  const columns = new Int32Array(yTrue.length);
  for (let i = 0; i < yTrue.length; i++) {
    const column = rank.get(yTrue[i] as number);
    if (column === undefined) {
      throw new EvalError('INVALID_LABEL', `${fn}: yTrue[${i}] must be one of labels [${[...rank.keys()].join(', ')}], got ${show(yTrue[i])}`);
    }
    columns[i] = column;
  }
  return { width, at, column: (i) => columns[i]!, eps };
}

/** scikit-learn's `LabelBinarizer().fit(labels)`: column k is the k-th smallest label. */
function columnsOfLabels(fn: string, labels: unknown, width: number): Map<number, number> {
  if (typeof labels !== 'object' || labels === null || typeof (labels as { length?: unknown }).length !== 'number') {
    throw new EvalError('INVALID_OPTION', `${fn}: labels must be an array of the class labels, one per probability column, got ${show(labels)}`);
  }
  const list = Array.from(labels as ArrayLike<unknown>);
  list.forEach((v, i) => {
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new EvalError('INVALID_OPTION', `${fn}: labels[${i}] must be a finite number, got ${show(v)}`);
    }
  });
  const numbers = list as number[];
  requireDistinct(fn, numbers);
  if (numbers.length !== width) {
    throw new EvalError(
      'LENGTH_MISMATCH',
      `${fn}: labels must name one class per probability column (${width}), got ${numbers.length} label${numbers.length === 1 ? '' : 's'}`,
    );
  }
  const sorted = [...numbers].sort((a, b) => a - b);
  return new Map(sorted.map((label, column) => [label, column]));
}

function requireRowWidth(fn: string, rows: ProbabilityRows, i: number, width: number): ArrayLike<number> {
  const row = rows[i];
  if (typeof row !== 'object' || row === null || row.length !== width) {
    const got = typeof row === 'object' && row !== null ? `length ${row.length}` : show(row);
    throw new EvalError(
      'LENGTH_MISMATCH',
      `${fn}: proba[${i}] must be a row of ${width} probabilities like proba[0], got ${got}`,
    );
  }
  return row;
}

function logLossUnchecked(n: number, table: ProbabilityTable, weight: ArrayLike<number> | undefined, normalize: boolean): number {
  const { eps, at, column } = table;
  const term = (i: number): number => -Math.log(Math.min(Math.max(at(i, column(i)), eps), 1 - eps));
  if (weight === undefined) {
    const total = sumBy(n, term);
    return normalize ? total / n : total;
  }
  const total = sumBy(n, (i) => (weight[i] === 0 ? 0 : weight[i]! * term(i)));
  return normalize ? total / sumBy(n, (i) => weight[i]!) : total;
}

function argmaxLabels(table: ProbabilityTable, n: number): number[] {
  const labels = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let k = 1; k < table.width; k++) if (table.at(i, k) > table.at(i, best)) best = k;
    labels[i] = best;
  }
  return labels;
}
