import { InitializerError, show } from './errors.js';
import { checkOptions, COMPUTE_FANS_OPTION_NAMES, FANS_KEYS } from './options.js';
import { resolveChoice } from './params.js';
import { product, validateShape } from './shape.js';
import type { ComputeFansOptions, Fans, Layout } from './types.js';

/** Checks a `layout` option: `keras` or `torch` (default `keras`). */
export function resolveLayout(where: string, layout: unknown): Layout {
  return resolveChoice(where, 'layout', layout, ['keras', 'torch']);
}

/**
 * The fans of a weight tensor, exactly as each framework computes them for its own layout.
 *
 * - `keras` (Keras 3 `compute_fans`): rank 0 → `(1, 1)`; rank 1 → `(n, n)`; rank 2 `[in, out]`;
 *   rank ≥ 3 `[...kernel, in, out]` → receptive field `rf = ∏ kernel`,
 *   `fan_in = in·rf`, `fan_out = out·rf`.
 * - `torch` (PyTorch `_calculate_fan_in_and_fan_out`): rank < 2 is an error, as in PyTorch;
 *   `[out, in, ...kernel]` → `fan_in = in·rf`, `fan_out = out·rf`.
 * - `inputAxes` and `outputAxes` (Keras 3's `input_axes`/`output_axes`, e.g. a multi-head attention kernel
 *   `[dim, heads, keyDim]` with input axes `[0]` and output axes `[1, 2]`): `fan_in = ∏ shape[inputAxes]`,
 *   `fan_out = ∏ shape[outputAxes]`, for any rank and either layout. Axes are integers in `[-rank, rank)`
 *   (negative counts from the end, as in Python); both lists go together, and an axis may not repeat in a list.
 *
 * The second argument is the layout (`'keras'`, `'torch'`) or an options object; any other key, or a third
 * argument, is refused rather than ignored.
 *
 * @throws {InitializerError} `INVALID_SHAPE`, `UNSUPPORTED_SHAPE` (torch layout below rank 2), `INVALID_OPTION`.
 * @example
 * ```ts
 * computeFans([3, 3, 64, 128]);                                      // { fanIn: 576, fanOut: 1152 }
 * computeFans([128, 64, 3, 3], 'torch');                             // { fanIn: 576, fanOut: 1152 }
 * computeFans([512, 8, 64], { inputAxes: [0], outputAxes: [1, 2] }); // { fanIn: 512, fanOut: 512 }
 * ```
 */
export function computeFans(shape: number[], options?: Layout | ComputeFansOptions, ...extra: never[]): Fans {
  const where = 'computeFans';
  if (extra.length > 0) {
    throw new InitializerError(
      'INVALID_OPTION',
      `${where}: takes (shape, layout or options), got ${2 + extra.length} arguments; pass inputAxes/outputAxes in the options object, e.g. computeFans(shape, { layout, inputAxes, outputAxes })`,
      { initializer: where, parameter: 'options', value: extra },
    );
  }
  if (typeof options === 'string' || options === undefined) return fansOf(where, shape, options);
  checkOptions(where, options, COMPUTE_FANS_OPTION_NAMES, 'options');
  return fansOf(where, shape, options.layout, axesOf(where, options));
}

/** Axis roles given by the caller, checked against nothing yet (the rank is checked in {@link fansOf}). */
export interface AxisRoles {
  readonly inputAxes: readonly number[];
  readonly outputAxes: readonly number[];
}

