import * as tf from '@tensorflow/tfjs-core';
import { ModelsError, show } from './errors.js';
import { unknownOptionsMessage } from '@initlab/errors';
import {
  CLIP_PARAMETERS,
  OPTIMIZER_DEFAULTS,
  OPTIMIZER_NAMES,
  OPTIMIZER_PARAMETERS,
  type OptimizerName,
  type OptimizerOptionalParameter,
} from './names.js';
import { fusedUpdate, slotRoles, type UpdateStep } from './update-kernels.js';
import { UPDATE_FLAGS } from './update-wasm.js';

export type { OptimizerName } from './names.js';

/** Gradient clipping, as Keras's optimizer arguments (at most one of them). */
export interface ClipOptions {
  /** Clip each parameter's gradient to this L2 norm (Keras `clipnorm`). */
  clipNorm?: number;
  /** Clip all gradients of a model together to this global L2 norm (Keras `global_clipnorm`). */
  globalClipNorm?: number;
  /** Clip every gradient element to `[−clipValue, clipValue]` (Keras `clipvalue`). */
  clipValue?: number;
}

/** Decoupled weight decay, as Keras 3's `weight_decay` argument of every optimizer. */
export interface WeightDecayOption {
  /**
   * Before each update every parameter (kernels and biases) shrinks by `w ← w − w·weightDecay·learningRate`
   * (Keras 3's `_apply_weight_decay`, with the gradient of the undecayed weights); default 0, no decay.
   */
  weightDecay?: number;
}

/** SGD, Keras defaults `learningRate 0.01, momentum 0, nesterov false, weightDecay 0`. */
export interface SgdSpec extends ClipOptions, WeightDecayOption {
  name: 'sgd';
  learningRate?: number;
  momentum?: number;
  nesterov?: boolean;
}
/** Adam, Keras defaults `learningRate 0.001, beta1 0.9, beta2 0.999, epsilon 1e-7, amsgrad false, weightDecay 0`. */
export interface AdamSpec extends ClipOptions, WeightDecayOption {
  name: 'adam';
  learningRate?: number;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
  /**
   * AMSGrad (Reddi et al. 2018, Keras 3's `amsgrad`): divide by the running maximum `v̂ ← max(v̂, v)` of the
   * second moment instead of `v`, so the step size never grows back after large gradients.
   */
  amsgrad?: boolean;
}
/** RMSprop, Keras defaults `learningRate 0.001, rho 0.9, momentum 0, epsilon 1e-7, centered false, weightDecay 0`. */
export interface RmspropSpec extends ClipOptions, WeightDecayOption {
  name: 'rmsprop';
  learningRate?: number;
  rho?: number;
  momentum?: number;
  epsilon?: number;
  centered?: boolean;
}

/** An optimizer: a name (Keras defaults) or a config object. */
export type OptimizerSpec = OptimizerName | SgdSpec | AdamSpec | RmspropSpec;

/** A spec with every default filled in but the clip and the parameters that are written only when they act. */
type Resolved<S extends ClipOptions> = Required<Omit<S, keyof ClipOptions | OptimizerOptionalParameter>> & Pick<S, (keyof ClipOptions | OptimizerOptionalParameter) & keyof S>;

/**
 * An optimizer with every default filled in (JSON). `amsgrad` and `weightDecay` appear only when they change
 * the update (`amsgrad: true`, `weightDecay > 0`; see `OPTIMIZER_OPTIONAL_PARAMETERS`).
 */
export type ResolvedOptimizer = Resolved<SgdSpec> | Resolved<AdamSpec> | Resolved<RmspropSpec>;

const NAMES: readonly OptimizerName[] = OPTIMIZER_NAMES;

function bad(message: string): ModelsError {
  return new ModelsError('INVALID_OPTIONS', message);
}

