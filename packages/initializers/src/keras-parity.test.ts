// Keras 3 parity: the names keras.initializers.get accepts, VarianceScaling's argument handling, and the
// assertions of keras/src/initializers/random_initializers_test.py and constant_initializers_test.py that apply
// to a seeded, backend-free sampler. Keras is not installed here: expected values are Keras's formulas, written
// out by hand from keras/src/initializers/*.py.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  computeFans,
  type ComputeFansOptions,
  formatInitializerSpec,
  getInitializer,
  InitializerError,
  type NestedNumbers,
  parseInitializerSpec,
  type ResolvedParameters,
  splitInitializerList,
} from './index.js';
import { sampleMoments } from './testing/stats.js';
import { codeOf } from './testing/codes.js';

const bytes = (a: Float32Array | Float64Array): Buffer => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

// keras/src/initializers/__init__.py: ALL_OBJECTS_DICT = each class's __name__, its to_snake_case, and the aliases
// dict ("IdentityInitializer", "normal", "one", "STFTInitializer", "OrthogonalInitializer", "uniform", "zero").
// Every key, with the catalogue entry it must resolve to (null: not in the catalogue).
const KERAS_GET_NAMES: Record<string, string | null> = {
  Constant: 'constant', constant: 'constant',
  Identity: 'identity', identity: 'identity', IdentityInitializer: 'identity',
  Ones: 'ones', ones: 'ones', one: 'ones',
  Zeros: 'zeros', zeros: 'zeros', zero: 'zeros',
  GlorotNormal: 'glorot_normal', glorot_normal: 'glorot_normal',
  GlorotUniform: 'glorot_uniform', glorot_uniform: 'glorot_uniform',
  HeNormal: 'he_normal', he_normal: 'he_normal',
  HeUniform: 'he_uniform', he_uniform: 'he_uniform',
  LecunNormal: 'lecun_normal', lecun_normal: 'lecun_normal',
  LecunUniform: 'lecun_uniform', lecun_uniform: 'lecun_uniform',
  Orthogonal: 'orthogonal', orthogonal: 'orthogonal', OrthogonalInitializer: 'orthogonal',
  RandomNormal: 'random_normal', random_normal: 'random_normal', normal: 'random_normal',
  RandomUniform: 'random_uniform', random_uniform: 'random_uniform', uniform: 'random_uniform',
  TruncatedNormal: 'truncated_normal', truncated_normal: 'truncated_normal',
  VarianceScaling: 'variance_scaling', variance_scaling: 'variance_scaling',
  // Keras's STFT kernels (for its STFTSpectrogram layer) and the abstract base class are not weight initializers here.
  STFT: null, stft: null, STFTInitializer: null, Initializer: null, initializer: null,
};

describe('keras.initializers.get names', () => {
  it.each(Object.entries(KERAS_GET_NAMES))('%s', (kerasName, canonical) => {
    if (canonical === null) {
      expect(codeOf(() => getInitializer(kerasName))).toBe('UNKNOWN_INITIALIZER');
      return;
    }
    const init = getInitializer(kerasName);
    expect(init.info.name).toBe(canonical);
    // getConfig names the canonical entry, and config, CLI string and the Keras name all sample the same bytes.
    const config = init.getConfig();
    expect(config.name).toBe(canonical);
    const shape = [6, 4];
    const a = init.sample(shape, { seed: 5 });
    expect(bytes(getInitializer(config).sample(shape, { seed: 5 })).equals(bytes(a))).toBe(true);
    expect(bytes(getInitializer(formatInitializerSpec(kerasName)).sample(shape, { seed: 5 })).equals(bytes(a))).toBe(true);
    expect(parseInitializerSpec(kerasName)).toEqual({ name: canonical });
    // Through a spec object carrying the Keras name too, with parameters.
    if (canonical === 'variance_scaling') {
      const withParams = getInitializer({ name: kerasName, scale: 2, distribution: 'Uniform' }).getConfig();
      expect(withParams).toEqual({ name: 'variance_scaling', scale: 2, mode: 'fan_in', distribution: 'uniform' });
      expect(getInitializer(formatInitializerSpec(withParams)).getConfig()).toEqual(withParams);
    }
  });

  // random_initializers_test.py test_get_method: get("typo") raises.
  it('test_get_method: an unknown name is refused with suggestions', () => {
    expect(() => getInitializer('typo')).toThrow(InitializerError);
    expect(() => getInitializer('glorot_normall')).toThrow(/did you mean glorot_normal/);
    expect(getInitializer('glorot_normal').info.name).toBe('glorot_normal');
  });
});

