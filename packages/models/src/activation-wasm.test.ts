import { afterAll, describe, expect, it } from 'vitest';
import { activateValue, DERIVATIVE_FROM_Z, derivativeValue, ELEMENTWISE_ACTIVATIONS, type ElementwiseActivation, expm1NegativeValue, expValue } from './activation-wasm.js';
import { SELU_ALPHA, SELU_SCALE } from './activations.js';
import { denseKernels, selectDenseKernels } from './dense-wasm.js';
import { erf } from './host-loss.js';

const F = new Float32Array(1);
const U = new Uint32Array(F.buffer);
const fromBits = (b: number): number => {
  U[0] = b;
  return F[0]!;
};
const bitsOf = (v: number): number => {
  F[0] = v;
  return U[0]!;
};

/** Spacing of float32 at |v| (the subnormal spacing below 2⁻¹²⁶). */
const ulp = (v: number): number => 2 ** (Math.max(Math.floor(Math.log2(Math.abs(v))), -126) - 23);

const SPECIAL = [0, -0, Infinity, -Infinity, NaN, fromBits(1), fromBits(0x807fffff), fromBits(0x00800000), 3.4028234663852886e38, -3.4028234663852886e38];

/** Every 997th float32 bit pattern of either sign (4.3 million), 10⁶ evenly spaced in [−20, 20] and the special values. */
function sweep(stride = 997, dense = 1_000_000): Float32Array {
  const xs: number[] = [...SPECIAL];
  for (let b = 0; b < 0x7f800000; b += stride) xs.push(fromBits(b), fromBits(b | 0x80000000));
  for (let i = 0; i <= dense; i++) xs.push(-20 + (40 * i) / dense);
  return Float32Array.from(xs);
}

/** erfc in float64: 1 − erf below 3 (erfc ≥ 2e-5 there), the continued fraction of erfc above. */
function erfc(x: number): number {
  if (x < 3) return 1 - erf(x);
  let f = x;
  for (let k = 60; k >= 1; k--) f = x + k / 2 / f;
  return Math.exp(-x * x) / Math.sqrt(Math.PI) / f;
}
const Phi = (z: number): number => (z >= 0 ? 1 - 0.5 * erfc(z * Math.SQRT1_2) : 0.5 * erfc(-z * Math.SQRT1_2));

const ALPHA = 0.3;
/** float64 definitions (alpha as the float32 the kernels use, so only the approximation is measured). */
const REFERENCE: Record<ElementwiseActivation, (z: number) => number> = {
  tanh: Math.tanh,
  sigmoid: (z) => 1 / (1 + Math.exp(-z)),
  elu: (z) => (z > 0 ? z : Math.fround(ALPHA) * Math.expm1(z)),
  selu: (z) => (z > 0 ? Math.fround(SELU_SCALE) * z : Math.fround(SELU_SCALE * SELU_ALPHA) * Math.expm1(z)),
  gelu: (z) => z * Phi(z),
  softsign: (z) => z / (1 + Math.abs(z)),
  leaky_relu: (z) => (z < 0 ? Math.fround(ALPHA) * z : z),
};

/** The largest error in float32 ulps of the correctly rounded value, over xs (non-finite results must match exactly). */
function worstUlps(xs: Float32Array, got: Float32Array, ref: (x: number) => number, skip: (r: number) => boolean = () => false): { ulps: number; at: number } {
  let worst = { ulps: 0, at: 0 };
  for (let i = 0; i < xs.length; i++) {
    const r = ref(xs[i]!);
    const rounded = Math.fround(r);
    if (!Number.isFinite(rounded)) {
      if (!Object.is(got[i], rounded)) return { ulps: Infinity, at: xs[i]! };
      continue;
    }
    if (skip(r)) continue;
    const e = Math.abs(got[i]! - r) / ulp(r);
    if (!(e <= worst.ulps)) worst = { ulps: e, at: xs[i]! };
  }
  return worst;
}

