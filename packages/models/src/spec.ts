import { getInitializer, type InitializerSpec } from '@initlab/initializers';
import { ModelsError, refuseUnknownKeys, show, type SameKeys } from './errors.js';
import { ACTIVATION_NAMES, LOSS_NAMES, type ActivationName, type LossName } from './names.js';
import type { ActivationSpec, DenseLayerSpec, ResolvedActivation, ResolvedLayer } from './layer-spec.js';
import { resolveNetworkNodes, type HiddenLayerSpec, type ResolvedNetwork } from './network-spec.js';

export type { ActivationSpec, DenseLayerSpec, ResolvedActivation, ResolvedLayer } from './layer-spec.js';

export type { ActivationName, LossName } from './names.js';

/**
 * A JSON-serialisable multilayer perceptron: `inputDim` features, zero or more hidden dense layers,
 * one output dense layer and a loss.
 *
 * @example
 * // The wine notebook's model: 11 → 10 ReLU → 3 softmax, sparse categorical cross-entropy.
 * const wine: ModelSpec = {
 *   inputDim: 11,
 *   hidden: [{ units: 10, activation: 'relu' }],
 *   output: { units: 3, activation: 'softmax' },
 *   loss: 'sparse_categorical_crossentropy',
 * };
 */
export interface ModelSpec {
  /** Number of input features (positive integer). */
  inputDim: number;
  /**
   * Hidden layers, input side first; may be empty. Dense layers, or any {@link HiddenLayerSpec}: batch and
   * layer normalization, activations, dropout and residual blocks.
   */
  hidden: HiddenLayerSpec[];
  /** The output layer. */
  output: DenseLayerSpec;
  /** Training loss. */
  loss: LossName;
  /** Kernel initializer of layers that do not set one; default `'glorot_uniform'` (Keras `Dense`). */
  kernelInitializer?: InitializerSpec;
  /** Bias initializer of layers that do not set one; default `'zeros'` (Keras `Dense`). */
  biasInitializer?: InitializerSpec;
}

/**
 * The keys of a {@link ModelSpec} and of a {@link DenseLayerSpec}; `validateModelSpec` (and everything that
 * takes a spec) refuses any other (`INVALID_SPEC`), so a misspelt `kernel_initializer` is not dropped.
 *
 * @example
 * ```ts
 * MODEL_SPEC_KEYS.includes('loss'); // true
 * ```
 */
export const MODEL_SPEC_KEYS = ['inputDim', 'hidden', 'output', 'loss', 'kernelInitializer', 'biasInitializer'] as const;

/** The keys of a {@link DenseLayerSpec}. */
export const DENSE_LAYER_KEYS = ['type', 'units', 'activation', 'kernelInitializer', 'biasInitializer'] as const;

const specKeysMatch: [SameKeys<ModelSpec, typeof MODEL_SPEC_KEYS>, SameKeys<DenseLayerSpec, typeof DENSE_LAYER_KEYS>] = [true, true];
void specKeysMatch;

const ACTIVATIONS: readonly ActivationName[] = ACTIVATION_NAMES;
const LOSSES: readonly LossName[] = LOSS_NAMES;

/** Default kernel initializer, as Keras `Dense`. */
export const DEFAULT_KERNEL_INITIALIZER = 'glorot_uniform';
/** Default bias initializer, as Keras `Dense`. */
export const DEFAULT_BIAS_INITIALIZER = 'zeros';

function invalid(message: string, cause?: unknown): ModelsError {
  return new ModelsError('INVALID_SPEC', message, cause === undefined ? undefined : { cause });
}

function isPositiveInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value > 0;
}

/** Resolves and validates an activation spec; `where` names it in error messages. */
export function resolveActivation(spec: ActivationSpec | undefined, where: string): ResolvedActivation {
  const value: unknown = spec ?? 'linear';
  const allowed = ACTIVATIONS.map((a) => `'${a}'`).join(', ');
  const name = typeof value === 'string' ? value : typeof value === 'object' && value !== null ? (value as { name?: unknown }).name : undefined;
  refuseUnknownKeys(where, value, ['name', 'alpha'], 'INVALID_SPEC');
  if (typeof name !== 'string' || !(ACTIVATIONS as readonly string[]).includes(name)) {
    throw invalid(`${where}: activation must be one of ${allowed}, got ${show(value)}`);
  }
  const activation = name as ActivationName;
  let alpha = 0;
  if (activation === 'leaky_relu' || activation === 'elu') {
    const given = typeof value === 'object' && value !== null ? (value as { alpha?: unknown }).alpha : undefined;
    alpha = given === undefined ? (activation === 'leaky_relu' ? 0.2 : 1) : (given as number);
    if (typeof alpha !== 'number' || !Number.isFinite(alpha) || alpha < 0) {
      throw invalid(`${where}: ${activation} alpha must be a finite number >= 0, got ${show(given)}`);
    }
  } else if (typeof value === 'object' && value !== null && 'alpha' in value) {
    throw invalid(`${where}: activation '${activation}' takes no alpha, got ${show(value)}`);
  }
  return { name: activation, alpha };
}