function num(
  spec: Record<string, unknown>,
  key: string,
  fallback: number,
  rule: (v: number) => boolean,
  ruleText: string,
): number {
  const value = spec[key] ?? fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || !rule(value)) {
    throw bad(`${String(spec['name'])} optimizer: ${key} must be ${ruleText}, got ${show(spec[key])}`);
  }
  return value;
}

/**
 * Fills in Keras's defaults and validates: `'adam'` → `{ name: 'adam', learningRate: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 }`.
 * `amsgrad` and `weightDecay` are written only when they act (`true`, `> 0`), so the resolved form of an
 * optimizer that does not use them is what it was before they existed.
 *
 * @throws {ModelsError} `INVALID_OPTIONS` for an unknown name or key, a value out of range, or two clip options.
 * @example
 * resolveOptimizer('sgd'); // { name: 'sgd', learningRate: 0.01, momentum: 0, nesterov: false }
 * resolveOptimizer({ name: 'adam', amsgrad: true, weightDecay: 0.004 }); // … epsilon: 1e-7, amsgrad: true, weightDecay: 0.004 }
 */
export function resolveOptimizer(spec: OptimizerSpec): ResolvedOptimizer {
  const raw: Record<string, unknown> = typeof spec === 'string' ? { name: spec } : (spec as unknown as Record<string, unknown>);
  if (typeof raw !== 'object' || raw === null || !(NAMES as readonly unknown[]).includes(raw['name'])) {
    throw bad(`optimizer: name must be one of ${NAMES.map((n) => `'${n}'`).join(', ')}, got ${show(typeof spec === 'object' && spec !== null ? (spec as { name?: unknown }).name : spec)}`);
  }
  const name = raw['name'] as OptimizerName;
  const unknown = unknownOptionsMessage(`${name} optimizer`, raw, ['name', ...OPTIMIZER_PARAMETERS[name], ...CLIP_PARAMETERS]);
  if (unknown !== undefined) throw bad(unknown);
  // Each rule once: step sizes, epsilons and clips are > 0, decays and momenta are in [0, 1).
  const positive = (key: string, fallback: number): number => num(raw, key, fallback, (v) => v > 0, 'a finite number > 0');
  const unit = (key: string, fallback: number): number => num(raw, key, fallback, (v) => v >= 0 && v < 1, 'a number in [0, 1)');
  const flag = (key: string, fallback: boolean): boolean => {
    const value = raw[key] ?? fallback;
    if (typeof value !== 'boolean') throw bad(`${name} optimizer: ${key} must be a boolean, got ${show(value)}`);
    return value;
  };
  const clip: ClipOptions = {};
  const clipKeys = CLIP_PARAMETERS.filter((k) => raw[k] !== undefined);
  if (clipKeys.length > 1) {
    throw bad(`${name} optimizer: set at most one of clipNorm, globalClipNorm, clipValue (as Keras), got ${clipKeys.join(' and ')}`);
  }
  for (const key of clipKeys) clip[key] = positive(key, 0);
  // Keras takes any float; a negative decay would grow the weights, which no recipe means.
  const weightDecay = num(raw, 'weightDecay', 0, (v) => v >= 0, 'a finite number >= 0');
  const decay: WeightDecayOption = weightDecay > 0 ? { weightDecay } : {};
  switch (name) {
    case 'sgd': {
      const d = OPTIMIZER_DEFAULTS.sgd;
      const nesterov = flag('nesterov', d.nesterov);
      return { name, learningRate: positive('learningRate', d.learningRate), momentum: unit('momentum', d.momentum), nesterov, ...decay, ...clip };
    }
    case 'adam': {
      const d = OPTIMIZER_DEFAULTS.adam;
      const amsgrad = flag('amsgrad', d.amsgrad);
      return {
        name,
        learningRate: positive('learningRate', d.learningRate),
        beta1: unit('beta1', d.beta1),
        beta2: unit('beta2', d.beta2),
        epsilon: positive('epsilon', d.epsilon),
        ...(amsgrad ? { amsgrad } : {}),
        ...decay,
        ...clip,
      };
    }
    case 'rmsprop': {
      const d = OPTIMIZER_DEFAULTS.rmsprop;
      const centered = flag('centered', d.centered);
      return {
        name,
        learningRate: positive('learningRate', d.learningRate),
        rho: unit('rho', d.rho),
        momentum: unit('momentum', d.momentum),
        epsilon: positive('epsilon', d.epsilon),
        centered,
        ...decay,
        ...clip,
      };
    }
  }
}

