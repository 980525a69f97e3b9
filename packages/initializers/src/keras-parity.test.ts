// Keras 3 parity: the names keras.initializers.get accepts, VarianceScaling's argument handling, and the
// assertions of keras/src/initializers/random_initializers_test.py and constant_initializers_test.py that apply
// to a seeded, backend-free sampler. Keras is not installed here: expected values are Keras's formulas, written
// out by hand from keras/src/initializers/*.py.
import { describe, expect, it } from 'vitest';
import { formatInitializerSpec, getInitializer, InitializerError, parseInitializerSpec } from './index.js';
import { sampleMoments } from './testing/stats.js';

const bytes = (a: Float32Array | Float64Array): Buffer => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (error) {
    return error instanceof InitializerError ? error.code : `not an InitializerError: ${String(error)}`;
  }
  return undefined;
};

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
