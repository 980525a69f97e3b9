import { getInitializer, type InitializerSpec } from '@initlab/initializers';
import { Rng } from '@initlab/random';
import { toDenseMatrix, type DenseMatrix, type Matrix } from './data.js';
import { ModelsError, refuseUnknownKeys, show, type SameKeys } from './errors.js';
import { lsuvLayers, resolveLsuvParams } from './lsuv.js';
import { checkMemory } from './memory.js';
import { LSUV_DEFAULTS, LSUV_PARAMETERS, lsuvParameterRule } from './names.js';
import { resolveLayers, type ModelSpec, type ResolvedLayer } from './spec.js';
import { checkWeights, sampleLayer, type LayerWeights } from './weights.js';

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
  /** Overrides the kernel initializer of the layers in scope (`'lsuv'` for data-dependent LSUV). */
  kernelInitializer?: InitializerSpec | 'lsuv' | LsuvSpec;
  /** Overrides the bias initializer of the layers in scope. */
  biasInitializer?: InitializerSpec;
  /** Layers the overrides apply to: `'hidden'` (default; both seed notebooks keep Keras's default on the output layer) or `'all'`. */
  initializerScope?: 'hidden' | 'all';
  /** Exact starting weights; when set, every initializer is ignored. */
  initialWeights?: LayerWeights[];
}

/** A member with its id and starting weights decided. */
export interface ResolvedMember {
  id: string;
  index: number;
  seed: number;
  initialWeights: LayerWeights[];
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
export const ENSEMBLE_MEMBER_KEYS = ['id', 'seed', 'kernelInitializer', 'biasInitializer', 'initializerScope', 'initialWeights'] as const;

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

function memberWeights(
  layers: readonly ResolvedLayer[],
  member: EnsembleMember,
  where: string,
  train: DenseMatrix | null,
): LayerWeights[] {
  if (member.initialWeights !== undefined) {
    return member.initialWeights.map((w) => ({ kernel: w.kernel.slice(), bias: w.bias.slice(), shape: [w.shape[0], w.shape[1]] }));
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
    const rows = Math.min(batchSize, train.rows);
    const order = new Rng(member.seed, 'lsuv').permutation(train.rows);
    const values = new Float32Array(rows * train.cols);
    for (let r = 0; r < rows; r++) values.set(train.values.subarray(order[r]! * train.cols, (order[r]! + 1) * train.cols), r * train.cols);
    return lsuvLayers(
      layers,
      inScope,
      biasInitializers,
      layers.map((l) => l.kernelInitializer),
      member.seed,
      { rows, cols: train.cols, values },
      params,
    ).weights;
  }
  return layers.map((layer, i) =>
    sampleLayer(layer, inScope[i] && override !== undefined ? override : layer.kernelInitializer, biasInitializers[i]!, member.seed),
  );
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
  layers: readonly ResolvedLayer[],
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
    if (member.initialWeights !== undefined) checkWeights(layers, member.initialWeights, `${where}.initialWeights`);
    for (const key of ['kernelInitializer', 'biasInitializer'] as const) {
      const init = member[key];
      if (init === undefined || (key === 'kernelInitializer' && isLsuv(init))) continue;
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
  layers: readonly ResolvedLayer[],
  members: readonly ValidatedMember[],
  train: DenseMatrix | null,
  fn: string,
): ResolvedMember[] {
  return members.map((m) => ({
    id: m.id,
    index: m.index,
    seed: m.seed,
    initialWeights: memberWeights(layers, m.member, `${fn}: members[${m.index}]`, train),
  }));
}

/** Validates members, assigns ids and samples (or checks) their starting weights. */
export function resolveMembers(
  layers: readonly ResolvedLayer[],
  members: readonly EnsembleMember[],
  train: DenseMatrix | null,
  fn: string,
): ResolvedMember[] {
  const valid = validateMembers(layers, members, fn);
  checkMemory(fn, layers, valid.length, 0);
  return materializeMembers(layers, valid, train, fn);
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
  const layers = resolveLayers(spec);
  refuseUnknownKeys('initialWeights: data', data, ['x'], 'INVALID_DATA');
  const train = data === undefined ? null : toDenseMatrix(data.x, spec.inputDim, 'initialWeights: data.x');
  return resolveMembers(layers, [member], train, 'initialWeights')[0]!.initialWeights;
}
