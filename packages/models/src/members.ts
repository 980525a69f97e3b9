import { getInitializer, type InitializerSpec } from '@initlab/initializers';
import { Rng } from '@initlab/random';
import { toDenseMatrix, type DenseMatrix, type Matrix } from './data.js';
import { ModelsError, refuseUnknownKeys, show, type SameKeys } from './errors.js';
import { lsuvLayers, resolveLsuvParams } from './lsuv.js';
import { checkMemory } from './memory.js';
import { LSUV_DEFAULTS, LSUV_PARAMETERS, lsuvParameterRule } from './names.js';
import { applyArchitectureInit, ARCHITECTURE_INIT_BASE, checkArchitectureInit, isArchitectureInit, type ArchitectureInitName } from './architecture-init.js';
import { deriveSeed } from '@initlab/random';
import type { ResolvedNetwork } from './network-spec.js';
import { plainLayers, resolveNetwork, type ModelSpec } from './spec.js';
import { checkWeights, NO_EXTRAS, sampleLayer, toFloat32, type ExtraWeights, type LayerWeights } from './weights.js';

/** LSUV as a member's kernel initializer: the member's layers in scope are LSUV-initialised on a training batch. */
export interface LsuvSpec {
  name: 'lsuv';
  /** Default 0.1. */
  tolerance?: number;
  /** Default 10. */
  maxIterations?: number;
  /** Rows of the LSUV batch (drawn from the training data with `new Rng(seed, 'lsuv')`). Default 256. */
  batchSize?: number;
}

/** One model of an ensemble: its seed and what makes it different from the others. */
export interface EnsembleMember {
  /** Name in results and progress events; default `m<index>`. Must be unique. */
  id?: string;
  /**
   * Drives everything random about the member: the kernel of layer `l` is sampled with
   * `deriveSeed(seed, 'kernel', l)`, its bias with `deriveSeed(seed, 'bias', l)`, and the epochs'
   * shuffles come from `new Rng(seed, 'shuffle')` — the same whether it trains alone or in an ensemble.
   */
  seed: number;
  /**
   * Overrides the kernel initializer of the layers in scope: a catalogue initializer, `'lsuv'` for
   * data-dependent LSUV, or an architecture initialization of a residual network (`'fixup'`, `'skipinit'`,
   * `'rezero'`, `'zero_last_norm_gamma'`: see `ARCHITECTURE_INIT_DOCS`).
   */
  kernelInitializer?: InitializerSpec | 'lsuv' | LsuvSpec | ArchitectureInitName;
  /** Overrides the bias initializer of the layers in scope. */
  biasInitializer?: InitializerSpec;
  /** Layers the overrides apply to: `'hidden'` (default; both seed notebooks keep Keras's default on the output layer) or `'all'`. */
  initializerScope?: 'hidden' | 'all';
  /** Exact starting weights; when set, every initializer is ignored. */
  initialWeights?: LayerWeights[];
  /** Exact starting normalization scales and shifts, gates and batch-norm buffers, with `initialWeights` (networks that have them). */
  initialExtras?: ExtraWeights;
}

/** A member with its id and starting weights decided. */
export interface ResolvedMember {
  id: string;
  index: number;
  seed: number;
  initialWeights: LayerWeights[];
  initialExtras: ExtraWeights;
}

/**
 * The keys of an {@link EnsembleMember}; training, diagnostics and `initialWeights` refuse any other
 * (`INVALID_OPTIONS`), so a misspelt `kernel_initializer` cannot silently train the default initializer.
 *
 * @example
 * ```ts
 * ENSEMBLE_MEMBER_KEYS.includes('kernelInitializer'); // true
 * ```
 */
export const ENSEMBLE_MEMBER_KEYS = ['id', 'seed', 'kernelInitializer', 'biasInitializer', 'initializerScope', 'initialWeights', 'initialExtras'] as const;

/** The keys of an {@link LsuvSpec}: its name and `LSUV_PARAMETERS`. */
const LSUV_SPEC_KEYS = ['name', ...LSUV_PARAMETERS] as const;

const memberKeysMatch: [SameKeys<EnsembleMember, typeof ENSEMBLE_MEMBER_KEYS>, SameKeys<LsuvSpec, typeof LSUV_SPEC_KEYS>] = [true, true];
void memberKeysMatch;

function isLsuv(spec: EnsembleMember['kernelInitializer']): spec is 'lsuv' | LsuvSpec {
  return spec === 'lsuv' || (typeof spec === 'object' && spec !== null && (spec as { name?: unknown }).name === 'lsuv');
}

function invalidMember(message: string, cause?: unknown): ModelsError {
  return new ModelsError('INVALID_OPTIONS', message, cause === undefined ? undefined : { cause });
}

