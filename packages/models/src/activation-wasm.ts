/**
 * The dense layers' activations and their derivatives, fused into the forward and backward kernels.
 *
 * Each elementwise formula is written ONCE, against a small instruction set (`Ops`) that has two
 * implementations: one emits WebAssembly SIMD (four lanes, `f32x4`/`i32x4`), the other evaluates
 * plain JavaScript numbers with `Math.fround` after every operation. Every instruction is one that
 * both compute with identical bits — IEEE float32 add/sub/mul/div, pmin/pmax (defined as a compare
 * and a select, `b < a ? b : a`, in both; used with the value first, so NaN propagates), abs/neg,
 * comparisons, lane selects and exact integer/bit
 * operations on the float's bits — and the JavaScript twin runs the same instructions in the same
 * order, so the WebAssembly kernel and its fallback give the same bits by construction (the tests
 * prove it over dense sweeps). NaN results are canonicalised (0x7fc00000) in both, since
 * WebAssembly leaves a NaN's sign and payload unspecified.
 *
 * exp is range reduced, x = n·ln2 + r with n = round(x·log2 e) by the 1.5·2²³ trick (adding and
 * subtracting 1.5·2²³ rounds a float32 below 2²² to an integer, ties to even, in IEEE arithmetic;
 * n is then the low bits of the sum: bits(t) − bits(1.5·2²³)), Cody–Waite ln2 = C1 + C2 with C1 of
 * 9 bits (n·C1 exact), Cephes' minimax polynomial for e^r on |r| ≤ ln2/2, and 2^n built in the
 * exponent bits in two halves, 2^⌊n/2⌋·2^(n−⌊n/2⌋), so results down to the subnormals round once.
 * Softmax and its derivative need a row reduction: they run as scalar float32 loops (f32 in
 * WebAssembly), summing each row from its first entry to its last.
 */
import { type Code, ctl, f32, type FunctionBuilder, i32, local, type Local, type ModuleBuilder, v128 } from '@initlab/wasm';
import { SELU_ALPHA, SELU_SCALE } from './names.js';

// ---------------------------------------------------------------------------------------------
// The instruction set

/** What every formula is written against: V a float32 value (or 4 lanes), I an int32, M a mask. */
interface Ops<V, I, M> {
  /** A float32 constant (the value rounded to float32). */
  c(value: number): V;
  add(a: V, b: V): V;
  sub(a: V, b: V): V;
  mul(a: V, b: V): V;
  div(a: V, b: V): V;
  /** b < a ? b : a (WebAssembly's pmin, one instruction; a NaN first operand propagates). */
  pmin(a: V, b: V): V;
  /** a < b ? b : a (pmax). */
  pmax(a: V, b: V): V;
  abs(a: V): V;
  neg(a: V): V;
  lt(a: V, b: V): M;
  gt(a: V, b: V): M;
  eq(a: V, b: V): M;
  ne(a: V, b: V): M;
  /** m ? a : b, lane by lane. */
  select(m: M, a: V, b: V): V;
  /** A value used more than once is computed once (a local in WebAssembly). */
  let(a: V): V;
  letI(a: I): I;
  bits(a: V): I;
  fromBits(a: I): V;
  iConst(value: number): I;
  iAdd(a: I, b: I): I;
  iSub(a: I, b: I): I;
  iAnd(a: I, b: I): I;
  iOr(a: I, b: I): I;
  /** Arithmetic shift right by a constant. */
  iShr(a: I, by: number): I;
  iShl(a: I, by: number): I;
}

// The JavaScript implementation: V and I are numbers, M a boolean.
const F32 = new Float32Array(1);
const I32 = new Int32Array(F32.buffer);
const fr = Math.fround;
const JS: Ops<number, number, boolean> = {
  c: (value) => fr(value),
  add: (a, b) => fr(a + b),
  sub: (a, b) => fr(a - b),
  mul: (a, b) => fr(a * b),
  div: (a, b) => fr(a / b),
  pmin: (a, b) => (b < a ? b : a),
  pmax: (a, b) => (a < b ? b : a),
  abs: (a) => Math.abs(a),
  neg: (a) => -a,
  lt: (a, b) => a < b,
  gt: (a, b) => a > b,
  eq: (a, b) => a === b,
  ne: (a, b) => a !== b,
  select: (m, a, b) => (m ? a : b),
  let: (a) => a,
  letI: (a) => a,
  bits: (a) => {
    F32[0] = a;
    return I32[0]!;
  },
  fromBits: (a) => {
    I32[0] = a;
    return F32[0]!;
  },
  iConst: (value) => value | 0,
  iAdd: (a, b) => (a + b) | 0,
  iSub: (a, b) => (a - b) | 0,
  iAnd: (a, b) => a & b,
  iOr: (a, b) => a | b,
  iShr: (a, by) => a >> by,
  iShl: (a, by) => a << by,
};

