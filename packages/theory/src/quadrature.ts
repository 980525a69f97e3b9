// Gaussian expectations accurate to about 1e-14 for every activation initlab offers.
//
// Why two rules: Gauss–Hermite is exact for polynomials of degree < 2n and converges fast for functions that
// are analytic in a wide strip around the real axis, so it is the rule for smooth integrands of moderate
// steepness. It converges only algebraically across a kink (relu, leaky_relu, elu, selu have one at 0) and
// slowly for tanh(√q z) with large q (its poles at ±iπ/(2√q) approach the axis). The mean-field maps therefore
// use Gauss–Legendre panels on [−L, L] cut at every kink (1-D), and in polar coordinates for the bivariate
// case, where the kinks of φ(u₁) and φ(u₂) are rays through the origin: cutting the angle at those rays leaves
// an integrand that is smooth on every panel, so the panel rule converges geometrically everywhere.
import { TheoryError, show } from './errors.js';

const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);
const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

/**
 * The error function erf(x), accurate to about 1 ulp-scale relative error (≤ 2e-16 · a few) on the real line.
 * JavaScript has no `Math.erf`; gelu's exact form and erf-activation closed forms need one.
 *
 * For |x| < 3 the everywhere-positive series erf(x) = (2/√π) e^{−x²} Σ 2ⁿ x^{2n+1} / (1·3·…·(2n+1)) (no
 * cancellation); above, erfc(x) by its continued fraction (modified Lentz).
 *
 * @example
 * ```ts
 * erf(1); // 0.8427007929497149
 * ```
 */
export function erf(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  const a = Math.abs(x);
  if (a < 3) {
    let term = a;
    let sum = a;
    for (let n = 1; n < 200; n++) {
      term *= (2 * a * a) / (2 * n + 1);
      sum += term;
      if (term < sum * 1e-17) break;
    }
    const value = TWO_OVER_SQRT_PI * Math.exp(-a * a) * sum;
    return x < 0 ? -value : value;
  }
  const value = 1 - erfcLarge(a);
  return x < 0 ? -value : value;
}

/**
 * The complementary error function erfc(x) = 1 − erf(x), without the cancellation of `1 − erf(x)` for x ≥ 2
 * (relative error below 5e-14 everywhere).
 *
 * @example
 * ```ts
 * erfc(3); // 2.209049699858544e-5
 * ```
 */
export function erfc(x: number): number {
  if (x >= 2) return erfcLarge(x);
  return 1 - erf(x);
}

