import { RandomError, Rng, randomSeed } from '@initlab/random';
import { constant, ones, zeros } from './entries/constant.js';
import { orthogonal } from './entries/orthogonal.js';
import { randomNormal, randomUniform, truncatedNormal, truncNormal } from './entries/random.js';
import { sparse } from './entries/sparse.js';
import { dirac, identity } from './entries/structured.js';
import { kaimingNormal, kaimingUniform, xavierNormal, xavierUniform } from './entries/torch-scaling.js';
import {
  glorotNormal,
  glorotUniform,
  heNormal,
  heUniform,
  lecunNormal,
  lecunUniform,
  varianceScaling,
} from './entries/variance-scaling.js';
import type { EntryDefinition, SampleContext } from './entry.js';
import { InitializerError, show } from './errors.js';
import { axesOf, fansOf, resolveLayout, validateFans } from './fans.js';
import { KERAS_TRUNCATION_CORRECTION } from './moments.js';
import { checkOptions, SAMPLE_OPTION_NAMES, SPLIT_LIST_OPTION_NAMES } from './options.js';
import { checkParameter, INFINITY_TEXT, parametersByName, resolveChoice, resolveParameters, unknownParameterMessage } from './params.js';
import { validateShape } from './shape.js';
import { closest } from '@initlab/errors';
import type {
  Dtype,
  Fans,
  Initializer,
  InitializerConfig,
  InitializerInfo,
  InitializerSpec,
  ParameterInfo,
  ParameterValue,
  ResolvedParameters,
  SampleOptions,
} from './types.js';

/** The catalogue, in display order, one family a line: constant, fixed-scale random, Keras variance scaling,
 * PyTorch's xavier/kaiming, structured. */
const ENTRIES: readonly EntryDefinition[] = [
  zeros, ones, constant,
  randomNormal, randomUniform, truncatedNormal, truncNormal,
  varianceScaling, glorotNormal, glorotUniform, heNormal, heUniform, lecunNormal, lecunUniform,
  xavierNormal, xavierUniform, kaimingNormal, kaimingUniform,
  orthogonal, identity, dirac, sparse,
];

/** Freezes the metadata objects so a consumer cannot edit the shared catalogue. */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

const BY_NAME = new Map<string, EntryDefinition>();
for (const entry of ENTRIES) {
  deepFreeze(entry.info);
  for (const key of [entry.info.name, ...entry.info.aliases]) {
    if (BY_NAME.has(key)) throw new Error(`initializer catalogue: ${key} is registered twice`);
    BY_NAME.set(key, entry);
  }
}

const TFJS_SCALE = KERAS_TRUNCATION_CORRECTION ** 2;

/**
 * Framework names that look like aliases but mean something else: looking one up explains the
 * difference instead of silently giving other semantics.
 */
const NOT_ALIASES: Readonly<Record<string, string>> = {
  glorotNormal: `tfjs-layers' glorotNormal truncates at ±2σ without the 0.8796 correction (variance ≈ 0.774 of the target, tensorflow/tfjs#8594); use glorot_normal for Keras's corrected version or variance_scaling:scale=${TFJS_SCALE},mode=fan_avg to reproduce tfjs-layers`,
  heNormal: `tfjs-layers' heNormal truncates at ±2σ without the 0.8796 correction (variance ≈ 0.774 of the target, tensorflow/tfjs#8594); use he_normal for Keras's corrected version or variance_scaling:scale=${2 * TFJS_SCALE},mode=fan_in to reproduce tfjs-layers`,
  leCunNormal: `tfjs-layers' leCunNormal truncates at ±2σ without the 0.8796 correction (variance ≈ 0.774 of the target, tensorflow/tfjs#8594); use lecun_normal for Keras's corrected version or variance_scaling:scale=${TFJS_SCALE},mode=fan_in to reproduce tfjs-layers`,
  varianceScaling: `tfjs-layers' varianceScaling has an uncorrected 'normal' distribution (tensorflow/tfjs#8594) and its 'truncatedNormal' draws a uniform; use variance_scaling (Keras semantics), with scale multiplied by ${TFJS_SCALE} to reproduce tfjs-layers' 'normal'`,
  normal_: "PyTorch's normal_ defaults to N(0, 1) while random_normal defaults to Keras's stddev 0.05; use random_normal:stddev=1",
  uniform_: "PyTorch's uniform_ defaults to U(0, 1) while random_uniform defaults to Keras's ±0.05; use random_uniform:minval=0,maxval=1",
};