function hasClipping(opt: ResolvedOptimizer): boolean {
  return opt.clipNorm !== undefined || opt.globalClipNorm !== undefined || opt.clipValue !== undefined;
}

/**
 * Whether gradients may be produced pre-multiplied by `−learningRate` (SGD without clipping):
 * the scale then folds into the output gradient and saves two ops per parameter and step.
 */
export function foldsLearningRate(opt: ResolvedOptimizer): boolean {
  return opt.name === 'sgd' && !hasClipping(opt);
}

/** Optimizer slots (one list per parameter) and the Keras `iterations` counter. */
export interface OptimizerState {
  slots: tf.Tensor[][];
  iterations: number;
}

/** Zero-initialised slots for `params` (`[K, …]` stacked tensors), as Keras builds them. */
export function createOptimizerState(opt: ResolvedOptimizer, params: readonly tf.Tensor[]): OptimizerState {
  const count = slotRoles(updateStep(opt, 1)).length;
  return { slots: params.map((p) => Array.from({ length: count }, () => tf.zerosLike(p))), iterations: 0 };
}

/** Adam's bias-corrected step size at step t, in float64 on the host as Keras computes it: lr·√(1−β₂ᵗ)/(1−β₁ᵗ). */
function adamAlpha(opt: Resolved<AdamSpec>, t: number): number {
  return (opt.learningRate * Math.sqrt(1 - opt.beta2 ** t)) / (1 - opt.beta1 ** t);
}

/**
 * Step `t` (1, 2, …) of `opt` as the fused update kernel runs it: each constant is the float32 value the
 * tfjs op sequence of {@link applyUpdateOps} multiplies or adds (a number a tensor is combined with
 * becomes a float32 scalar), so that both give the same bits.
 */
export function updateStep(opt: ResolvedOptimizer, t: number): UpdateStep {
  const f = Math.fround;
  const F = UPDATE_FLAGS;
  const wd = opt.weightDecay ?? 0;
  let flags = (wd > 0 ? F.weightDecay : 0) | (opt.clipValue !== undefined ? F.clipValue : 0);
  if (opt.clipNorm !== undefined || opt.globalClipNorm !== undefined) flags |= F.scale;
  // one object literal of one shape (built once per step; a spread would make it a slow dictionary)
  let rule: UpdateStep['rule'];
  let a: number;
  let b: number;
  let c = 0;
  let d = 0;
  switch (opt.name) {
    case 'sgd':
      if (foldsLearningRate(opt)) flags |= F.folded;
      if (opt.momentum > 0) flags |= F.momentum | (opt.nesterov ? F.nesterov : 0);
      [rule, a, b] = ['sgd', f(-opt.learningRate), f(opt.momentum)];
      break;
    case 'adam':
      if (opt.amsgrad === true) flags |= F.amsgrad;
      [rule, a, b, c, d] = ['adam', f(adamAlpha(opt, t)), f(1 - opt.beta1), f(1 - opt.beta2), f(opt.epsilon)];
      break;
    case 'rmsprop':
      if (opt.momentum > 0) flags |= F.momentum;
      if (opt.centered) flags |= F.centered;
      [rule, a, b, c, d] = ['rmsprop', f(opt.rho), f(1 - opt.rho), f(opt.momentum), f(opt.epsilon)];
      break;
  }
  return {
    rule,
    flags,
    clip: f(opt.clipValue ?? 0),
    wd: f(wd),
    lr: f(opt.learningRate),
    a,
    b,
    c,
    d,
    norm: opt.clipNorm !== undefined ? 'each' : opt.globalClipNorm !== undefined ? 'global' : 'none',
    normClip: f(opt.clipNorm ?? opt.globalClipNorm ?? 0),
  };
}

