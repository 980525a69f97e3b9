import { logLoss, precisionRecallF1 } from './classification.js';
import { EvalError } from './errors.js';
import { formatNumber } from './format.js';
import { metricLabel, resolveDirection } from './metrics-info.js';
import { regressionMetrics, type RegressionMetrics } from './regression.js';
import { meanOf } from './sum.js';
import { requireClassCount, requireClassLabels, requireFiniteValues, requireKnownOptions, requireNonEmpty, show, type SameKeys } from './validate.js';

/** The trivial predictors initlab reports next to every result. */
export type BaselineKind = 'train-mean' | 'majority-class';

/** Result of {@link regressionBaseline}. */
export interface RegressionBaseline {
  kind: 'train-mean';
  /** The constant prediction: the mean of the training targets. */
  prediction: number;
  /** Metrics of that constant on the test targets. */
  metrics: RegressionMetrics;
}

/** Metrics of the majority-class baseline on the test labels. */
export interface ClassificationBaselineMetrics {
  /** Share of test labels equal to the training majority class. */
  accuracy: number;
  /** Log loss of predicting the training class frequencies for every test sample. */
  logLoss: number;
  /** Macro F1 of always predicting the majority class. */
  macroF1: number;
}

/** Result of {@link classificationBaseline}. */
export interface ClassificationBaseline {
  kind: 'majority-class';
  /** The constant predicted label: the most frequent training class (lowest index on ties). */
  prediction: number;
  /** Training class frequencies, `count(k) / nTrain`, indexed by class; the baseline's probabilities. */
  classFrequencies: number[];
  metrics: ClassificationBaselineMetrics;
}

/** Verdict of a model's metric against its baseline. */
export type Verdict = 'better' | 'no better' | 'worse';

/**
 * The keys {@link compareToBaseline} and {@link beatsBaseline} read; any other key is refused
 * (`INVALID_OPTION`), so a misspelt `higherIsBeter` cannot silently flip nothing.
 *
 * @example
 * ```ts
 * BASELINE_COMPARISON_KEYS.includes('relativeTolerance'); // true
 * ```
 */
export const BASELINE_COMPARISON_KEYS = ['metric', 'value', 'baseline', 'higherIsBetter', 'baselineKind', 'split', 'relativeTolerance'] as const;

/** Input of {@link compareToBaseline}. */
export interface BaselineComparisonInput {
  /** Metric key (`'mse'`, `'accuracy'`, … see `METRICS`) or a free-form label. */
  metric: string;
  /** The model's value. */
  value: number;
  /** The baseline's value on the same split. */
  baseline: number;
  /** Direction; optional for metrics listed in `METRICS`, required otherwise. */
  higherIsBetter?: boolean;
  /** Which baseline, for the message (`'train-mean'`, `'majority-class'` or any label). */
  baselineKind?: BaselineKind | (string & {});
  /** Split name prefixed to the metric in the message (default `'test'`; `''` for none). */
  split?: string;
  /** Values within this relative distance count as equal, i.e. "no better" (default 1e-9). */
  relativeTolerance?: number;
}

const comparisonKeysMatch: SameKeys<BaselineComparisonInput, typeof BASELINE_COMPARISON_KEYS> = true;
void comparisonKeysMatch;

/** Result of {@link compareToBaseline}. */
export interface BaselineVerdict {
  verdict: Verdict;
  metric: string;
  value: number;
  baseline: number;
  higherIsBetter: boolean;
  /** `value − baseline`. */
  difference: number;
  /** `value / baseline` when both are ≥ 0 and the baseline is > 0, else null. */
  ratio: number | null;
  /** One line for people; for "no better" and "worse" a warning naming the baseline value. */
  message: string;
}

/**
 * Regression baseline on a given split: predict the mean of the training targets for every test sample
 * (scikit-learn's `DummyRegressor(strategy="mean")`) and score it with {@link regressionMetrics}. Its test
 * R² is at most about 0 (exactly 0 only when the train and test means coincide).
 *
 * @throws {EvalError} `EMPTY_INPUT`, `NON_FINITE`, `TOO_FEW_VALUES` (fewer than 2 test targets).
 * @example
 * ```ts
 * const b = regressionBaseline([1, 2, 3, 4], [2, 5]);
 * b.prediction;  // 2.5
 * b.metrics.mse; // 3.25
 * ```
 */
