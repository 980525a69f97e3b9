// Every error is typed, one line, names the initializer and parameter, echoes the value and says what is allowed.
import { describe, expect, it } from 'vitest';
import { getInitializer, getLayerPreset, InitializerError, type InitializerErrorCode } from './index.js';

function codeOf(fn: () => unknown): InitializerErrorCode | 'none' {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(InitializerError);
    expect((error as Error).message).not.toContain('\n');
    return (error as InitializerError).code;
  }
  return 'none';
}

describe('parameter errors', () => {
  it('stddev and scale must be > 0', () => {
    expect(() => getInitializer({ name: 'random_normal', stddev: -1 })).toThrowErrorMatchingInlineSnapshot(`[InitializerError: random_normal: stddev must be > 0, got -1]`);
    expect(() => getInitializer({ name: 'truncated_normal', stddev: 0 })).toThrowErrorMatchingInlineSnapshot(`[InitializerError: truncated_normal: stddev must be > 0, got 0]`);
    expect(() => getInitializer({ name: 'variance_scaling', scale: 0 })).toThrowErrorMatchingInlineSnapshot(`[InitializerError: variance_scaling: scale must be > 0, got 0]`);
    expect(() => getInitializer({ name: 'trunc_normal', std: -0.5 })).toThrowErrorMatchingInlineSnapshot(`[InitializerError: trunc_normal: std must be > 0, got -0.5]`);
    expect(() => getInitializer({ name: 'orthogonal', gain: 0 })).toThrowErrorMatchingInlineSnapshot(`[InitializerError: orthogonal: gain must be > 0, got 0]`);
  });

  it('unknown mode, distribution or nonlinearity', () => {
    expect(() => getInitializer({ name: 'variance_scaling', mode: 'fan_sum' })).toThrowErrorMatchingInlineSnapshot(`[InitializerError: variance_scaling: mode must be one of fan_in, fan_out, fan_avg, got "fan_sum"]`);
    expect(() => getInitializer({ name: 'variance_scaling', distribution: 'gaussian' })).toThrowErrorMatchingInlineSnapshot(`[InitializerError: variance_scaling: distribution must be one of truncated_normal, untruncated_normal, uniform (any case), got "gaussian"]`);
    expect(() => getInitializer({ name: 'kaiming_normal', mode: 'fan_avg' })).toThrowErrorMatchingInlineSnapshot(`[InitializerError: kaiming_normal: mode must be one of fan_in, fan_out, got "fan_avg"]`);
    expect(() => getInitializer({ name: 'kaiming_uniform', nonlinearity: 'gelu' })).toThrowErrorMatchingInlineSnapshot(`[InitializerError: kaiming_uniform: nonlinearity must be one of linear, conv1d, conv2d, conv3d, conv_transpose1d, conv_transpose2d, conv_transpose3d, sigmoid, tanh, relu, leaky_relu, selu, got "gelu"]`);
  });

  it('minval >= maxval and a >= b', () => {
    expect(() => getInitializer({ name: 'random_uniform', minval: 1, maxval: -1 })).toThrowErrorMatchingInlineSnapshot(`[InitializerError: random_uniform: minval must be < maxval, got minval=1, maxval=-1]`);
    expect(() => getInitializer({ name: 'trunc_normal', a: 2, b: 2 })).toThrowErrorMatchingInlineSnapshot(`[InitializerError: trunc_normal: a must be < b, got a=2, b=2]`);
  });

  it('wrong types', () => {
    expect(() => getInitializer({ name: 'random_normal', stddev: '0.1' })).toThrowErrorMatchingInlineSnapshot(`[InitializerError: random_normal: stddev must be a finite number > 0, got "0.1"]`);
    expect(() => getInitializer({ name: 'constant', value: Number.NaN })).toThrowErrorMatchingInlineSnapshot(`[InitializerError: constant: value must be a finite number or a nested list of finite numbers, e.g. [[1, 2], [3, 4]], got NaN]`);
    expect(() => getInitializer({ name: 'dirac', groups: 0 })).toThrowErrorMatchingInlineSnapshot(`[InitializerError: dirac: groups must be an integer >= 1, got 0]`);
  });

  it('unknown parameter for an entry', () => {
    expect(() => getInitializer({ name: 'random_normal', std: 0.1 })).toThrowErrorMatchingInlineSnapshot(`[InitializerError: random_normal: unknown parameter "std"; did you mean stddev? allowed: mean, stddev]`);
    expect(() => getInitializer({ name: 'he_normal', scale: 2 })).toThrowErrorMatchingInlineSnapshot(`[InitializerError: he_normal: unknown parameter "scale"; it takes no parameters]`);
    expect(() => getInitializer({ name: 'constant', value: 1, val: 2 })).toThrowErrorMatchingInlineSnapshot(`[InitializerError: constant: value is given twice (as value and its alias val), got 2]`);
  });
});

