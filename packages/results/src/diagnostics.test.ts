import { describe, expect, it } from 'vitest';
import { averageLayerDiagnostics, LAYER_DIAGNOSTIC_FIELDS, LayerDiagnosticsSchema, meanOf, type LayerDiagnostics } from './diagnostics.js';

function layer(layerIndex: number, overrides: Partial<LayerDiagnostics> = {}): LayerDiagnostics {
  const fields = Object.fromEntries(LAYER_DIAGNOSTIC_FIELDS.map((f) => [f, null])) as Record<(typeof LAYER_DIAGNOSTIC_FIELDS)[number], null>;
  return { layer: layerIndex, units: 4, activation: 'relu', ...fields, ...overrides };
}

describe('averageLayerDiagnostics', () => {
  it('averages every field over the runs with a finite value, layer by layer, with the range of distinct units', () => {
    const a = [layer(0, { activationStd: 1, distinctUnits: 4, deadShare: 0.5 }), layer(1, { activationStd: 2, distinctUnits: 1 })];
    const b = [layer(0, { activationStd: 3, distinctUnits: 2, deadShare: null }), layer(1, { activationStd: Number.NaN, distinctUnits: 1 })];
    const mean = averageLayerDiagnostics([a, null, undefined, [], b]);
    expect(mean).toHaveLength(2);
    expect(mean![0]).toMatchObject({ layer: 0, units: 4, activation: 'relu', runs: 2, activationStd: 2, deadShare: 0.5, distinctUnits: 3, distinctUnitsMin: 2, distinctUnitsMax: 4 });
    expect(mean![1]).toMatchObject({ layer: 1, runs: 2, activationStd: 2, distinctUnits: 1, distinctUnitsMin: 1, distinctUnitsMax: 1, gradientNorm: null });
    for (const field of LAYER_DIAGNOSTIC_FIELDS) expect(mean![0]).toHaveProperty(field);
  });

  it('is null when no run has diagnostics', () => {
    expect(averageLayerDiagnostics([null, undefined, []])).toBeNull();
    expect(meanOf([null, null])).toBeNull();
  });
});

describe('LayerDiagnosticsSchema', () => {
  it('needs every field of the one list, null allowed', () => {
    expect(LayerDiagnosticsSchema.safeParse(layer(0)).success).toBe(true);
    const { updateRatio: _dropped, ...missing } = layer(0);
    expect(LayerDiagnosticsSchema.safeParse(missing).success).toBe(false);
  });
});