describe('VarianceScaling arguments (keras/src/initializers/random_initializers.py)', () => {
  it('distribution is lower-cased, and getConfig returns the lower-cased value', () => {
    for (const [given, resolved] of [
      ['Uniform', 'uniform'],
      ['UNIFORM', 'uniform'],
      ['Truncated_Normal', 'truncated_normal'],
      ['Untruncated_Normal', 'untruncated_normal'],
      ['Normal', 'truncated_normal'], // lower-cased first, then the legacy alias
      ['NORMAL', 'truncated_normal'],
    ] as const) {
      const init = getInitializer({ name: 'VarianceScaling', distribution: given });
      expect(init.getConfig().distribution, given).toBe(resolved);
      expect(parseInitializerSpec(`variance_scaling:distribution=${given}`).distribution).toBe(resolved);
      expect(bytes(init.sample([8, 8], { seed: 1 })).equals(bytes(getInitializer({ name: 'variance_scaling', distribution: resolved }).sample([8, 8], { seed: 1 })))).toBe(true);
    }
  });

  it('mode is case-sensitive, as in Keras (which does not lower-case it)', () => {
    expect(() => getInitializer({ name: 'variance_scaling', mode: 'FAN_IN' })).toThrowErrorMatchingInlineSnapshot(`[InitializerError: variance_scaling: mode must be one of fan_in, fan_out, fan_avg, got "FAN_IN"]`);
  });

  // test_variance_scaling_invalid_scale / _invalid_mode / _invalid_distribution.
  it('test_variance_scaling_invalid_*: scale <= 0, an unknown mode or distribution are refused', () => {
    expect(() => getInitializer({ name: 'variance_scaling', scale: -1 })).toThrowErrorMatchingInlineSnapshot(`[InitializerError: variance_scaling: scale must be > 0, got -1]`);
    expect(codeOf(() => getInitializer({ name: 'variance_scaling', scale: 0 }))).toBe('INVALID_PARAMETER');
    expect(codeOf(() => getInitializer({ name: 'variance_scaling', mode: 'invalid_mode' }))).toBe('INVALID_PARAMETER');
    expect(() => getInitializer({ name: 'variance_scaling', distribution: 'invalid_dist' })).toThrowErrorMatchingInlineSnapshot(`[InitializerError: variance_scaling: distribution must be one of truncated_normal, untruncated_normal, uniform (any case), got "invalid_dist"]`);
  });

  // test_variance_scaling: shape (25, 20), scale 2, std ≈ √(scale/25) for fan_in and √(scale/20) for fan_out
  // (upstream atol 0.1; here 5 standard errors of the sample std of 500 values, about 0.016).
  it('test_variance_scaling: the sample std follows the mode', () => {
    for (const [mode, fan] of [['fan_in', 25], ['fan_out', 20]] as const) {
      const init = getInitializer({ name: 'VarianceScaling', scale: 2, mode });
      expect(init.getConfig()).toMatchObject({ scale: 2, mode });
      const w = init.sample([25, 20], { seed: 1234 });
      expect(w).toHaveLength(500);
      const expected = Math.sqrt(2 / fan);
      expect(Math.abs(Math.sqrt(sampleMoments(w).variance) - expected)).toBeLessThan(5 * expected * Math.sqrt(0.5 / 500) * 1.2);
    }
  });
});

