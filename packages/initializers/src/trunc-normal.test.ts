// PyTorch trunc_normal_ parity: absolute bounds, infinite bounds, float32/float64, and values PyTorch 1.13 and
// SciPy computed (__fixtures__/torch-1.13.0.json, written by generate_torch_fixtures.py).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  computeFans,
  formatInitializerSpec,
  getInitializer,
  type InitializerConfig,
  parseInitializerSpec,
  type ResolvedParameters,
} from './index.js';
import { expectKs, expectMoments, expectWithin, sampleMoments, truncatedNormal, Z } from './testing/stats.js';

interface TruncCase {
  mean: number;
  std: number;
  a: number | 'inf' | '-inf';
  b: number | 'inf' | '-inf';
  exactMean: number;
  exactVariance: number;
  torchN: number;
  torchMean: number;
  torchVariance: number;
  torchAllFinite: boolean;
  torchMin: number;
  torchMax: number;
}
interface Fixture {
  torch: string;
  truncNormal: TruncCase[];
  fans: { shape: number[]; fanIn: number; fanOut: number }[];
  zeroElement: { function: string; shape: number[]; outcome: string; warnings: string[] }[];
}

const fixture = JSON.parse(readFileSync(new URL('./__fixtures__/torch-1.13.0.json', import.meta.url), 'utf8')) as Fixture;
const bytes = (a: Float32Array | Float64Array): Buffer => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
const bound = (x: number | 'inf' | '-inf'): number => (x === 'inf' ? Infinity : x === '-inf' ? -Infinity : x);

describe('trunc_normal with infinite bounds (PyTorch 1.13 and SciPy truncnorm)', () => {
  it.each(fixture.truncNormal.map((c) => [`mean=${c.mean} std=${c.std} a=${c.a} b=${c.b}`, c] as const))('%s', (_label, c) => {
    const a = bound(c.a);
    const b = bound(c.b);
    const init = getInitializer({ name: 'trunc_normal', mean: c.mean, std: c.std, a, b });
    // The config writes an infinite bound as 'inf' / '-inf' (the fixture's own spelling): JSON has no infinity.
    const config = init.getConfig();
    expect(config).toEqual({ name: 'trunc_normal', mean: c.mean, std: c.std, a: c.a, b: c.b });
    expect(JSON.parse(JSON.stringify(config))).toEqual(config);
    expect(bytes(getInitializer(JSON.parse(JSON.stringify(config)) as InitializerConfig).sample([64], { seed: 1 })).equals(bytes(init.sample([64], { seed: 1 })))).toBe(true);
    const ref = truncatedNormal(c.mean, c.std, a, b);
    // The test's own reference agrees with SciPy's exact moments, and so does the catalogue's stated variance.
    expect(ref.mean).toBeCloseTo(c.exactMean, 9);
    expect(Math.abs(ref.variance - c.exactVariance) / c.exactVariance).toBeLessThan(1e-8);
    const stated = init.info.targetVariance.evaluate(computeFans([4, 4]), init.getConfig() as unknown as ResolvedParameters);
    expect(Math.abs((stated as number) - c.exactVariance) / c.exactVariance).toBeLessThan(1e-9);
    // PyTorch's own draws have those moments too: PyTorch and initlab sample the same distribution.
    expect(c.torchAllFinite).toBe(true);
    expect(Math.abs(c.torchMean - c.exactMean)).toBeLessThanOrEqual(Z * Math.sqrt(c.exactVariance / c.torchN));
    for (const dtype of ['float32', 'float64'] as const) {
      const w = init.sample([512, 512], { seed: 7, dtype });
      expect(w.every(Number.isFinite), dtype).toBe(true);
      expectMoments(w, ref);
      expectKs(w, ref);
      expectWithin(w, a, b);
    }
  });

  it('a and b take ±Infinity or inf/-inf (also in the CLI syntax), resolve to inf/-inf, and still need a < b', () => {
    expect(parseInitializerSpec('trunc_normal:a=-inf,b=inf')).toEqual({ name: 'trunc_normal', a: '-inf', b: 'inf' });
    expect(parseInitializerSpec('trunc_normal_:a=-Infinity,b=+INF')).toEqual({ name: 'trunc_normal', a: '-inf', b: 'inf' });
    expect(getInitializer({ name: 'trunc_normal', a: '-Infinity', b: 'inf' }).getConfig()).toMatchObject({ a: '-inf', b: 'inf' });
    expect(formatInitializerSpec({ name: 'trunc_normal', a: 0, b: Infinity })).toBe('trunc_normal:a=0,b=inf');
    expect(getInitializer(formatInitializerSpec({ name: 'trunc_normal', a: -Infinity, b: 0 })).getConfig()).toEqual({
      name: 'trunc_normal',
      mean: 0,
      std: 1,
      a: '-inf',
      b: 0,
    });
    expect(() => getInitializer({ name: 'trunc_normal', a: Infinity, b: Infinity })).toThrowErrorMatchingInlineSnapshot(`[InitializerError: trunc_normal: a must be < b, got a=inf, b=inf]`);
    expect(() => getInitializer({ name: 'trunc_normal', a: 'minus infinity' })).toThrow(/a must be a number, -inf and inf allowed, got "minus infinity"/);
    expect(() => getInitializer({ name: 'trunc_normal', a: Number.NaN })).toThrowErrorMatchingInlineSnapshot(`[InitializerError: trunc_normal: a must be a number, -inf and inf allowed, got NaN]`);
    // Other parameters stay finite: an infinite mean or std has no distribution.
    expect(() => getInitializer({ name: 'trunc_normal', mean: Infinity })).toThrow(/mean must be a finite number/);
    expect(() => parseInitializerSpec('trunc_normal:std=inf')).toThrow(/std must be a number > 0, got "inf"/);
  });
});

