/**
 * Weight layout convention.
 *
 * - `keras` (also tfjs): dense `[in, out]`, convolution `[kh, kw, in, out]` (channels last).
 * - `torch`: dense `[out, in]`, convolution `[out, in, kh, kw]`.
 */
export type Layout = 'keras' | 'torch';

/** Element type of a sample. */
export type Dtype = 'float32' | 'float64';

/** Number of inputs and outputs a weight tensor connects (see {@link computeFans}). */
export interface Fans {
  /** Inputs per output unit: `in × receptive field`. */
  fanIn: number;
  /** Outputs per input unit: `out × receptive field`. */
  fanOut: number;
}

/** A resolved initializer: the canonical name and every parameter (defaults included). */
export interface InitializerConfig {
  /** Canonical (snake_case) name. */
  name: string;
  /** Parameters by name. */
  [param: string]: unknown;
}

/**
 * What {@link getInitializer} accepts: a name or alias (`'he_normal'`, `'HeNormal'`), the CLI
 * syntax (`'random_normal:stddev=0.01'`), or an object `{ name, ...params }`.
 */
export type InitializerSpec = string | { name: string; [param: string]: unknown };

/** Options of {@link Initializer.sample}. */
export interface SampleOptions {
  /** Seed of the generator (any safe integer); without one a fresh random seed is drawn. */
  seed?: number;
  /** Layout the shape is given in; decides the fans and how orthogonal/dirac/sparse read the axes. Default `keras`. */
  layout?: Layout;
  /** Element type of the result. Default `float32`. */
  dtype?: Dtype;
  /**
   * Overrides the fans computed from the shape, e.g. PyTorch's Linear bias, which is drawn from
   * U(±1/√fan_in) with the fan_in of its kernel.
   */
  fans?: Fans;
  /**
   * Which axes of the shape are the inputs (Keras 3's `input_axes`): with `outputAxes`, the fans are
   * `∏ shape[inputAxes]` and `∏ shape[outputAxes]` whatever the layout, e.g. `[0]` and `[1, 2]` for a multi-head
   * attention kernel `[dim, heads, keyDim]`. Both or neither; not with `fans`. See {@link computeFans}.
   */
  inputAxes?: readonly number[];
  /** Which axes of the shape are the outputs (Keras 3's `output_axes`); see `inputAxes`. */
  outputAxes?: readonly number[];
}

/** Options of {@link computeFans}. */
export interface ComputeFansOptions {
  /** Layout the shape is given in. Default `keras`. */
  layout?: Layout;
  /** Input axes (Keras 3's `input_axes`); with `outputAxes` they decide the fans whatever the layout. */
  inputAxes?: readonly number[];
  /** Output axes (Keras 3's `output_axes`); see `inputAxes`. */
  outputAxes?: readonly number[];
}

/** A configured initializer from the catalogue. */
export interface Initializer {
  /** The catalogue entry's metadata. */
  readonly info: InitializerInfo;
  /** Canonical name and every parameter, defaults included; `getInitializer(init.getConfig())` gives identical samples. */
  getConfig(): InitializerConfig;
  /**
   * Draws a tensor of `shape` (row-major, C order), `float32` unless `opts.dtype` says otherwise.
   * The same `seed`, shape, layout, dtype and parameters give the same bytes.
   */
  sample(shape: number[], opts?: SampleOptions): Float32Array | Float64Array;
}

/** Which group an entry belongs to. */
export type InitializerFamily = 'constant' | 'random' | 'variance_scaling' | 'orthogonal' | 'structured' | 'sparse';

/** A nested list of finite numbers, rectangular (`[[1, 2], [3, 4]]`): an array-valued parameter such as Keras `Constant`'s value. */
export type NestedNumbers = readonly (number | NestedNumbers)[];

/** A parameter value after resolution: a number, a choice, or (a `tensor` parameter) a nested list of numbers. */
export type ParameterValue = number | string | NestedNumbers;

/** Resolved parameters of an entry (defaults included). */
export type ResolvedParameters = Readonly<Record<string, ParameterValue>>;

/** Numeric bounds of a parameter; absent sides are unbounded. */
export interface ParameterRange {
  /** Lower bound. */
  min?: number;
  /** Whether `min` itself is allowed. */
  minInclusive?: boolean;
  /** Upper bound. */
  max?: number;
  /** Whether `max` itself is allowed. */
  maxInclusive?: boolean;
}

