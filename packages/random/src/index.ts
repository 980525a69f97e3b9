export { RandomError, type RandomErrorCode } from './errors.js';
export { MT19937 } from './mt19937.js';
export { RandomState } from './random-state.js';
export { Rng, deriveSeed, randomSeed } from './rng.js';
export type { StreamKey } from './stream-key.js';
export { normalCdf, normalPdf, normalPpf, normalSf } from './normal-dist.js';
