import { afterAll, describe, expect, it } from 'vitest';
import { Lanes } from './lanes.js';
import { Rng } from './rng.js';
import { buildSamplingModule, samplingKernels, selectSamplingKernels } from './sampling-kernels.js';

const bytes = (a: Float32Array | Float64Array): Uint8Array => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

/** Every bulk sampler, on sizes that cross block boundaries and leave partial lane groups. */
function fills(seed: number): (Float32Array | Float64Array)[] {
  const rng = new Rng(seed);
  rng.nextUint32(); // start mid-group, so bulk draws begin after leftovers
  return [
    rng.fillUniform(new Float32Array(10_001), -0.05, 0.05),
    rng.fillUniform(new Float32Array(4099), 1e6, 1e6 + 1), // many values near the bounds: the listed path
    rng.fillNormal(new Float32Array(9_999), 0, 0.05),
    rng.fillTruncatedNormal(new Float32Array(8_193), 0, 0.05, -0.1, 0.1),
    rng.fillTruncatedNormal(new Float32Array(5_000), 1, 2, 1, 3), // one-sided: folded
    rng.fillTruncatedNormal(new Float32Array(3_000), 0, 1, 3, 3.5), // Robert's sampler
    rng.fillUniform(new Float64Array(5_003), -2, 3),
    rng.fillNormal(new Float64Array(4_097), 1, 2),
    rng.fillTruncatedNormal(new Float64Array(6_001), 0, 1, -2, 2),
  ];
}

describe('sampling kernels', () => {
  afterAll(() => {
    selectSamplingKernels('wasm');
  });

  it('the encoded WebAssembly module validates and instantiates (Node has WebAssembly SIMD)', () => {
    const api = (globalThis as { WebAssembly?: { validate(bytes: Uint8Array): boolean } }).WebAssembly;
    expect(api?.validate(buildSamplingModule())).toBe(true);
    expect(selectSamplingKernels('wasm')).toBe(true);
  });

  it('WebAssembly SIMD and JavaScript passes give the same bytes for every sampler', () => {
    expect(selectSamplingKernels('wasm')).toBe(true);
    const wasm = fills(3);
    expect(selectSamplingKernels('js')).toBe(false);
    const js = fills(3);
    for (const [i, a] of wasm.entries()) expect(bytes(js[i]!), `fill ${i}`).toEqual(bytes(a));
  });

  it('WebAssembly and JavaScript agree for every split of a block into leftover draws, whole lane groups and a tail', () => {
    const run = (): (Float32Array | Float64Array)[] => {
      const out: Float32Array[] = [];
      // One-at-a-time draws are buffered 16 at a time: 0 to 16 of them left before a fill.
      for (const leftover of [0, 1, 2, 3, 4, 5, 13, 15, 16, 17]) {
        for (const n of [1, 2, 3, 4, 5, 6, 7, 4096, 4097, 4098, 4099]) {
          const rng = new Rng(11, leftover, n);
          for (let i = 0; i < leftover; i++) rng.nextUint32();
          out.push(rng.fillUniform(new Float32Array(n), 1e6, 1e6 + 1)); // most values listed: near the bounds
          out.push(rng.fillNormal(new Float32Array(n), 0, 1));
          out.push(rng.fillTruncatedNormal(new Float32Array(n), 0, 1, -0.3, 2)); // many redos and queued slots
        }
      }
      return out;
    };
    selectSamplingKernels('wasm');
    const wasm = run();
    selectSamplingKernels('js');
    const js = run();
    for (const [i, a] of wasm.entries()) expect(bytes(js[i]!), `fill ${i}`).toEqual(bytes(a));
  });

  it('bulk draws continue the one-at-a-time sequence exactly (lane order, leftovers, tails)', () => {
    const words = Array.from({ length: 16 }, (_, i) => (i * 0x9e3779b9 + 1) | 0);
    const scalar = new Lanes(words);
    const expected = Array.from({ length: 103 }, () => scalar.nextInt32());
    for (const implementation of ['wasm', 'js'] as const) {
      selectSamplingKernels(implementation);
      const lanes = new Lanes(words);
      const first = lanes.nextInt32();
      const kernels = samplingKernels();
      kernels.take(lanes, 101);
      expect([first, ...kernels.draws.subarray(0, 101), lanes.nextInt32()], implementation).toEqual(expected);
    }
  });
});
