// Tables and rare paths of the ziggurat normal sampler ("The Ziggurat Method for Generating Random
// Variables" – Marsaglia & Tsang (2000)), with 256 layers and, as "An Improved Ziggurat Method to
// Generate Normal Random Samples" – Doornik (2005) recommends, the layer index taken from bits that
// are not reused for the abscissa.
import { normalSf } from './normal-dist.js';
import type { DrawSource } from './lanes.js';

export const LAYERS = 256;
/** Right edge of the base layer for 256 layers (Marsaglia & Tsang (2000)). */
export const ZIGGURAT_R = 3.6541528853610088;

/** The unnormalised density, f(0) = 1: the wedge test's exact reference. */
export const density = (x: number): number => Math.exp(-0.5 * x * x);

/** Common area of every layer: the base strip [0, R]×[0, f(R)] plus the tail beyond R. */
const LAYER_AREA = ZIGGURAT_R * density(ZIGGURAT_R) + Math.sqrt(2 * Math.PI) * normalSf(ZIGGURAT_R);

/**
 * X[i] is the right edge of layer i (X[0] = the base strip's pseudo-width LAYER_AREA / f(R),
 * X[1] = R, decreasing to X[256] = 0); F[i] = f(X[i]). Layer i spans heights [F[i], F[i+1]].
 */
export const X = new Float64Array(LAYERS + 1);
export const F = new Float64Array(LAYERS + 1);
/**
 * Signed abscissa scales, indexed by 9 bits (layer | sign << 8) so the sign costs no branch:
 * float32 samplers use a 23-bit abscissa m, z = m·W23[k], fast accept iff m < K23[k] (⇔ |z| < X[i+1]);
 * float64 samplers the same with 52 bits.
 */
export const W23 = new Float64Array(2 * LAYERS);
export const K23 = new Float64Array(2 * LAYERS);
export const W52 = new Float64Array(2 * LAYERS);
export const K52 = new Float64Array(2 * LAYERS);

X[0] = LAYER_AREA / density(ZIGGURAT_R);
X[1] = ZIGGURAT_R;
for (let i = 1; i < LAYERS; i++) {
  const top = LAYER_AREA / X[i]! + density(X[i]!);
  X[i + 1] = top >= 1 ? 0 : Math.sqrt(-2 * Math.log(top));
}
X[LAYERS] = 0;
for (let i = 0; i <= LAYERS; i++) F[i] = density(X[i]!);
F[0] = 0; // the base strip starts at height 0
for (let k = 0; k < 2 * LAYERS; k++) {
  const i = k & 255;
  const sign = k < LAYERS ? 1 : -1;
  const ratio = X[i + 1]! / X[i]!;
  W23[k] = sign * X[i]! * 2 ** -23;
  K23[k] = ratio * 2 ** 23;
  W52[k] = sign * X[i]! * 2 ** -52;
  K52[k] = ratio * 2 ** 52;
}

/**
 * Squeeze lines for the wedge test y < density(z) of layer i (1 ≤ i < 256), on |z| ∈ [X[i+1], X[i]]:
 * the density is concave for |z| ≤ 1 and convex beyond, so on a layer on one side of 1 its chord
 * bounds it on one side and its tangent at the layer's midpoint on the other. Line i is
 * SQUEEZE[4i] + SQUEEZE[4i + 1]·|z| below and SQUEEZE[4i + 2] + SQUEEZE[4i + 3]·|z| above; a layer
 * across 1 gets the constant bounds F[i] and F[i + 1]. They settle most wedge draws without exp.
 */
const SQUEEZE = new Float64Array(4 * LAYERS);
/**
 * Relative margin of the squeeze: far above the rounding of density() (its argument and Math.exp,
 * below 2⁻⁴⁹ relative), of the lines (below 2⁻⁴⁷ on these layers) and of |z| at most an ulp
 * outside its layer, so a decision the squeeze makes is the one y < density(z) makes.
 */
const SQUEEZE_MARGIN = 2 ** -36;

for (let i = 1; i < LAYERS; i++) {
  const [left, right] = [X[i + 1]!, X[i]!];
  const chordSlope = (F[i]! - F[i + 1]!) / (right - left);
  const chord = [F[i + 1]! - chordSlope * left, chordSlope];
  const mid = (left + right) / 2;
  const fMid = density(mid);
  const tangent = [fMid + mid * fMid * mid, -mid * fMid]; // f(c) + f'(c)(x − c), f'(c) = −c·f(c)
  const [below, above] = left >= 1 ? [tangent, chord] : right <= 1 ? [chord, tangent] : [[F[i]!, 0], [F[i + 1]!, 0]];
  SQUEEZE.set([below[0]!, below[1]!, above[0]!, above[1]!], 4 * i);
}

/**
 * The wedge test y < density(z) for layer i (1 ≤ i < 256): true or false as it decides, without
 * exp whenever y is clear of the squeeze lines.
 */
export function wedgeAccepts(i: number, z: number, y: number): boolean {
  const a = Math.abs(z);
  if (y < (SQUEEZE[4 * i]! + SQUEEZE[4 * i + 1]! * a) * (1 - SQUEEZE_MARGIN)) return true;
  if (y > (SQUEEZE[4 * i + 2]! + SQUEEZE[4 * i + 3]! * a) * (1 + SQUEEZE_MARGIN)) return false;
  return y < density(z);
}

/** A sample of |Z| given Z > R (Marsaglia (1964)'s tail method, exact). */
function tail(gen: DrawSource): number {
  for (;;) {
    const x = -Math.log(gen.nextFloat64NonZero()) / ZIGGURAT_R;
    const y = -Math.log(gen.nextFloat64NonZero());
    if (y + y >= x * x) return ZIGGURAT_R + x;
  }
}

/**
 * Completes a draw whose abscissa failed the fast test (`k` = layer | sign << 8, `z` signed):
 * the tail for the base layer, the wedge test otherwise, and on rejection fresh full draws
 * (52-bit layout). Returns the signed sample.
 */
export function zigguratSlow(gen: DrawSource, k: number, z: number): number {
  for (;;) {
    const layer = k & 255;
    if (layer === 0) return k & 256 ? -tail(gen) : tail(gen);
    const y = F[layer]! + gen.nextFloat64() * (F[layer + 1]! - F[layer]!);
    if (wedgeAccepts(layer, z, y)) return z;
    const r1 = gen.nextInt32();
    const r2 = gen.nextInt32();
    k = r1 & 511;
    const m = (r1 >>> 9) * 536870912 + (r2 >>> 3);
    z = m * W52[k]!;
    if (m < K52[k]!) return z;
  }
}

/** One standard normal with the 52-bit layout (two 32-bit draws), as the float64 samplers use. */
export function standardNormal(gen: DrawSource): number {
  const r1 = gen.nextInt32();
  const r2 = gen.nextInt32();
  const k = r1 & 511;
  const m = (r1 >>> 9) * 536870912 + (r2 >>> 3);
  const z = m * W52[k]!;
  return m < K52[k]! ? z : zigguratSlow(gen, k, z);
}