describe('random_initializers_test.py', () => {
  // test_random_normal: shape (25, 20), mean 0, stddev 1, std ≈ 1; a fixed seed gives the same values each call.
  it('test_random_normal', () => {
    const init = getInitializer({ name: 'RandomNormal', mean: 0, stddev: 1 });
    expect(init.getConfig()).toEqual({ name: 'random_normal', mean: 0, stddev: 1 });
    const w = init.sample([25, 20], { seed: 1337 });
    expect(Math.abs(Math.sqrt(sampleMoments(w).variance) - 1)).toBeLessThan(0.1);
    expect(bytes(init.sample([25, 20], { seed: 1337 })).equals(bytes(w))).toBe(true);
    // The cloned initializer (from_config(get_config())) with the same seed gives the same values.
    expect(bytes(getInitializer(init.getConfig()).sample([25, 20], { seed: 1337 })).equals(bytes(w))).toBe(true);
  });

  // test_random_uniform: min >= minval, max < maxval.
  it('test_random_uniform', () => {
    const init = getInitializer({ name: 'RandomUniform', minval: -1, maxval: 1 });
    expect(init.getConfig()).toEqual({ name: 'random_uniform', minval: -1, maxval: 1 });
    for (const dtype of ['float32', 'float64'] as const) {
      const w = init.sample([5, 5], { seed: 1234, dtype });
      expect(Math.min(...w)).toBeGreaterThanOrEqual(-1);
      expect(Math.max(...w)).toBeLessThan(1);
    }
  });

  // test_orthogonal: shape (5, 5), gain 2: every column has norm gain, columns are orthogonal; get("OrthogonalInitializer").
  it('test_orthogonal', () => {
    const init = getInitializer({ name: 'Orthogonal', gain: 2 });
    const w = init.sample([5, 5], { seed: 1234, dtype: 'float64' });
    const col = (j: number) => [0, 1, 2, 3, 4].map((i) => w[i * 5 + j] as number);
    const dot = (x: number[], y: number[]) => x.reduce((s, v, i) => s + v * (y[i] as number), 0);
    for (let j = 0; j < 5; j++) expect(Math.sqrt(dot(col(j), col(j)))).toBeCloseTo(2, 12);
    for (let i = 0; i < 5; i++) for (let j = i + 1; j < 5; j++) expect(Math.abs(dot(col(i), col(j)))).toBeLessThan(1e-12);
    expect(getInitializer('OrthogonalInitializer').info.name).toBe('orthogonal');
  });
});

describe('constant_initializers_test.py', () => {
  it('test_zeros_initializer / test_ones_initializer / test_constant_initializer', () => {
    expect([...getInitializer('Zeros').sample([3, 3])]).toEqual(new Array(9).fill(0));
    expect([...getInitializer('Ones').sample([3, 3])]).toEqual(new Array(9).fill(1));
    expect([...getInitializer({ name: 'Constant', value: 6 }).sample([3, 3])]).toEqual(new Array(9).fill(6));
  });

  // test_identity_initializer: shape (3, 3), gain 2 → 2·eye(3); get("IdentityInitializer") is Identity.
  it('test_identity_initializer', () => {
    const w = getInitializer({ name: 'Identity', gain: 2 }).sample([3, 3]);
    expect([...w]).toEqual([2, 0, 0, 0, 2, 0, 0, 0, 2]);
    expect(getInitializer('IdentityInitializer').info.name).toBe('identity');
    expect(getInitializer('IdentityInitializer').getConfig()).toEqual({ name: 'identity', gain: 1 });
  });
});