function lookup(where: string, name: unknown): EntryDefinition {
  if (typeof name !== 'string') {
    throw new InitializerError('INVALID_SPEC', `${where}: the initializer name must be a string, got ${show(name)}`, {
      initializer: where,
      parameter: 'name',
      value: name,
    });
  }
  const entry = BY_NAME.get(name);
  if (entry !== undefined) return entry;
  const reason = NOT_ALIASES[name];
  if (reason !== undefined) {
    throw new InitializerError('NOT_AN_ALIAS', `${where}: ${show(name)} is not an alias here: ${reason}`, {
      initializer: where,
      parameter: 'name',
      value: name,
    });
  }
  const suggestions: string[] = [];
  for (const candidate of closest(name, [...BY_NAME.keys()], 6)) {
    const canonical = (BY_NAME.get(candidate) as EntryDefinition).info.name;
    const text = candidate === canonical ? canonical : `${candidate} (= ${canonical})`;
    if (!suggestions.some((s) => s === canonical || s.endsWith(`(= ${canonical})`))) suggestions.push(text);
  }
  const hint = suggestions.length > 0 ? `did you mean ${suggestions.slice(0, 3).join(', ')}? ` : '';
  throw new InitializerError(
    'UNKNOWN_INITIALIZER',
    `${where}: unknown initializer ${show(name)}; ${hint}known: ${ENTRIES.map((e) => e.info.name).join(', ')} (framework aliases such as GlorotUniform, glorotUniform or xavier_uniform_ also work)`,
    { initializer: where, parameter: 'name', value: name },
  );
}

function resolveDtype(where: string, dtype: unknown): Dtype {
  return resolveChoice(where, 'dtype', dtype, ['float32', 'float64']);
}

function resolveSeed(where: string, seed: unknown): number {
  if (seed === undefined) return randomSeed();
  if (typeof seed === 'number' && Number.isSafeInteger(seed)) return seed;
  throw new InitializerError('INVALID_OPTION', `${where}: seed must be a safe integer, got ${show(seed)}`, {
    initializer: where,
    parameter: 'seed',
    value: seed,
  });
}

function allocate(where: string, dtype: Dtype, size: number, shape: readonly number[]): Float32Array | Float64Array {
  try {
    return dtype === 'float64' ? new Float64Array(size) : new Float32Array(size);
  } catch (cause) {
    throw new InitializerError(
      'INVALID_SHAPE',
      `${where}: shape ${show(shape)} needs ${size} ${dtype} elements, more than this runtime can allocate`,
      { initializer: where, parameter: 'shape', value: shape, cause },
    );
  }
}

/** A catalogue entry with resolved parameters. */
class CatalogueInitializer implements Initializer {
  readonly info: InitializerInfo;
  readonly #entry: EntryDefinition;
  readonly #params: ResolvedParameters;

  constructor(entry: EntryDefinition, params: ResolvedParameters) {
    this.info = entry.info;
    this.#entry = entry;
    this.#params = Object.freeze({ ...params });
  }