// The WebAssembly SIMD implementation: every value is the code of a v128 expression.

/** The SIMD instruction set over function `f`: `let` declares a local and queues its assignment in `code`. */
function wasmOps(f: FunctionBuilder, code: Code[]): Ops<Code, Code, Code> {
  let count = 0;
  const bind = (a: Code): Code => {
    const l = f.local(`t${count++}`, 'v128');
    code.push(local.set(l, a));
    return local.get(l);
  };
  return {
    c: (value) => v128.f32x4Const(value),
    add: v128.f32x4Add,
    sub: v128.f32x4Sub,
    mul: v128.f32x4Mul,
    div: v128.f32x4Div,
    pmin: v128.f32x4Pmin,
    pmax: v128.f32x4Pmax,
    abs: v128.f32x4Abs,
    neg: v128.f32x4Neg,
    lt: v128.f32x4Lt,
    gt: v128.f32x4Gt,
    eq: v128.f32x4Eq,
    ne: v128.f32x4Ne,
    select: (m, a, b) => v128.bitselect(a, b, m),
    let: bind,
    letI: bind,
    bits: (a) => a,
    fromBits: (a) => a,
    iConst: v128.i32x4ConstSplat,
    iAdd: v128.i32x4Add,
    iSub: v128.i32x4Sub,
    iAnd: v128.and,
    iOr: v128.or,
    iShr: (a, by) => v128.i32x4ShrS(a, i32.const(by)),
    iShl: (a, by) => v128.i32x4Shl(a, i32.const(by)),
  };
}

// ---------------------------------------------------------------------------------------------
// The formulas, once for both implementations

const LOG2E = 1.4426950408889634;
/** 1.5·2²³: t = v + SHIFTER rounds v (|v| < 2²²) to an integer n held in t's low mantissa bits. */
const SHIFTER = 12582912;
const SHIFTER_BITS = 0x4b400000;
// Cody–Waite: ln 2 = C1 + C2, C1 = 355/512 so n·C1 is exact for |n| < 2¹⁵.
const LN2_C1 = 0.693359375;
const LN2_C2 = -2.12194440e-4;
/** Cephes expf: e^r ≈ 1 + r + r²·P(r) on |r| ≤ ln2/2, highest power first. */
const EXP_P = [1.9875691500e-4, 1.3981999507e-3, 8.3334519073e-3, 4.1665795894e-2, 1.6666665459e-1, 5.0000001201e-1];
/** Cephes tanhf: tanh x ≈ x + x³·P(x²) for |x| < 0.625. */
const TANH_P = [-5.70498872745e-3, 2.06390887954e-2, -5.37397155531e-2, 1.33314422036e-1, -3.33332819422e-1];
const TANH_SMALL = 0.625;
/** tanh(x) rounds to ±1 in float32 for |x| > 9.01; the clamp keeps e^(2|x|) finite. */
const TANH_CLAMP = 10;
/**
 * Numerical Recipes' erfcc (Chebyshev fit, relative error < 1.2e-7 for x ≥ 0 in exact arithmetic):
 * erfc x ≈ t·exp(−x² + P(t)), t = 1/(1 + x/2), highest power first.
 */
const ERFC_P = [0.17087277, -0.82215223, 1.48851587, -1.13520398, 0.27886807, -0.18628806, 0.09678418, 0.37409196, 1.00002368, -1.26551223];
/** Φ(z) is 1 or 0 in float32 beyond |z| = 20 (erfc(20/√2) ≈ 5e-89): the clamp keeps z² finite. */
const GELU_CLAMP = 20;
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);
/**
 * Below |z| = 1, Φ(z) = ½ + z·S(z²) by its Maclaurin series (Σ_k (−1)^k w^k / (k!(2k+1)2^k) / √(2π),
 * truncated after w⁹: the next term is below 2e-10), highest power first; NR's fit loses
 * a few ulps to cancellation in P(t) near t = 1.
 */
