import { parseInitializerSpec, type InitializerConfig } from '@initlab/initializers';
import { ARCHITECTURE_INITS, LSUV_PARAMETERS, isArchitectureInit, lsuvParameterRule, type ArchitectureInitName, type EnsembleMember, type LsuvParameter, type LsuvSpec } from '@initlab/models';
import { ExperimentError, show } from './errors.js';
import { didYouMean } from '@initlab/errors';

/**
 * What is wrong with an `lsuv` entry's parameters (an unknown key, with the closest one, or a value that
 * breaks `@initlab/models`' rule), as a message starting with "lsuv"; `null` when they are allowed.
 *
 * @example
 * ```ts
 * lsuvParameterProblem({ maxIteration: 5 }); // 'lsuv has no parameter "maxIteration" (did you mean "maxIterations"?); parameters: …'
 * ```
 */
export function lsuvParameterProblem(params: Readonly<Record<string, unknown>>): string | null {
  for (const [key, value] of Object.entries(params)) {
    if (!(LSUV_PARAMETERS as readonly string[]).includes(key)) {
      return `lsuv has no parameter ${JSON.stringify(key)}${didYouMean(key, LSUV_PARAMETERS)}; parameters: ${LSUV_PARAMETERS.join(', ')}`;
    }
    const rule = lsuvParameterRule(key as LsuvParameter, value);
    if (rule !== null) return `lsuv: ${key} must be ${rule}, got ${show(value)}`;
  }
  return null;
}

/**
 * For a name the catalogue does not know but that is close to an architecture initialization (`rezro`), the
 * one-line message that suggests it; null otherwise (the catalogue's own message, with its suggestions, stands).
 *
 * @example
 * ```ts
 * architectureHint('rezro'); // 'unknown initializer "rezro" (did you mean "rezero"?): …'
 * ```
 */
export function architectureHint(name: string): string | null {
  const near = didYouMean(name, ARCHITECTURE_INITS);
  return near === '' ? null : `unknown initializer ${show(name)}${near}: the architecture initializations of residual networks are ${ARCHITECTURE_INITS.join(', ')}`;
}

/**
 * Parses one initializer as written on a command line or in an experiment file's list: a catalogue spec
 * (`he_normal`, `random_normal:stddev=0.01`, see `parseInitializerSpec`), data-dependent LSUV (`lsuv`,
 * `lsuv:tolerance=0.05,maxIterations=20`), or an architecture initialization of a residual network
 * (`fixup`, `skipinit`, `rezero`, `zero_last_norm_gamma`: `ARCHITECTURE_INITS` of `@initlab/models`, which take
 * no parameters), which `@initlab/models` runs as a member's kernel initializer.
 *
 * @throws {ExperimentError} `INVALID_CONFIG` for bad LSUV parameters or parameters given to an architecture
 *   initialization; the catalogue's `InitializerError` otherwise.
 * @example
 * ```ts
 * parseInitializerEntry('lsuv:maxIterations=20'); // { name: 'lsuv', maxIterations: 20 }
 * parseInitializerEntry('he_normal');             // { name: 'he_normal' }
 * ```
 */
export function parseInitializerEntry(text: string): InitializerConfig | LsuvSpec | { name: ArchitectureInitName } {
  const colon = text.indexOf(':');
  const name = (colon === -1 ? text : text.slice(0, colon)).trim();
  if (isArchitectureInit(name)) {
    if (colon !== -1) {
      throw new ExperimentError('INVALID_CONFIG', `${name} takes no parameters (the network's architecture sets it), got ${show(text.slice(colon + 1).trim())} in ${show(text)}`);
    }
    return { name };
  }
  if (name !== 'lsuv') {
    try {
      return parseInitializerSpec(text);
    } catch (err) {
      const hint = architectureHint(name);
      if (hint === null) throw err;
      throw new ExperimentError('INVALID_CONFIG', hint, { cause: err });
    }
  }
  const params: Record<string, unknown> = {};
  for (const part of colon === -1 ? [] : text.slice(colon + 1).split(',')) {
    const eq = part.indexOf('=');
    const key = (eq === -1 ? part : part.slice(0, eq)).trim();
    const value = eq === -1 ? '' : part.slice(eq + 1).trim();
    if (key === '' || value === '') {
      throw new ExperimentError('INVALID_CONFIG', `lsuv: each parameter must be written param=value (${LSUV_PARAMETERS.join(', ')}), got ${show(part.trim())} in ${show(text)}`);
    }
    params[key] = value !== '' && Number.isFinite(Number(value)) ? Number(value) : value;
  }
  const problem = lsuvParameterProblem(params);
  if (problem !== null) throw new ExperimentError('INVALID_CONFIG', problem);
  return { name: 'lsuv', ...params };
}

/**
 * A parsed initializer entry as `@initlab/models` takes it for a member's `kernelInitializer`: an architecture
 * initialization by its name (`'fixup'`), `{ name: 'lsuv', … }` as models' LsuvSpec, anything else as a
 * catalogue spec.
 *
 * @example
 * memberKernelInitializer(parseInitializerEntry('rezero')); // 'rezero'
 */
export function memberKernelInitializer(entry: ReturnType<typeof parseInitializerEntry>): EnsembleMember['kernelInitializer'] {
  return isArchitectureInit(entry.name) ? entry.name : (entry as EnsembleMember['kernelInitializer']);
}