  getConfig(): InitializerConfig {
    return { name: this.info.name, ...this.#params };
  }

  sample(shape: number[], opts: SampleOptions = {}): Float32Array | Float64Array {
    const name = this.info.name;
    checkOptions(name, opts, SAMPLE_OPTION_NAMES);
    const size = validateShape(name, shape);
    const frozenShape = Object.freeze([...shape]);
    const layout = resolveLayout(name, opts.layout);
    const dtype = resolveDtype(name, opts.dtype);
    const fansOverride = opts.fans === undefined ? undefined : validateFans(name, opts.fans);
    const axes = axesOf(name, opts);
    if (axes !== undefined && fansOverride !== undefined) {
      throw new InitializerError('INVALID_OPTION', `${name}: give either fans or inputAxes/outputAxes, not both (both decide the fans), got ${show(opts)}`, {
        initializer: name,
        parameter: 'fans',
        value: opts,
      });
    }
    const seed = resolveSeed(name, opts.seed);
    const out = allocate(name, dtype, size, frozenShape);
    // Axes given are checked against the shape now, so a wrong one is refused even by an entry that reads no fans.
    let fans: Fans | undefined = axes === undefined ? fansOverride : fansOf(name, frozenShape, layout, axes);
    let rng: Rng | undefined;
    const ctx: SampleContext = {
      name,
      shape: frozenShape,
      layout,
      size,
      out,
      fans: () => (fans ??= fansOf(name, frozenShape, layout, axes)),
      rng: () => (rng ??= new Rng(seed)),
    };
    try {
      this.#entry.fill(ctx, this.#params);
    } catch (error) {
      if (error instanceof RandomError) {
        throw new InitializerError('SAMPLING_FAILED', `${name}: the generator rejected the request: ${error.message}`, {
          initializer: name,
          cause: error,
        });
      }
      throw error;
    }
    return out;
  }
}

function specObject(where: string, spec: unknown): { name: string; [param: string]: unknown } {
  if (typeof spec === 'string') {
    return spec.includes(':') ? parseInitializerSpec(spec) : { name: spec.trim() };
  }
  if (typeof spec === 'object' && spec !== null && !Array.isArray(spec) && 'name' in spec) {
    return spec as { name: string };
  }
  throw new InitializerError(
    'INVALID_SPEC',
    `${where}: spec must be a name ('he_normal'), a 'name:param=value,...' string or { name, ...params }, got ${show(spec)}`,
    { initializer: where, parameter: 'spec', value: spec },
  );
}

/**
 * Resolves a spec to a configured initializer from the catalogue.
 *
 * Accepts a canonical name (`'he_normal'`), an alias with identical semantics (`'HeNormal'`,
 * `'glorotUniform'`, `'kaiming_normal_'`), the CLI syntax (`'random_normal:stddev=0.01'`) or an
 * object (`{ name: 'variance_scaling', scale: 2, mode: 'fan_in' }`). Parameters are checked and
 * defaults filled in; `getInitializer(init.getConfig())` gives identical samples.
 *
 * @throws {InitializerError} `UNKNOWN_INITIALIZER` (with the closest names), `NOT_AN_ALIAS`,
 *   `UNKNOWN_PARAMETER`, `MISSING_PARAMETER`, `INVALID_PARAMETER`, `INVALID_SPEC`.
 * @example
 * ```ts
 * const init = getInitializer('he_normal');
 * const w = init.sample([256, 128], { seed: 42 }); // Float32Array(32768), variance 2/256
 * ```
 */
export function getInitializer(spec: InitializerSpec): Initializer {
  const where = 'getInitializer';
  const { name, ...given } = specObject(where, spec);
  const entry = lookup(where, name);
  const params = resolveParameters(entry.info.name, entry.info.parameters, given);
  entry.check?.(params);
  return new CatalogueInitializer(entry, params);
}

/**
 * Metadata of every catalogue entry, in display order: drives the CLI table and the docs'
 * catalogue pages.
 *
 * @example
 * ```ts
 * for (const info of listInitializers()) console.log(info.name, info.family, info.targetVariance.latex);
 * ```
 */
export function listInitializers(): InitializerInfo[] {
  return ENTRIES.map((entry) => entry.info);
}

/**
 * Splits on commas outside square brackets, so an array value (`constant:value=[1,2],zeros`) stays in one piece.
 * An unbalanced bracket leaves the rest in the last piece, where the value's parser reports it.
 */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '[') depth++;
    else if (c === ']') depth = Math.max(0, depth - 1);
    else if (c === ',' && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

const NUMBER_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

function parseValue(entry: string, param: ParameterInfo, text: string): ParameterValue {
  if (param.type === 'enum') return checkParameter(entry, param, text);
  if (param.type === 'tensor' && text.startsWith('[')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new InitializerError('INVALID_PARAMETER', `${entry}: ${param.name} must be ${param.allowed} (a JSON array in the CLI syntax), got ${show(text)}`, {
        initializer: entry,
        parameter: param.name,
        value: text,
      });
    }
    return checkParameter(entry, param, parsed);
  }
  if (param.allowsInfinity === true && INFINITY_TEXT.test(text)) return checkParameter(entry, param, text);
  if (!NUMBER_TEXT.test(text)) {
    const rule = param.type === 'integer' ? param.allowed : param.range === undefined ? 'a number' : `a number ${param.allowed}`;
    throw new InitializerError('INVALID_PARAMETER', `${entry}: ${param.name} must be ${rule}, got ${show(text)}`, {
      initializer: entry,
      parameter: param.name,
      value: text,
    });
  }
  return checkParameter(entry, param, Number(text));
}

/**
 * Splits a comma-separated list of initializer specs, keeping a spec's own `param=value` parameters
 * together: `zeros,variance_scaling:scale=2,mode=fan_in,he_normal` is three specs. Each piece is returned as
 * written (trimmed) for {@link parseInitializerSpec}; `lsuv` and other names outside the catalogue pass through.
 * Commas inside square brackets belong to an array value (`constant:value=[1,2]`).
 *
 * @param options.name What the list is called in the error message (a CLI passes its flag, e.g. `--initializers`);
 *   any other key is refused (`INVALID_OPTION`).
 * @throws {InitializerError} `INVALID_SPEC` for an empty entry (`he_normal,,zeros` or a trailing comma).
 * @example
 * ```ts
 * splitInitializerList('zeros,variance_scaling:scale=2,mode=fan_in,he_normal');
 * // ['zeros', 'variance_scaling:scale=2,mode=fan_in', 'he_normal']
 * splitInitializerList('constant:value=[1,2],zeros'); // ['constant:value=[1,2]', 'zeros']
 * ```
 */