// erfc(x) = e^{−x²}/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …)))) for x ≥ 2, by modified Lentz.
function erfcLarge(x: number): number {
  const tiny = 1e-300;
  let f = x;
  let c = x;
  let d = 0;
  for (let k = 1; k < 500; k++) {
    const an = k / 2;
    d = x + an * d;
    d = d === 0 ? tiny : 1 / d;
    c = x + an / c;
    if (c === 0) c = tiny;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(-x * x) / Math.sqrt(Math.PI) / f;
}

/** Nodes and weights of a quadrature rule. */
export interface QuadratureRule {
  readonly nodes: Float64Array;
  readonly weights: Float64Array;
}

const hermiteCache = new Map<number, QuadratureRule>();
const legendreCache = new Map<number, QuadratureRule>();

function checkNodeCount(where: string, n: number): void {
  if (!Number.isInteger(n) || n < 1 || n > 2000) {
    throw new TheoryError('INVALID_ARGUMENT', `${where}: n must be an integer from 1 to 2000, got ${show(n)}`);
  }
}

/**
 * The n-point Gauss–Hermite rule for the standard normal: Σ wᵢ f(xᵢ) ≈ E[f(z)], z ~ N(0, 1) (probabilists'
 * normalisation: Σ wᵢ = 1). Exact for polynomials of degree < 2n. Computed once per n and cached.
 *
 * Nodes by Golub–Welsch (the eigenvalues of the Jacobi matrix) polished by Newton's method on the
 * orthonormal Hermite recurrence (physicists' form, weight e^{−x²}), weights 2/p′ₙ(x)² from the same
 * recurrence; then scaled to the standard normal (nodes × √2, weights / √π).
 *
 * @example
 * ```ts
 * const { nodes, weights } = gaussHermite(3); // nodes −√3, 0, √3; weights 1/6, 2/3, 1/6
 * ```
 */
export function gaussHermite(n: number): QuadratureRule {
  checkNodeCount('gaussHermite', n);
  const cached = hermiteCache.get(n);
  if (cached) return cached;
  const x = new Float64Array(n);
  const w = new Float64Array(n);
  const pim4 = Math.pow(Math.PI, -0.25);
  const m = Math.floor((n + 1) / 2);
  // First guesses: the eigenvalues of the Jacobi matrix (Golub–Welsch), descending; Newton then polishes each
  // to full precision and gives a weight accurate to full relative precision (Golub–Welsch's own weights, the
  // squared first eigenvector components, lose relative precision in the tails).
  const guesses = hermiteJacobiEigenvalues(n).sort((p, q) => q - p);
  let z = 0;
  for (let i = 0; i < m; i++) {
    z = guesses[i]!;
    // The recurrence overflows past n ≈ 400 at the outer nodes: rescale by 2^−512 and count the rescalings, so
    // Newton's ratio p/p′ stays exact and the weight 2/p′² is assembled in log form (underflowing to 0 where it
    // is below the double range, which is its value to machine precision).
    let pp = 0;
    let scale = 0;
    const evaluate = (at: number): number => {
      let p1 = pim4;
      let p2 = 0;
      scale = 0;
      for (let j = 0; j < n; j++) {
        const p3 = p2;
        p2 = p1;
        p1 = at * Math.sqrt(2 / (j + 1)) * p2 - Math.sqrt(j / (j + 1)) * p3;
        if (Math.abs(p1) > 2 ** 512) {
          p1 *= 2 ** -512;
          p2 *= 2 ** -512;
          scale += 512;
        }
      }
      pp = Math.sqrt(2 * n) * p2;
      return p1;
    };
    for (let iter = 0; iter < 100; iter++) {
      const p1 = evaluate(z);
      const z1 = z;
      z = z1 - p1 / pp;
      if (Math.abs(z - z1) <= 1e-15 * Math.max(1, Math.abs(z))) {
        evaluate(z);
        break;
      }
    }
    x[i] = z;
    x[n - 1 - i] = -z;
    w[i] = Math.exp(Math.log(2) - 2 * Math.log(Math.abs(pp)) - 2 * scale * Math.LN2);
    w[n - 1 - i] = w[i]!;
  }
  const nodes = new Float64Array(n);
  const weights = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    // Ascending order, probabilists' scaling.
    nodes[i] = Math.SQRT2 * x[n - 1 - i]!;
    weights[i] = w[n - 1 - i]! / Math.sqrt(Math.PI);
  }
  const rule = Object.freeze({ nodes, weights });
  hermiteCache.set(n, rule);
  return rule;
}

/**
 * Eigenvalues of the symmetric tridiagonal Jacobi matrix of the physicists' Hermite polynomials (zero diagonal,
 * off-diagonal √(k/2)): the nodes of the Gauss–Hermite rule (Golub & Welsch 1969). Implicit QL with Wilkinson
 * shifts (the `tqli` scheme), eigenvalues only.
 */
function hermiteJacobiEigenvalues(n: number): number[] {
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  for (let k = 0; k + 1 < n; k++) e[k] = Math.sqrt((k + 1) / 2);
  for (let l = 0; l < n; l++) {
    for (let iter = 0; iter < 60; iter++) {
      let m = l;
      for (; m < n - 1; m++) {
        const dd = Math.abs(d[m]!) + Math.abs(d[m + 1]!);
        if (Math.abs(e[m]!) <= Number.EPSILON * dd) break;
      }
      if (m === l) break;
      let g = (d[l + 1]! - d[l]!) / (2 * e[l]!);
      let r = Math.hypot(g, 1);
      g = d[m]! - d[l]! + e[l]! / (g + (g >= 0 ? r : -r));
      let s = 1;
      let c = 1;
      let p = 0;
      let i = m - 1;
      for (; i >= l; i--) {
        const f = s * e[i]!;
        const b = c * e[i]!;
        r = Math.hypot(f, g);
        e[i + 1] = r;
        if (r === 0) {
          d[i + 1] = d[i + 1]! - p;
          e[m] = 0;
          break;
        }
        s = f / r;
        c = g / r;
        g = d[i + 1]! - p;
        r = (d[i]! - g) * s + 2 * c * b;
        p = s * r;
        d[i + 1] = g + p;
        g = c * r - b;
      }
      if (r === 0 && i >= l) continue;
      d[l] = d[l]! - p;
      e[l] = g;
      e[m] = 0;
    }
  }
  return Array.from(d);
}