const PHI_SERIES = Array.from({ length: 10 }, (_, k) => {
  let factorial = 1;
  for (let i = 2; i <= k; i++) factorial *= i;
  return ((-1) ** k * INV_SQRT_2PI) / (factorial * (2 * k + 1) * 2 ** k);
}).reverse();
const PHI_SMALL = 1;
const SIGN_BIT = -0x80000000;
/** Keeps the top 12 significant bits: a 12-bit value's square is exact in float32. */
const HIGH_12_BITS = -0x1000;

function horner<V, I, M>(o: Ops<V, I, M>, x: V, coefficients: readonly number[]): V {
  let p = o.c(coefficients[0]!);
  for (let i = 1; i < coefficients.length; i++) p = o.add(o.mul(p, x), o.c(coefficients[i]!));
  return p;
}

/** 2^k for an integer k in [−126, 127], from its exponent bits. */
const pow2 = <V, I, M>(o: Ops<V, I, M>, k: I): V => o.fromBits(o.iShl(o.iAdd(k, o.iConst(127)), 23));

/**
 * e^(hi + lo), `lo` a small correction (|lo| ≲ 2) kept out of the rounding of hi + lo: r is
 * (hi − n·C1) + (lo − n·C2). hi is clamped to [−104, 89], where e^hi is below half the smallest
 * subnormal and above the largest float32, so over/underflow give +Inf and 0; NaN stays NaN.
 * Max error (tested, lo = 0, 5.3 million points): 1 ulp (of the subnormal spacing for subnormal results).
 */
function exp<V, I, M>(o: Ops<V, I, M>, hi: V, lo: V | null): V {
  const h = o.let(o.pmax(o.pmin(hi, o.c(89)), o.c(-104)));
  const t = o.let(o.add(o.mul(lo === null ? h : o.add(h, lo), o.c(LOG2E)), o.c(SHIFTER)));
  const n = o.let(o.sub(t, o.c(SHIFTER)));
  const rHi = o.sub(h, o.mul(n, o.c(LN2_C1)));
  const r = o.let(lo === null ? o.sub(rHi, o.mul(n, o.c(LN2_C2))) : o.add(rHi, o.sub(lo, o.mul(n, o.c(LN2_C2)))));
  const y = o.add(o.add(o.mul(horner(o, r, EXP_P), o.mul(r, r)), r), o.c(1));
  const k = o.letI(o.iSub(o.bits(t), o.iConst(SHIFTER_BITS)));
  const k1 = o.letI(o.iShr(k, 1));
  return o.mul(o.mul(y, pow2(o, k1)), pow2(o, o.iSub(k, k1)));
}

/**
 * e^x − 1 for x ≤ 0 (elu and selu's negative side; x > 0 is computed as 0): with x = n·ln2 + r and
 * u = e^r − 1 = r + r²·P(r) (no cancellation near 0), e^x − 1 = 2^n·u + (2^n − 1), rounded once
 * (2^n·u and 2^n − 1 are exact for the n here). x is clamped at −30, where e^x − 1 rounds to −1.
 * −0 gives −0. Max error (tested): 1 ulp.
 */
function expm1Negative<V, I, M>(o: Ops<V, I, M>, x: V): V {
  const v = o.let(o.pmax(o.pmin(x, o.c(0)), o.c(-30)));
  const t = o.let(o.add(o.mul(v, o.c(LOG2E)), o.c(SHIFTER)));
  const n = o.let(o.sub(t, o.c(SHIFTER)));
  const r = o.let(o.sub(o.sub(v, o.mul(n, o.c(LN2_C1))), o.mul(n, o.c(LN2_C2))));
  const u = o.add(o.mul(horner(o, r, EXP_P), o.mul(r, r)), r);
  const scale = o.let(pow2(o, o.iSub(o.bits(t), o.iConst(SHIFTER_BITS))));
  return o.select(o.eq(v, o.c(0)), v, o.add(o.mul(scale, u), o.sub(scale, o.c(1))));
}