// torch test/nn/test_init.py, TestNNInitDeviceType: the assertions of test_trunc_normal_all_dtypes,
// test_trunc_normal_narrow_interval, test_trunc_normal_unique_values and
// test_trunc_normal_no_boundary_values_small_std, for the two dtypes initlab has.
describe('torch test_init.py trunc_normal_ assertions', () => {
  it('test_trunc_normal_all_dtypes: bounds at the tensor precision, KS against truncnorm', () => {
    // The upstream test draws mean in [-3, 3], std in [0.01, 1], a in [mean - 2std, mean], b in [mean, mean + 2std].
    const cases = [
      { mean: -2.1, std: 0.37, a: -2.5, b: -1.9 },
      { mean: 0.4, std: 0.01, a: 0.385, b: 0.41 },
      { mean: 2.9, std: 0.99, a: 1.0, b: 2.95 },
    ];
    for (const dims of [[40], [33, 47], [31, 30, 3, 4]]) {
      for (const dtype of ['float32', 'float64'] as const) {
        for (const [i, c] of cases.entries()) {
          const w = getInitializer({ name: 'trunc_normal', ...c }).sample(dims, { seed: i, dtype });
          expectWithin(w, c.a, c.b);
          expectKs(w, truncatedNormal(c.mean, c.std, c.a, c.b));
        }
      }
    }
  });

  it('test_trunc_normal_narrow_interval: [2, 3] for N(0, 1)', () => {
    for (const dtype of ['float32', 'float64'] as const) {
      const w = getInitializer('trunc_normal:a=2,b=3').sample([10000], { seed: 1, dtype });
      expectWithin(w, 2, 3);
      expectKs(w, truncatedNormal(0, 1, 2, 3));
    }
  });

  it('test_trunc_normal_unique_values: more than 5000 distinct values in 10000, none infinite or NaN', () => {
    for (const dtype of ['float32', 'float64'] as const) {
      const w = getInitializer('trunc_normal').sample([10000], { seed: 2, dtype });
      expectWithin(w, -2, 2);
      expect(new Set(w).size).toBeGreaterThan(5000);
      expect(w.every(Number.isFinite)).toBe(true);
    }
  });

  it('test_trunc_normal_no_boundary_values_small_std: nothing lands on ±2 (never clamped)', () => {
    for (const dtype of ['float32', 'float64'] as const) {
      const w = getInitializer('trunc_normal:std=0.1').sample([10000], { seed: 3, dtype });
      expect(w.filter((x) => x === -2 || x === 2)).toHaveLength(0);
    }
    // Stronger than upstream: a one-sided bound close to the mass still gives no value on the bound.
    const w = getInitializer('trunc_normal:a=-inf,b=0').sample([10000], { seed: 4 });
    expect(w.filter((x) => x === 0)).toHaveLength(0);
    expect(sampleMoments(w).mean).toBeLessThan(0);
  });
});

describe('fans in the torch layout (PyTorch 1.13 _calculate_fan_in_and_fan_out)', () => {
  it.each(fixture.fans.map((f) => [JSON.stringify(f.shape), f] as const))('%s', (_label, f) => {
    expect(computeFans(f.shape, 'torch')).toEqual({ fanIn: f.fanIn, fanOut: f.fanOut });
  });
});

describe('zero-element tensors', () => {
  it('PyTorch 1.13 treats them as a no-op (kaiming_* with a warning); initlab refuses them', () => {
    // The README's PyTorch differences rest on this record.
    expect(fixture.zeroElement.every((z) => z.outcome === 'ok')).toBe(true);
    const warned = [...new Set(fixture.zeroElement.filter((z) => z.warnings.length > 0).map((z) => z.function))];
    expect(warned).toEqual(['kaiming_uniform_', 'kaiming_normal_']);
    expect(fixture.zeroElement.find((z) => z.function === 'kaiming_uniform_')?.warnings).toEqual(['Initializing zero-element tensors is a no-op']);
    for (const name of ['zeros_', 'constant_', 'trunc_normal_', 'xavier_uniform_', 'kaiming_uniform_', 'orthogonal_']) {
      const spec = name === 'constant_' ? { name, val: 0.5 } : name;
      expect(() => getInitializer(spec).sample([0, 3], { layout: 'torch' }), name).toThrow(/shape must be a list of positive integers, got \[0,3\] \(dimension 0 is zero\)/);
    }
  });
});