/** One activation over xs with the selected kernels. */
function forward(name: ElementwiseActivation, xs: Float32Array, alpha = ALPHA): Float32Array {
  const k = denseKernels();
  const n = xs.length;
  const padded = (n + 3) & ~3;
  k.reserve(2 * padded);
  k.memory().set(xs, 0);
  k.activations.forward(name, 0, padded, n, alpha);
  return k.memory().slice(padded, padded + n);
}

/** g ⊙ f′ from x (a, or z for gelu) with the selected kernels. */
function backward(name: ElementwiseActivation, g: Float32Array, x: Float32Array, alpha = ALPHA): Float32Array {
  const k = denseKernels();
  const padded = (g.length + 3) & ~3;
  k.reserve(2 * padded);
  k.memory().set(g, 0);
  k.memory().set(x, padded);
  k.activations.backward(name, 0, padded, g.length, alpha);
  return k.memory().slice(0, g.length);
}

/** The first index where x and y differ in bits, or −1 (a loop: toEqual on millions of bytes is slow). */
function firstDifference(x: Float32Array, y: Float32Array): number {
  if (x.length !== y.length) return 0;
  const a = new Uint32Array(x.buffer, x.byteOffset, x.length);
  const b = new Uint32Array(y.buffer, y.byteOffset, y.length);
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return i;
  return -1;
}