/**
 * The n-point Gauss–Legendre rule on [−1, 1]: Σ wᵢ f(xᵢ) ≈ ∫ f. Newton on the Legendre recurrence, cached.
 *
 * @example
 * ```ts
 * gaussLegendre(2).nodes; // [−1/√3, 1/√3]
 * ```
 */
export function gaussLegendre(n: number): QuadratureRule {
  checkNodeCount('gaussLegendre', n);
  const cached = legendreCache.get(n);
  if (cached) return cached;
  const nodes = new Float64Array(n);
  const weights = new Float64Array(n);
  const m = Math.floor((n + 1) / 2);
  for (let i = 0; i < m; i++) {
    let z = Math.cos((Math.PI * (i + 0.75)) / (n + 0.5));
    let pp = 1;
    for (let iter = 0; iter < 100; iter++) {
      let p1 = 1;
      let p2 = 0;
      for (let j = 0; j < n; j++) {
        const p3 = p2;
        p2 = p1;
        p1 = ((2 * j + 1) * z * p2 - j * p3) / (j + 1);
      }
      pp = (n * (z * p1 - p2)) / (z * z - 1);
      const z1 = z;
      z = z1 - p1 / pp;
      if (Math.abs(z - z1) <= 1e-16) break;
    }
    nodes[i] = -z;
    nodes[n - 1 - i] = z;
    weights[i] = 2 / ((1 - z * z) * pp * pp);
    weights[n - 1 - i] = weights[i]!;
  }
  const rule = Object.freeze({ nodes, weights });
  legendreCache.set(n, rule);
  return rule;
}

/**
 * E[f(z)], z ~ N(0, 1), by the n-point Gauss–Hermite rule (default 160 nodes). Accurate to 1e-10 and better for
 * smooth integrands that are not steep; for a kink or a steep tanh use {@link gaussianExpectation}.
 *
 * @example
 * ```ts
 * gaussHermiteExpectation((z) => z ** 4); // 3
 * ```
 */
export function gaussHermiteExpectation(f: (z: number) => number, n = 160): number {
  const { nodes, weights } = gaussHermite(n);
  let sum = 0;
  for (let i = 0; i < n; i++) sum += weights[i]! * f(nodes[i]!);
  return sum;
}

/**
 * E[f(z₁, z₂)] for independent standard normals by the n × n product Gauss–Hermite rule (default 64 × 64).
 *
 * @example
 * ```ts
 * gaussHermiteExpectation2((a, b) => a * a * b * b); // 1
 * ```
 */
export function gaussHermiteExpectation2(f: (z1: number, z2: number) => number, n = 64): number {
  const { nodes, weights } = gaussHermite(n);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    let inner = 0;
    for (let j = 0; j < n; j++) inner += weights[j]! * f(nodes[i]!, nodes[j]!);
    sum += weights[i]! * inner;
  }
  return sum;
}

// The panel rule's settings: nodes per panel and panel sizes. Chosen (and checked by the tests against closed
// forms and a 2-D Gauss–Hermite reference) so that every expectation the maps need is accurate to 1e-12 or
// better, with tanh(√q z) up to q ≈ 25 (beyond, tanh's poles at ±iπ/(2√q) come closer than the panels resolve and the
// error grows, to about 1e-6 at q = 400); the Gaussian tail beyond |z| = 12 weighs e^{−72} ≈ 5e−32.
const CUTOFF = 12;
const PANEL_NODES = 24;
const PANELS_1D = 48; // panels of width 0.5 on [−12, 12]
const RADIAL_PANELS = 24; // panels of width 0.5 on [0, 12]
const RADIAL_NODES = 16;
const ANGLE_PANELS = 48;
const ANGLE_NODES = 16;