/** Reads `inputAxes`/`outputAxes` from an options object: both or neither (Keras ignores one given alone). */
export function axesOf(where: string, options: { inputAxes?: unknown; outputAxes?: unknown }): AxisRoles | undefined {
  const { inputAxes, outputAxes } = options;
  if (inputAxes === undefined && outputAxes === undefined) return undefined;
  if (inputAxes === undefined || outputAxes === undefined) {
    const [given, missing] = inputAxes === undefined ? ['outputAxes', 'inputAxes'] : ['inputAxes', 'outputAxes'];
    throw new InitializerError(
      'INVALID_OPTION',
      `${where}: ${given} needs ${missing} too (Keras ignores one given alone; initlab refuses it), got ${given}=${show(options[given as 'inputAxes'])}`,
      { initializer: where, parameter: missing, value: options },
    );
  }
  for (const [name, axes] of [['inputAxes', inputAxes], ['outputAxes', outputAxes]] as const) {
    if (!Array.isArray(axes) || !axes.every((a) => Number.isSafeInteger(a))) {
      throw new InitializerError('INVALID_OPTION', `${where}: ${name} must be a list of integer axes, got ${show(axes)}`, {
        initializer: where,
        parameter: name,
        value: axes,
      });
    }
  }
  return { inputAxes: inputAxes as number[], outputAxes: outputAxes as number[] };
}

/** ∏ shape[axes], each axis in [-rank, rank) and none twice (after resolving negatives). */
function axesProduct(where: string, name: string, shape: readonly number[], axes: readonly number[]): number {
  const rank = shape.length;
  const seen = new Set<number>();
  let p = 1;
  for (const axis of axes) {
    const resolved = axis < 0 ? axis + rank : axis;
    if (resolved < 0 || resolved >= rank) {
      throw new InitializerError(
        'INVALID_OPTION',
        `${where}: ${name} must hold axes in [${-rank}, ${rank}) for shape ${show(shape)}, got ${show(axes)} (axis ${axis})`,
        { initializer: where, parameter: name, value: axes },
      );
    }
    if (seen.has(resolved)) {
      throw new InitializerError(
        'INVALID_OPTION',
        `${where}: ${name} must not name an axis twice, got ${show(axes)} for shape ${show(shape)} (axis ${resolved} repeats)`,
        { initializer: where, parameter: name, value: axes },
      );
    }
    seen.add(resolved);
    p *= shape[resolved] as number;
  }
  return p;
}

/** {@link computeFans} with the initializer's name in error messages. */
export function fansOf(where: string, shape: readonly number[], layout: unknown, axes?: AxisRoles): Fans {
  validateShape(where, shape);
  const resolved = resolveLayout(where, layout);
  const rank = shape.length;
  if (axes !== undefined) {
    return { fanIn: axesProduct(where, 'inputAxes', shape, axes.inputAxes), fanOut: axesProduct(where, 'outputAxes', shape, axes.outputAxes) };
  }
  if (resolved === 'torch') {
    if (rank < 2) {
      throw new InitializerError(
        'UNSUPPORTED_SHAPE',
        `${where}: fans need a shape of rank >= 2 in the torch layout ([out, in, ...kernel]), got ${show(shape)} (rank ${rank}); PyTorch raises here too — pass opts.fans or use the keras layout`,
        { initializer: where, parameter: 'shape', value: shape },
      );
    }
    const rf = product(shape, 2);
    return { fanIn: (shape[1] as number) * rf, fanOut: (shape[0] as number) * rf };
  }
  if (rank === 0) return { fanIn: 1, fanOut: 1 };
  if (rank === 1) return { fanIn: shape[0] as number, fanOut: shape[0] as number };
  const rf = product(shape, 0, rank - 2);
  return { fanIn: (shape[rank - 2] as number) * rf, fanOut: (shape[rank - 1] as number) * rf };
}

/** Checks a `fans` override: exactly `{ fanIn, fanOut }`, both finite and >= 0. */
export function validateFans(where: string, fans: unknown): Fans {
  const ok = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;
  // A misspelt key (`fan_in`) or an extra one would otherwise be dropped silently.
  const extra = typeof fans === 'object' && fans !== null && Object.keys(fans).some((key) => !(FANS_KEYS as readonly string[]).includes(key));
  if (typeof fans !== 'object' || fans === null || extra || !ok((fans as Fans).fanIn) || !ok((fans as Fans).fanOut)) {
    throw new InitializerError(
      'INVALID_FANS',
      `${where}: fans must be { fanIn, fanOut } with finite numbers >= 0, got ${show(fans)}`,
      { initializer: where, parameter: 'fans', value: fans },
    );
  }
  return { fanIn: (fans as Fans).fanIn, fanOut: (fans as Fans).fanOut };
}