describe('float32 activations against float64', () => {
  afterAll(() => selectDenseKernels('wasm'));
  const xs = sweep();

  it('exp: at most 1 ulp, Inf above 88.72, 0 below −103.97, NaN kept', () => {
    const got = xs.map(expValue);
    const w = worstUlps(xs, got, Math.exp);
    expect(w.ulps, `at ${w.at}`).toBeLessThanOrEqual(1);
    expect([expValue(Infinity), expValue(-Infinity), expValue(-0), expValue(89), expValue(-104)]).toEqual([Infinity, 0, 1, Infinity, 0]);
    expect(Number.isNaN(expValue(NaN))).toBe(true);
  });

  it('e^x − 1 for x ≤ 0: at most 1 ulp, −0 kept', () => {
    const negative = xs.filter((x) => !(x > 0));
    const w = worstUlps(negative, negative.map(expm1NegativeValue), Math.expm1);
    expect(w.ulps, `at ${w.at}`).toBeLessThanOrEqual(1);
    expect(Object.is(expm1NegativeValue(-0), -0)).toBe(true);
  });

  const bounds: [ElementwiseActivation, number][] = [
    ['tanh', 1.5],
    ['sigmoid', 2.5],
    ['elu', 1.5],
    ['selu', 2],
    ['leaky_relu', 0.5],
    ['softsign', 1.5],
  ];
  for (const [name, bound] of bounds) {
    it(`${name}: at most ${bound} ulps over ${xs.length} points`, () => {
      selectDenseKernels('wasm');
      const w = worstUlps(xs, forward(name, xs), REFERENCE[name]);
      expect(w.ulps, `at ${w.at}`).toBeLessThanOrEqual(bound);
    });
  }

  it('gelu: at most 7 ulps where |gelu| ≥ 1e-30, 1e-36 absolute in the far negative tail', () => {
    selectDenseKernels('wasm');
    const got = forward('gelu', xs);
    const w = worstUlps(xs, got, REFERENCE.gelu, (r) => Math.abs(r) < 1e-30);
    expect(w.ulps, `at ${w.at}`).toBeLessThanOrEqual(7);
    let tail = 0;
    for (let i = 0; i < xs.length; i++) {
      const r = REFERENCE.gelu(xs[i]!);
      if (Math.abs(r) < 1e-30) tail = Math.max(tail, Math.abs(got[i]! - r));
    }
    expect(tail).toBeLessThanOrEqual(1e-36);
  });

  it("gelu′: at most 2e-7 absolute (it crosses 0 near z = −0.75, so no relative bound)", () => {
    selectDenseKernels('wasm');
    const z = xs.filter((x) => Math.abs(x) < 30);
    const got = backward('gelu', new Float32Array(z.length).fill(1), z);
    let worst = 0;
    z.forEach((v, i) => {
      worst = Math.max(worst, Math.abs(got[i]! - (Phi(v) + (v * Math.exp(-0.5 * v * v)) / Math.sqrt(2 * Math.PI))));
    });
    expect(worst).toBeLessThanOrEqual(2e-7);
  });

  it('softsign′ from z, TensorFlow’s g / (1 + |z|)² in its float32 order: within 4 ulps of it in float64 (four half-ulp roundings, the sum’s doubled by the square), 0 where (1 + |z|)² overflows', () => {
    selectDenseKernels('wasm');
    const z = xs.filter((x) => !Number.isNaN(x));
    const g = z.map((_, i) => Math.sin(i) + 2);
    const got = backward('softsign', g, z);
    let worst = 0;
    z.forEach((v, i) => {
      const want = g[i]! / (1 + Math.abs(v)) ** 2;
      if (Math.fround(want) === 0 || !Number.isFinite(Math.fround((1 + Math.abs(v)) ** 2))) expect(got[i]).toBe(0);
      else if (Math.abs(want) >= 2 ** -126) worst = Math.max(worst, Math.abs(got[i]! - want) / ulp(want));
    });
    expect(worst).toBeLessThanOrEqual(4);
  });

  it('the other derivatives are activationBackward’s formulas in float32: within a rounding of |g| of them in float64', () => {
    const a = sweep(99991, 10_000).map((v) => Math.tanh(v));
    const g = a.map((_, i) => Math.sin(i));
    const formulas: [ElementwiseActivation, (g: number, a: number) => number][] = [
      ['tanh', (g, a) => g * (1 - a * a)],
      ['sigmoid', (g, a) => g * a * (1 - a)],
      ['elu', (g, a) => (a > 0 ? g : g * (a + Math.fround(ALPHA)))],
      ['selu', (g, a) => g * (a > 0 ? Math.fround(SELU_SCALE) : a + Math.fround(SELU_SCALE * SELU_ALPHA))],
      ['leaky_relu', (g, a) => g * (a > 0 ? 1 : Math.fround(ALPHA))],
    ];
    for (const [name, f] of formulas) {
      const got = backward(name, g, a);
      let worst = 0;
      a.forEach((v, i) => {
        if (!Number.isNaN(v) && g[i] !== 0) worst = Math.max(worst, Math.abs(got[i]! - f(g[i]!, v)) / (Math.abs(g[i]!) * (1 + Math.abs(v)) ** 2));
      });
      expect(worst, name).toBeLessThanOrEqual(2 ** -22);
    }
  });

  it('special values: saturation, signed zeros and infinities, NaN as 0x7fc00000', () => {
    const v = (name: ElementwiseActivation, x: number, alpha = 1): number => activateValue(name, x, alpha);
    expect([v('tanh', Infinity), v('tanh', -Infinity), v('tanh', 9.1), v('tanh', -20)]).toEqual([1, -1, 1, -1]);
    expect(Object.is(v('tanh', -0), -0)).toBe(true);
    expect(v('tanh', fromBits(1))).toBe(fromBits(1));
    expect([v('sigmoid', Infinity), v('sigmoid', -Infinity), v('sigmoid', 0), v('sigmoid', -200)]).toEqual([1, 0, 0.5, 0]);
    // a subnormal result, correctly rounded
    expect(v('sigmoid', -100)).toBe(Math.fround(Math.exp(-100)));
    expect([v('elu', -Infinity, 0.5), v('elu', Infinity), v('selu', -Infinity)]).toEqual([-0.5, Infinity, Math.fround(-SELU_SCALE * SELU_ALPHA)]);
    expect(Object.is(v('elu', -0), -0)).toBe(true);
    expect([v('gelu', Infinity), v('gelu', 0), v('gelu', -30)]).toEqual([Infinity, 0, -0]);
    expect(Object.is(v('gelu', -0), -0)).toBe(true);
    // softsign: Keras's and PyTorch's x / (1 + |x|); ±∞ gives NaN as TensorFlow's kernel does
    expect([v('softsign', 1), v('softsign', -3), v('softsign', 0), v('softsign', 1e30)]).toEqual([0.5, -0.75, 0, 1]);
    expect(Object.is(v('softsign', -0), -0)).toBe(true);
    expect(bitsOf(v('softsign', Infinity))).toBe(0x7fc00000);
    expect([derivativeValue('softsign', 1, 1), derivativeValue('softsign', 2, -3), derivativeValue('softsign', 1, 1e30)]).toEqual([0.25, 0.125, 0]);
    for (const name of ELEMENTWISE_ACTIVATIONS) {
      expect(bitsOf(v(name, NaN)), name).toBe(0x7fc00000);
      expect(bitsOf(derivativeValue(name, NaN, 0.5)), name).toBe(0x7fc00000);
    }
  });
});

