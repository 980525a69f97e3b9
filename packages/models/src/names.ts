// The names and rules every consumer of the models package offers (the experiment schema, the CLI's flag
// choices, the docs playground): written once here so a new activation or optimizer reaches them all.

/**
 * Activation names a dense layer accepts (`gelu` is the exact erf form, as Keras; `softsign` is
 * x / (1 + |x|), Keras's and PyTorch's, the one Glorot & Bengio 2010 compare with tanh).
 *
 * @example
 * ```ts
 * ACTIVATION_NAMES.includes('tanh'); // true
 * ```
 */
export const ACTIVATION_NAMES = ['linear', 'relu', 'leaky_relu', 'elu', 'selu', 'tanh', 'sigmoid', 'softsign', 'gelu', 'softmax'] as const;

/** Activation names a dense layer accepts. */
export type ActivationName = (typeof ACTIVATION_NAMES)[number];

/** Activations offered for hidden layers: every activation but softmax, which normalises an output layer. */
export const HIDDEN_ACTIVATION_NAMES = ACTIVATION_NAMES.filter(
  (name): name is Exclude<ActivationName, 'softmax'> => name !== 'softmax',
);

/** Loss names, with Keras semantics. */
export const LOSS_NAMES = ['mse', 'mae', 'binary_crossentropy', 'sparse_categorical_crossentropy', 'categorical_crossentropy'] as const;

/** Loss names, with Keras semantics (see the README). */
export type LossName = (typeof LOSS_NAMES)[number];

/** Optimizer names. */
export const OPTIMIZER_NAMES = ['sgd', 'adam', 'rmsprop'] as const;

/** Optimizer names. */
export type OptimizerName = (typeof OPTIMIZER_NAMES)[number];

/**
 * Each optimizer's parameters with Keras's defaults; the keys are the parameters it accepts (besides the
 * clipping options of {@link CLIP_PARAMETERS}). `weightDecay: 0` is Keras's `weight_decay=None` (no decay).
 */
export const OPTIMIZER_DEFAULTS = {
  sgd: { learningRate: 0.01, momentum: 0, nesterov: false, weightDecay: 0 },
  adam: { learningRate: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-7, amsgrad: false, weightDecay: 0 },
  rmsprop: { learningRate: 0.001, rho: 0.9, momentum: 0, epsilon: 1e-7, centered: false, weightDecay: 0 },
} as const satisfies Record<OptimizerName, Record<string, number | boolean>>;

/** The parameter names of each optimizer, in the order Keras documents them. */
export const OPTIMIZER_PARAMETERS = Object.fromEntries(
  OPTIMIZER_NAMES.map((name) => [name, Object.keys(OPTIMIZER_DEFAULTS[name])]),
) as unknown as { readonly [N in OptimizerName]: readonly (keyof (typeof OPTIMIZER_DEFAULTS)[N] & string)[] };

/**
 * Parameters whose default leaves the update exactly as it was before initlab offered them (no AMSGrad
 * maximum, no weight decay). `resolveOptimizer` writes them only when they are set to something else, so a
 * resolved optimizer, and the run identities hashed from it, stay what they were for every existing
 * experiment.
 *
 * @example
 * ```ts
 * OPTIMIZER_OPTIONAL_PARAMETERS.includes('weightDecay'); // true
 * ```
 */
export const OPTIMIZER_OPTIONAL_PARAMETERS = ['amsgrad', 'weightDecay'] as const;

/** A parameter {@link OPTIMIZER_OPTIONAL_PARAMETERS} lists. */
export type OptimizerOptionalParameter = (typeof OPTIMIZER_OPTIONAL_PARAMETERS)[number];

/** Gradient clipping options every optimizer takes (at most one of them, as Keras). */
export const CLIP_PARAMETERS = ['clipNorm', 'globalClipNorm', 'clipValue'] as const;

/**
 * LSUV's defaults (Mishkin & Matas 2016): stop when `|Var(z) − 1| < tolerance` (the paper's Tol_var), at most
 * `maxIterations` rescalings per layer (T_max), on a batch of `batchSize` training rows, starting from
 * orthogonal kernels.
 */
export const LSUV_DEFAULTS = { tolerance: 0.1, maxIterations: 10, batchSize: 256, kernelInitializer: 'orthogonal' } as const;

/** The parameters an `lsuv` initializer entry may set. */
export const LSUV_PARAMETERS = ['tolerance', 'maxIterations', 'batchSize'] as const;

/** A parameter of an `lsuv` initializer entry. */
export type LsuvParameter = (typeof LSUV_PARAMETERS)[number];

const LSUV_RULES: Record<LsuvParameter, { text: string; holds: (value: unknown) => boolean }> = {
  tolerance: { text: 'a finite number > 0', holds: (v) => typeof v === 'number' && Number.isFinite(v) && v > 0 },
  // 0 rescalings is allowed: the orthogonal start alone, a baseline LSUV is measured against.
  maxIterations: { text: 'an integer >= 0', holds: (v) => Number.isInteger(v) && (v as number) >= 0 },
  batchSize: { text: 'a positive integer', holds: (v) => Number.isInteger(v) && (v as number) > 0 },
};

/**
 * The rule an LSUV parameter's value breaks, as the text after "must be", or `null` when it is allowed.
 *
 * @example
 * ```ts
 * lsuvParameterRule('maxIterations', -1); // 'an integer >= 0'
 * lsuvParameterRule('tolerance', 0.05);   // null
 * ```
 */
export function lsuvParameterRule(parameter: LsuvParameter, value: unknown): string | null {
  const rule = LSUV_RULES[parameter];
  return rule.holds(value) ? null : rule.text;
}

/** SELU constants (Klambauer et al. 2017), the same values Keras and tfjs use: α. */
export const SELU_ALPHA = 1.6732632423543772848170429916717;
/** SELU scale λ. */
export const SELU_SCALE = 1.0507009873554804934193349852946;