/** Per-member L2 norm over every axis but the first: `[K, …] → [K, 1, …, 1]`. */
function memberNorm(t: tf.Tensor): tf.Tensor {
  const axes = t.shape.map((_, i) => i).slice(1);
  return tf.sqrt(tf.sum(tf.square(t), axes, true));
}

/**
 * Keras 3 gradient clipping, per member: `clipNorm` scales each gradient by `c / max(‖g‖, c)`;
 * `globalClipNorm` scales all of a member's gradients by `c / max(‖(g₁, g₂, …)‖, c)`; `clipValue` clamps elements.
 */
export function clipGradients(opt: ResolvedOptimizer, grads: readonly tf.Tensor[]): tf.Tensor[] {
  if (opt.clipValue !== undefined) {
    const c = opt.clipValue;
    return grads.map((g) => tf.clipByValue(g, -c, c));
  }
  if (opt.clipNorm !== undefined) {
    const c = opt.clipNorm;
    return grads.map((g) => tf.mul(g, tf.div(c, tf.maximum(memberNorm(g), c))));
  }
  if (opt.globalClipNorm !== undefined) {
    const c = opt.globalClipNorm;
    const squares = grads.map((g) => {
      const axes = g.shape.map((_, i) => i).slice(1);
      return tf.reshape(tf.sum(tf.square(g), axes), [-1]);
    });
    const norm = tf.sqrt(tf.addN(squares));
    const factor = tf.div(c, tf.maximum(norm, c));
    return grads.map((g) => tf.mul(g, tf.reshape(factor, [g.shape[0] ?? 1, ...g.shape.slice(1).map(() => 1)])));
  }
  return [...grads];
}

/**
 * One Keras 3 update of every parameter. With {@link foldsLearningRate}, `grads` hold `−lr·g`; otherwise `g`.
 * Weight decay first (Keras's `_apply_weight_decay`): `w ← w − (w·wd)·lr`, then the optimizer's step with the
 * gradient of the undecayed weights.
 * SGD: `m ← μm − lr·g; w ← w + m` (nesterov `w ← w + μm − lr·g`), or `w ← w − lr·g` without momentum.
 * Adam: `α = lr·√(1−β₂ᵗ)/(1−β₁ᵗ); m ← m + (g−m)(1−β₁); v ← v + (g²−v)(1−β₂); w ← w − α·m/(√v + ε)`;
 * amsgrad: `v̂ ← max(v̂, v)` in place of `v` in the denominator.
 * RMSprop: `v ← ρv + (1−ρ)g²; d = v + ε` (centered: `a ← ρa + (1−ρ)g; d = v − a² + ε`);
 * `Δ = lr·g/√d`; `w ← w − Δ`, or with momentum `m ← μm + Δ; w ← w − m`.
 * On the cpu and wasm backends one fused kernel updates every parameter of every member (`update-kernels.ts`)
 * with the same float32 bits as {@link applyUpdateOps}, the tfjs ops other backends run.
 * Must run inside `tf.tidy`; returns the new parameters and slots (the caller disposes the old ones).
 */
export function applyUpdate(
  opt: ResolvedOptimizer,
  weights: readonly tf.Tensor[],
  rawGrads: readonly tf.Tensor[],
  state: OptimizerState,
): { params: tf.Tensor[]; slots: tf.Tensor[][] } {
  return fusedUpdate(updateStep(opt, state.iterations + 1), weights, rawGrads, state.slots) ?? applyUpdateOps(opt, weights, rawGrads, state);
}