/** NaN as 0x7fc00000 in both implementations. */
const canonical = <V, I, M>(o: Ops<V, I, M>, a: V): V => {
  const v = o.let(a);
  return o.select(o.ne(v, v), o.c(Number.NaN), v);
};

/**
 * tanh: x + x³·P(x²) below |x| = 0.625 (relative accuracy down to the subnormals, −0 kept), else
 * sign(x)·(1 − 2/(e^(2|x|) + 1)). Max error (tested): 1.5 ulps.
 */
function tanh<V, I, M>(o: Ops<V, I, M>, x: V): V {
  const ax = o.let(o.abs(x));
  const z = o.let(o.mul(x, x));
  // both branches on |x|, then x's sign or-ed in (copysign; keeps −0)
  const small = o.add(o.mul(o.mul(horner(o, z, TANH_P), z), ax), ax);
  const e = exp(o, o.mul(o.pmin(ax, o.c(TANH_CLAMP)), o.c(2)), null);
  const large = o.sub(o.c(1), o.div(o.c(2), o.add(e, o.c(1))));
  const magnitude = o.select(o.lt(ax, o.c(TANH_SMALL)), small, large);
  return canonical(o, o.fromBits(o.iOr(o.bits(magnitude), o.iAnd(o.bits(x), o.iConst(SIGN_BIT)))));
}

/** sigmoid: e = e^(−|x|), then 1/(1 + e) for x ≥ 0 and e/(1 + e) for x < 0 (no cancellation either side; subnormal results rounded once). Max error (tested): 2.5 ulps. */
function sigmoid<V, I, M>(o: Ops<V, I, M>, x: V): V {
  const e = o.let(exp(o, o.neg(o.abs(x)), null));
  return canonical(o, o.div(o.select(o.lt(x, o.c(0)), e, o.c(1)), o.add(o.c(1), e)));
}

/** elu (Keras 3): x > 0 ? x : alpha·(e^x − 1). Max error (tested, alpha = 0.3): 1.5 ulps (e^x − 1's ulp and alpha's product). */
function elu<V, I, M>(o: Ops<V, I, M>, x: V, alpha: V): V {
  return canonical(o, o.select(o.gt(x, o.c(0)), x, o.mul(alpha, expm1Negative(o, x))));
}

/** selu: x > 0 ? λ·x : λα·(e^x − 1), λ and λα rounded to float32. Max error (tested, against λ and λα so rounded): 2 ulps. */
function selu<V, I, M>(o: Ops<V, I, M>, x: V): V {
  return canonical(o, o.select(o.gt(x, o.c(0)), o.mul(o.c(SELU_SCALE), x), o.mul(o.c(SELU_SCALE * SELU_ALPHA), expm1Negative(o, x))));
}

/** tfjs' leakyRelu: x < 0 ? alpha·x : x (−0 and NaN kept); one rounding, 0.5 ulp against float32 alpha. */
function leakyRelu<V, I, M>(o: Ops<V, I, M>, x: V, alpha: V): V {
  return canonical(o, o.select(o.lt(x, o.c(0)), o.mul(alpha, x), x));
}

/** softsign (Keras, PyTorch): x / (1 + |x|), two roundings (the sum, the quotient); −0 kept, ±∞ gives NaN as in TensorFlow. Max error (tested): 1.5 ulps. */
function softsign<V, I, M>(o: Ops<V, I, M>, x: V): V {
  return canonical(o, o.div(x, o.add(o.abs(x), o.c(1))));
}

/**
 * Φ(z) = ½·erfc(−z/√2) and the Gaussian factor e^(−z²/2) for gelu, from |z| clamped at 20:
 * −z²/2 = hi + lo with hi = −½·zh² exact (zh = |z| cut to 12 bits) and lo = −½·(|z| − zh)(|z| + zh),
 * so no rounding of z² reaches the exponential at large |z|.
 */
