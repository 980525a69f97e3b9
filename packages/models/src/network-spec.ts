import type { InitializerSpec } from '@initlab/initializers';
import { ModelsError, refuseUnknownKeys, show } from './errors.js';
import type { ActivationSpec, DenseLayerSpec, ResolvedActivation, ResolvedLayer } from './layer-spec.js';

/**
 * The layer kinds a model's `hidden` sequence may hold besides dense layers. A dense layer is an
 * object with `units` (and `type: 'dense'` or no `type`), as it always was.
 *
 * @example
 * ```ts
 * LAYER_TYPES.includes('residual'); // true
 * ```
 */
export const LAYER_TYPES = ['dense', 'batchnorm', 'layernorm', 'activation', 'dropout', 'residual'] as const;
export type LayerType = (typeof LAYER_TYPES)[number];

/** Whose semantics a normalization layer follows: its defaults and, for batch norm, its moving-statistics rule. */
export const NORM_CONVENTIONS = ['keras', 'pytorch'] as const;
export type NormConvention = (typeof NORM_CONVENTIONS)[number];

/**
 * Each convention's defaults: Keras `BatchNormalization`/`LayerNormalization` (momentum 0.99, epsilon 1e-3)
 * and PyTorch `BatchNorm1d`/`LayerNorm` (momentum 0.1, epsilon 1e-5). The two momenta mean opposite things:
 * Keras keeps `momentum` of the old moving value, PyTorch takes `momentum` of the new batch value.
 */
export const NORM_DEFAULTS: Readonly<Record<NormConvention, Readonly<{ momentum: number; epsilon: number }>>> = Object.freeze({
  keras: Object.freeze({ momentum: 0.99, epsilon: 1e-3 }),
  pytorch: Object.freeze({ momentum: 0.1, epsilon: 1e-5 }),
});

/**
 * Batch normalization (Ioffe & Szegedy 2015): `y = γ·(x − μ)/√(σ² + ε) + β` per unit, with the batch's
 * statistics in training and the moving averages at evaluation.
 */
export interface BatchNormLayerSpec {
  type: 'batchnorm';
  /** Default `'keras'`. */
  convention?: NormConvention;
  /** Default the convention's (Keras 0.99, PyTorch 0.1), in the convention's meaning. */
  momentum?: number;
  /** Default the convention's (Keras 1e-3, PyTorch 1e-5). */
  epsilon?: number;
  /** Default `'ones'`. */
  gammaInitializer?: InitializerSpec;
  /** Default `'zeros'`. */
  betaInitializer?: InitializerSpec;
}

/** Layer normalization (Ba, Kiros & Hinton 2016): the same formula with each row's statistics over its units. */
export interface LayerNormLayerSpec {
  type: 'layernorm';
  /** Default `'keras'` (epsilon 1e-3); `'pytorch'` has epsilon 1e-5. */
  convention?: NormConvention;
  epsilon?: number;
  gammaInitializer?: InitializerSpec;
  betaInitializer?: InitializerSpec;
}

/** An activation on its own (after a normalization layer, say). */
export interface ActivationLayerSpec {
  type: 'activation';
  activation: ActivationSpec;
}

/** Inverted dropout: in training each unit is kept with probability `1 − rate` and scaled by `1/(1 − rate)`; off at evaluation. */
export interface DropoutLayerSpec {
  type: 'dropout';
  /** In [0, 1). */
  rate: number;
}

/**
 * A residual block `out = g(skip(x) + α·F(x))`: the branch F is the block's own layer sequence, `skip` is
 * the identity or a dense projection (needed when the branch changes the width), α is an optional
 * trainable scalar gate, and g is the activation after the sum (`order: 'post'`, the original ResNet) or
 * none (`order: 'pre'`, He et al. 2016's identity mappings: the branch starts with its normalization and
 * activation).
 */
export interface ResidualBlockSpec {
  type: 'residual';
  /** The branch, input side first (at least one layer). */
  layers: HiddenLayerSpec[];
  /** Default `'identity'` when the branch keeps the width, `'projection'` when it changes it. */
  skip?: 'identity' | 'projection';
  /** Default `'pre'`. */
  order?: 'pre' | 'post';
  /** The activation after the sum, with `order: 'post'` only; default `'relu'` there. */
  activation?: ActivationSpec;
  /**
   * A trainable scalar on the branch: `true` starts it at 1 (0 under `rezero` and `skipinit`), a number
   * starts it there; default none.
   */
  gate?: boolean | number;
}