/**
 * {@link applyUpdate} as tfjs ops, each one IEEE float32 operation, in the order written there: what backends
 * without host kernels run, and the reference the fused kernel is tested against. Must run inside `tf.tidy`.
 */
export function applyUpdateOps(
  opt: ResolvedOptimizer,
  weights: readonly tf.Tensor[],
  rawGrads: readonly tf.Tensor[],
  state: OptimizerState,
): { params: tf.Tensor[]; slots: tf.Tensor[][] } {
  const folded = foldsLearningRate(opt);
  const grads = folded ? rawGrads : clipGradients(opt, rawGrads);
  const wd = opt.weightDecay ?? 0;
  // (w·wd)·lr in that order, as Keras's `variable - variable * wd * lr`, so the float32 roundings agree
  const params = wd > 0 ? weights.map((w) => tf.sub(w, tf.mul(tf.mul(w, wd), opt.learningRate))) : weights;
  const newParams: tf.Tensor[] = [];
  const newSlots: tf.Tensor[][] = [];
  const t = state.iterations + 1;
  params.forEach((w, i) => {
    const g = grads[i]!;
    const slots = state.slots[i]!;
    switch (opt.name) {
      case 'sgd': {
        // step = −lr·g, already folded into g when no clipping is configured.
        const step = folded ? g : tf.mul(g, -opt.learningRate);
        if (opt.momentum > 0) {
          const m = tf.add(tf.mul(slots[0]!, opt.momentum), step);
          newSlots.push([m]);
          newParams.push(opt.nesterov ? tf.add(w, tf.add(step, tf.mul(m, opt.momentum))) : tf.add(w, m));
        } else {
          newSlots.push([]);
          newParams.push(tf.add(w, step));
        }
        break;
      }
      case 'adam': {
        const alpha = adamAlpha(opt, t);
        const m = tf.add(slots[0]!, tf.mul(tf.sub(g, slots[0]!), 1 - opt.beta1));
        const v = tf.add(slots[1]!, tf.mul(tf.sub(tf.square(g), slots[1]!), 1 - opt.beta2));
        if (opt.amsgrad === true) {
          const vHat = tf.maximum(slots[2]!, v);
          newSlots.push([m, v, vHat]);
          newParams.push(tf.sub(w, tf.div(tf.mul(m, alpha), tf.add(tf.sqrt(vHat), opt.epsilon))));
        } else {
          newSlots.push([m, v]);
          newParams.push(tf.sub(w, tf.div(tf.mul(m, alpha), tf.add(tf.sqrt(v), opt.epsilon))));
        }
        break;
      }
      case 'rmsprop': {
        let s = 0;
        const v = tf.add(tf.mul(slots[s++]!, opt.rho), tf.mul(tf.square(g), 1 - opt.rho));
        const next: tf.Tensor[] = [v];
        let momentum: tf.Tensor | undefined;
        if (opt.momentum > 0) momentum = slots[s++]!;
        let denominator: tf.Tensor;
        if (opt.centered) {
          const avg = tf.add(tf.mul(slots[s++]!, opt.rho), tf.mul(g, 1 - opt.rho));
          denominator = tf.add(tf.sub(v, tf.square(avg)), opt.epsilon);
          if (momentum !== undefined) next.push(momentum);
          next.push(avg);
        } else {
          denominator = tf.add(v, opt.epsilon);
          if (momentum !== undefined) next.push(momentum);
        }
        const increment = tf.div(tf.mul(g, opt.learningRate), tf.sqrt(denominator));
        if (momentum !== undefined) {
          const m = tf.add(tf.mul(momentum, opt.momentum), increment);
          next[1] = m;
          newParams.push(tf.sub(w, m));
        } else {
          newParams.push(tf.sub(w, increment));
        }
        newSlots.push(next);
        break;
      }
    }
  });
  return { params: newParams, slots: newSlots };
}
