// The `heatmap` section of an experiment file: the two numeric axes the report's heatmap is drawn on (σ_w² ×
// depth, as in the edge-of-chaos experiments) and an optional curve over it, given as points or computed by
// @initlab/theory. It changes no run: presentation only (see plan-change.ts).
import { getInitializer } from '@initlab/initializers';
import { HEATMAP_GRID_AXES, HEATMAP_THEORY_QUANTITIES, heatmapAxisParameter } from '@initlab/results';
import { THEORY_ACTIVATION_NAMES } from '@initlab/theory';
import { z } from 'zod';
import { show } from './errors.js';
import { ActivationSchema, issue, oneOf, positiveNumber, strict, text } from './schema-rules.js';


const AXIS_RULE = `must be ${HEATMAP_GRID_AXES.join(', ')} or initializer.<parameter> (e.g. initializer.scale)`;
const finite = () => z.number({ error: 'must be a finite number' }).finite({ error: 'must be a finite number' });

const AxisSchema = z.string({ error: AXIS_RULE }).refine((v) => (HEATMAP_GRID_AXES as readonly string[]).includes(v) || heatmapAxisParameter(v) !== null, { error: AXIS_RULE });

export const HeatmapSchema = strict(
  {
    x: AxisSchema.describe('Horizontal axis: a numeric grid axis or initializer.<parameter>.'),
    y: AxisSchema.describe('Vertical axis: a numeric grid axis or initializer.<parameter>.'),
    xTitle: text().optional().describe('Title of the horizontal axis (default: the axis name).'),
    yTitle: text().optional().describe('Title of the vertical axis (default: the axis name).'),
    overlay: strict(
      {
        label: text().describe('What the curve is, e.g. "6 ξ_c".'),
        points: z
          .array(z.tuple([finite(), finite()], { error: 'must be an [x, y] pair of numbers' }), { error: 'must be a list of [x, y] pairs' })
          .min(1, { error: 'must list at least one [x, y] pair' })
          .optional()
          .describe('The curve as [x, y] points in the axes\' units.'),
        theory: strict(
          {
            quantity: oneOf(HEATMAP_THEORY_QUANTITIES).default('xiC').describe('The mean-field quantity: xiC, the depth scale of correlations.'),
            times: positiveNumber().default(1).describe('Multiple drawn, e.g. 6 for 6 ξ_c. Default 1.'),
            activation: ActivationSchema.optional().describe('Filled in from the model; given, it must match.'),
            sigmaB2: z.number({ error: 'must be a number >= 0' }).nonnegative({ error: 'must be a number >= 0' }).optional().describe('Filled in from model.biasInitializer; given, it must match.'),
          },
          '{ quantity, times }',
        )
          .optional()
          .describe('The curve computed by @initlab/theory at every σ_w² of the x axis.'),
      },
      '{ label, points } or { label, theory }',
    )
      .optional()
      .describe('A curve drawn over the heatmap.'),
  },
  '{ x, y, xTitle, yTitle, overlay }',
);

type RawHeatmap = z.output<typeof HeatmapSchema>;
type Activation = z.output<typeof ActivationSchema>;

/** A curve over the heatmap: given as points, or the theory's `times × quantity` at every σ_w² of the x axis. */
export type HeatmapOverlay =
  | { label: string; points: [number, number][] }
  | { label: string; theory: { quantity: (typeof HEATMAP_THEORY_QUANTITIES)[number]; times: number; activation: Activation; sigmaB2: number } };

/**
 * Where the report's numeric heatmap is drawn: two axes (a numeric grid axis, or `initializer.<parameter>`, a
 * number every initializer sets) and an optional curve. Validated: both axes vary, every other grid axis is
 * fixed, and a theory curve is only asked for where the theory describes the runs.
 */
export interface HeatmapConfig {
  x: string;
  y: string;
  xTitle?: string;
  yTitle?: string;
  overlay?: HeatmapOverlay;
}

