import { Rng } from '@initlab/random';
import { afterAll, describe, expect, it } from 'vitest';
import { batchNormBackwardValues, batchNormEvalValues, batchNormTrainValues, layerNormBackwardValues, layerNormValues } from './norm-kernels.js';
import { normKernels, selectNormKernels } from './norm-wasm.js';

const bytes = (a: Float32Array): Uint8Array => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

function randoms(rng: Rng, n: number, scale: number, offset = 0): Float32Array {
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) a[i] = offset + scale * rng.normal();
  return a;
}

function makeCase(k: number, rows: number, units: number, seed: number) {
  const rng = new Rng(seed);
  return {
    // an offset mean, so the two-pass variance and its order matter
    x: randoms(rng, k * rows * units, 1.7, 3),
    dy: randoms(rng, k * rows * units, 0.4),
    gamma: randoms(rng, k * units, 0.3, 1),
    beta: randoms(rng, k * units, 0.2),
    movingMean: randoms(rng, k * units, 0.5),
    movingVariance: randoms(rng, k * units, 0.1, 1).map(Math.abs),
  };
}

type Case = ReturnType<typeof makeCase>;

/** Every routine's outputs, with the kernels' memory filled with NaN first (so a read of an unwritten float shows). */
function everything(c: Case, k: number, rows: number, units: number): Record<string, Float32Array> {
  const kernels = normKernels();
  kernels.reserve(8 * (k * rows * units + 64) + 64);
  kernels.memory().fill(Number.NaN);
  const bn = batchNormTrainValues(c.x, c.gamma, c.beta, k, rows, units, 1e-3);
  const bnBack = batchNormBackwardValues(c.dy, bn.xhat, c.gamma, bn.invStd, k, rows, units);
  const ev = batchNormEvalValues(c.x, c.gamma, c.beta, c.movingMean, c.movingVariance, k, rows, units, 1e-3);
  const ln = layerNormValues(c.x, c.gamma, c.beta, k, rows, units, 1e-5);
  const lnBack = layerNormBackwardValues(c.dy, ln.xhat, c.gamma, ln.invStd, k, rows, units);
  const out: Record<string, Float32Array> = { ev };
  for (const [name, o] of Object.entries({ bn, bnBack, ln, lnBack })) for (const [key, v] of Object.entries(o)) out[`${name}.${key}`] = v;
  return out;
}

const SHAPES: [number, number, number][] = [1, 3].flatMap((k) => [1, 2, 3, 4, 5, 127, 128].flatMap((units) => [[k, 2, units] as [number, number, number], [k, 7, units] as [number, number, number]]));

describe('norm kernels: WebAssembly SIMD and JavaScript', () => {
  afterAll(() => selectNormKernels('wasm'));

  it('WebAssembly SIMD runs here (else the comparisons below would compare JavaScript with itself)', () => {
    expect(selectNormKernels('wasm')).toBe(true);
    expect(normKernels().wasm).toBe(true);
    expect(selectNormKernels('js')).toBe(false);
  });

  it('give the same bits for every routine, over K = 1, 3, B = 2, 7 and U = 1 … 5, 127, 128 (partial chunks of units)', () => {
    for (const [k, rows, units] of SHAPES) {
      const c = makeCase(k, rows, units, 1000 * k + 10 * units + rows);
      selectNormKernels('wasm');
      const wasm = everything(c, k, rows, units);
      selectNormKernels('js');
      const js = everything(c, k, rows, units);
      expect(Object.keys(wasm).sort()).toEqual(Object.keys(js).sort());
      for (const key of Object.keys(js)) {
        const shape = `${key} at [${k}, ${rows}, ${units}]`;
        expect(js[key]!.every(Number.isFinite), shape).toBe(true);
        expect(bytes(wasm[key]!), shape).toEqual(bytes(js[key]!));
      }
    }
  });

  it('in either implementation a member gets the same bits alone as in a K = 3 stack, with tails (U = 5, 127)', () => {
    for (const impl of ['wasm', 'js'] as const) {
      selectNormKernels(impl);
      for (const units of [5, 127]) {
        const [k, rows] = [3, 6];
        const c = makeCase(k, rows, units, 77 + units);
        const all = everything(c, k, rows, units);
        for (let m = 0; m < k; m++) {
          const big = (a: Float32Array) => a.slice(m * rows * units, (m + 1) * rows * units);
          const small = (a: Float32Array) => a.slice(m * units, (m + 1) * units);
          const alone = everything(
            { x: big(c.x), dy: big(c.dy), gamma: small(c.gamma), beta: small(c.beta), movingMean: small(c.movingMean), movingVariance: small(c.movingVariance) },
            1,
            rows,
            units,
          );
          for (const key of Object.keys(alone)) {
            const n = alone[key]!.length;
            expect(bytes(alone[key]!), `${impl} ${key} member ${m} U = ${units}`).toEqual(bytes(all[key]!.slice(m * n, (m + 1) * n)));
          }
        }
      }
    }
  });

  it('layer norm sums by the stated order: four partial sums by unit mod 4, combined as (s0 + s2) + (s1 + s3)', () => {
    // rows mixing ±2^60 with small values, so that a float64 sum's order shows in x̂ (the first row's sum is
    // (2^60 − 2^60) + (2 + 1) = 3 in the stated order, 4 in one chain)
    const [rows, units] = [16, 7];
    const rng = new Rng(5);
    const x = new Float32Array(rows * units);
    x.set([2 ** 60, 1, -(2 ** 60), 1, 1, 1, 1]);
    for (let i = units; i < x.length; i++) x[i] = rng.uniform() < 0.3 ? (rng.uniform() < 0.5 ? -1 : 1) * 2 ** 60 : 1 + rng.normal();
    const gamma = new Float32Array(units).fill(1);
    const beta = new Float32Array(units);
    /** x̂ with the sums over units in `lanes` partial sums by j mod lanes (4: (s0 + s2) + (s1 + s3); 1: one chain). */
    const xhat = (lanes: 1 | 4): Float32Array => {
      const out = new Float32Array(rows * units);
      for (let r = 0; r < rows; r++) {
        const at = (j: number): number => x[r * units + j]!;
        const total = (term: (v: number) => number): number => {
          const s = [0, 0, 0, 0];
          for (let j = 0; j < units; j++) s[j % lanes]! += term(at(j));
          return s[0]! + s[2]! + (s[1]! + s[3]!);
        };
        const mean = total((v) => v) / units;
        const inv = 1 / Math.sqrt(total((v) => (v - mean) * (v - mean)) / units + 1e-5);
        for (let j = 0; j < units; j++) out[r * units + j] = (at(j) - mean) * inv;
      }
      return out;
    };
    const expected = xhat(4);
    // the data tell the orders apart, so the comparison below can fail
    expect(bytes(xhat(1))).not.toEqual(bytes(expected));
    for (const impl of ['wasm', 'js'] as const) {
      selectNormKernels(impl);
      expect(bytes(layerNormValues(x, gamma, beta, 1, rows, units, 1e-5).xhat), impl).toEqual(bytes(expected));
    }
  });
});