function gaussian<V, I, M>(o: Ops<V, I, M>, z: V): { halfT: V; tail: V; hi: V; lo: V } {
  const az = o.let(o.pmin(o.abs(z), o.c(GELU_CLAMP)));
  const zh = o.let(o.fromBits(o.iAnd(o.bits(az), o.iConst(HIGH_12_BITS))));
  const hi = o.let(o.mul(o.mul(zh, zh), o.c(-0.5)));
  const lo = o.let(o.mul(o.mul(o.sub(az, zh), o.add(az, zh)), o.c(-0.5)));
  const t = o.let(o.div(o.c(1), o.add(o.c(1), o.mul(o.mul(az, o.c(Math.SQRT1_2)), o.c(0.5)))));
  // ½·erfc(|z|/√2) = (t/2)·tail
  return { halfT: o.let(o.mul(t, o.c(0.5))), tail: o.let(exp(o, hi, o.add(lo, horner(o, t, ERFC_P)))), hi, lo };
}

/**
 * gelu, exact form z·Φ(z) = ½z(1 + erf(z/√2)), Φ from erfc so the negative side keeps its relative
 * accuracy: z > 0 ? z·(1 − (t/2)·tail) : (z·t/2)·tail, the small factors multiplied last so no
 * intermediate goes subnormal before the result does; below |z| = 1, Φ by its series. Max error
 * (tested): 7 ulps where |gelu| ≥ 1e-30 (NR's fit and its float32 evaluation), 1e-36 absolute below
 * (the far negative tail, z < −11.5).
 */
function gelu<V, I, M>(o: Ops<V, I, M>, z: V): V {
  const { halfT, tail } = gaussian(o, z);
  const small = o.mul(z, cdfSmall(o, z));
  const large = o.select(o.gt(z, o.c(0)), o.mul(z, o.sub(o.c(1), o.mul(halfT, tail))), o.mul(o.mul(z, halfT), tail));
  return canonical(o, o.select(o.lt(o.abs(z), o.c(PHI_SMALL)), small, large));
}

/** Φ(z) = ½ + z·S(z²) for |z| < 1. */
function cdfSmall<V, I, M>(o: Ops<V, I, M>, z: V): V {
  return o.add(o.c(0.5), o.mul(z, horner(o, o.mul(z, z), PHI_SERIES)));
}

/** gelu′(z) = Φ(z) + z·φ(z), φ(z) = e^(hi + lo)/√(2π). Max error (tested): 2e-7 absolute (it crosses 0 near z = −0.75, so no relative bound). */
function geluDerivative<V, I, M>(o: Ops<V, I, M>, z: V): V {
  const { halfT, tail, hi, lo } = gaussian(o, z);
  const half = o.let(o.mul(halfT, tail));
  const cdf = o.select(o.lt(o.abs(z), o.c(PHI_SMALL)), cdfSmall(o, z), o.select(o.gt(z, o.c(0)), o.sub(o.c(1), half), half));
  return o.add(cdf, o.mul(z, o.mul(exp(o, hi, lo), o.c(INV_SQRT_2PI))));
}

// The derivatives, as activationBackward's formulas (the same float32 operations in the same order).
// Most take a = f(z), the layer's output; gelu and softsign take z.
type Derivative = <V, I, M>(o: Ops<V, I, M>, g: V, a: V, alpha: V) => V;
const DERIVATIVES = {
  tanh: (o, g, a) => canonical(o, o.mul(g, o.sub(o.c(1), o.mul(a, a)))),
  sigmoid: (o, g, a) => canonical(o, o.mul(g, o.mul(a, o.sub(o.c(1), a)))),
  elu: (o, g, a, alpha) => canonical(o, o.select(o.gt(a, o.c(0)), g, o.mul(g, o.add(a, alpha)))),
  selu: (o, g, a) => canonical(o, o.mul(g, o.select(o.gt(a, o.c(0)), o.c(SELU_SCALE), o.add(a, o.c(SELU_SCALE * SELU_ALPHA))))),
  // tf.step(z, alpha): 1 above 0, NaN for NaN, else alpha (a > 0 exactly where z > 0, for alpha ≥ 0)
  leaky_relu: (o, g, a, alpha) => canonical(o, o.mul(g, o.select(o.gt(a, o.c(0)), o.c(1), o.select(o.ne(a, a), o.c(Number.NaN), alpha)))),
  gelu: (o, g, z) => canonical(o, o.mul(g, geluDerivative(o, z))),
  // TensorFlow's SoftsignGrad, g / (1 + |z|)², in its order: the sum, its square, the quotient. Max error (tested): 4 ulps.
  softsign: (o, g, z) => {
    const d = o.let(o.add(o.abs(z), o.c(1)));
    return canonical(o, o.div(g, o.mul(d, d)));
  },
} satisfies Record<string, Derivative>;