export function regressionBaseline(yTrain: ArrayLike<number>, yTest: ArrayLike<number>): RegressionBaseline {
  const fn = 'regressionBaseline';
  requireNonEmpty(fn, 'yTrain', yTrain);
  requireNonEmpty(fn, 'yTest', yTest);
  requireFiniteValues(fn, 'yTrain', yTrain);
  requireFiniteValues(fn, 'yTest', yTest);
  if (yTest.length < 2) {
    throw new EvalError('TOO_FEW_VALUES', `${fn}: yTest must hold at least 2 values for R², got ${yTest.length}`);
  }
  const prediction = meanOf(yTrain);
  const metrics = regressionMetrics(yTest, new Array<number>(yTest.length).fill(prediction));
  return { kind: 'train-mean', prediction, metrics };
}

/**
 * Classification baseline on a given split: always predict the most frequent training class (scikit-learn's
 * `DummyClassifier(strategy="most_frequent")`, lowest class index on ties) for accuracy and macro F1, and
 * predict the training class frequencies as probabilities for log loss (`strategy="prior"`). A test class
 * that never occurs in training gets probability 0, clipped to 2⁻⁵², so it costs about 36 nats per sample:
 * the honest price of a baseline that never saw it.
 *
 * @param nClasses - number of classes (≥ 2), e.g. the model's output width.
 * @throws {EvalError} `EMPTY_INPUT`, `INVALID_LABEL`, `INVALID_OPTION`.
 * @example
 * ```ts
 * const b = classificationBaseline([0, 1, 1, 1], [1, 0], 2);
 * b.prediction;       // 1
 * b.metrics.accuracy; // 0.5
 * b.metrics.logLoss;  // (−ln 0.75 − ln 0.25) / 2 ≈ 0.8370
 * ```
 */
export function classificationBaseline(
  yTrain: ArrayLike<number>,
  yTest: ArrayLike<number>,
  nClasses: number,
): ClassificationBaseline {
  const fn = 'classificationBaseline';
  requireClassCount(fn, 'nClasses', nClasses, 2);
  requireNonEmpty(fn, 'yTrain', yTrain);
  requireNonEmpty(fn, 'yTest', yTest);
  requireClassLabels(fn, 'yTrain', yTrain, nClasses);
  requireClassLabels(fn, 'yTest', yTest, nClasses);
  const counts = new Array<number>(nClasses).fill(0);
  for (let i = 0; i < yTrain.length; i++) counts[yTrain[i] as number]! += 1;
  let prediction = 0;
  for (let k = 1; k < nClasses; k++) if (counts[k]! > counts[prediction]!) prediction = k;
  const classFrequencies = counts.map((c) => c / yTrain.length);
  const predicted = new Array<number>(yTest.length).fill(prediction);
  let correct = 0;
  for (let i = 0; i < yTest.length; i++) if (yTest[i] === prediction) correct++;
  return {
    kind: 'majority-class',
    prediction,
    classFrequencies,
    metrics: {
      accuracy: correct / yTest.length,
      logLoss: logLoss(yTest, new Array<number[]>(yTest.length).fill(classFrequencies)),
      macroF1: precisionRecallF1(yTest, predicted, nClasses).macro.f1,
    },
  };
}

/**
 * Judge a model's metric against its baseline: `'better'` when it is strictly better (beyond
 * `relativeTolerance`), `'no better'` when equal within it, `'worse'` otherwise, with a message that names
 * the baseline value, e.g. `"test MSE 2.02e11 is 8.7× the train-mean baseline 2.33e10: the model does not
 * beat predicting the training mean"`.
 *
 * @throws {EvalError} `NON_FINITE` when value or baseline is not finite (a diverged run has no metric to
 *   judge), `INVALID_OPTION` for an unknown metric without `higherIsBetter` or a bad tolerance.
 * @example
 * ```ts
 * compareToBaseline({ metric: 'accuracy', value: 0.559375, baseline: 0.559375, baselineKind: 'majority-class' });
 * // { verdict: 'no better', message: 'test accuracy 0.5594 equals the majority-class baseline 0.5594: the
 * //   model does not beat always predicting the majority class', … }
 * ```
 */