/** What the heatmap's checks read of the rest of the experiment (its normalized parts). */
export interface HeatmapContext {
  initializers: readonly { label: string; name: string; [param: string]: unknown }[];
  grid: Partial<Record<'activation' | (typeof HEATMAP_GRID_AXES)[number], readonly unknown[]>> | undefined;
  hiddenActivations: readonly Activation[];
  activation: Activation;
  biasInitializer: unknown;
}

const activationName = (a: Activation): string => (typeof a === 'string' ? a : a.name);
const sameActivation = (a: Activation, b: Activation): boolean => JSON.stringify(typeof a === 'string' ? { name: a } : a) === JSON.stringify(typeof b === 'string' ? { name: b } : b);

/** Whether `axis` has at least two distinct values in this experiment; an issue at `path` if not. */
function checkAxis<T>(ctx: z.core.$RefinementCtx<T>, axis: string, path: (string | number)[], c: HeatmapContext): boolean {
  const param = heatmapAxisParameter(axis);
  if (param === null) {
    const values = c.grid?.[axis as (typeof HEATMAP_GRID_AXES)[number]];
    if (values === undefined || values.length < 2) {
      issue(ctx, path, `names grid.${axis}, which this experiment does not sweep; a heatmap axis needs at least two values (add grid.${axis})`, axis, true);
      return false;
    }
    return true;
  }
  const seen = new Map<number, string>();
  for (const [i, entry] of c.initializers.entries()) {
    const value = entry[param];
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      issue(ctx, path, `reads ${param} of every initializer, but initializers[${i}] (${entry.label}) sets no number ${param}; give every initializer its ${param}`, axis, true);
      return false;
    }
    const other = seen.get(value);
    if (other !== undefined) {
      issue(ctx, path, `reads ${param} of every initializer, but ${other} and ${entry.label} share ${param} = ${value}; each heatmap column needs its own value`, axis, true);
      return false;
    }
    seen.set(value, entry.label);
  }
  if (seen.size < 2) {
    issue(ctx, path, `reads ${param} of the initializers, but there is only one; a heatmap axis needs at least two values`, axis, true);
    return false;
  }
  return true;
}

/** The catalogue's config of an initializer spec (every default filled in), or null when it is not one (reported elsewhere). */
function catalogueConfig(spec: unknown): Record<string, unknown> | null {
  try {
    return getInitializer(spec as Parameters<typeof getInitializer>[0]).getConfig() as unknown as Record<string, unknown>;
  } catch {
    return null;
  }
}

/** σ_b² of biases the theory describes (zero-mean Gaussian, or zeros), or null. */
function biasVariance(spec: unknown): number | null {
  const config = catalogueConfig(spec);
  if (config === null) return null;
  if (config['name'] === 'zeros') return 0;
  if (config['name'] === 'random_normal' && config['mean'] === 0 && typeof config['stddev'] === 'number') return config['stddev'] ** 2;
  return null;
}

