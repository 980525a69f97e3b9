// Layer-by-layer predictions for a concrete network: the mean-field maps iterated from the input's statistics
// with each layer's own σ_w², σ_b², rather than only their fixed points.
import { resolveActivation, type ActivationInput } from './activations.js';
import { TheoryError, refuseUnknownKeys, show } from './errors.js';
import { MEAN_FIELD_PARAM_KEYS, bivariateExpectation, type MeanFieldParams } from './meanfield.js';
import { gaussianExpectation } from './quadrature.js';

/**
 * σ_w² of a dense layer from its initializer's weight variance: σ_w² = Var(W_ij) × fan_in, the normalisation
 * of the mean-field papers (W_ij ~ N(0, σ_w²/fan_in)). He-normal (variance 2/fan_in) gives 2, LeCun 1,
 * Glorot 2·fan_in/(fan_in + fan_out). The variance is a number so this package needs no initializer catalogue.
 *
 * @throws {TheoryError} `INVALID_ARGUMENT` unless variance ≥ 0 is finite and fanIn is a positive integer.
 * @example
 * ```ts
 * sigmaW2FromVariance(2 / 300, 300); // 2 (He)
 * ```
 */
export function sigmaW2FromVariance(variance: number, fanIn: number): number {
  if (typeof variance !== 'number' || !Number.isFinite(variance) || variance < 0) {
    throw new TheoryError('INVALID_ARGUMENT', `sigmaW2FromVariance: variance must be a finite number >= 0, got ${show(variance)}`);
  }
  if (!Number.isInteger(fanIn) || fanIn < 1) {
    throw new TheoryError('INVALID_ARGUMENT', `sigmaW2FromVariance: fanIn must be a positive integer, got ${show(fanIn)}`);
  }
  return variance * fanIn;
}

/** Option keys of {@link propagate}. */
export const PROPAGATE_OPTION_KEYS = ['q0', 'layers'] as const;
/** Option keys of {@link propagatePair}. */
export const PROPAGATE_PAIR_OPTION_KEYS = ['q0', 'c0', 'layers'] as const;

/** Options of {@link propagate}. */
export interface PropagateOptions {
  /** The input's per-unit second moment: mean over rows and features of x². */
  readonly q0: number;
  /** σ_w², σ_b² of each dense layer, first to last. */
  readonly layers: readonly MeanFieldParams[];
}

/** Options of {@link propagatePair}: {@link PropagateOptions} and the correlation of the two inputs. */
export interface PropagatePairOptions extends PropagateOptions {
  /** Correlation x_a·x_b / √(|x_a|²|x_b|²) of two inputs with the same second moment q0. */
  readonly c0: number;
}

function checkLayers(where: string, options: PropagateOptions): void {
  if (typeof options !== 'object' || options === null) {
    throw new TheoryError('INVALID_ARGUMENT', `${where}: options must be an object { q0, layers }, got ${show(options)}`);
  }
  const { q0, layers } = options;
  if (typeof q0 !== 'number' || !Number.isFinite(q0) || q0 < 0) {
    throw new TheoryError('INVALID_ARGUMENT', `${where}: q0 must be a finite number >= 0, got ${show(q0)}`);
  }
  if (!Array.isArray(layers) || layers.length === 0) {
    throw new TheoryError('INVALID_ARGUMENT', `${where}: layers must be a non-empty array of { sigmaW2, sigmaB2 }, got ${show(layers)}`);
  }
  layers.forEach((layer: MeanFieldParams, i: number) => {
    const at = `${where}: layers[${i}]`;
    if (typeof layer !== 'object' || layer === null) throw new TheoryError('INVALID_ARGUMENT', `${at} must be { sigmaW2, sigmaB2 }, got ${show(layer)}`);
    refuseUnknownKeys(at, layer, MEAN_FIELD_PARAM_KEYS);
    if (typeof layer.sigmaW2 !== 'number' || !Number.isFinite(layer.sigmaW2) || layer.sigmaW2 < 0) {
      throw new TheoryError('INVALID_ARGUMENT', `${at}.sigmaW2 must be a finite number >= 0, got ${show(layer.sigmaW2)}`);
    }
    if (typeof layer.sigmaB2 !== 'number' || !Number.isFinite(layer.sigmaB2) || layer.sigmaB2 < 0) {
      throw new TheoryError('INVALID_ARGUMENT', `${at}.sigmaB2 must be a finite number >= 0, got ${show(layer.sigmaB2)}`);
    }
  });
}