/** One entry of a model's `hidden` sequence. */
export type HiddenLayerSpec = DenseLayerSpec | BatchNormLayerSpec | LayerNormLayerSpec | ActivationLayerSpec | DropoutLayerSpec | ResidualBlockSpec;

const BATCHNORM_KEYS = ['type', 'convention', 'momentum', 'epsilon', 'gammaInitializer', 'betaInitializer'] as const;
const LAYERNORM_KEYS = ['type', 'convention', 'epsilon', 'gammaInitializer', 'betaInitializer'] as const;
const ACTIVATION_KEYS = ['type', 'activation'] as const;
const DROPOUT_KEYS = ['type', 'rate'] as const;
const RESIDUAL_KEYS = ['type', 'layers', 'skip', 'order', 'activation', 'gate'] as const;

/** A normalization layer with every default filled in; `gamma`/`beta` index the network's extra parameters. */
export interface ResolvedNorm {
  kind: 'batchnorm' | 'layernorm';
  /** Ordinal among the network's normalization layers. */
  index: number;
  units: number;
  convention: NormConvention;
  /** Batch norm only (0 for layer norm). */
  momentum: number;
  epsilon: number;
  gammaInitializer: InitializerSpec;
  betaInitializer: InitializerSpec;
  gamma: number;
  beta: number;
  /** Indexes of the moving mean and variance among the network's buffers (batch norm; −1 for layer norm). */
  movingMean: number;
  movingVariance: number;
}

/** A residual block resolved: its branch, skip, gate and activation after the sum. */
export interface ResolvedResidual {
  kind: 'residual';
  /** Ordinal among the network's residual blocks. */
  index: number;
  inputs: number;
  units: number;
  branch: NetworkNode[];
  /** The dense projection on the skip path, or null for the identity. */
  projection: ResolvedLayer | null;
  /** Index of the gate among the extra parameters, or −1 for none. */
  gate: number;
  /** The gate's initial value unless an architecture initialization sets it. */
  gateInitial: number;
  /** After the sum (`linear` for `order: 'pre'`). */
  activation: ResolvedActivation;
}

/** One node of a resolved network. */
export type NetworkNode =
  | { kind: 'dense'; layer: ResolvedLayer }
  | ResolvedNorm
  | { kind: 'activation'; units: number; activation: ResolvedActivation }
  | { kind: 'dropout'; units: number; rate: number; index: number }
  | ResolvedResidual;

/** What an extra (non-dense) trainable parameter is: `[units]` for γ and β, `[1]` for a gate. */
export interface ExtraParameter {
  role: 'gamma' | 'beta' | 'gate';
  size: number;
}

/**
 * A model resolved as a graph: the top-level sequence (its last node is the output dense layer), every
 * dense layer in network order (`dense[i].index === i`: their kernels and biases are `params.kernels[i]`,
 * `params.biases[i]`), the extra trainable parameters and the batch-norm buffers (moving mean, variance).
 */
export interface ResolvedNetwork {
  nodes: NetworkNode[];
  dense: ResolvedLayer[];
  extras: ExtraParameter[];
  /** Sizes of the non-trainable buffers (batch norm's moving mean and variance), in order. */
  buffers: number[];
  norms: ResolvedNorm[];
  blocks: ResolvedResidual[];
  dropouts: number;
  /** Whether the network is a plain stack of dense layers (the fused dense path trains it). */
  plain: boolean;
}

export function invalidSpec(message: string): ModelsError {
  return new ModelsError('INVALID_SPEC', message);
}

const isPositiveInteger = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value) && value > 0;

/** The callbacks the model resolver gives the network resolver: what `spec.ts` owns (activations, initializers, dense defaults). */
export interface NetworkResolveContext {
  resolveActivation(spec: ActivationSpec | undefined, where: string): ResolvedActivation;
  checkInitializer(spec: InitializerSpec | undefined, where: string): void;
  /** A dense layer resolved at `inputs` (validated as the dense layers always were). */
  dense(layer: DenseLayerSpec, where: string, inputs: number, isOutput: boolean, index: number): ResolvedLayer;
  defaultKernel: InitializerSpec;
  defaultBias: InitializerSpec;
}

function typeOf(layer: object): LayerType | null {
  const type = (layer as { type?: unknown }).type;
  if (type === undefined) return 'dense';
  return typeof type === 'string' && (LAYER_TYPES as readonly string[]).includes(type) ? (type as LayerType) : null;
}

