// Every public function taking an options object refuses keys it does not read (issue 12), with the shared
// unknownOptionsMessage of @initlab/errors, and initializer parameter objects refuse unknown parameters.
import { describe, expect, it } from 'vitest';
import {
  getInitializer,
  getLayerPreset,
  InitializerError,
  listInitializers,
  PRESET_SAMPLE_OPTION_NAMES,
  SAMPLE_OPTION_NAMES,
  splitInitializerList,
  SPLIT_LIST_OPTION_NAMES,
  type SampleOptions,
} from './index.js';
import { codeOf } from './testing/codes.js';


describe('unknown option keys', () => {
  it('Initializer.sample', () => {
    const init = getInitializer('he_normal');
    expect(() => init.sample([3, 3], { sead: 1 } as SampleOptions)).toThrowErrorMatchingInlineSnapshot(`[InitializerError: he_normal: unknown option "sead" (did you mean "seed"?); allowed: dtype, fans, inputAxes, layout, outputAxes, seed]`);
    expect(codeOf(() => init.sample([3, 3], { seed: 1, dtypes: 'float64' } as SampleOptions))).toBe('INVALID_OPTION');
    expect(() => init.sample([3, 3], null as unknown as SampleOptions)).toThrowErrorMatchingInlineSnapshot(`[InitializerError: he_normal: opts must be an object, got null]`);
    expect(() => init.sample([3, 3], [] as unknown as SampleOptions)).toThrow(/opts must be an object/);
    // An explicit undefined is a key the caller wrote: still a known key, still fine.
    expect(init.sample([3, 3], { seed: 1, dtype: undefined })).toHaveLength(9);
    // Every listed option is read: passing each one is accepted.
    const all: Required<SampleOptions> = {
      seed: 1,
      layout: 'keras',
      dtype: 'float64',
      fans: { fanIn: 3, fanOut: 3 },
      inputAxes: [0],
      outputAxes: [1],
    };
    expect(Object.keys(all).sort()).toEqual([...SAMPLE_OPTION_NAMES].sort());
    const { fans, ...axes } = all; // fans and the axes both decide the fans: one or the other
    expect(init.sample([3, 3], { ...axes })).toHaveLength(9);
    expect(init.sample([3, 3], { ...axes, inputAxes: undefined, outputAxes: undefined, fans })).toHaveLength(9);
  });

  it('the fans override takes exactly fanIn and fanOut', () => {
    const init = getInitializer('he_uniform');
    expect(() => init.sample([3, 3], { fans: { fanIn: 3, fanOut: 3, fan_in: 9 } as SampleOptions['fans'] })).toThrowErrorMatchingInlineSnapshot(`[InitializerError: he_uniform: fans must be { fanIn, fanOut } with finite numbers >= 0, got {"fanIn":3,"fanOut":3,"fan_in":9}]`);
    expect(codeOf(() => init.sample([3, 3], { fans: { fan_in: 3, fan_out: 3 } as unknown as SampleOptions['fans'] }))).toBe('INVALID_FANS');
  });

  it('LayerPreset.sample', () => {
    const preset = getLayerPreset('torch_linear');
    expect(() => preset.sample([4, 8], { seed: 1, layout: 'keras' } as { seed: number })).toThrowErrorMatchingInlineSnapshot(`[InitializerError: torch_linear: unknown option "layout"; allowed: dtype, seed]`);
    expect([...PRESET_SAMPLE_OPTION_NAMES].sort()).toEqual(['dtype', 'seed']);
    expect(preset.sample([4, 8], { seed: 1, dtype: 'float64' }).kernel).toHaveLength(32);
  });

  it('splitInitializerList', () => {
    expect(() => splitInitializerList('zeros', { flag: '--init' } as unknown as { name: string })).toThrowErrorMatchingInlineSnapshot(`[InitializerError: splitInitializerList: unknown option "flag"; allowed: name]`);
    expect(SPLIT_LIST_OPTION_NAMES).toEqual(['name']);
    expect(splitInitializerList('zeros,he_normal', { name: '--initializers' })).toEqual(['zeros', 'he_normal']);
  });
});

describe('initializer parameter objects refuse unknown parameters (from the entry schema, the one list of names)', () => {
  it.each(listInitializers().map((info) => [info.name, info] as const))('%s', (_name, info) => {
    const base = info.name === 'sparse' ? { name: info.name, sparsity: 0.5 } : { name: info.name };
    let error: unknown;
    try {
      getInitializer({ ...base, not_a_parameter: 1 });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InitializerError);
    expect((error as InitializerError).code).toBe('UNKNOWN_PARAMETER');
    const names = info.parameters.map((p) => p.name).join(', ');
    expect((error as Error).message).toContain(info.parameters.length === 0 ? 'it takes no parameters' : `allowed: ${names}`);
    // Every parameter the schema names is accepted by name (and so is every alias).
    for (const param of info.parameters) {
      for (const key of [param.name, ...(param.aliases ?? [])]) {
        const value = param.default ?? 0.5;
        expect(getInitializer({ ...base, [key]: value }).getConfig()[param.name], `${info.name}.${key}`).toBe(value);
      }
    }
  });
});