type Forward = <V, I, M>(o: Ops<V, I, M>, x: V, alpha: V) => V;
const FORWARDS = {
  tanh: (o, x) => tanh(o, x),
  sigmoid: (o, x) => sigmoid(o, x),
  elu: (o, x, alpha) => elu(o, x, alpha),
  selu: (o, x) => selu(o, x),
  gelu: (o, x) => gelu(o, x),
  softsign: (o, x) => softsign(o, x),
  leaky_relu: (o, x, alpha) => leakyRelu(o, x, alpha),
} satisfies Record<string, Forward>;

/** The activations computed elementwise here (relu and linear are the dense module's own). */
export type ElementwiseActivation = keyof typeof FORWARDS;
export const ELEMENTWISE_ACTIVATIONS = Object.keys(FORWARDS) as ElementwiseActivation[];
/** The derivatives computed from z, not from a = f(z): the backward kernel reads the layer's pre-activation for these. */
export const DERIVATIVE_FROM_Z: readonly ElementwiseActivation[] = ['gelu', 'softsign'];
/** Takes the `alpha` argument. */
const WITH_ALPHA: readonly ElementwiseActivation[] = ['elu', 'leaky_relu'];

/** One activation of a float32 value, as the kernels compute it (for the host scorer and tests). */
export function activateValue(name: ElementwiseActivation, x: number, alpha = 0): number {
  return (FORWARDS[name] as Forward)(JS, fr(x), fr(alpha));
}

/** One derivative factor, g·f′ as the backward kernel computes it (`a` is z for gelu and softsign). For tests. */
export function derivativeValue(name: ElementwiseActivation, g: number, a: number, alpha = 0): number {
  return (DERIVATIVES[name] as Derivative)(JS, fr(g), fr(a), fr(alpha));
}

/** The exp the activations use, for its own accuracy test. */
export function expValue(x: number): number {
  return canonical(JS, exp(JS, fr(x), null));
}

/** e^x − 1 for x ≤ 0 as elu computes it, for its own accuracy test. */
export function expm1NegativeValue(x: number): number {
  return expm1Negative(JS, fr(x));
}

// ---------------------------------------------------------------------------------------------
// The kernels over the shared float32 memory (offsets in elements, regions padded to 4 floats)

export interface ActivationKernels {
  /** dst[i] = f(src[i]) for i < n rounded up to 4. */
  forward(name: ElementwiseActivation, src: number, dst: number, n: number, alpha: number): void;
  /** g[i] = g[i]·f′ from x[i] (a = f(z) of the layer, or z for gelu and softsign), for i < n rounded up to 4. */
  backward(name: ElementwiseActivation, g: number, x: number, n: number, alpha: number): void;
  /** dst = softmax(src) per row of `units`: max, e^(z − max), the row's sum from first to last, divide. */
  softmax(src: number, dst: number, rows: number, units: number): void;
  /** g = a ⊙ (g − Σ g⊙a) per row, the sum from first to last. */
  softmaxBackward(g: number, a: number, rows: number, units: number): void;
}

const forwardName = (name: ElementwiseActivation): string => `${name === 'leaky_relu' ? 'leakyRelu' : name}Forward`;
const backwardName = (name: ElementwiseActivation): string => `${name === 'leaky_relu' ? 'leakyRelu' : name}Backward`;

/** A loop over n elements rounded up to 4, four at a time: `body(byteOffset)` gives the iteration's statements. */
function vectorLoop(f: FunctionBuilder, n: Local, body: (offset: Code) => Code[]): void {
  const { i, end } = f.locals({ i: 'i32', end: 'i32' });
  const get = local.get;
  // body() declares its locals before f.body encodes them
  const statements = body(get(i));
  f.body(
    local.set(end, i32.shl(i32.and(i32.add(get(n), i32.const(3)), i32.const(-4)), i32.const(2))),
    ctl.block(
      ctl.loop(
        ctl.brIf(1, i32.geU(get(i), get(end))),
        ...statements,
        local.set(i, i32.add(get(i), i32.const(16))),
        ctl.br(0),
      ),
    ),
  );
}

