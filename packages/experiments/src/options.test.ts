import { describe, expect, it } from 'vitest';
import { compareExperiment } from './compare.js';
import { validateExperiment } from './parse.js';
import { prepareData } from './prepare.js';
import { seedExperiments } from './seeds.js';

describe('unknown options', () => {
  it('are refused by compareExperiment, validateExperiment and prepareData', async () => {
    expect(() => compareExperiment({ initializers: ['zeros'], seeds: 1, epoch: 3 } as never)).toThrow(
      expect.objectContaining({ code: 'INVALID_OPTION', message: expect.stringMatching(/^compareExperiment: unknown option "epoch" \(did you mean "epochs"\?\); allowed: /) }),
    );
    expect(() => validateExperiment(seedExperiments['seed-wine'], 'x', { flagof: () => undefined } as never)).toThrow(
      'validateExperiment: unknown option "flagof" (did you mean "flagOf"?); allowed: flagOf',
    );
    await expect(prepareData(seedExperiments['seed-wine'], { basedir: '.' } as never)).rejects.toMatchObject({
      code: 'INVALID_OPTION',
      message: 'prepareData: unknown option "basedir" (did you mean "baseDir"?); allowed: baseDir, csvOptionStyle, dataOptions, signal',
    });
  });
});

describe('image feature scalings', () => {
  it('pixels refuses data that are not 8-bit pixels, naming the file key to change', async () => {
    const config = validateExperiment({ ...seedExperiments['seed-wine'], data: { dataset: 'moons' }, preprocess: { features: 'pixels', target: 'none' } }, 'test');
    await expect(prepareData(config)).rejects.toMatchObject({
      code: 'FEATURE_SCALING_MISMATCH',
      message: expect.stringMatching(/needs 8-bit pixel values in \[0, 255\], but moons has -?\d[^;]* in training row \d+, feature \d+; use preprocess.features: standard \(or global\)$/),
    });
    const global = await prepareData(validateExperiment({ ...config, preprocess: { features: 'global', target: 'none' } }, 'test'));
    const all = global.xTrain.flat();
    expect(all.reduce((a, b) => a + b, 0) / all.length).toBeCloseTo(0, 12);
  });
});
