// The dense layer's and the activation's spec types, shared by the model spec (spec.ts) and the network
// description (network-spec.ts) without either importing the other.
import type { InitializerSpec } from '@initlab/initializers';
import type { ActivationName } from './names.js';

/**
 * A layer activation: a name, or an object for the parameterised ones.
 * `leaky_relu` defaults to `alpha = 0.2` (Keras 3 `keras.activations.leaky_relu`), `elu` to `alpha = 1`.
 * `gelu` is the exact form `x·Φ(x) = x/2·(1 + erf(x/√2))`, Keras's `gelu` default (`approximate=False`).
 */
export type ActivationSpec =
  | ActivationName
  | { name: 'leaky_relu'; alpha?: number }
  | { name: 'elu'; alpha?: number }
  | { name: Exclude<ActivationName, 'leaky_relu' | 'elu'> };

/** One dense layer: `a = activation(x·W + b)` with `W` of shape `[inputs, units]`. */
export interface DenseLayerSpec {
  /** `'dense'`, or left out: an entry with `units` and no `type` is a dense layer. */
  type?: 'dense';
  /** Number of units (positive integer). */
  units: number;
  /** Activation, default `'linear'`. */
  activation?: ActivationSpec;
  /** Kernel initializer; default the model's `kernelInitializer`. */
  kernelInitializer?: InitializerSpec;
  /** Bias initializer; default the model's `biasInitializer`. */
  biasInitializer?: InitializerSpec;
}

/** An activation with its parameter filled in. */
export interface ResolvedActivation {
  name: ActivationName;
  /** Negative slope of `leaky_relu`, `alpha` of `elu`; 0 for the others. */
  alpha: number;
}

/** A dense layer with every default filled in. */
export interface ResolvedLayer {
  index: number;
  inputs: number;
  units: number;
  activation: ResolvedActivation;
  kernelInitializer: InitializerSpec;
  biasInitializer: InitializerSpec;
  isOutput: boolean;
}
