import { describe, expect, it } from 'vitest';
import {
  HIDDEN_ACTIVATION_NAMES,
  LSUV_DEFAULTS,
  OPTIMIZER_DEFAULTS,
  OPTIMIZER_OPTIONAL_PARAMETERS,
  OPTIMIZER_PARAMETERS,
  lsuvParameterRule,
  resolveOptimizer,
} from './index.js';

describe('names and rules', () => {
  it('offers every activation but softmax for hidden layers', () => {
    expect(HIDDEN_ACTIVATION_NAMES).toEqual(['linear', 'relu', 'leaky_relu', 'elu', 'selu', 'tanh', 'sigmoid', 'softsign', 'gelu']);
  });

  it("lists each optimizer's parameters from its defaults, and resolveOptimizer fills in exactly those defaults", () => {
    expect(OPTIMIZER_PARAMETERS.adam).toEqual(['learningRate', 'beta1', 'beta2', 'epsilon', 'amsgrad', 'weightDecay']);
    expect(OPTIMIZER_PARAMETERS.sgd).toEqual(['learningRate', 'momentum', 'nesterov', 'weightDecay']);
    for (const name of ['sgd', 'adam', 'rmsprop'] as const) {
      // the optional parameters are left out at their no-op defaults (run identities stay the same)
      const expected: Record<string, unknown> = { name, ...OPTIMIZER_DEFAULTS[name] };
      for (const key of OPTIMIZER_OPTIONAL_PARAMETERS) delete expected[key];
      expect(resolveOptimizer(name)).toEqual(expected);
      expect(resolveOptimizer({ name, ...OPTIMIZER_DEFAULTS[name] })).toEqual(expected);
    }
  });

  it('has one LSUV rule per parameter, which the defaults satisfy', () => {
    expect(lsuvParameterRule('maxIterations', 0)).toBeNull();
    expect(lsuvParameterRule('maxIterations', -1)).toBe('an integer >= 0');
    expect(lsuvParameterRule('maxIterations', 1.5)).toBe('an integer >= 0');
    expect(lsuvParameterRule('tolerance', 0)).toBe('a finite number > 0');
    expect(lsuvParameterRule('batchSize', 0)).toBe('a positive integer');
    for (const key of ['tolerance', 'maxIterations', 'batchSize'] as const) expect(lsuvParameterRule(key, LSUV_DEFAULTS[key])).toBeNull();
  });
});