const addr = (base: Local, offset: Code): Code => i32.add(i32.shl(local.get(base), i32.const(2)), offset);

function addElementwise(m: ModuleBuilder, name: ElementwiseActivation): void {
  const withAlpha = WITH_ALPHA.includes(name);
  {
    const f = m.function(forwardName(name));
    const { src, dst, n } = f.params({ src: 'i32', dst: 'i32', n: 'i32' });
    const alpha = withAlpha ? f.param('alpha', 'f32') : null;
    vectorLoop(f, n, (o) => {
      const code: Code[] = [];
      const ops = wasmOps(f, code);
      const x = ops.let(v128.load(addr(src, o)));
      const result = (FORWARDS[name] as Forward)(ops, x, alpha === null ? ops.c(0) : v128.f32x4Splat(local.get(alpha)));
      return [...code, v128.store(addr(dst, o), result)];
    });
  }
  {
    const f = m.function(backwardName(name));
    const { g, x, n } = f.params({ g: 'i32', x: 'i32', n: 'i32' });
    const alpha = withAlpha ? f.param('alpha', 'f32') : null;
    vectorLoop(f, n, (o) => {
      const code: Code[] = [];
      const ops = wasmOps(f, code);
      const gv = ops.let(v128.load(addr(g, o)));
      const xv = ops.let(v128.load(addr(x, o)));
      const result = (DERIVATIVES[name] as Derivative)(ops, gv, xv, alpha === null ? ops.c(0) : v128.f32x4Splat(local.get(alpha)));
      return [...code, v128.store(addr(g, o), result)];
    });
  }
}

/** A loop `for (v = 0; v < count; v++)` around `body`. */
const forLoop = (v: Local, count: Code, ...body: Code[]): Code =>
  ctl.seq(
    local.set(v, i32.const(0)),
    ctl.block(ctl.loop(ctl.brIf(1, i32.geU(local.get(v), count)), ...body, local.set(v, i32.add(local.get(v), i32.const(1))), ctl.br(0))),
  );

function addSoftmax(m: ModuleBuilder): void {
  const f = m.function('softmaxForward');
  const { src, dst, rows, units } = f.params({ src: 'i32', dst: 'i32', rows: 'i32', units: 'i32' });
  const { r, j, from, end, i, max, sum } = f.locals({ r: 'i32', j: 'i32', from: 'i32', end: 'i32', i: 'i32', max: 'f32', sum: 'f32' });
  const get = local.get;
  const code: Code[] = [];
  const ops = wasmOps(f, code);
  // dst[from + j] (bytes): the row's start plus j
  const cell = (base: Local): Code => i32.shl(i32.add(get(base), i32.add(get(from), get(j))), i32.const(2));
  const expChunk = v128.store(i32.add(i32.shl(get(dst), i32.const(2)), get(i)), canonical(ops, exp(ops, v128.load(i32.add(i32.shl(get(dst), i32.const(2)), get(i))), null)));
  f.body(
    // 1. z − max of each row, into dst
    forLoop(
      r,
      get(rows),
      local.set(from, i32.mul(get(r), get(units))),
      local.set(max, f32.const(Number.NEGATIVE_INFINITY)),
      forLoop(j, get(units), local.set(max, f32.max(get(max), f32.load(cell(src))))),
      forLoop(j, get(units), f32.store(cell(dst), f32.sub(f32.load(cell(src)), get(max)))),
    ),
    // 2. e^(z − max) over the whole block, four at a time
    local.set(end, i32.shl(i32.and(i32.add(i32.mul(get(rows), get(units)), i32.const(3)), i32.const(-4)), i32.const(2))),
    local.set(i, i32.const(0)),
    ctl.block(ctl.loop(ctl.brIf(1, i32.geU(get(i), get(end))), ...code, expChunk, local.set(i, i32.add(get(i), i32.const(16))), ctl.br(0))),
    // 3. each row over its sum
    forLoop(
      r,
      get(rows),
      local.set(from, i32.mul(get(r), get(units))),
      local.set(sum, f32.const(0)),
      forLoop(j, get(units), local.set(sum, f32.add(get(sum), f32.load(cell(dst))))),
      forLoop(j, get(units), f32.store(cell(dst), f32.div(f32.load(cell(dst)), get(sum)))),
    ),
  );
}

