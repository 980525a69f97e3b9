// The building blocks of the experiment schema: every leaf carries its rule as the error message ("must be a
// positive integer"); `formatIssue` in parse.ts prefixes the file and path and appends the value received.
import { didYouMean } from '@initlab/errors';
import { ACTIVATION_NAMES as ACTIVATIONS } from '@initlab/models';
import { z } from 'zod';

export const quoted = (values: readonly string[]): string => values.map((v) => JSON.stringify(v)).join(', ');

/** A strict object whose unknown-key error lists the allowed keys and the closest one. */
export function strict<T extends z.core.$ZodLooseShape>(shape: T, what: string) {
  const allowed = Object.keys(shape);
  return z.strictObject(shape, {
    error: (issue) => {
      if (issue.code === 'unrecognized_keys') {
        const keys = issue.keys;
        const first = keys[0] ?? '';
        const plural = keys.length > 1 ? 's' : '';
        return `has unknown key${plural} ${quoted(keys)}${didYouMean(first, allowed)}; allowed keys: ${allowed.join(', ')}`;
      }
      return `must be ${what}`;
    },
  });
}

export const positiveInt = (rule = 'must be a positive integer') =>
  z.number({ error: rule }).int({ error: rule }).positive({ error: rule });
export const nonNegativeInt = (rule = 'must be a whole number >= 0') =>
  z.number({ error: rule }).int({ error: rule }).nonnegative({ error: rule });
export const positiveNumber = (rule = 'must be a number > 0') =>
  z.number({ error: rule }).positive({ error: rule }).finite({ error: rule });
export const boolean = () => z.boolean({ error: 'must be true or false' });
export const text = (rule = 'must be a non-empty string') => z.string({ error: rule }).min(1, { error: rule });
export const oneOf = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: `must be one of ${quoted(values)}` });

/** An activation: a name, or `{ name, alpha }`. */
export const ActivationSchema = z
  .union(
    [
      oneOf(ACTIVATIONS),
      strict(
        {
          name: oneOf(ACTIVATIONS),
          alpha: z.number({ error: 'must be a finite number' }).finite({ error: 'must be a finite number' }).optional(),
        },
        'an activation name or { name, alpha }',
      ),
    ],
    { error: `must be an activation name (${ACTIVATIONS.join(', ')}) or { name, alpha }` },
  )
  .describe('Activation: a name, or { name: leaky_relu | elu, alpha }.');

/** An activation: a name, or `{ name, alpha }` (`leaky_relu` alpha, default 0.2 as Keras; `elu` alpha, default 1). */
export type ActivationConfig = z.output<typeof ActivationSchema>;

/** Adds a custom issue at `path`; `complete` says the message needs no "got <value>" appended. */
export function issue<T>(ctx: z.core.$RefinementCtx<T>, path: (string | number)[], message: string, input: unknown, complete = false): void {
  ctx.addIssue({ code: 'custom', path, message, input, params: { complete } });
}
