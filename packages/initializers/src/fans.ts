import { InitializerError, show } from './errors.js';
import { FANS_KEYS } from './options.js';
import { resolveChoice } from './params.js';
import { product, validateShape } from './shape.js';
import type { Fans, Layout } from './types.js';

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
 *
 * @example
 * ```ts
 * computeFans([3, 3, 64, 128]);           // { fanIn: 576, fanOut: 1152 }
 * computeFans([128, 64, 3, 3], 'torch');  // { fanIn: 576, fanOut: 1152 }
 * ```
 */
export function computeFans(shape: number[], layout?: Layout): Fans {
  return fansOf('computeFans', shape, layout);
}

/** {@link computeFans} with the initializer's name in error messages. */
export function fansOf(where: string, shape: readonly number[], layout: unknown): Fans {
  validateShape(where, shape);
  const resolved = resolveLayout(where, layout);
  const rank = shape.length;
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
