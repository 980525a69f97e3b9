export { RandomError, type RandomErrorCode } from './errors.js';
export { MT19937 } from './mt19937.js';
export { CHOICE_OPTIONS, RandomState, type ChoiceOptions } from './random-state.js';
export type { MT19937Seed } from './validate.js';
export { Rng, deriveSeed, randomSeed } from './rng.js';
export type { StreamKey } from './stream-key.js';
export { normalCdf, normalPdf, normalPpf, normalSf } from './normal-dist.js';