describe('input_axes / output_axes (Keras 3 compute_fans and VarianceScaling)', () => {
  // test_compute_fans_with_axes: shape (512, 8, 64).
  it('test_compute_fans_with_axes', () => {
    expect(computeFans([512, 8, 64], { inputAxes: [0], outputAxes: [1, 2] })).toEqual({ fanIn: 512, fanOut: 512 });
    expect(computeFans([512, 8, 64], { inputAxes: [0, 1], outputAxes: [2] })).toEqual({ fanIn: 512 * 8, fanOut: 64 });
    // Negative axes count from the end, as Python indexing does in Keras; the layout does not matter then.
    expect(computeFans([512, 8, 64], { layout: 'torch', inputAxes: [-3], outputAxes: [-2, -1] })).toEqual({ fanIn: 512, fanOut: 512 });
    // Any rank, where the torch layout alone would refuse rank 1; an empty list is an empty product.
    expect(computeFans([7], { layout: 'torch', inputAxes: [0], outputAxes: [] })).toEqual({ fanIn: 7, fanOut: 1 });
    // Without axes, the options object means what the layout string means.
    expect(computeFans([3, 3, 64, 128], { layout: 'keras' })).toEqual(computeFans([3, 3, 64, 128], 'keras'));
    expect(computeFans([128, 64, 3, 3], { layout: 'torch' })).toEqual(computeFans([128, 64, 3, 3], 'torch'));
  });

  it('computeFans refuses what it would otherwise ignore', () => {
    expect(() => computeFans([512, 8, 64], { inputAxes: [0] })).toThrowErrorMatchingInlineSnapshot(`[InitializerError: computeFans: inputAxes needs outputAxes too (Keras ignores one given alone; initlab refuses it), got inputAxes=[0]]`);
    expect(() => computeFans([512, 8, 64], { input_axes: [0], output_axes: [1] } as ComputeFansOptions)).toThrowErrorMatchingInlineSnapshot(`[InitializerError: computeFans: unknown options "input_axes" (did you mean "inputAxes"?), "output_axes" (did you mean "outputAxes"?); allowed: inputAxes, layout, outputAxes]`);
    const threeArgs = computeFans as unknown as (...args: unknown[]) => unknown;
    expect(() => threeArgs([3, 4], 'keras', { inputAxes: [0], outputAxes: [1] })).toThrowErrorMatchingInlineSnapshot(`[InitializerError: computeFans: takes (shape, layout or options), got 3 arguments; pass inputAxes/outputAxes in the options object, e.g. computeFans(shape, { layout, inputAxes, outputAxes })]`);
    expect(() => computeFans([512, 8, 64], { inputAxes: [3], outputAxes: [1] })).toThrowErrorMatchingInlineSnapshot(`[InitializerError: computeFans: inputAxes must hold axes in [-3, 3) for shape [512,8,64], got [3] (axis 3)]`);
    expect(() => computeFans([512, 8, 64], { inputAxes: [0, -3], outputAxes: [1] })).toThrowErrorMatchingInlineSnapshot(`[InitializerError: computeFans: inputAxes must not name an axis twice, got [0,-3] for shape [512,8,64] (axis 0 repeats)]`);
    expect(() => computeFans([512, 8, 64], { inputAxes: [0.5], outputAxes: [1] })).toThrow(/inputAxes must be a list of integer axes, got \[0.5\]/);
    expect(codeOf(() => computeFans([512, 8, 64], { inputAxes: 0 as unknown as number[], outputAxes: [1] }))).toBe('INVALID_OPTION');
  });

  // test_variance_scaling_with_axes: shape (32, 4, 16), scale 2, fan_in with input_axes [0] → std √(2/32);
  // without axes the Keras rule gives fan_in 4·32 = 128 → std √(2/128).
  it('test_variance_scaling_with_axes', () => {
    const init = getInitializer({ name: 'VarianceScaling', scale: 2, mode: 'fan_in' });
    const std = (w: Float32Array | Float64Array) => Math.sqrt(sampleMoments(w).variance);
    const withAxes = init.sample([32, 4, 16], { seed: 1234, inputAxes: [0], outputAxes: [1, 2] });
    expect(withAxes).toHaveLength(2048);
    expect(Math.abs(std(withAxes) - Math.sqrt(2 / 32)) / Math.sqrt(2 / 32)).toBeLessThan(0.06);
    const without = init.sample([32, 4, 16], { seed: 1234 });
    expect(Math.abs(std(without) - Math.sqrt(2 / 128)) / Math.sqrt(2 / 128)).toBeLessThan(0.06);
  });

  // test_mha_query_projection_variance: MultiHeadAttention's query kernel (dim, heads, key_dim) = (32, 8, 16) with
  // kernel_initializer "lecun_normal" and the layer's axes (input [0], output [1, 2]) → std √(1/32).
  it('test_mha_query_projection_variance', () => {
    const w = getInitializer('lecun_normal').sample([32, 8, 16], { seed: 1337, inputAxes: [0], outputAxes: [1, 2] });
    const expected = Math.sqrt(1 / 32);
    expect(Math.abs(Math.sqrt(sampleMoments(w).variance) - expected) / expected).toBeLessThan(0.05);
  });

  // test_variance_scaling_serialization_with_axes: Keras keeps the axes in get_config; initlab keeps them with the
  // tensor (sample options, like layout and fans), so the config round-trips and the same options give the same bytes.
  it('test_variance_scaling_serialization_with_axes', () => {
    const init = getInitializer('variance_scaling');
    const opts = { seed: 3, inputAxes: [0], outputAxes: [1, 2] };
    expect(bytes(getInitializer(init.getConfig()).sample([6, 2, 3], opts)).equals(bytes(init.sample([6, 2, 3], opts)))).toBe(true);
    // A Keras config's input_axes (or seed) points to the sample option instead of being dropped.
    expect(() => getInitializer({ name: 'variance_scaling', input_axes: [0], output_axes: [1, 2] })).toThrowErrorMatchingInlineSnapshot(`[InitializerError: variance_scaling: unknown parameter "input_axes"; it is a sample option here, init.sample(shape, { inputAxes }); allowed: scale, mode, distribution]`);
    expect(() => getInitializer({ name: 'GlorotUniform', seed: 1 })).toThrow(/glorot_uniform: unknown parameter "seed"; it is a sample option here/);
  });

  it('sample options: both or neither, not with fans, checked against the shape even by entries without fans', () => {
    const init = getInitializer('he_uniform');
    expect(() => init.sample([4, 4, 4], { outputAxes: [2] })).toThrow(/he_uniform: outputAxes needs inputAxes too/);
    expect(() => init.sample([4, 4], { inputAxes: [0], outputAxes: [1], fans: { fanIn: 4, fanOut: 4 } })).toThrow(/give either fans or inputAxes\/outputAxes, not both/);
    expect(() => getInitializer('zeros').sample([4, 4], { inputAxes: [2], outputAxes: [1] })).toThrow(/zeros: inputAxes must hold axes in \[-2, 2\)/);
    // The bound follows the axes' fans: U(±√(6/fan_in)) with fan_in = 4·4.
    const w = init.sample([4, 4, 64], { seed: 9, dtype: 'float64', inputAxes: [0, 1], outputAxes: [2] });
    expect(Math.max(...w.map(Math.abs))).toBeLessThanOrEqual(Math.sqrt(6 / 16));
    expect(Math.max(...w.map(Math.abs))).toBeGreaterThan(0.9 * Math.sqrt(6 / 16));
  });
});