/** The theory curve's activation and σ_b², checked against the runs; null (with issues) when the theory does not describe them. */
function resolveTheory<T>(ctx: z.core.$RefinementCtx<T>, raw: RawHeatmap, theory: NonNullable<NonNullable<RawHeatmap['overlay']>['theory']>, c: HeatmapContext): HeatmapOverlay | null {
  const path = ['heatmap', 'overlay', 'theory'];
  let ok = true;
  const notScale = c.initializers.find(({ label: _label, ...spec }) => {
    const config = catalogueConfig(spec);
    return config?.['name'] !== 'variance_scaling' || config['mode'] !== 'fan_in';
  });
  if (raw.x !== 'initializer.scale' || notScale !== undefined) {
    const why = raw.x !== 'initializer.scale' ? `heatmap.x is ${raw.x}` : `${notScale!.label} is not variance_scaling with mode fan_in`;
    issue(ctx, path, `draws the theory at each σ_w², so heatmap.x must be initializer.scale and every initializer variance_scaling with mode fan_in (weights of variance scale / fan_in); ${why}`, theory, true);
    ok = false;
  }
  if (raw.y !== 'depth') {
    issue(ctx, [...path, 'quantity'], `${theory.quantity} is a number of layers, so heatmap.y must be depth, got ${raw.y}`, theory.quantity, true);
    ok = false;
  }
  const activations = c.grid?.activation ?? [];
  if (activations.length > 1) return null; // reported as an unfixed axis
  const activation = (activations[0] as Activation | undefined) ?? c.activation;
  // grid.activation sets every hidden layer; otherwise the layers keep their own
  if (activations.length === 0 && c.hiddenActivations.some((a) => !sameActivation(a, activation))) {
    issue(ctx, path, `needs every hidden layer to share one activation (the mean-field recursion is one map), got ${c.hiddenActivations.map(activationName).join(', ')}`, theory, true);
    ok = false;
  } else if (!(THEORY_ACTIVATION_NAMES as readonly string[]).includes(activationName(activation))) {
    issue(ctx, path, `has no mean-field map for ${activationName(activation)}; the theory covers ${THEORY_ACTIVATION_NAMES.join(', ')}`, theory, true);
    ok = false;
  } else if (theory.activation !== undefined && !sameActivation(theory.activation, activation)) {
    issue(ctx, [...path, 'activation'], `must be the hidden layers' activation ${show(activation)} (it is filled in from the model)`, theory.activation);
    ok = false;
  }
  const sigmaB2 = biasVariance(c.biasInitializer);
  if (sigmaB2 === null) {
    issue(ctx, path, `needs biases whose variance the theory reads: model.biasInitializer zeros or random_normal with mean 0, got ${show(c.biasInitializer)}`, theory, true);
    ok = false;
  } else if (theory.sigmaB2 !== undefined && Math.abs(theory.sigmaB2 - sigmaB2) > 1e-12 * Math.max(1, sigmaB2)) {
    issue(ctx, [...path, 'sigmaB2'], `must be σ_b² of model.biasInitializer, ${Number(sigmaB2.toPrecision(12))} (it is filled in from the model)`, theory.sigmaB2);
    ok = false;
  }
  if (!ok || sigmaB2 === null) return null;
  return { label: raw.overlay!.label, theory: { quantity: theory.quantity, times: theory.times, activation, sigmaB2 } };
}

/** The validated `heatmap` section, or null with issues on the context. */
export function resolveHeatmap<T>(ctx: z.core.$RefinementCtx<T>, raw: RawHeatmap, c: HeatmapContext): HeatmapConfig | null {
  let ok = true;
  if (raw.x === raw.y) {
    issue(ctx, ['heatmap', 'y'], `must differ from heatmap.x (both are ${raw.x})`, raw.y, true);
    ok = false;
  }
  ok = checkAxis(ctx, raw.x, ['heatmap', 'x'], c) && ok;
  ok = checkAxis(ctx, raw.y, ['heatmap', 'y'], c) && ok;
  for (const axis of ['activation', ...HEATMAP_GRID_AXES] as const) {
    const values = c.grid?.[axis];
    if (axis !== raw.x && axis !== raw.y && values !== undefined && values.length > 1) {
      issue(ctx, ['grid', axis], `has ${values.length} values, but the heatmap is drawn over ${raw.x} × ${raw.y}: every other axis must be fixed (one value), or drop the heatmap section`, values, true);
      ok = false;
    }
  }
  let overlay: HeatmapOverlay | undefined;
  if (raw.overlay !== undefined) {
    const { label, points, theory } = raw.overlay;
    if ((points === undefined) === (theory === undefined)) {
      issue(ctx, ['heatmap', 'overlay'], 'must give exactly one of points (the curve itself) and theory (computed by @initlab/theory)', raw.overlay, true);
      ok = false;
    } else if (points !== undefined) {
      overlay = { label, points: points.map(([x, y]) => [x, y]) };
    } else {
      const resolved = resolveTheory(ctx, raw, theory!, c);
      if (resolved === null) ok = false;
      else overlay = resolved;
    }
  }
  if (!ok) return null;
  return {
    x: raw.x,
    y: raw.y,
    ...(raw.xTitle === undefined ? {} : { xTitle: raw.xTitle }),
    ...(raw.yTitle === undefined ? {} : { yTitle: raw.yTitle }),
    ...(overlay === undefined ? {} : { overlay }),
  };
}
