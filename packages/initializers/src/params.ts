import { InitializerError, show } from './errors.js';
import { closest } from '@initlab/errors';
import { checkTensorValue } from './tensor-value.js';
import type { ParameterInfo, ParameterRange, ParameterValue, ResolvedParameters } from './types.js';

/**
 * Checks a string option against its allowed values (the first is the default when it is absent).
 *
 * @example
 * ```ts
 * resolveChoice('he_normal', 'layout', undefined, ['keras', 'torch']); // 'keras'
 * ```
 */
export function resolveChoice<T extends string>(where: string, option: string, value: unknown, allowed: readonly [T, ...T[]]): T {
  if (value === undefined) return allowed[0];
  if ((allowed as readonly unknown[]).includes(value)) return value as T;
  throw new InitializerError('INVALID_OPTION', `${where}: ${option} must be ${allowed.map((a) => `"${a}"`).join(' or ')}, got ${show(value)}`, {
    initializer: where,
    parameter: option,
    value,
  });
}

/** `> 0`, `>= 1`, `in [0, 1]`, `in (0, 1]`, `any finite number`: the range in words. */
export function describeRange(range: ParameterRange | undefined): string {
  const hasMin = range?.min !== undefined;
  const hasMax = range?.max !== undefined;
  if (!hasMin && !hasMax) return 'any finite number';
  const minIn = range?.minInclusive ?? true;
  const maxIn = range?.maxInclusive ?? true;
  if (hasMin && hasMax) return `in ${minIn ? '[' : '('}${range?.min}, ${range?.max}${maxIn ? ']' : ')'}`;
  if (hasMin) return `${minIn ? '>=' : '>'} ${range?.min}`;
  return `${maxIn ? '<=' : '<'} ${range?.max}`;
}

interface NumberParamInit {
  name: string;
  default: number | null;
  description: string;
  range?: ParameterRange;
  aliases?: readonly string[];
  allowsInfinity?: boolean;
}

/** A finite-number parameter, or with `allowsInfinity` any number but NaN (±Infinity included). */
export function numberParam(init: NumberParamInit): ParameterInfo {
  const allowed = init.allowsInfinity === true ? 'a number, -inf and inf allowed' : describeRange(init.range);
  return { ...init, type: 'number', allowed };
}

/** A safe-integer parameter. */
export function integerParam(init: NumberParamInit): ParameterInfo {
  return { ...init, type: 'integer', allowed: `an integer ${describeRange(init.range)}` };
}

/** A number-or-array parameter (Keras `Constant`'s value): a finite number, or a nested list broadcast to the shape. */
export function tensorParam(init: { name: string; default: number; description: string; aliases?: readonly string[] }): ParameterInfo {
  return { ...init, type: 'tensor', allowed: 'a finite number or a nested list of finite numbers, e.g. [[1, 2], [3, 4]]' };
}

/** A parameter with a fixed set of string values. */
export function enumParam(init: {
  name: string;
  default: string;
  description: string;
  choices: readonly string[];
  choiceAliases?: Readonly<Record<string, string>>;
  lowerCase?: boolean;
}): ParameterInfo {
  const cases = init.lowerCase === true ? ' (any case)' : '';
  return { ...init, type: 'enum', allowed: `one of ${init.choices.join(', ')}${cases}` };
}

function inRange(value: number, range: ParameterRange | undefined): boolean {
  if (range === undefined) return true;
  if (range.min !== undefined && (range.minInclusive ?? true ? value < range.min : value <= range.min)) return false;
  if (range.max !== undefined && (range.maxInclusive ?? true ? value > range.max : value >= range.max)) return false;
  return true;
}

/** Checks one value against its schema and returns it in canonical form (choice aliases resolved). */
export function checkParameter(entry: string, param: ParameterInfo, value: unknown): ParameterValue {
  const fail = (rule: string): never => {
    throw new InitializerError('INVALID_PARAMETER', `${entry}: ${param.name} must be ${rule}, got ${show(value)}`, {
      initializer: entry,
      parameter: param.name,
      value,
    });
  };
  if (param.type === 'enum') {
    if (typeof value === 'string') {
      const text = param.lowerCase === true ? value.toLowerCase() : value;
      if (param.choices?.includes(text) === true) return text;
      const aliased = param.choiceAliases?.[text];
      if (aliased !== undefined) return aliased;
    }
    return fail(param.allowed);
  }
  if (param.type === 'tensor') {
    const checked = checkTensorValue(value);
    if ('value' in checked) return checked.value;
    throw new InitializerError('INVALID_PARAMETER', `${entry}: ${param.name} must be ${param.allowed}, ${checked.problem}`, {
      initializer: entry,
      parameter: param.name,
      value,
    });
  }
  if (param.allowsInfinity === true) {
    const spelled = typeof value === 'string' ? INFINITY_TEXT.exec(value) : null;
    const n = spelled === null ? value : spelled[1] === '-' ? -Infinity : Infinity;
    if (typeof n === 'number' && !Number.isNaN(n)) {
      if (!inRange(n, param.range)) return fail(param.allowed);
      // JSON has no infinity (JSON.stringify writes null): the canonical form is Python's spelling, a string.
      return n === Infinity ? 'inf' : n === -Infinity ? '-inf' : n;
    }
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    if (param.type === 'integer' || param.allowsInfinity === true) return fail(param.allowed);
    return fail(param.range === undefined ? 'a finite number' : `a finite number ${param.allowed}`);
  }
  if (param.type === 'integer' && !Number.isSafeInteger(value)) return fail(param.allowed);
  if (!inRange(value, param.range)) return fail(param.allowed);
  return value;
}