function resolveConvention(value: unknown, where: string): NormConvention {
  if (value === undefined) return 'keras';
  if (typeof value === 'string' && (NORM_CONVENTIONS as readonly string[]).includes(value)) return value as NormConvention;
  throw invalidSpec(`${where}.convention must be one of 'keras', 'pytorch', got ${show(value)}`);
}

/**
 * Resolves a model's hidden sequence and output layer into a {@link ResolvedNetwork}. Every problem is a
 * one-line `INVALID_SPEC` error naming the entry (`hidden[2].layers[0].rate`), the rule and the value.
 */
export function resolveNetworkNodes(
  hidden: readonly unknown[],
  output: DenseLayerSpec,
  inputDim: number,
  ctx: NetworkResolveContext,
): ResolvedNetwork {
  const net: ResolvedNetwork = { nodes: [], dense: [], extras: [], buffers: [], norms: [], blocks: [], dropouts: 0, plain: true };
  const addDense = (layer: DenseLayerSpec, where: string, inputs: number, isOutput: boolean): ResolvedLayer => {
    const resolved = ctx.dense(layer, where, inputs, isOutput, net.dense.length);
    net.dense.push(resolved);
    return resolved;
  };

  const sequence = (layers: readonly unknown[], where: string, inputs: number): { nodes: NetworkNode[]; units: number } => {
    const nodes: NetworkNode[] = [];
    let units = inputs;
    layers.forEach((layer, i) => {
      const at = `${where}[${i}]`;
      if (typeof layer !== 'object' || layer === null || Array.isArray(layer)) throw invalidSpec(`${at} must be a layer object, got ${show(layer)}`);
      const type = typeOf(layer);
      if (type === null) {
        throw invalidSpec(`${at}.type must be one of ${LAYER_TYPES.map((t) => `'${t}'`).join(', ')}, got ${show((layer as { type?: unknown }).type)}`);
      }
      if (type !== 'dense') net.plain = false;
      switch (type) {
        case 'dense': {
          const dense = addDense(layer as DenseLayerSpec, at, units, false);
          nodes.push({ kind: 'dense', layer: dense });
          units = dense.units;
          break;
        }
        case 'batchnorm':
        case 'layernorm': {
          const spec = layer as BatchNormLayerSpec;
          refuseUnknownKeys(at, spec, type === 'batchnorm' ? BATCHNORM_KEYS : LAYERNORM_KEYS, 'INVALID_SPEC');
          const convention = resolveConvention(spec.convention, at);
          const defaults = NORM_DEFAULTS[convention];
          const epsilon = spec.epsilon ?? defaults.epsilon;
          if (typeof epsilon !== 'number' || !Number.isFinite(epsilon) || epsilon <= 0) throw invalidSpec(`${at}.epsilon must be a finite number > 0, got ${show(spec.epsilon)}`);
          const momentum = type === 'batchnorm' ? (spec.momentum ?? defaults.momentum) : 0;
          if (typeof momentum !== 'number' || !(momentum >= 0 && momentum <= 1)) throw invalidSpec(`${at}.momentum must be a number in [0, 1], got ${show(spec.momentum)}`);
          ctx.checkInitializer(spec.gammaInitializer, `${at}.gammaInitializer`);
          ctx.checkInitializer(spec.betaInitializer, `${at}.betaInitializer`);
          const gamma = net.extras.push({ role: 'gamma', size: units }) - 1;
          const beta = net.extras.push({ role: 'beta', size: units }) - 1;
          const movingMean = type === 'batchnorm' ? net.buffers.push(units) - 1 : -1;
          const movingVariance = type === 'batchnorm' ? net.buffers.push(units) - 1 : -1;
          const norm: ResolvedNorm = {
            kind: type,
            index: net.norms.length,
            units,
            convention,
            momentum,
            epsilon,
            gammaInitializer: spec.gammaInitializer ?? 'ones',
            betaInitializer: spec.betaInitializer ?? 'zeros',
            gamma,
            beta,
            movingMean,
            movingVariance,
          };
          net.norms.push(norm);
          nodes.push(norm);
          break;
        }
        case 'activation': {
          const spec = layer as ActivationLayerSpec;
          refuseUnknownKeys(at, spec, ACTIVATION_KEYS, 'INVALID_SPEC');
          if (spec.activation === undefined) throw invalidSpec(`${at}.activation is required for an activation layer, got none`);
          nodes.push({ kind: 'activation', units, activation: ctx.resolveActivation(spec.activation, `${at}.activation`) });
          break;
        }
        case 'dropout': {
          const spec = layer as DropoutLayerSpec;
          refuseUnknownKeys(at, spec, DROPOUT_KEYS, 'INVALID_SPEC');
          if (typeof spec.rate !== 'number' || !(spec.rate >= 0 && spec.rate < 1)) throw invalidSpec(`${at}.rate must be a number in [0, 1), got ${show(spec.rate)}`);
          nodes.push({ kind: 'dropout', units, rate: spec.rate, index: net.dropouts++ });
          break;
        }
        case 'residual': {
          const block = residual(layer as ResidualBlockSpec, at, units);
          nodes.push(block);
          units = block.units;
          break;
        }
      }
    });
    return { nodes, units };
  };

  const residual = (spec: ResidualBlockSpec, at: string, inputs: number): ResolvedResidual => {
    refuseUnknownKeys(at, spec, RESIDUAL_KEYS, 'INVALID_SPEC');
    if (!Array.isArray(spec.layers) || spec.layers.length === 0) throw invalidSpec(`${at}.layers must be a non-empty list of the branch's layers, got ${show(spec.layers)}`);
    const order = spec.order ?? 'pre';
    if (order !== 'pre' && order !== 'post') throw invalidSpec(`${at}.order must be 'pre' or 'post', got ${show(spec.order)}`);
    if (order === 'pre' && spec.activation !== undefined) {
      throw invalidSpec(`${at}.activation is for order: 'post' (after the sum); with order 'pre' put the activation inside the branch, got ${show(spec.activation)}`);
    }
    const activation = order === 'post' ? ctx.resolveActivation(spec.activation ?? 'relu', `${at}.activation`) : ctx.resolveActivation('linear', `${at}.activation`);
    if (activation.name === 'softmax') throw invalidSpec(`${at}.activation must not be 'softmax' (it normalises an output layer), got 'softmax'`);
    const gateValue = spec.gate ?? false;
    if (typeof gateValue !== 'boolean' && !(typeof gateValue === 'number' && Number.isFinite(gateValue))) {
      throw invalidSpec(`${at}.gate must be true, false or a finite number (its initial value), got ${show(spec.gate)}`);
    }
    const index = net.blocks.length;
    const { nodes: branch, units } = sequence(spec.layers, `${at}.layers`, inputs);
    const skip = spec.skip ?? (units === inputs ? 'identity' : 'projection');
    if (skip !== 'identity' && skip !== 'projection') throw invalidSpec(`${at}.skip must be 'identity' or 'projection', got ${show(spec.skip)}`);
    if (skip === 'identity' && units !== inputs) {
      throw invalidSpec(`${at}.skip 'identity' needs the branch to keep the width: its input has ${inputs} units and its branch ends with ${units}; use skip: 'projection' or equal widths`);
    }
    const projection = skip === 'projection' ? addDense({ units, activation: 'linear' }, `${at} (projection)`, inputs, false) : null;
    const gate = gateValue === false ? -1 : net.extras.push({ role: 'gate', size: 1 }) - 1;
    const block: ResolvedResidual = {
      kind: 'residual',
      index,
      inputs,
      units,
      branch,
      projection,
      gate,
      gateInitial: typeof gateValue === 'number' ? gateValue : 1,
      activation,
    };
    net.blocks.push(block);
    return block;
  };

  if (!isPositiveInteger(inputDim)) throw invalidSpec(`validateModelSpec: inputDim must be a positive integer, got ${show(inputDim)}`);
  const { nodes, units } = sequence(hidden, 'validateModelSpec: hidden', inputDim);
  const out = addDense(output, 'validateModelSpec: output', units, true);
  net.nodes = [...nodes, { kind: 'dense', layer: out }];
  return net;
}

/** Every dense layer of a node sequence, branches and projections included, in network order. */
export function denseOf(nodes: readonly NetworkNode[]): ResolvedLayer[] {
  const out: ResolvedLayer[] = [];
  for (const node of nodes) {
    if (node.kind === 'dense') out.push(node.layer);
    else if (node.kind === 'residual') {
      out.push(...denseOf(node.branch));
      if (node.projection !== null) out.push(node.projection);
    }
  }
  return out;
}