/**
 * The predicted pre-activation second moment q^l = E[(h^l_i)²] of every layer of a dense network whose hidden
 * layers all use `activation`: q¹ = σ_w²(1) q⁰ + σ_b²(1) (the input enters unactivated), then
 * q^l = σ_w²(l) E[φ(√q^{l−1} z)²] + σ_b²(l). It is what `diagnoseAtInit` measures per layer as
 * zMean² + zStd² (exactly so in the wide limit; within sampling error at finite width).
 *
 * @example
 * ```ts
 * propagate('relu', { q0: 1, layers: [{ sigmaW2: 2, sigmaB2: 0 }, { sigmaW2: 2, sigmaB2: 0 }] }); // [2, 2]
 * ```
 */
export function propagate(activation: ActivationInput, options: PropagateOptions): number[] {
  const where = 'propagate';
  refuseUnknownKeys(where, options, PROPAGATE_OPTION_KEYS);
  checkLayers(where, options);
  const act = resolveActivation(activation);
  const out: number[] = [];
  let q = options.q0;
  options.layers.forEach((layer, l) => {
    const m = l === 0 ? q : q === 0 ? act.phi(0) ** 2 : gaussianExpectation((z) => act.phi(Math.sqrt(q) * z) ** 2, act.kinks.length > 0 ? [0] : []);
    q = layer.sigmaW2 * m + layer.sigmaB2;
    out.push(q);
  });
  return out;
}

/**
 * The predicted second moment q^l and correlation c^l of two inputs' pre-activations at every layer (both
 * inputs with second moment q0, correlation c0): layer 1 gives q_ab = σ_w² q⁰ c⁰ + σ_b², later layers
 * q_ab = σ_w² E[φ(u₁)φ(u₂)] + σ_b² with (u₁, u₂) of variance q^{l−1} and correlation c^{l−1}; c^l = q_ab / q^l.
 *
 * @example
 * ```ts
 * const { c } = propagatePair('tanh', { q0: 1, c0: 0.5, layers: Array(10).fill({ sigmaW2: 1.5, sigmaB2: 0.05 }) });
 * ```
 */
export function propagatePair(activation: ActivationInput, options: PropagatePairOptions): { q: number[]; c: number[] } {
  const where = 'propagatePair';
  refuseUnknownKeys(where, options, PROPAGATE_PAIR_OPTION_KEYS);
  checkLayers(where, options);
  const { c0 } = options;
  if (typeof c0 !== 'number' || !(c0 >= -1 && c0 <= 1)) {
    throw new TheoryError('INVALID_ARGUMENT', `${where}: c0 must be a number in [-1, 1], got ${show(c0)}`);
  }
  const act = resolveActivation(activation);
  const kinked = act.kinks.length > 0;
  const qs: number[] = [];
  const cs: number[] = [];
  let q = options.q0;
  let c = c0;
  options.layers.forEach((layer, l) => {
    let m: number;
    let cross: number;
    if (l === 0) {
      m = q;
      cross = q * c;
    } else {
      m = q === 0 ? act.phi(0) ** 2 : gaussianExpectation((z) => act.phi(Math.sqrt(q) * z) ** 2, kinked ? [0] : []);
      cross = bivariateExpectation(act.phi, act.phi, q, q, c * q, kinked);
    }
    q = layer.sigmaW2 * m + layer.sigmaB2;
    const qab = layer.sigmaW2 * cross + layer.sigmaB2;
    c = q === 0 ? 1 : Math.max(-1, Math.min(1, qab / q));
    qs.push(q);
    cs.push(c);
  });
  return { q: qs, c: cs };
}