/**
 * Keys of a Keras config that initlab takes at sampling time rather than in the initializer's parameters, with
 * their `sample()` option: a Keras `get_config()` carries `seed` and (Keras 3) `input_axes`/`output_axes`.
 */
const SAMPLE_TIME_KEYS: Readonly<Record<string, string>> = { seed: 'seed', input_axes: 'inputAxes', output_axes: 'outputAxes' };

/** `he_normal: unknown parameter "scale"; it takes no parameters` or `...; did you mean stddev? allowed: mean, stddev`. */
export function unknownParameterMessage(entry: string, schema: readonly ParameterInfo[], key: string): string {
  const sampleOption = Object.hasOwn(SAMPLE_TIME_KEYS, key) ? SAMPLE_TIME_KEYS[key] : undefined;
  if (sampleOption !== undefined) {
    const allowed = schema.length === 0 ? 'it takes no parameters' : `allowed: ${schema.map((p) => p.name).join(', ')}`;
    return `${entry}: unknown parameter ${show(key)}; it is a sample option here, init.sample(shape, { ${sampleOption} }); ${allowed}`;
  }
  if (schema.length === 0) return `${entry}: unknown parameter ${show(key)}; it takes no parameters`;
  const names = schema.flatMap((p) => [p.name, ...(p.aliases ?? [])]);
  const near = closest(key, names);
  const hint = near.length > 0 ? `did you mean ${near.join(', ')}? ` : '';
  return `${entry}: unknown parameter ${show(key)}; ${hint}allowed: ${schema.map((p) => p.name).join(', ')}`;
}

/**
 * Every accepted key of an entry's parameters (canonical names and their aliases) mapped to its schema: the one
 * place object specs ({@link resolveParameters}) and the CLI syntax (`parseInitializerSpec`) look a key up.
 */
export function parametersByName(schema: readonly ParameterInfo[]): ReadonlyMap<string, ParameterInfo> {
  const byName = new Map<string, ParameterInfo>();
  for (const param of schema) {
    byName.set(param.name, param);
    for (const alias of param.aliases ?? []) byName.set(alias, param);
  }
  return byName;
}

/**
 * Resolves the parameters given for an entry: maps parameter aliases to canonical names, rejects
 * unknown and duplicate names, checks every value, fills defaults and requires required ones.
 */
export function resolveParameters(
  entry: string,
  schema: readonly ParameterInfo[],
  given: Readonly<Record<string, unknown>>,
): Record<string, ParameterValue> {
  const byName = parametersByName(schema);
  const raw = new Map<string, unknown>();
  for (const [key, value] of Object.entries(given)) {
    if (key === 'name') continue;
    const param = byName.get(key);
    if (param === undefined) {
      throw new InitializerError('UNKNOWN_PARAMETER', unknownParameterMessage(entry, schema, key), {
        initializer: entry,
        parameter: key,
        value,
      });
    }
    if (raw.has(param.name)) {
      throw new InitializerError(
        'INVALID_PARAMETER',
        `${entry}: ${param.name} is given twice (as ${param.name} and its alias ${[...(param.aliases ?? [])].join('/')}), got ${show(value)}`,
        { initializer: entry, parameter: param.name, value },
      );
    }
    // An explicit undefined means "use the default", like an omitted key.
    if (value !== undefined) raw.set(param.name, value);
  }
  const resolved: Record<string, ParameterValue> = {};
  for (const param of schema) {
    if (raw.has(param.name)) {
      resolved[param.name] = checkParameter(entry, param, raw.get(param.name));
    } else if (param.default !== null) {
      resolved[param.name] = param.default;
    } else {
      throw new InitializerError(
        'MISSING_PARAMETER',
        `${entry}: ${param.name} is required (${param.allowed}), got nothing; e.g. ${entry}:${param.name}=<value>`,
        { initializer: entry, parameter: param.name },
      );
    }
  }
  return resolved;
}

/** `inf`, `-inf`, `+inf`, `infinity`, `Infinity`, `-Infinity` (Python's and JavaScript's spellings), any case. */
export const INFINITY_TEXT = /^([+-]?)inf(inity)?$/i;

/**
 * Reads a resolved parameter that may be infinite (`allowsInfinity`): its canonical `'inf'` / `'-inf'` as ±Infinity.
 * Also reads a config a caller passes back (`evaluate(fans, init.getConfig())`).
 */
export function numOrInfinity(params: ResolvedParameters, name: string): number {
  const value = params[name];
  if (value === 'inf') return Infinity;
  if (value === '-inf') return -Infinity;
  return value as number;
}

/** Reads a resolved numeric parameter. */
export function num(params: ResolvedParameters, name: string): number {
  return params[name] as number;
}

/** Reads a resolved string parameter. */
export function str(params: ResolvedParameters, name: string): string {
  return params[name] as string;
}