describe('name errors', () => {
  it('unknown names suggest the closest by edit distance', () => {
    expect(() => getInitializer('glorot_unifrom')).toThrowErrorMatchingInlineSnapshot(`[InitializerError: getInitializer: unknown initializer "glorot_unifrom"; did you mean glorot_uniform? known: zeros, ones, constant, random_normal, random_uniform, truncated_normal, trunc_normal, variance_scaling, glorot_normal, glorot_uniform, he_normal, he_uniform, lecun_normal, lecun_uniform, xavier_normal, xavier_uniform, kaiming_normal, kaiming_uniform, orthogonal, identity, dirac, sparse (framework aliases such as GlorotUniform, glorotUniform or xavier_uniform_ also work)]`);
    expect(() => getInitializer('HeNormall')).toThrowErrorMatchingInlineSnapshot(`[InitializerError: getInitializer: unknown initializer "HeNormall"; did you mean HeNormal (= he_normal)? known: zeros, ones, constant, random_normal, random_uniform, truncated_normal, trunc_normal, variance_scaling, glorot_normal, glorot_uniform, he_normal, he_uniform, lecun_normal, lecun_uniform, xavier_normal, xavier_uniform, kaiming_normal, kaiming_uniform, orthogonal, identity, dirac, sparse (framework aliases such as GlorotUniform, glorotUniform or xavier_uniform_ also work)]`);
    expect(() => getInitializer('xavier')).toThrowErrorMatchingInlineSnapshot(`[InitializerError: getInitializer: unknown initializer "xavier"; did you mean xavier_normal, xavier_uniform? known: zeros, ones, constant, random_normal, random_uniform, truncated_normal, trunc_normal, variance_scaling, glorot_normal, glorot_uniform, he_normal, he_uniform, lecun_normal, lecun_uniform, xavier_normal, xavier_uniform, kaiming_normal, kaiming_uniform, orthogonal, identity, dirac, sparse (framework aliases such as GlorotUniform, glorotUniform or xavier_uniform_ also work)]`);
    expect(() => getInitializer('qwertyuiop')).toThrowErrorMatchingInlineSnapshot(`[InitializerError: getInitializer: unknown initializer "qwertyuiop"; known: zeros, ones, constant, random_normal, random_uniform, truncated_normal, trunc_normal, variance_scaling, glorot_normal, glorot_uniform, he_normal, he_uniform, lecun_normal, lecun_uniform, xavier_normal, xavier_uniform, kaiming_normal, kaiming_uniform, orthogonal, identity, dirac, sparse (framework aliases such as GlorotUniform, glorotUniform or xavier_uniform_ also work)]`);
  });

  it('bad spec values', () => {
    expect(() => getInitializer(42 as unknown as string)).toThrowErrorMatchingInlineSnapshot(`[InitializerError: getInitializer: spec must be a name ('he_normal'), a 'name:param=value,...' string or { name, ...params }, got 42]`);
    expect(() => getInitializer({ stddev: 1 } as unknown as { name: string })).toThrowErrorMatchingInlineSnapshot(`[InitializerError: getInitializer: spec must be a name ('he_normal'), a 'name:param=value,...' string or { name, ...params }, got {"stddev":1}]`);
    expect(() => getLayerPreset('torch_linaer')).toThrowErrorMatchingInlineSnapshot(`[InitializerError: getLayerPreset: unknown preset "torch_linaer"; did you mean torch_linear? allowed: keras_dense, keras_conv, torch_linear, torch_conv, tfjs_dense, tfjs_conv]`);
  });
});