describe('WebAssembly SIMD and JavaScript give the same bits', () => {
  afterAll(() => selectDenseKernels('wasm'));
  // every 29989th bit pattern (143 000) and 10⁵ points in [−20, 20]: the JavaScript twin runs at ~1 µs a value
  const xs = sweep(29989, 100_000);
  const g = xs.map((_, i) => Math.cos(i) * 3);

  for (const name of ELEMENTWISE_ACTIVATIONS) {
    it(`${name} and its derivative`, () => {
      const run = (impl: 'wasm' | 'js') => {
        expect(selectDenseKernels(impl)).toBe(impl === 'wasm');
        const a = forward(name, xs);
        // the derivative from the layer's own output (z for gelu and softsign), and from raw sweep values
        return { a, fromA: backward(name, g, DERIVATIVE_FROM_Z.includes(name) ? xs : a), fromX: backward(name, g, xs) };
      };
      const wasm = run('wasm');
      const js = run('js');
      expect(firstDifference(js.a, wasm.a)).toBe(-1);
      expect(firstDifference(js.fromA, wasm.fromA)).toBe(-1);
      expect(firstDifference(js.fromX, wasm.fromX)).toBe(-1);
      // the scalar twin the host scorer uses is the same function
      const scalar = xs.map((x) => activateValue(name, x, ALPHA));
      expect(firstDifference(scalar, wasm.a)).toBe(-1);
    });
  }

  it('softmax and its derivative, per row (rows of 1, 3, 4 and 7 units)', () => {
    for (const units of [1, 3, 4, 7]) {
      const rows = Math.floor(4096 / units);
      const z = xs.subarray(2 * SPECIAL.length, 2 * SPECIAL.length + rows * units).map((v, i) => (i % 97 === 0 ? v : Math.max(-1e4, Math.min(1e4, v))));
      z[5] = NaN;
      z[units * 3] = Infinity;
      const run = (impl: 'wasm' | 'js') => {
        selectDenseKernels(impl);
        const k = denseKernels();
        const n = rows * units;
        const p = (n + 3) & ~3;
        k.reserve(3 * p);
        const mem = k.memory();
        mem.set(z, 0);
        k.activations.softmax(0, p, rows, units);
        const a = mem.slice(p, p + n);
        mem.set(g.subarray(0, n), 2 * p);
        k.activations.softmaxBackward(2 * p, p, rows, units);
        return { a, da: mem.slice(2 * p, 2 * p + n) };
      };
      const wasm = run('wasm');
      const js = run('js');
      // NaN rows compare as NaN (their sign is unspecified in WebAssembly), every other bit exactly
      const same = (x: Float32Array, y: Float32Array) => x.forEach((v, i) => (Number.isNaN(v) ? expect(y[i]).toBeNaN() : expect(bitsOf(y[i]!)).toBe(bitsOf(v))));
      same(wasm.a, js.a);
      same(wasm.da, js.da);
      // and the values are a softmax: finite rows sum to 1 within float32 rounding
      for (let r = 0; r < rows; r++) {
        const row = Array.from(wasm.a.subarray(r * units, (r + 1) * units));
        if (row.every(Number.isFinite)) expect(Math.abs(row.reduce((s, v) => s + v, 0) - 1)).toBeLessThan(units * 2e-7);
      }
    }
  });
});
