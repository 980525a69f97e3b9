import { z } from 'zod';

/**
 * The measured per-layer diagnostics, in the order `@initlab/models` computes them. The one list of their
 * names: the stored schema, the averages over seeds and the models' diagnostics are all built from it.
 *
 * - `preActivationMean`, `preActivationStd`: mean and population standard deviation of `z = xW + b` over batch × units.
 * - `activationMean`, `activationStd`: the same of `a = f(z)`.
 * - `deadShare`: relu only, share of units never positive over the batch (dead units).
 * - `saturatedShare`: tanh (`|a| > 0.99`) and sigmoid (`a < 0.01` or `a > 0.99`) only, share of saturated (sample, unit) activations.
 * - `gradientNorm`: `‖∂L/∂W‖_F` of the batch-mean loss on the batch; `biasGradientNorm`: `‖∂L/∂b‖₂` (both null without targets).
 * - `weightNorm`: `‖W‖_F`.
 * - `updateRatio`: `‖W_e − W_{e−1}‖_F / ‖W_{e−1}‖_F` over the last epoch; null at initialisation or when `‖W_{e−1}‖ = 0`.
 * - `distinctUnits`: units whose incoming weights and bias agree within 1e-6 (max-abs) count as one.
 *
 * @example
 * ```ts
 * for (const field of LAYER_DIAGNOSTIC_FIELDS) console.log(field, layer[field]);
 * ```
 */
export const LAYER_DIAGNOSTIC_FIELDS = [
  'preActivationMean',
  'preActivationStd',
  'activationMean',
  'activationStd',
  'deadShare',
  'saturatedShare',
  'gradientNorm',
  'biasGradientNorm',
  'weightNorm',
  'updateRatio',
  'distinctUnits',
] as const;

/**
 * One name of {@link LAYER_DIAGNOSTIC_FIELDS}.
 *
 * @example
 * ```ts
 * const field: LayerDiagnosticField = 'activationStd';
 * ```
 */
export type LayerDiagnosticField = (typeof LAYER_DIAGNOSTIC_FIELDS)[number];

const nullableNumber = z.number({ error: 'must be a number or null' }).nullable();

/**
 * Per-layer health numbers on a fixed batch, as `@initlab/models` computes them and `results.jsonl` stores
 * them: the layer, its width and activation, and every {@link LAYER_DIAGNOSTIC_FIELDS} entry (null for a
 * non-finite value or one that does not apply, never NaN).
 */
export const LayerDiagnosticsSchema = z.looseObject(
  {
    /** Layer index, 0-based; the output layer is last. */
    layer: z.number({ error: 'must be a layer index' }),
    units: z.number({ error: 'must be a number of units' }),
    activation: z.string({ error: 'must be an activation name' }),
    ...(Object.fromEntries(LAYER_DIAGNOSTIC_FIELDS.map((field) => [field, nullableNumber])) as Record<LayerDiagnosticField, typeof nullableNumber>),
  },
  { error: 'must be per-layer diagnostics' },
);

/**
 * Per-layer health numbers (see {@link LAYER_DIAGNOSTIC_FIELDS}). Every non-finite value is `null`, never `NaN`.
 *
 * @example
 * ```ts
 * const first: LayerDiagnostics = result.diagnostics.init![0]!;
 * console.log(first.layer, first.activation, first.activationStd);
 * ```
 */
export type LayerDiagnostics = {
  /** Layer index, 0-based; the output layer is last. */
  layer: number;
  units: number;
  activation: string;
} & Record<LayerDiagnosticField, number | null>;

/**
 * Mean over runs of each per-layer diagnostic (null where no run has a finite value), plus the range of
 * distinct units.
 *
 * @example
 * ```ts
 * agg.diagnostics.init?.[0]?.distinctUnits; // 1 for zeros: every hidden unit is the same unit
 * ```
 */
export type LayerDiagnosticsMean = LayerDiagnostics & {
  /** Runs averaged. */
  runs: number;
  distinctUnitsMin: number | null;
  distinctUnitsMax: number | null;
};

/** A finite number, or null for anything else (null, NaN, ±Infinity, a missing key). */
export function finiteOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/**
 * Mean of the non-null values; null when there are none.
 *
 * @example
 * ```ts
 * meanOf([1, null, 3]); // 2
 * ```
 */
export function meanOf(values: readonly (number | null)[]): number | null {
  let sum = 0;
  let n = 0;
  for (const v of values) {
    if (v !== null) {
      sum += v;
      n++;
    }
  }
  return n === 0 ? null : sum / n;
}

/**
 * Average the per-layer diagnostics of several runs of one network, layer by layer: each field's mean over
 * the runs with a finite value, the number of runs with a record for the layer, and the smallest and largest
 * distinct-unit count. Runs without diagnostics (null, missing or empty) are left out; the layers are those
 * of the first run that has them. Null when no run has diagnostics.
 *
 * @example
 * ```ts
 * const init = averageLayerDiagnostics(runs.map((r) => r.diagnostics?.init));
 * init?.[0]?.activationStd; // mean over seeds of the first layer's activation std
 * ```
 */
export function averageLayerDiagnostics(perRun: readonly (readonly LayerDiagnostics[] | null | undefined)[]): LayerDiagnosticsMean[] | null {
  const runs = perRun.filter((d): d is readonly LayerDiagnostics[] => Array.isArray(d) && d.length > 0);
  const first = runs[0];
  if (first === undefined) return null;
  return first.map((layer, l) => {
    const rows = runs.map((r) => r[l]).filter((d): d is LayerDiagnostics => d !== undefined && d !== null);
    const fields = Object.fromEntries(LAYER_DIAGNOSTIC_FIELDS.map((key) => [key, meanOf(rows.map((d) => finiteOrNull(d[key])))]));
    const distinct = rows.map((d) => finiteOrNull(d.distinctUnits)).filter((v): v is number => v !== null);
    return {
      layer: layer.layer,
      units: layer.units,
      activation: layer.activation,
      runs: rows.length,
      ...(fields as Record<LayerDiagnosticField, number | null>),
      distinctUnitsMin: distinct.length === 0 ? null : Math.min(...distinct),
      distinctUnitsMax: distinct.length === 0 ? null : Math.max(...distinct),
    };
  });
}