/** The starting γ (`ones`), β (`zeros`), gates and buffers (moving mean 0, variance 1) of a network, from the member's seed. */
function sampleExtras(net: ResolvedNetwork, seed: number): ExtraWeights {
  const params: Float32Array[] = net.extras.map((e) => new Float32Array(e.size));
  for (const norm of net.norms) {
    params[norm.gamma] = toFloat32(getInitializer(norm.gammaInitializer).sample([norm.units], { seed: deriveSeed(seed, 'gamma', norm.index), dtype: 'float32' }));
    params[norm.beta] = toFloat32(getInitializer(norm.betaInitializer).sample([norm.units], { seed: deriveSeed(seed, 'beta', norm.index), dtype: 'float32' }));
  }
  for (const block of net.blocks) if (block.gate >= 0) params[block.gate]!.fill(block.gateInitial);
  const buffers: Float32Array[] = net.buffers.map((size) => new Float32Array(size));
  // moving variance starts at 1 (Keras and PyTorch), the mean at 0
  for (const norm of net.norms) if (norm.movingVariance >= 0) buffers[norm.movingVariance]!.fill(1);
  return { params, buffers };
}

const copyExtras = (e: ExtraWeights): ExtraWeights => ({ params: e.params.map((p) => p.slice()), buffers: e.buffers.map((b) => b.slice()) });

function memberWeights(
  net: ResolvedNetwork,
  member: EnsembleMember,
  where: string,
  train: DenseMatrix | null,
): { weights: LayerWeights[]; extras: ExtraWeights } {
  const layers = net.dense;
  if (member.initialWeights !== undefined) {
    return {
      weights: member.initialWeights.map((w) => ({ kernel: w.kernel.slice(), bias: w.bias.slice(), shape: [w.shape[0], w.shape[1]] })),
      extras: member.initialExtras !== undefined ? copyExtras(member.initialExtras) : net.plain ? NO_EXTRAS : sampleExtras(net, member.seed),
    };
  }
  const scope = member.initializerScope ?? 'hidden';
  const inScope = layers.map((l) => scope === 'all' || !l.isOutput);
  const override = member.kernelInitializer;
  const biasInitializers = layers.map((l, i) => (inScope[i] && member.biasInitializer !== undefined ? member.biasInitializer : l.biasInitializer));
  if (isLsuv(override)) {
    const spec: LsuvSpec = override === 'lsuv' ? { name: 'lsuv' } : override;
    const params = resolveLsuvParams(spec, `${where}.kernelInitializer (lsuv)`);
    const batchSize = spec.batchSize ?? LSUV_DEFAULTS.batchSize;
    const batchRule = lsuvParameterRule('batchSize', batchSize);
    if (batchRule !== null) {
      throw invalidMember(`${where}.kernelInitializer (lsuv): batchSize must be ${batchRule}, got ${show(spec.batchSize)}`);
    }
    if (train === null) {
      throw invalidMember(`${where}.kernelInitializer 'lsuv' needs data: pass training rows, got none`);
    }
    const plain = plainLayers(net, `${where}.kernelInitializer 'lsuv'`);
    const rows = Math.min(batchSize, train.rows);
    const order = new Rng(member.seed, 'lsuv').permutation(train.rows);
    const values = new Float32Array(rows * train.cols);
    for (let r = 0; r < rows; r++) values.set(train.values.subarray(order[r]! * train.cols, (order[r]! + 1) * train.cols), r * train.cols);
    const weights = lsuvLayers(
      plain,
      inScope,
      biasInitializers,
      plain.map((l) => l.kernelInitializer),
      member.seed,
      { rows, cols: train.cols, values },
      params,
    ).weights;
    return { weights, extras: NO_EXTRAS };
  }
  const scheme = isArchitectureInit(override) ? override : null;
  const kernelOf = (i: number): InitializerSpec =>
    inScope[i] && override !== undefined ? (scheme !== null ? ARCHITECTURE_INIT_BASE : (override as InitializerSpec)) : layers[i]!.kernelInitializer;
  const weights = layers.map((layer, i) => sampleLayer(layer, kernelOf(i), biasInitializers[i]!, member.seed));
  const extras = net.plain ? NO_EXTRAS : sampleExtras(net, member.seed);
  if (scheme !== null) applyArchitectureInit(net, scheme, weights, extras);
  return { weights, extras };
}

/** A member whose id, seed and scope were checked; its weights are not sampled yet. */
export interface ValidatedMember {
  id: string;
  index: number;
  seed: number;
  member: EnsembleMember;
}

