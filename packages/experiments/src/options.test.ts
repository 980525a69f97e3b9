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
