// The hidden-layer activations of @initlab/models, with their first and second derivatives, written here so
// this package needs no tfjs. Each formula is the one @initlab/models computes (packages/models/src/activations.ts):
// gelu is the exact erf form; elu with alpha ≠ 1 is Keras 3's `where(z > 0, z, alpha·(eᶻ − 1))`; leaky_relu's
// slope defaults to 0.2 (Keras 3), elu's alpha to 1; SELU uses the exact constants of Klambauer et al. 2017.
import { TheoryError, refuseUnknownKeys, show } from './errors.js';
import { erf } from './quadrature.js';

/**
 * The activations the theory covers: every hidden-layer activation of `@initlab/models` (a test checks that
 * the two lists are the same).
 *
 * @example
 * ```ts
 * THEORY_ACTIVATION_NAMES.includes('selu'); // true
 * ```
 */
export const THEORY_ACTIVATION_NAMES = ['linear', 'relu', 'leaky_relu', 'elu', 'selu', 'tanh', 'sigmoid', 'softsign', 'gelu'] as const;

/** An activation the theory covers. */
export type TheoryActivationName = (typeof THEORY_ACTIVATION_NAMES)[number];

/** SELU α (Klambauer et al. 2017), the value Keras, tfjs and `@initlab/models` use. */
export const SELU_ALPHA = 1.6732632423543772848170429916717;
/** SELU scale λ (Klambauer et al. 2017). */
export const SELU_SCALE = 1.0507009873554804934193349852946;

/**
 * A custom activation for the theory (for example erf(x), whose maps have closed forms): φ, φ′, φ″ and the
 * points where φ or φ′ is not smooth (only 0 is supported, the one kink the bivariate rule cuts along).
 */
export interface CustomActivation {
  readonly name: string;
  readonly phi: (x: number) => number;
  readonly dphi: (x: number) => number;
  readonly d2phi: (x: number) => number;
  readonly kinks?: readonly number[];
}

/**
 * An activation name, `{ name, alpha }` for leaky_relu and elu (as a `@initlab/models` layer spec), or a
 * {@link CustomActivation}.
 */
export type ActivationInput = TheoryActivationName | { readonly name: TheoryActivationName; readonly alpha?: number } | CustomActivation;

/**
 * An activation with its derivatives. `kinks` lists the pre-activations where φ or φ′ is not smooth (the
 * quadrature cuts there); φ″ is the pointwise second derivative away from the kinks. At every kink of these
 * activations φ(0) = 0, so the Dirac part of φ″ never contributes to E[φ″ φ] (the ξ_q formula).
 */
export interface Activation {
  /** One of {@link THEORY_ACTIVATION_NAMES}, or a custom activation's own name. */
  readonly name: string;
  /** leaky_relu's negative slope, elu's alpha; 0 for the others. */
  readonly alpha: number;
  readonly phi: (x: number) => number;
  readonly dphi: (x: number) => number;
  readonly d2phi: (x: number) => number;
  readonly kinks: readonly number[];
}

const INV_SQRT2 = Math.SQRT1_2;
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