function addSoftmaxBackward(m: ModuleBuilder): void {
  const f = m.function('softmaxBackward');
  const { g, a, rows, units } = f.params({ g: 'i32', a: 'i32', rows: 'i32', units: 'i32' });
  const { r, j, from, sum } = f.locals({ r: 'i32', j: 'i32', from: 'i32', sum: 'f32' });
  const get = local.get;
  const cell = (base: Local): Code => i32.shl(i32.add(get(base), i32.add(get(from), get(j))), i32.const(2));
  f.body(
    forLoop(
      r,
      get(rows),
      local.set(from, i32.mul(get(r), get(units))),
      local.set(sum, f32.const(0)),
      forLoop(j, get(units), local.set(sum, f32.add(get(sum), f32.mul(f32.load(cell(g)), f32.load(cell(a)))))),
      forLoop(j, get(units), f32.store(cell(g), f32.mul(f32.load(cell(a)), f32.sub(f32.load(cell(g)), get(sum))))),
    ),
  );
}

/** Adds the activation kernels to the dense module. */
export function addActivations(m: ModuleBuilder): void {
  for (const name of ELEMENTWISE_ACTIVATIONS) addElementwise(m, name);
  addSoftmax(m);
  addSoftmaxBackward(m);
}

const roundUp4 = (n: number): number => (n + 3) & ~3;
const canonicalJs = (v: number): number => (v !== v ? Number.NaN : v);

/** The kernels over an instance's exports. */
export function wasmActivationKernels(exports: Record<string, unknown>): ActivationKernels {
  const call = (name: string) => exports[name] as (...args: number[]) => void;
  const forwards = Object.fromEntries(ELEMENTWISE_ACTIVATIONS.map((name) => [name, call(forwardName(name))]));
  const backwards = Object.fromEntries(ELEMENTWISE_ACTIVATIONS.map((name) => [name, call(backwardName(name))]));
  return {
    forward: (name, src, dst, n, alpha) => forwards[name]!(src, dst, n, alpha),
    backward: (name, g, x, n, alpha) => backwards[name]!(g, x, n, alpha),
    softmax: call('softmaxForward'),
    softmaxBackward: call('softmaxBackward'),
  };
}

/** The JavaScript twins over `memory()` (which may be replaced when it grows). */
export function jsActivationKernels(memory: () => Float32Array): ActivationKernels {
  return {
    forward(name, src, dst, n, alpha) {
      const mem = memory();
      const f = FORWARDS[name] as Forward;
      const al = fr(alpha);
      for (let i = 0, end = roundUp4(n); i < end; i++) mem[dst + i] = f(JS, mem[src + i]!, al);
    },
    backward(name, g, x, n, alpha) {
      const mem = memory();
      const d = DERIVATIVES[name] as Derivative;
      const al = fr(alpha);
      for (let i = 0, end = roundUp4(n); i < end; i++) mem[g + i] = d(JS, mem[g + i]!, mem[x + i]!, al);
    },
    softmax(src, dst, rows, units) {
      const mem = memory();
      for (let from = 0; from < rows * units; from += units) {
        let max = Number.NEGATIVE_INFINITY;
        for (let j = 0; j < units; j++) max = Math.max(max, mem[src + from + j]!);
        for (let j = 0; j < units; j++) mem[dst + from + j] = mem[src + from + j]! - max;
      }
      for (let i = 0, end = roundUp4(rows * units); i < end; i++) mem[dst + i] = canonicalJs(exp(JS, mem[dst + i]!, null));
      for (let from = 0; from < rows * units; from += units) {
        let sum = 0;
        for (let j = 0; j < units; j++) sum = fr(sum + mem[dst + from + j]!);
        for (let j = 0; j < units; j++) mem[dst + from + j] = mem[dst + from + j]! / sum;
      }
    },
    softmaxBackward(g, a, rows, units) {
      const mem = memory();
      for (let from = 0; from < rows * units; from += units) {
        let sum = 0;
        for (let j = 0; j < units; j++) sum = fr(sum + fr(mem[g + from + j]! * mem[a + from + j]!));
        for (let j = 0; j < units; j++) mem[g + from + j] = mem[a + from + j]! * fr(mem[g + from + j]! - sum);
      }
    },
  };
}