/** One parameter of an entry. */
export interface ParameterInfo {
  /** Canonical name. */
  name: string;
  /**
   * `number` (finite double), `integer` (safe integer), `enum` (one of `choices`) or `tensor` (a finite number, or
   * a rectangular nested list of them that is broadcast to the sample's shape, numpy-style).
   */
  type: 'number' | 'integer' | 'enum' | 'tensor';
  /** Default value; `null` when the parameter is required (PyTorch `sparse_`'s `sparsity`). */
  default: ParameterValue | null;
  /** What the parameter does. */
  description: string;
  /** Valid range of a numeric parameter. */
  range?: ParameterRange;
  /** Allowed values of an `enum` parameter. */
  choices?: readonly string[];
  /**
   * Whether a string value is lower-cased before it is matched against `choices` and `choiceAliases`, as Keras
   * does for `VarianceScaling`'s `distribution` (`'Uniform'` → `'uniform'`); the resolved value is the lower-cased one.
   */
  lowerCase?: boolean;
  /** Other accepted spellings of a choice and what they mean, e.g. Keras's `normal` → `truncated_normal`. */
  choiceAliases?: Readonly<Record<string, string>>;
  /** Other accepted spellings of the parameter's name, e.g. PyTorch's `val` for `value`. */
  aliases?: readonly string[];
  /**
   * A `number` parameter that also takes `Infinity` and `-Infinity` (PyTorch `trunc_normal_`'s bounds `a`, `b`:
   * an infinite bound means no truncation on that side). NaN is never a value. Given as ±Infinity or the strings
   * `'inf'` / `'-inf'` (also `'Infinity'`, any case); resolved, and so in `getConfig()`, as `'inf'` / `'-inf'`, since
   * JSON has no infinity and a config is stored as JSON (experiment files, results).
   */
  allowsInfinity?: boolean;
  /** The valid values in words, as error messages and the CLI print them: `> 0`, `[0, 1]`, `fan_in | fan_out`. */
  allowed: string;
}

/** How an entry relates to one framework's initializer of that name. */
export interface FrameworkMatch {
  /** The framework. */
  framework: 'keras' | 'pytorch' | 'tfjs';
  /** The framework's API for it, e.g. `keras.initializers.GlorotNormal`. */
  api: string;
  /** The strings that framework accepts for it (`'GlorotNormal'`, `'glorot_normal'`). */
  identifiers: readonly string[];
  /** `identical`: same distribution for the same parameters and fans (and these identifiers are aliases); `differs`: see `notes`. */
  match: 'identical' | 'differs';
  /** Where and how they differ, or the fine print of `identical`. */
  notes: string;
}

/** How a definition in one of the seed notebooks maps to this entry. */
export interface SeedNotebookName {
  /** `housing` (seeds/000_dac9beda37a39eac.txt, Keras regression) or `wine` (seeds/003_20508a46c425cfbc.txt, Keras classification and theory). */
  notebook: 'housing' | 'wine';
  /** The notebook's own name or code for it. */
  name: string;
  /** Where in the notebook. */
  where: string;
  /** The notebook's definition, in its words. */
  definition: string;
  /** `exact`: this entry is what the notebook means or runs; `same_variance`: same variance, different distribution (e.g. truncated vs untruncated). */
  match: 'exact' | 'same_variance';
  /** Which entry is exact when this one is not, and why. */
  note: string;
}

/** The distribution an entry draws from. */
export interface DistributionInfo {
  /** The kind of distribution. */
  kind:
    | 'constant'
    | 'normal'
    | 'truncated_normal'
    | 'uniform'
    | 'depends_on_parameters'
    | 'haar_orthogonal'
    | 'identity'
    | 'dirac'
    | 'sparse_normal';
  /** The distribution in LaTeX, e.g. `W_{ij} \sim \mathcal{N}(0, \sigma^2)`. */
  latex: string;
  /** The distribution in words. */
  description: string;
}

/** The variance an entry gives each weight. */
export interface TargetVariance {
  /** The formula in LaTeX, with `n_{in}`, `n_{out}` for the fans. */
  latex: string;
  /**
   * The variance for given fans and resolved parameters, or `null` when the fans do not determine
   * it (e.g. `dirac`, which depends on the kernel's spatial size) or a fan the formula divides by is 0.
   */
  evaluate(fans: Fans, params: ResolvedParameters): number | null;
  /** Fine print: what the number means for this entry. */
  note: string;
}

/** Ranks an entry accepts. */
export interface ShapeSupport {
  /** Smallest rank. */
  minRank: number;
  /** Largest rank, or `null` for no limit. */
  maxRank: number | null;
  /** In words. */
  description: string;
}

/** Everything the catalogue knows about an entry: drives the CLI and the docs' catalogue pages. */
export interface InitializerInfo {
  /** Canonical snake_case name. */
  name: string;
  /** Other names that resolve to this entry: only framework names with identical semantics. */
  aliases: readonly string[];
  /** Group. */
  family: InitializerFamily;
  /** One sentence. */
  summary: string;
  /** Parameters in canonical order. */
  parameters: readonly ParameterInfo[];
  /** Whether the entry reads the fans (so a `fans` override matters and fan rules apply). */
  usesFans: boolean;
  /** Ranks accepted. */
  shapes: ShapeSupport;
  /** The distribution sampled. */
  distribution: DistributionInfo;
  /** The per-weight variance it targets. */
  targetVariance: TargetVariance;
  /** The full sampling rule as a LaTeX block (aligned lines). */
  formula: string;
  /** Activations it is designed for (empty: none in particular). */
  suits: readonly string[];
  /** Why it suits them, or when not to use it. */
  suitsNote: string;
  /** How it matches Keras, PyTorch and tfjs-layers. */
  frameworks: readonly FrameworkMatch[];
  /** The paper, as "Title – Authors (Year)", or `null`. */
  reference: string | null;
  /** How the seed notebooks' definitions map to it. */
  seedNotebookNames: readonly SeedNotebookName[];
}