describe('sampling errors', () => {
  it('shapes with zero, negative or fractional dimensions', () => {
    expect(() => getInitializer('he_normal').sample([3, 0])).toThrowErrorMatchingInlineSnapshot(`[InitializerError: he_normal: shape must be a list of positive integers, got [3,0] (dimension 1 is zero)]`);
    expect(() => getInitializer('he_normal').sample([-3, 2])).toThrowErrorMatchingInlineSnapshot(`[InitializerError: he_normal: shape must be a list of positive integers, got [-3,2] (dimension 0 is negative)]`);
    expect(() => getInitializer('zeros').sample([2.5])).toThrowErrorMatchingInlineSnapshot(`[InitializerError: zeros: shape must be a list of positive integers, got [2.5] (dimension 0 is not an integer)]`);
    expect(() => getInitializer('zeros').sample('3x3' as unknown as number[])).toThrowErrorMatchingInlineSnapshot(`[InitializerError: zeros: shape must be an array of positive integers, got "3x3"]`);
  });

  it('a fan of 0 where the formula divides by it', () => {
    expect(() => getInitializer('he_normal').sample([4], { fans: { fanIn: 0, fanOut: 4 } })).toThrowErrorMatchingInlineSnapshot(`[InitializerError: he_normal: fan_in is 0 but the formula divides by it (scale / fan_in), got fans {"fanIn":0,"fanOut":4}; allowed: fan_in > 0]`);
    expect(() => getInitializer('xavier_uniform').sample([4], { fans: { fanIn: 0, fanOut: 0 } })).toThrowErrorMatchingInlineSnapshot(`[InitializerError: xavier_uniform: fan_avg is 0 but the formula divides by it (2 / (fan_in + fan_out)), got fans {"fanIn":0,"fanOut":0}; allowed: fan_avg > 0]`);
    expect(() => getInitializer('kaiming_normal:mode=fan_out').sample([4], { fans: { fanIn: 3, fanOut: 0 } })).toThrowErrorMatchingInlineSnapshot(`[InitializerError: kaiming_normal: fan_out is 0 but the formula divides by it (gain / √fan_out), got fans {"fanIn":3,"fanOut":0}; allowed: fan_out > 0]`);
    // An entry that does not divide by that fan is fine with it.
    expect(getInitializer('kaiming_normal').sample([4], { fans: { fanIn: 3, fanOut: 0 }, seed: 1 })).toHaveLength(4);
    expect(() => getInitializer('he_normal').sample([4], { fans: { fanIn: -1, fanOut: 4 } })).toThrowErrorMatchingInlineSnapshot(`[InitializerError: he_normal: fans must be { fanIn, fanOut } with finite numbers >= 0, got {"fanIn":-1,"fanOut":4}]`);
  });

  it('identity on a non-matrix', () => {
    expect(() => getInitializer('identity').sample([2, 2, 2])).toThrowErrorMatchingInlineSnapshot(`[InitializerError: identity: shape must be a 2-D matrix [rows, cols], got [2,2,2] (rank 3)]`);
  });

  it('bad layout, dtype and seed', () => {
    expect(() => getInitializer('zeros').sample([2], { layout: 'channels_last' as 'keras' })).toThrowErrorMatchingInlineSnapshot(`[InitializerError: zeros: layout must be "keras" or "torch", got "channels_last"]`);
    expect(() => getInitializer('zeros').sample([2], { dtype: 'float16' as 'float32' })).toThrowErrorMatchingInlineSnapshot(`[InitializerError: zeros: dtype must be "float32" or "float64", got "float16"]`);
    expect(() => getInitializer('random_normal').sample([2], { seed: Number.NaN })).toThrowErrorMatchingInlineSnapshot(`[InitializerError: random_normal: seed must be a safe integer, got NaN]`);
  });

  it('uses the documented codes', () => {
    expect(codeOf(() => getInitializer('nope'))).toBe('UNKNOWN_INITIALIZER');
    expect(codeOf(() => getInitializer('heNormal'))).toBe('NOT_AN_ALIAS');
    expect(codeOf(() => getInitializer({ name: 'zeros', x: 1 }))).toBe('UNKNOWN_PARAMETER');
    expect(codeOf(() => getInitializer('sparse'))).toBe('MISSING_PARAMETER');
    expect(codeOf(() => getInitializer({ name: 'random_normal', stddev: 0 }))).toBe('INVALID_PARAMETER');
    expect(codeOf(() => getInitializer('random_normal:stddev'))).toBe('INVALID_SPEC');
    expect(codeOf(() => getInitializer('zeros').sample([0]))).toBe('INVALID_SHAPE');
    expect(codeOf(() => getInitializer('identity').sample([3]))).toBe('UNSUPPORTED_SHAPE');
    expect(codeOf(() => getInitializer('he_normal').sample([3], { fans: { fanIn: 0, fanOut: 1 } }))).toBe('ZERO_FAN');
    expect(codeOf(() => getInitializer('he_normal').sample([3], { fans: { fanIn: Number.NaN, fanOut: 1 } }))).toBe('INVALID_FANS');
    expect(codeOf(() => getInitializer('zeros').sample([3], { dtype: 'int8' as 'float32' }))).toBe('INVALID_OPTION');
    expect(codeOf(() => getLayerPreset('x'))).toBe('UNKNOWN_PRESET');
    const error = (() => {
      try {
        getInitializer({ name: 'random_normal', stddev: -1 });
      } catch (e) {
        return e as InitializerError;
      }
      return null;
    })();
    expect(error).toMatchObject({ name: 'InitializerError', initializer: 'random_normal', parameter: 'stddev', value: -1 });
  });
});