/** Validates members and assigns ids without sampling anything (cheap; no backend needed). */
export function validateMembers(
  net: ResolvedNetwork,
  members: readonly EnsembleMember[],
  fn: string,
): ValidatedMember[] {
  if (!Array.isArray(members) || members.length === 0) {
    throw invalidMember(`${fn}: members must be a non-empty array, got ${Array.isArray(members) ? 'an empty array' : show(members)}`);
  }
  const ids = new Set<string>();
  return members.map((member, index) => {
    const where = `${fn}: members[${index}]`;
    if (typeof member !== 'object' || member === null) throw invalidMember(`${where} must be an object, got ${show(member)}`);
    refuseUnknownKeys(where, member, ENSEMBLE_MEMBER_KEYS);
    if (isLsuv(member.kernelInitializer)) refuseUnknownKeys(`${where}.kernelInitializer (lsuv)`, member.kernelInitializer, LSUV_SPEC_KEYS);
    if (!Number.isSafeInteger(member.seed)) throw invalidMember(`${where}.seed must be a safe integer, got ${show(member.seed)}`);
    const id = member.id ?? `m${index}`;
    if (typeof id !== 'string' || id.length === 0) throw invalidMember(`${where}.id must be a non-empty string, got ${show(member.id)}`);
    if (ids.has(id)) throw invalidMember(`${where}.id must be unique, got ${show(id)} twice`);
    ids.add(id);
    const scope = member.initializerScope ?? 'hidden';
    if (scope !== 'hidden' && scope !== 'all') {
      throw invalidMember(`${where}.initializerScope must be 'hidden' or 'all', got ${show(member.initializerScope)}`);
    }
    if (member.initialWeights !== undefined) checkWeights(net.dense, member.initialWeights, `${where}.initialWeights`);
    if (member.initialExtras !== undefined) checkExtras(net, member.initialExtras, `${where}.initialExtras`);
    if (isArchitectureInit(member.kernelInitializer)) checkArchitectureInit(net, member.kernelInitializer, `${where}.kernelInitializer`);
    for (const key of ['kernelInitializer', 'biasInitializer'] as const) {
      const init = member[key];
      if (init === undefined || (key === 'kernelInitializer' && (isLsuv(init) || isArchitectureInit(init)))) continue;
      try {
        getInitializer(init as InitializerSpec);
      } catch (cause) {
        throw invalidMember(`${where}.${key}: ${cause instanceof Error ? cause.message : String(cause)}`, cause);
      }
    }
    return { id, index, seed: member.seed, member };
  });
}

/** Samples (or copies) the starting weights of validated members; LSUV members need the training rows. */
export function materializeMembers(
  net: ResolvedNetwork,
  members: readonly ValidatedMember[],
  train: DenseMatrix | null,
  fn: string,
): ResolvedMember[] {
  return members.map((m) => {
    const { weights, extras } = memberWeights(net, m.member, `${fn}: members[${m.index}]`, train);
    return { id: m.id, index: m.index, seed: m.seed, initialWeights: weights, initialExtras: extras };
  });
}

/** Checks a member's given extras against the network: one array per extra parameter and buffer, of its size. */
function checkExtras(net: ResolvedNetwork, extras: ExtraWeights, where: string): void {
  const check = (given: unknown, sizes: readonly number[], what: string): void => {
    if (!Array.isArray(given) || given.length !== sizes.length) {
      throw new ModelsError('INVALID_WEIGHTS', `${where}.${what} must be ${sizes.length} Float32Arrays (the network's ${what === 'params' ? 'γ, β and gates' : 'batch-norm moving statistics'}), got ${Array.isArray(given) ? given.length : show(given)}`);
    }
    given.forEach((values, i) => {
      if (!(values instanceof Float32Array) || values.length !== sizes[i]) {
        throw new ModelsError('INVALID_WEIGHTS', `${where}.${what}[${i}] must be a Float32Array of ${sizes[i]} values, got ${values instanceof Float32Array ? `${values.length} values` : show(values)}`);
      }
    });
  };
  check(extras?.params, net.extras.map((e) => e.size), 'params');
  check(extras?.buffers, net.buffers, 'buffers');
}

/** Validates members, assigns ids and samples (or checks) their starting weights. */
export function resolveMembers(
  net: ResolvedNetwork,
  members: readonly EnsembleMember[],
  train: DenseMatrix | null,
  fn: string,
): ResolvedMember[] {
  const valid = validateMembers(net, members, fn);
  checkMemory(fn, net.dense, valid.length, 0);
  return materializeMembers(net, valid, train, fn);
}

/**
 * The starting weights a member gets in training (same seeds, same initializers, same LSUV batch),
 * without training. LSUV members need `data.x` (the training rows).
 *
 * @example
 * const w = initialWeights(spec, { seed: 1, kernelInitializer: 'he_normal' });
 * console.log(w[0].shape); // [inputDim, hidden[0].units]
 */
export function initialWeights(spec: ModelSpec, member: EnsembleMember, data?: { x: Matrix }): LayerWeights[] {
  return initialParameters(spec, member, data).weights;
}

/**
 * {@link initialWeights} with the network's other starting values: γ, β and gates (`extras.params`) and the
 * batch-norm buffers (`extras.buffers`), both empty for a plain stack of dense layers.
 *
 * @example
 * const { weights, extras } = initialParameters(resnetSpec, { seed: 1, kernelInitializer: 'rezero' });
 * console.log(extras.params.at(-1)); // Float32Array [0]: the last block's gate
 */
export function initialParameters(spec: ModelSpec, member: EnsembleMember, data?: { x: Matrix }): { weights: LayerWeights[]; extras: ExtraWeights } {
  const net = resolveNetwork(spec);
  refuseUnknownKeys('initialWeights: data', data, ['x'], 'INVALID_DATA');
  const train = data === undefined ? null : toDenseMatrix(data.x, spec.inputDim, 'initialWeights: data.x');
  const m = resolveMembers(net, [member], train, 'initialWeights')[0]!;
  return { weights: m.initialWeights, extras: m.initialExtras };
}
