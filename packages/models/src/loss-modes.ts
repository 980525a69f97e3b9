// The loss modes, metric names and Keras clip bounds: the names both the tfjs losses (losses.ts) and the host
// scorer (host-loss.ts) read, in a module of their own so that the scorer needs nothing else of the losses.

/**
 * Keras's `backend.epsilon()` (`1e-7`), the lower clip bound of the probability-space cross-entropies, as
 * the float32 it becomes on a float32 tensor: `Math.fround(1e-7) = 1.0000000116860974e-7`.
 *
 * @example
 * ```ts
 * KERAS_EPSILON === Math.fround(1e-7); // true
 * ```
 */
export const KERAS_EPSILON = Math.fround(1e-7);

/**
 * The upper clip bound `1 − ε`, computed in float32 as Keras does on a float32 tensor (TensorFlow subtracts a
 * float32 constant, numpy casts the bound): `1 − 2⁻²³ = 0.99999988…`, not `1 − 1e-7`. A probability of
 * exactly 1 on a negative target therefore costs `−ln 2⁻²³ = 15.94` nats, as in Keras, not `−ln 1e-7 = 16.12`.
 *
 * @example
 * ```ts
 * KERAS_CLIP_MAX === 1 - 2 ** -23; // true
 * ```
 */
export const KERAS_CLIP_MAX = Math.fround(1 - KERAS_EPSILON);

/**
 * How a loss is computed for a given output activation, following Keras 3 on TensorFlow:
 * a softmax output with a categorical cross-entropy and a sigmoid output with binary cross-entropy
 * are computed from the logits (Keras takes the `_keras_logits` of its activation), every other
 * pairing from the probabilities with clipping to `[ε, 1 − ε]` in float32 ({@link KERAS_EPSILON},
 * {@link KERAS_CLIP_MAX}). Per sample:
 * softmax_ce `−Σ y·log_softmax(z)`; sigmoid_bce `mean(max(z,0) − z·y + log(1 + e^{−|z|}))`;
 * prob_cce `−Σ y·log(clip(a/Σa))`; prob_scce `−log clip(a)_y + log Σ clip(a)`;
 * prob_bce `mean(−y·log clip(a) − (1−y)·log(1 − clip(a)))`; mse `mean((a−y)²)`; mae `mean|a−y|`.
 */
export type LossMode =
  | 'softmax_ce'
  | 'sigmoid_bce'
  | 'prob_cce'
  | 'prob_scce'
  | 'prob_bce'
  | 'mse'
  | 'mae';

/** Metric names a loss reports. */
export type MetricName = 'accuracy' | 'mse' | 'mae';