export function splitInitializerList(text: string, options: { name?: string } = {}): string[] {
  checkOptions('splitInitializerList', options, SPLIT_LIST_OPTION_NAMES, 'options');
  const { name = 'the initializer list' } = options;
  const specs: string[] = [];
  for (const part of splitTopLevel(text).map((p) => p.trim())) {
    if (part === '') {
      throw new InitializerError('INVALID_SPEC', `${name} has an empty entry in '${text}'; separate names with single commas`, {
        initializer: 'splitInitializerList',
        parameter: name,
        value: text,
      });
    }
    const isParamOfPrevious = part.includes('=') && !part.includes(':') && specs.length > 0;
    if (isParamOfPrevious) specs[specs.length - 1] += `,${part}`;
    else specs.push(part);
  }
  return specs;
}

/**
 * Parses the CLI syntax `name` or `name:param=value,param=value` into `{ name, ...params }`,
 * with the canonical entry name and parameter names, and each value typed and checked by the
 * entry's schema (numbers as numbers, choices as strings, `inf`/`-inf` where a bound may be infinite,
 * a JSON array for an array value). Defaults are not filled in ({@link getInitializer} does that).
 *
 * @throws {InitializerError} `INVALID_SPEC` for malformed text, plus the lookup and parameter errors.
 * @example
 * ```ts
 * parseInitializerSpec('variance_scaling:scale=2,mode=fan_in,distribution=uniform');
 * // { name: 'variance_scaling', scale: 2, mode: 'fan_in', distribution: 'uniform' }
 * parseInitializerSpec('trunc_normal:a=0,b=inf');  // { name: 'trunc_normal', a: 0, b: 'inf' }
 * parseInitializerSpec('constant:value=[1,2]');    // { name: 'constant', value: [1, 2] }
 * ```
 */
export function parseInitializerSpec(text: string): InitializerConfig {
  const where = 'parseInitializerSpec';
  if (typeof text !== 'string' || text.trim() === '') {
    throw new InitializerError('INVALID_SPEC', `${where}: spec must be a non-empty string like 'he_normal' or 'random_normal:stddev=0.01', got ${show(text)}`, {
      initializer: where,
      parameter: 'text',
      value: text,
    });
  }
  const colon = text.indexOf(':');
  const rawName = (colon === -1 ? text : text.slice(0, colon)).trim();
  const entry = lookup(where, rawName);
  const name = entry.info.name;
  const config: InitializerConfig = { name };
  if (colon === -1) return config;
  const body = text.slice(colon + 1);
  const byName = parametersByName(entry.info.parameters);
  const allowed = entry.info.parameters.length === 0 ? 'it takes no parameters' : `allowed: ${entry.info.parameters.map((p) => p.name).join(', ')}`;
  for (const part of splitTopLevel(body)) {
    const eq = part.indexOf('=');
    const key = (eq === -1 ? part : part.slice(0, eq)).trim();
    const value = eq === -1 ? '' : part.slice(eq + 1).trim();
    if (key === '' || value === '') {
      throw new InitializerError(
        'INVALID_SPEC',
        `${where}: each parameter must be written param=value (${allowed}), got ${show(part.trim())} in ${show(text)}`,
        { initializer: name, parameter: key, value: text },
      );
    }
    const param = byName.get(key);
    if (param === undefined) {
      throw new InitializerError('UNKNOWN_PARAMETER', unknownParameterMessage(name, entry.info.parameters, key), {
        initializer: name,
        parameter: key,
        value,
      });
    }
    if (param.name in config) {
      throw new InitializerError('INVALID_SPEC', `${where}: ${name} parameter ${param.name} is given twice in ${show(text)}`, {
        initializer: name,
        parameter: param.name,
        value: text,
      });
    }
    config[param.name] = parseValue(name, param, value);
  }
  return config;
}

/** A parameter value in the CLI syntax: arrays as JSON; infinities are already `inf`/`-inf` in a config. */
function formatValue(value: unknown): string {
  if (Array.isArray(value)) return JSON.stringify(value);
  return String(value);
}

/**
 * The inverse of {@link parseInitializerSpec}: the shortest CLI string for a spec, canonical
 * name first and only the parameters that differ from their defaults, so
 * `getInitializer(formatInitializerSpec(spec))` samples exactly as `getInitializer(spec)`.
 *
 * @example
 * ```ts
 * formatInitializerSpec({ name: 'RandomNormal', stddev: 0.01 }); // 'random_normal:stddev=0.01'
 * formatInitializerSpec('HeNormal');                             // 'he_normal'
 * ```
 */
export function formatInitializerSpec(spec: InitializerSpec): string {
  const config = getInitializer(spec).getConfig();
  const info = (BY_NAME.get(config.name) as EntryDefinition).info;
  const parts = info.parameters
    .filter((param) => config[param.name] !== param.default)
    .map((param) => `${param.name}=${formatValue(config[param.name])}`);
  return parts.length === 0 ? config.name : `${config.name}:${parts.join(',')}`;
}