export function compareToBaseline(input: BaselineComparisonInput): BaselineVerdict {
  const fn = 'compareToBaseline';
  if (input === undefined) throw new EvalError('INVALID_OPTION', `${fn}: input must be an object with keys ${BASELINE_COMPARISON_KEYS.join(', ')}, got undefined`);
  requireKnownOptions(fn, input, BASELINE_COMPARISON_KEYS, 'input');
  const { metric, value, baseline } = input;
  const higherIsBetter = resolveDirection(fn, metric, input.higherIsBetter);
  for (const [name, v] of [['value', value], ['baseline', baseline]] as const) {
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new EvalError('NON_FINITE', `${fn}: ${name} must be a finite number, got ${show(v)}; a diverged run has no metric to compare`);
    }
  }
  const tolerance = input.relativeTolerance ?? 1e-9;
  if (typeof tolerance !== 'number' || !(tolerance >= 0)) {
    throw new EvalError('INVALID_OPTION', `${fn}: relativeTolerance must be a number >= 0, got ${show(tolerance)}`);
  }
  const difference = value - baseline;
  const ratio = value >= 0 && baseline > 0 ? value / baseline : null;
  let verdict: Verdict;
  if (Math.abs(difference) <= tolerance * Math.max(Math.abs(value), Math.abs(baseline))) verdict = 'no better';
  else verdict = difference > 0 === higherIsBetter ? 'better' : 'worse';

  const split = input.split ?? 'test';
  const subject = `${split === '' ? '' : `${split} `}${metricLabel(metric)} ${formatNumber(value)}`;
  const kind = input.baselineKind;
  const reference = `the ${kind === undefined ? '' : `${kind} `}baseline ${formatNumber(baseline)}`;
  const consequence = `the model does not beat ${baselineBehaviour(kind, metric)}`;
  let message: string;
  if (verdict === 'no better') {
    message = `${subject} equals ${reference}: ${consequence}`;
  } else if (verdict === 'better') {
    const gain = !higherIsBetter && ratio !== null ? `${formatNumber(ratio, 2)}× the baseline` : signed(difference);
    message = `${subject} beats ${reference} (${gain})`;
  } else {
    message = `${subject} ${worsePhrase(higherIsBetter, difference, ratio, baseline)} ${reference}: ${consequence}`;
  }
  return { verdict, metric, value, baseline, higherIsBetter, difference, ratio, message };
}

/**
 * True when the model's metric is strictly better than its baseline: `compareToBaseline(input).verdict ===
 * 'better'`.
 *
 * @example
 * ```ts
 * beatsBaseline({ metric: 'mse', value: 2.02e11, baseline: 2.33e10 }); // false
 * ```
 */
export function beatsBaseline(input: BaselineComparisonInput): boolean {
  return compareToBaseline(input).verdict === 'better';
}

// What the baseline does, in words. For log loss the majority-class baseline's probabilities are the
// training class frequencies, so that is what the model failed to beat.
function baselineBehaviour(kind: string | undefined, metric: string): string {
  if (kind === 'train-mean') return 'predicting the training mean';
  if (kind === 'majority-class') {
    return metric === 'logLoss' || metric === 'loss'
      ? 'predicting the training class frequencies'
      : 'always predicting the majority class';
  }
  return 'its baseline';
}

function worsePhrase(higherIsBetter: boolean, difference: number, ratio: number | null, baseline: number): string {
  if (higherIsBetter) return `is ${formatNumber(-difference)} below`;
  if (ratio !== null && ratio >= 1.1) return `is ${formatNumber(ratio, 2)}×`;
  if (baseline > 0) return `is ${formatNumber((difference / baseline) * 100, 2)}% above`;
  return `is ${formatNumber(difference)} above`;
}

function signed(x: number): string {
  return x > 0 ? `+${formatNumber(x)}` : formatNumber(x);
}