function cuts(lo: number, hi: number, panels: number, extra: readonly number[]): number[] {
  const points: number[] = [];
  for (let k = 0; k <= panels; k++) points.push(lo + ((hi - lo) * k) / panels);
  for (const e of extra) if (e > lo && e < hi) points.push(e);
  points.sort((a, b) => a - b);
  return points.filter((p, i) => i === 0 || p - points[i - 1]! > 1e-14);
}

/**
 * E[f(z)], z ~ N(0, 1), to about 1e-14, for f smooth except at the points `breaks` (in z): Gauss–Legendre panels
 * (24 nodes on each of 48 panels of width 0.5 on [−12, 12], cut at every break).
 *
 * @example
 * ```ts
 * gaussianExpectation((z) => Math.max(z, 0) ** 2, [0]); // 0.5
 * ```
 */
export function gaussianExpectation(f: (z: number) => number, breaks: readonly number[] = []): number {
  const { nodes, weights } = gaussLegendre(PANEL_NODES);
  const points = cuts(-CUTOFF, CUTOFF, PANELS_1D, breaks);
  let sum = 0;
  for (let k = 0; k + 1 < points.length; k++) {
    const a = points[k]!;
    const b = points[k + 1]!;
    const half = (b - a) / 2;
    const mid = (a + b) / 2;
    let panel = 0;
    for (let i = 0; i < PANEL_NODES; i++) {
      const z = mid + half * nodes[i]!;
      panel += weights[i]! * f(z) * Math.exp(-0.5 * z * z);
    }
    sum += half * panel;
  }
  return sum * INV_SQRT_2PI;
}

/**
 * E[f(z₁, z₂)] for independent standard normals, to about 1e-13, for f smooth except across the lines through
 * the origin whose directions (angles in radians) are listed in `rayAngles`: polar coordinates, the angle cut at
 * those rays (and their opposites) into panels, Gauss–Legendre on every angle and radius panel.
 * f need not be smooth at the origin along rays; it must be smooth in r on each ray.
 *
 * @example
 * ```ts
 * gaussianExpectation2((a, b) => Math.max(a, 0) * Math.max(b, 0), [Math.PI / 2, 0]); // 1/4
 * ```
 */
export function gaussianExpectation2(f: (z1: number, z2: number) => number, rayAngles: readonly number[] = []): number {
  const radial = gaussLegendre(RADIAL_NODES);
  const angular = gaussLegendre(ANGLE_NODES);
  const twoPi = 2 * Math.PI;
  const extra: number[] = [];
  for (const angle of rayAngles) {
    for (const t of [angle, angle + Math.PI]) extra.push(((t % twoPi) + twoPi) % twoPi);
  }
  const angles = cuts(0, twoPi, ANGLE_PANELS, extra);
  // Radial nodes and weights r·e^{−r²/2}·w, computed once per call.
  const rs: number[] = [];
  const rw: number[] = [];
  for (let k = 0; k < RADIAL_PANELS; k++) {
    const a = (CUTOFF * k) / RADIAL_PANELS;
    const b = (CUTOFF * (k + 1)) / RADIAL_PANELS;
    const half = (b - a) / 2;
    const mid = (a + b) / 2;
    for (let i = 0; i < RADIAL_NODES; i++) {
      const r = mid + half * radial.nodes[i]!;
      rs.push(r);
      rw.push(half * radial.weights[i]! * r * Math.exp(-0.5 * r * r));
    }
  }
  let sum = 0;
  for (let k = 0; k + 1 < angles.length; k++) {
    const a = angles[k]!;
    const b = angles[k + 1]!;
    const half = (b - a) / 2;
    const mid = (a + b) / 2;
    for (let i = 0; i < ANGLE_NODES; i++) {
      const t = mid + half * angular.nodes[i]!;
      const ct = Math.cos(t);
      const st = Math.sin(t);
      let inner = 0;
      for (let j = 0; j < rs.length; j++) inner += rw[j]! * f(rs[j]! * ct, rs[j]! * st);
      sum += half * angular.weights[i]! * inner;
    }
  }
  return sum / twoPi;
}
