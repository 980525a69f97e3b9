// The typed layers of `model.hidden` (residual blocks, normalization, ...): @initlab/models validates them and
// says which initializers fit them; this file only carries its answers to the config path they are about.
import {
  ModelsError,
  checkArchitectureInit,
  isArchitectureInit,
  residualStack,
  resolveNetwork,
  type DenseLayerSpec,
  type HiddenLayerSpec,
  type ResolvedNetwork,
} from '@initlab/models';
import type { z } from 'zod';
import { issue, type ActivationConfig } from './schema-rules.js';

/** One hidden layer (the shorthand `10` is expanded to `{ units: 10, activation: model.activation }`). */
export interface HiddenLayerConfig {
  /** Number of units. */
  units: number;
  /** Activation (default: `model.activation`). */
  activation: ActivationConfig;
}

/**
 * A layer of `@initlab/models` besides dense (batch or layer normalization, an activation, dropout, a residual
 * block), kept as written: the models package validates and documents it.
 */
export type TypedLayerConfig = Exclude<HiddenLayerSpec, DenseLayerSpec>;

/** One entry of `model.hidden`: a dense layer, or a typed layer. */
export type ModelLayerConfig = HiddenLayerConfig | TypedLayerConfig;


type Ctx = z.core.$RefinementCtx<unknown>;

/**
 * Whether a `model.hidden` entry is a dense layer (`{ units, activation }`) rather than a typed layer.
 *
 * @example
 * ```ts
 * isDenseLayer({ units: 8, activation: 'relu' }); // true
 * isDenseLayer({ type: 'batchnorm' });            // false
 * ```
 */
export function isDenseLayer(layer: ModelLayerConfig): layer is HiddenLayerConfig {
  return !('type' in layer);
}

/** The entries as `@initlab/models`' hidden layers: dense ones as `{ units, activation }`, typed ones as written. */
export function toSpecLayers(hidden: readonly ModelLayerConfig[]): HiddenLayerSpec[] {
  return hidden.map((h) => (isDenseLayer(h) ? ({ units: h.units, activation: h.activation } as HiddenLayerSpec) : h));
}

/**
 * `hidden[2].layers[0].rate must be …` of a models message as a config path under `model.hidden` and the rule;
 * null when the message is not about a hidden layer.
 */
export function hiddenIssueOf(message: string): { path: (string | number)[]; rule: string } | null {
  const lead = 'validateModelSpec: hidden';
  if (!message.startsWith(lead)) return null;
  const path: (string | number)[] = ['model', 'hidden'];
  let rest = message.slice(lead.length);
  for (;;) {
    const token = /^(?:\[(\d+)\]|\.([A-Za-z_]\w*))/.exec(rest);
    if (token === null) break;
    path.push(token[1] !== undefined ? Number(token[1]) : token[2]!);
    rest = rest.slice(token[0].length);
  }
  return { path, rule: rest.replace(/^:?\s*/, '') };
}

/**
 * `model.residual` as hidden layers (`residualStack` with `model.activation`); an issue at `model.residual` and
 * no layers when the models package refuses the options.
 */
export function expandResidual(ctx: Ctx, residual: Record<string, unknown>, activation: ActivationConfig): ModelLayerConfig[] {
  const options = Object.fromEntries(Object.entries(residual).filter(([, v]) => v !== undefined));
  try {
    return residualStack({ ...(options as { blocks: number; width: number }), activation: activation as never }).map(
      (layer): ModelLayerConfig =>
        layer.type === undefined || layer.type === 'dense'
          ? { units: (layer as { units: number }).units, activation: ((layer as { activation?: unknown }).activation ?? 'linear') as ActivationConfig }
          : (layer as ModelLayerConfig),
    );
  } catch (err) {
    if (!(err instanceof ModelsError)) throw err;
    issue(ctx, ['model', 'residual'], err.message.replace(/^residualStack: /, ''), residual, true);
    return [];
  }
}

/**
 * The width the probe network's input gets: any width when the stack starts with a dense layer; else the first
 * dense layer's, the width a stack that starts with a block or a norm is written for. The data's real width is
 * checked again when the run builds its model (`buildModelSpec`).
 */
function probeInputDim(hidden: readonly ModelLayerConfig[]): number {
  const first = (layers: readonly unknown[]): number | null => {
    for (const layer of layers as Record<string, unknown>[]) {
      if (typeof layer.units === 'number' && (layer.type === undefined || layer.type === 'dense')) return layer.units;
      if (Array.isArray(layer.layers)) {
        const inner = first(layer.layers);
        if (inner !== null) return inner;
      }
    }
    return null;
  };
  return first(hidden) ?? 1;
}

/**
 * Validates the typed layers with `@initlab/models` (each problem an issue at its path under `model.hidden`)
 * and checks every architecture initializer against the network (`checkArchitectureInit`: an issue at its
 * `initializers[i]`). Returns whether the stack is plain dense layers.
 */
export function checkModelLayers(ctx: Ctx, hidden: readonly ModelLayerConfig[], initializers: readonly { name: string }[]): boolean {
  const plain = hidden.every(isDenseLayer);
  const schemes = initializers.map((entry, i) => [entry, i] as const).filter(([entry]) => isArchitectureInit(entry.name));
  if (!plain) {
    // lsuvInit rescales one dense layer after another (models' plainLayers refuses any other network when
    // training starts); said here so that it is a problem of the file, before any data is loaded.
    initializers.forEach((entry, i) => {
      if (entry.name === 'lsuv') {
        issue(ctx, ['initializers', i], "'lsuv' rescales a stack of dense layers one after another, and this network has residual or normalization layers: use a catalogue initializer or an architecture initialization", entry.name, true);
      }
    });
  }
  if (plain && schemes.length === 0) return true;
  let net: ResolvedNetwork;
  try {
    net = resolveNetwork({ inputDim: probeInputDim(hidden), hidden: toSpecLayers(hidden), output: { units: 1 }, loss: 'mse' });
  } catch (err) {
    if (!(err instanceof ModelsError)) throw err;
    const at = hiddenIssueOf(err.message);
    issue(ctx, at?.path ?? ['model', 'hidden'], at?.rule ?? err.message, undefined, true);
    return plain;
  }
  for (const [entry, i] of schemes) {
    try {
      checkArchitectureInit(net, entry.name as Parameters<typeof checkArchitectureInit>[1], 'initializers');
    } catch (err) {
      if (!(err instanceof ModelsError)) throw err;
      issue(ctx, ['initializers', i], err.message.replace(/^initializers: /, ''), entry.name, true);
    }
  }
  return plain;
}