function sigmoid(x: number): number {
  // Split by sign so neither branch overflows.
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/**
 * Resolves an activation name (or `{ name, alpha }`) to φ, φ′ and φ″.
 *
 * - linear x; relu max(x, 0); leaky_relu x or αx (α default 0.2); elu x or α(eˣ − 1) (α default 1);
 * - selu λx or λα(eˣ − 1); tanh; sigmoid 1/(1 + e⁻ˣ); softsign x/(1 + |x|) (φ′ has a corner at 0);
 * - gelu x·Φ(x) = ½x(1 + erf(x/√2)).
 *
 * @throws {TheoryError} `INVALID_ARGUMENT` for an unknown name, an alpha on an activation that takes none, or
 *   an alpha that is not a finite number ≥ 0.
 * @example
 * ```ts
 * resolveActivation('tanh').dphi(0); // 1
 * resolveActivation({ name: 'leaky_relu', alpha: 0.1 }).phi(-1); // -0.1
 * ```
 */
export function resolveActivation(input: ActivationInput): Activation {
  const where = 'resolveActivation';
  if (typeof input === 'object' && input !== null && 'phi' in input) return resolveCustom(input);
  const name = typeof input === 'string' ? input : input?.name;
  if (!(THEORY_ACTIVATION_NAMES as readonly unknown[]).includes(name)) {
    throw new TheoryError('INVALID_ARGUMENT', `${where}: activation must be one of ${THEORY_ACTIVATION_NAMES.join(', ')}, got ${show(name)}`);
  }
  const n = name as TheoryActivationName;
  let alpha = 0;
  if (n === 'leaky_relu' || n === 'elu') {
    const given = typeof input === 'object' ? (input as { alpha?: number }).alpha : undefined;
    alpha = given ?? (n === 'leaky_relu' ? 0.2 : 1);
    if (typeof alpha !== 'number' || !Number.isFinite(alpha) || alpha < 0) {
      throw new TheoryError('INVALID_ARGUMENT', `${where}: ${n} alpha must be a finite number >= 0, got ${show(given)}`);
    }
  } else if (typeof input === 'object' && (input as { alpha?: number }).alpha !== undefined) {
    throw new TheoryError('INVALID_ARGUMENT', `${where}: activation '${n}' takes no alpha, got ${show((input as { alpha?: number }).alpha)}; only leaky_relu and elu do`);
  }
  const a = alpha;
  switch (n) {
    case 'linear':
      return { name: n, alpha, phi: (x) => x, dphi: () => 1, d2phi: () => 0, kinks: [] };
    case 'relu':
      return { name: n, alpha, phi: (x) => (x > 0 ? x : 0), dphi: (x) => (x > 0 ? 1 : 0), d2phi: () => 0, kinks: [0] };
    case 'leaky_relu':
      return { name: n, alpha, phi: (x) => (x > 0 ? x : a * x), dphi: (x) => (x > 0 ? 1 : a), d2phi: () => 0, kinks: [0] };
    case 'elu':
      return {
        name: n,
        alpha,
        phi: (x) => (x > 0 ? x : a * Math.expm1(x)),
        dphi: (x) => (x > 0 ? 1 : a * Math.exp(x)),
        d2phi: (x) => (x > 0 ? 0 : a * Math.exp(x)),
        kinks: [0],
      };
    case 'selu':
      return {
        name: n,
        alpha,
        phi: (x) => (x > 0 ? SELU_SCALE * x : SELU_SCALE * SELU_ALPHA * Math.expm1(x)),
        dphi: (x) => (x > 0 ? SELU_SCALE : SELU_SCALE * SELU_ALPHA * Math.exp(x)),
        d2phi: (x) => (x > 0 ? 0 : SELU_SCALE * SELU_ALPHA * Math.exp(x)),
        kinks: [0],
      };
    case 'tanh':
      return {
        name: n,
        alpha,
        phi: Math.tanh,
        dphi: (x) => {
          const t = Math.tanh(x);
          return 1 - t * t;
        },
        d2phi: (x) => {
          const t = Math.tanh(x);
          return -2 * t * (1 - t * t);
        },
        kinks: [],
      };
    case 'sigmoid':
      return {
        name: n,
        alpha,
        phi: sigmoid,
        dphi: (x) => {
          const s = sigmoid(x);
          return s * (1 - s);
        },
        d2phi: (x) => {
          const s = sigmoid(x);
          return s * (1 - s) * (1 - 2 * s);
        },
        kinks: [],
      };
    case 'softsign':
      return {
        name: n,
        alpha,
        phi: (x) => x / (1 + Math.abs(x)),
        dphi: (x) => 1 / (1 + Math.abs(x)) ** 2,
        // −2·sign(x)/(1 + |x|)³: it jumps from 2 to −2 at 0, where φ′ has a corner, hence the kink
        d2phi: (x) => (x > 0 ? -2 : 2) / (1 + Math.abs(x)) ** 3,
        kinks: [0],
      };
    case 'gelu':
      return {
        name: n,
        alpha,
        phi: (x) => 0.5 * x * (1 + erf(x * INV_SQRT2)),
        // Φ(x) + x·pdf(x); then 2·pdf(x) − x²·pdf(x).
        dphi: (x) => 0.5 * (1 + erf(x * INV_SQRT2)) + x * INV_SQRT_2PI * Math.exp(-0.5 * x * x),
        d2phi: (x) => (2 - x * x) * INV_SQRT_2PI * Math.exp(-0.5 * x * x),
        kinks: [],
      };
  }
}

const CUSTOM_KEYS = ['name', 'phi', 'dphi', 'd2phi', 'kinks'] as const;

function resolveCustom(input: CustomActivation): Activation {
  const where = 'resolveActivation';
  refuseUnknownKeys(where, input, CUSTOM_KEYS);
  for (const key of ['phi', 'dphi', 'd2phi'] as const) {
    if (typeof input[key] !== 'function') {
      throw new TheoryError('INVALID_ARGUMENT', `${where}: a custom activation's ${key} must be a function, got ${show(input[key])}`);
    }
  }
  const kinks = input.kinks ?? [];
  if (!Array.isArray(kinks) || kinks.some((k) => k !== 0)) {
    throw new TheoryError('INVALID_ARGUMENT', `${where}: a custom activation's kinks must be [] or [0], got ${show(kinks)}`);
  }
  if (typeof input.name !== 'string' || (THEORY_ACTIVATION_NAMES as readonly string[]).includes(input.name)) {
    throw new TheoryError('INVALID_ARGUMENT', `${where}: a custom activation needs a name of its own (not one of ${THEORY_ACTIVATION_NAMES.join(', ')}), got ${show(input.name)}`);
  }
  return { name: input.name, alpha: 0, phi: input.phi, dphi: input.dphi, d2phi: input.d2phi, kinks };
}
