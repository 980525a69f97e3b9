import type { Rng } from '@initlab/random';
import { InitializerError, show } from './errors.js';
import { num } from './params.js';
import type { Fans, InitializerInfo, Layout, ResolvedParameters } from './types.js';

/** What an entry's sampler gets: the validated request, a fresh output and lazy fans and generator. */
export interface SampleContext {
  /** Canonical entry name, for error messages. */
  readonly name: string;
  /** The validated shape. */
  readonly shape: readonly number[];
  /** The layout the shape is in. */
  readonly layout: Layout;
  /** Element count. */
  readonly size: number;
  /** Zero-filled output of the requested dtype, `size` long. */
  readonly out: Float32Array | Float64Array;
  /** The fans: the override when given, else {@link computeFans} for the layout. */
  fans(): Fans;
  /** The generator for this call (created from the seed on first use). */
  rng(): Rng;
}

/** A catalogue entry: its metadata, cross-parameter checks and sampler. */
export interface EntryDefinition {
  /** Metadata (also the parameter schema). */
  readonly info: InitializerInfo;
  /** Checks that involve several parameters (e.g. `minval < maxval`); throws `INVALID_PARAMETER`. */
  check?(params: ResolvedParameters): void;
  /** Fills `ctx.out`. */
  fill(ctx: SampleContext, params: ResolvedParameters): void;
}

/** How a fan-scaled formula reads the fans. */
export type FanMode = 'fan_in' | 'fan_out' | 'fan_avg';

/**
 * The fan a formula divides by (`fan_in`, `fan_out` or their mean), refusing 0: with a validated
 * shape every fan is at least 1, so a 0 can only come from a `fans` override.
 *
 * @param formula - the formula, as quoted in the error message.
 */
export function divisorFan(ctx: SampleContext, mode: FanMode, formula: string): number {
  const fans = ctx.fans();
  const n = mode === 'fan_in' ? fans.fanIn : mode === 'fan_out' ? fans.fanOut : (fans.fanIn + fans.fanOut) / 2;
  if (n === 0) {
    throw new InitializerError(
      'ZERO_FAN',
      `${ctx.name}: ${mode} is 0 but the formula divides by it (${formula}), got fans ${show(fans)}; allowed: ${mode} > 0`,
      { initializer: ctx.name, parameter: 'fans', value: fans },
    );
  }
  return n;
}

/** Throws `INVALID_PARAMETER` for a violated cross-parameter rule. */
export function crossParameterError(entry: string, parameter: string, rule: string, got: string): never {
  throw new InitializerError('INVALID_PARAMETER', `${entry}: ${rule}, got ${got}`, { initializer: entry, parameter });
}

/** Throws `INVALID_PARAMETER` unless parameter `low` is below parameter `high` (a range's two ends). */
export function requireBelow(entry: string, p: ResolvedParameters, low: string, high: string): void {
  const lowValue = num(p, low);
  const highValue = num(p, high);
  if (!(lowValue < highValue)) crossParameterError(entry, low, `${low} must be < ${high}`, `${low}=${lowValue}, ${high}=${highValue}`);
}

/** Throws `UNSUPPORTED_SHAPE` when the rank is outside what the entry supports. */
export function requireRank(ctx: SampleContext, minRank: number, maxRank: number | null, what: string): void {
  const rank = ctx.shape.length;
  if (rank < minRank || (maxRank !== null && rank > maxRank)) {
    throw new InitializerError(
      'UNSUPPORTED_SHAPE',
      `${ctx.name}: shape must be ${what}, got ${show(ctx.shape)} (rank ${rank})`,
      { initializer: ctx.name, parameter: 'shape', value: ctx.shape },
    );
  }
}