describe('Constant with an array value (numpy broadcasting, __fixtures__/torch-1.13.0.json "broadcast")', () => {
  interface BroadcastCase {
    value: NestedNumbers;
    shape: number[];
    flat: number[] | null;
  }
  const { broadcast } = JSON.parse(readFileSync(new URL('./__fixtures__/torch-1.13.0.json', import.meta.url), 'utf8')) as { broadcast: BroadcastCase[] };

  // test_constant_initializer_array_value: a (3, 3) array value for shape (3, 3) is that array (the first case).
  it.each(broadcast.map((c) => [`${JSON.stringify(c.value)} → ${JSON.stringify(c.shape)}`, c] as const))('%s as numpy.broadcast_to', (_label, c) => {
    const init = getInitializer({ name: 'Constant', value: c.value });
    expect(init.getConfig()).toEqual({ name: 'constant', value: c.value });
    if (c.flat === null) {
      expect(() => init.sample(c.shape)).toThrow(/constant: value of shape \[[\d,]*\] does not broadcast to shape/);
      expect(codeOf(() => init.sample(c.shape))).toBe('UNSUPPORTED_SHAPE');
      return;
    }
    expect([...init.sample(c.shape, { dtype: 'float64' })]).toEqual(c.flat);
    expect([...init.sample(c.shape)]).toEqual(c.flat.map(Math.fround));
  });

  // random_initializers_test.py test_get_method_with_tensor: get(array) returns the array for its own shape and
  // raises for another shape ("Expected `shape` to be ..."); a constant with an array value does the same here
  // for any shape it does not broadcast to.
  it('test_get_method_with_tensor', () => {
    const values = Array.from({ length: 5 }, (_, i) => Array.from({ length: 5 }, (_, j) => (i * 5 + j) / 32));
    const init = getInitializer({ name: 'constant', value: values });
    expect([...init.sample([5, 5], { dtype: 'float64' })]).toEqual(values.flat());
    expect(() => init.sample([10, 10])).toThrow(/value of shape \[5,5\] does not broadcast to shape \[10,10\]/);
  });

  it('the refusal names the shapes and the axis', () => {
    expect(() => getInitializer({ name: 'constant', value: [1, 2, 3] }).sample([2, 2])).toThrowErrorMatchingInlineSnapshot(`[InitializerError: constant: value of shape [3] does not broadcast to shape [2,2] (axis -1 is 3 vs 2); allowed: a number, or an array whose dimensions, aligned at the end, equal the shape's or are 1 (numpy broadcasting)]`);
    expect(() => getInitializer({ name: 'constant', value: [[1, 2], [3, 4]] }).sample([2])).toThrow(/\(the value has rank 2 > 1\)/);
  });

  it('refuses values that are not a rectangular list of finite numbers', () => {
    expect(() => getInitializer({ name: 'constant', value: [[1, 2], [3]] })).toThrowErrorMatchingInlineSnapshot(`[InitializerError: constant: value must be a finite number or a nested list of finite numbers, e.g. [[1, 2], [3, 4]], got [[1,2],[3]]: it is ragged (rows of shape [2] and [1])]`);
    expect(() => getInitializer({ name: 'constant', value: [] })).toThrow(/it has an empty list/);
    expect(() => getInitializer({ name: 'constant', value: [1, Number.NaN] })).toThrow(/an element is NaN/);
    expect(() => getInitializer({ name: 'constant', value: [1, '2'] })).toThrow(/an element is "2"/);
    expect(() => getInitializer({ name: 'constant', value: Infinity })).toThrow(/constant: value must be a finite number or a nested list/);
    expect(codeOf(() => getInitializer({ name: 'constant', value: 'x' }))).toBe('INVALID_PARAMETER');
  });

  it('keeps a copy: a typed array becomes a plain list, and later edits to the caller\'s array change nothing', () => {
    const given = [1, 2];
    const init = getInitializer({ name: 'constant_', val: Float32Array.of(0.5, 1.5) });
    expect(init.getConfig()).toEqual({ name: 'constant', value: [0.5, 1.5] });
    expect(JSON.parse(JSON.stringify(init.getConfig()))).toEqual({ name: 'constant', value: [0.5, 1.5] });
    const byList = getInitializer({ name: 'constant', value: given });
    given[0] = 99;
    expect([...byList.sample([2, 2])]).toEqual([1, 2, 1, 2]);
    // A number value still has variance 0; an array value's spread is not a function of the fans.
    expect(byList.info.targetVariance.evaluate({ fanIn: 2, fanOut: 2 }, byList.getConfig() as unknown as ResolvedParameters)).toBeNull();
    expect(getInitializer('constant:value=3').info.targetVariance.evaluate({ fanIn: 2, fanOut: 2 }, { value: 3 })).toBe(0);
  });

  it('round-trips through the CLI syntax, bracketed lists included', () => {
    const config = getInitializer({ name: 'constant', value: [[1, 2.5], [-3, 4e-3]] }).getConfig();
    const text = formatInitializerSpec(config);
    expect(text).toBe('constant:value=[[1,2.5],[-3,0.004]]');
    expect(parseInitializerSpec(text)).toEqual(config);
    expect(splitInitializerList('zeros,constant:value=[1,2],he_normal')).toEqual(['zeros', 'constant:value=[1,2]', 'he_normal']);
    expect(splitInitializerList('constant:val=[[1, 2], [3, 4]], trunc_normal:a=-inf,b=0')).toEqual(['constant:val=[[1, 2], [3, 4]]', 'trunc_normal:a=-inf,b=0']);
    expect(() => parseInitializerSpec('constant:value=[1,2')).toThrowErrorMatchingInlineSnapshot(`[InitializerError: constant: value must be a finite number or a nested list of finite numbers, e.g. [[1, 2], [3, 4]] (a JSON array in the CLI syntax), got "[1,2"]`);
  });
});