function checkInitializer(spec: InitializerSpec | undefined, where: string): void {
  if (spec === undefined) return;
  try {
    getInitializer(spec);
  } catch (cause) {
    throw invalid(`${where}: ${cause instanceof Error ? cause.message : String(cause)}`, cause);
  }
}

/**
 * Checks a model spec and throws a {@link ModelsError} (`INVALID_SPEC`) naming the first problem.
 * Initializer specs are checked with `@initlab/initializers`' `getInitializer`.
 *
 * @returns the same spec, so it can be used inline.
 * @example
 * validateModelSpec({ inputDim: 4, hidden: [{ units: 8, activation: 'relu' }], output: { units: 1 }, loss: 'mse' });
 */
export function validateModelSpec(spec: ModelSpec): ModelSpec {
  resolveNetwork(spec);
  return spec;
}

/**
 * Resolves and validates the whole model as a graph (dense, normalization, activation, dropout and residual
 * nodes), filling in every default: activation `linear`, kernel `glorot_uniform`, bias `zeros`, γ `ones`, β `zeros`.
 */
export function resolveNetwork(spec: ModelSpec): ResolvedNetwork {
  if (typeof spec !== 'object' || spec === null) throw invalid(`validateModelSpec: spec must be an object, got ${show(spec)}`);
  refuseUnknownKeys('validateModelSpec: spec', spec, MODEL_SPEC_KEYS, 'INVALID_SPEC');
  if (!isPositiveInteger(spec.inputDim)) {
    throw invalid(`validateModelSpec: inputDim must be a positive integer, got ${show(spec.inputDim)}`);
  }
  if (!Array.isArray(spec.hidden)) {
    throw invalid(`validateModelSpec: hidden must be an array of layers (may be empty), got ${show(spec.hidden)}`);
  }
  if (typeof spec.output !== 'object' || spec.output === null) {
    throw invalid(`validateModelSpec: output must be a layer object, got ${show(spec.output)}`);
  }
  if (!(LOSSES as readonly string[]).includes(spec.loss)) {
    throw invalid(`validateModelSpec: loss must be one of ${LOSSES.map((l) => `'${l}'`).join(', ')}, got ${show(spec.loss)}`);
  }
  checkInitializer(spec.kernelInitializer, 'validateModelSpec: kernelInitializer');
  checkInitializer(spec.biasInitializer, 'validateModelSpec: biasInitializer');
  const defaultKernel = spec.kernelInitializer ?? DEFAULT_KERNEL_INITIALIZER;
  const defaultBias = spec.biasInitializer ?? DEFAULT_BIAS_INITIALIZER;
  return resolveNetworkNodes(spec.hidden, spec.output, spec.inputDim, {
    resolveActivation,
    checkInitializer,
    defaultKernel,
    defaultBias,
    dense: (layer, where, inputs, isOutput, index) => {
      refuseUnknownKeys(where, layer, DENSE_LAYER_KEYS, 'INVALID_SPEC');
      if (!isPositiveInteger(layer.units)) throw invalid(`${where}.units must be a positive integer, got ${show(layer.units)}`);
      const activation = resolveActivation(layer.activation, `${where}.activation`);
      checkInitializer(layer.kernelInitializer, `${where}.kernelInitializer`);
      checkInitializer(layer.biasInitializer, `${where}.biasInitializer`);
      return {
        index,
        inputs,
        units: layer.units,
        activation,
        kernelInitializer: layer.kernelInitializer ?? defaultKernel,
        biasInitializer: layer.biasInitializer ?? defaultBias,
        isOutput,
      };
    },
  });
}

/**
 * Fills in every default of a plain stack of dense layers (activation `linear`, kernel `glorot_uniform`,
 * bias `zeros`), validating as it goes. The output layer is the last entry. A model with normalization,
 * dropout, activation or residual layers is refused (`INVALID_SPEC`) naming `fn`: what calls this computes on
 * dense layers only; {@link resolveNetwork} resolves any model.
 */
export function resolveLayers(spec: ModelSpec, fn?: string): ResolvedLayer[] {
  return plainLayers(resolveNetwork(spec), fn);
}

/** The dense layers of a plain network; a network with other layers is refused as in {@link resolveLayers}. */
export function plainLayers(net: ResolvedNetwork, fn?: string): ResolvedLayer[] {
  if (!net.plain) {
    throw invalid(
      `${fn ?? 'this function'} takes a stack of dense layers; this model's hidden layers include ${nonDenseKinds(net)}: train it with trainEnsemble/trainModel, or use dense layers only`,
    );
  }
  return net.dense;
}

function nonDenseKinds(net: ResolvedNetwork): string {
  const kinds = new Set<string>();
  const visit = (nodes: ResolvedNetwork['nodes']): void => {
    for (const node of nodes) {
      if (node.kind !== 'dense') kinds.add(node.kind);
      if (node.kind === 'residual') visit(node.branch);
    }
  };
  visit(net.nodes);
  return [...kinds].map((k) => `'${k}'`).join(', ');
}

/** Whether the loss is a classification loss (reports accuracy) rather than a regression loss (mse, mae). */
export function isClassificationLoss(loss: LossName): boolean {
  return loss === 'binary_crossentropy' || loss === 'sparse_categorical_crossentropy' || loss === 'categorical_crossentropy';
}
