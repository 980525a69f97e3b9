import { PreprocessError } from './errors.js';
import { show, showList } from './format.js';

/** A label `LabelEncoder` encodes: a string, or a finite number. */
export type Label = string | number;

/** A {@link LabelEncoder} as plain JSON. */
export interface LabelEncoderJSON {
  type: 'LabelEncoder';
  /** Sorted classes (all strings or all numbers), or `null` while not fitted. */
  classes: string[] | number[] | null;
}

// NumPy sorts Unicode strings by code point; JavaScript's default sort compares UTF-16 code
// units, which differs for characters beyond U+FFFF, so compare code points explicitly.
function compareCodePoints(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const ca = a.codePointAt(i) as number;
    const cb = b.codePointAt(j) as number;
    if (ca !== cb) return ca - cb;
    i += ca > 0xffff ? 2 : 1;
    j += cb > 0xffff ? 2 : 1;
  }
  return (a.length - i) - (b.length - j);
}

// np.unique sorts numbers numerically and strings by code point.
const compareLabels = (a: Label, b: Label): number =>
  typeof a === 'number' ? a - (b as number) : compareCodePoints(a, b as string);

// Labels are all strings or all finite numbers (NumPy would turn a mix into strings); `kind`, once fitted,
// is the one the classes have.
function checkLabels(where: string, labels: readonly Label[], kind?: 'string' | 'number'): 'string' | 'number' {
  if (!Array.isArray(labels)) {
    throw new PreprocessError('UNKNOWN_LABEL', `${where}: labels must be an array of strings or numbers, got ${show(labels)}`);
  }
  const want = kind ?? (typeof labels[0] === 'number' ? 'number' : 'string');
  labels.forEach((label, i) => {
    if (typeof label !== want || (want === 'number' && !Number.isFinite(label))) {
      const rule = want === 'number' ? 'finite numbers' : 'strings';
      const why = kind === undefined ? '(one kind per encoder)' : '(as the classes seen in fit)';
      throw new PreprocessError('UNKNOWN_LABEL', `${where}: labels must all be ${rule} ${why}, got ${show(label)} at index ${i}`);
    }
  });
  return want;
}

/**
 * Encodes labels as integers `0 … nClasses − 1`, as scikit-learn's `LabelEncoder`: `classes` is the
 * sorted set of distinct labels (`np.unique`: numbers in numeric order, strings by Unicode code
 * point), and a label's code is its position there. For the wine data, `bad` → 0 and `good` → 1;
 * numeric labels `[9, 10, -2, -10]` give classes `[-10, -2, 9, 10]`.
 *
 * @example
 * ```ts
 * import { LabelEncoder } from '@initlab/preprocess';
 * const enc = new LabelEncoder().fit(['good', 'bad', 'good']);
 * enc.classes;                    // ['bad', 'good']
 * enc.transform(['good', 'bad']); // [1, 0]
 * enc.inverseTransform([0, 1]);   // ['bad', 'good']
 * new LabelEncoder().fit([9, 10, -2, -10]).classes; // [-10, -2, 9, 10]
 * ```
 */
export class LabelEncoder<L extends Label = Label> {
  #classes: L[] | null = null;
  #kind: 'string' | 'number' = 'string';
  #codes = new Map<L, number>();

  /** True once `fit` has run. */
  get isFitted(): boolean {
    return this.#classes !== null;
  }

  #fitted(where: string): L[] {
    if (this.#classes === null) {
      throw new PreprocessError(
        'NOT_FITTED',
        `LabelEncoder.${where}: the encoder is not fitted yet; call fit(labels) or fitTransform(labels) first`,
      );
    }
    return this.#classes;
  }

  /** The distinct labels in code order (a copy). */
  get classes(): L[] {
    return [...this.#fitted('classes')];
  }

  #setClasses(classes: L[], kind: 'string' | 'number'): void {
    this.#classes = classes;
    this.#kind = kind;
    this.#codes = new Map(classes.map((c, i) => [c, i]));
  }

  /** Learns the sorted set of distinct labels (replacing any earlier fit); all strings or all finite numbers. */
  fit(labels: readonly L[]): this {
    const kind = checkLabels('LabelEncoder.fit', labels);
    // A Set keeps one of 0 and -0, as np.unique does (they compare equal).
    this.#setClasses([...new Set(labels)].sort(compareLabels), kind);
    return this;
  }

  /**
   * The code of each label.
   * @throws {PreprocessError} `UNKNOWN_LABEL` listing the labels not seen in `fit`.
   */
  transform(labels: readonly L[]): number[] {
    const classes = this.#fitted('transform');
    checkLabels('LabelEncoder.transform', labels, this.#kind);
    const codes = this.#codes;
    const out = new Array<number>(labels.length);
    const unseen = new Set<L>();
    labels.forEach((label, i) => {
      const code = codes.get(label);
      if (code === undefined) unseen.add(label);
      else out[i] = code;
    });
    if (unseen.size > 0) {
      throw new PreprocessError(
        'UNKNOWN_LABEL',
        `LabelEncoder.transform: labels must be classes seen in fit (${showList(classes)}), got unseen ${showList([...unseen])}`,
      );
    }
    return out;
  }

  /** `fit(labels)` then `transform(labels)`. */
  fitTransform(labels: readonly L[]): number[] {
    return this.fit(labels).transform(labels);
  }

  /**
   * The label of each code.
   * @throws {PreprocessError} `UNKNOWN_LABEL` for a code that is not an integer in `[0, nClasses)`.
   */
  inverseTransform(codes: ArrayLike<number>): L[] {
    const classes = this.#fitted('inverseTransform');
    return Array.from(codes, (code, i) => {
      const label = Number.isInteger(code) ? classes[code] : undefined;
      if (label === undefined) {
        throw new PreprocessError(
          'UNKNOWN_LABEL',
          `LabelEncoder.inverseTransform: codes must be integers in [0, ${classes.length - 1}], got ${show(code)} at index ${i}`,
        );
      }
      return label;
    });
  }

  /** The classes as plain JSON. */
  toJSON(): LabelEncoderJSON {
    return { type: 'LabelEncoder', classes: this.#classes === null ? null : ([...this.#classes] as string[] | number[]) };
  }

  /** Rebuilds an encoder saved with `toJSON` (classes must be distinct, sorted, all strings or all finite numbers). */
  static fromJSON(json: unknown): LabelEncoder {
    const where = 'LabelEncoder.fromJSON';
    if (typeof json !== 'object' || json === null || (json as { type?: unknown }).type !== 'LabelEncoder') {
      throw new PreprocessError('INVALID_JSON', `${where}: expected a saved LabelEncoder object, got ${show(json)}`);
    }
    const classes = (json as { classes?: unknown }).classes;
    const encoder = new LabelEncoder();
    if (classes === null) return encoder;
    const kind = Array.isArray(classes) && typeof classes[0] === 'number' ? 'number' : 'string';
    const ok = (c: unknown) => (kind === 'number' ? typeof c === 'number' && Number.isFinite(c) : typeof c === 'string');
    if (!Array.isArray(classes) || !classes.every(ok)) {
      throw new PreprocessError(
        'INVALID_JSON',
        `${where}: classes must be null or an array of strings or of finite numbers, got ${show(classes)}`,
      );
    }
    const sorted = [...new Set(classes as Label[])].sort(compareLabels);
    if (sorted.length !== classes.length || sorted.some((c, i) => c !== classes[i])) {
      throw new PreprocessError('INVALID_JSON', `${where}: classes must be distinct and sorted, got ${showList(classes)}`);
    }
    encoder.#setClasses(sorted, kind);
    return encoder;
  }
}
