import { describe, expect, it } from 'vitest';
import { density, F, LAYERS, wedgeAccepts, X } from './ziggurat.js';

/** The float64 next to x in direction `up`. */
function nextDouble(x: number, up: boolean): number {
  const f = new Float64Array([x]);
  const bits = new BigInt64Array(f.buffer);
  bits[0]! += (x > 0) === up ? 1n : -1n;
  return f[0]!;
}

describe('ziggurat wedge squeeze', () => {
  it('decides every wedge draw as y < density(z) does, on every layer (grids, ulps around the density and outside the layer)', () => {
    let checked = 0;
    let mismatches = 0;
    for (let i = 1; i < LAYERS; i++) {
      const [left, right] = [X[i + 1]!, X[i]!];
      const zs: number[] = [nextDouble(left, false), left, nextDouble(left, true), nextDouble(right, false), right];
      for (let t = 1; t < 64; t++) zs.push(left + ((right - left) * t) / 64);
      for (const a of zs) {
        const exact = density(a);
        const ys = [exact, nextDouble(exact, true), nextDouble(exact, false), nextDouble(nextDouble(exact, true), true), nextDouble(nextDouble(exact, false), false)];
        for (let t = 0; t <= 64; t++) ys.push(F[i]! + ((F[i + 1]! - F[i]!) * t) / 64);
        for (const y of ys) {
          for (const z of [a, -a]) {
            checked++;
            if (wedgeAccepts(i, z, y) !== y < density(z)) mismatches++;
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(100_000);
    expect(mismatches).toBe(0);
  });

  it('settles most uniform wedge draws without exp (the point of the squeeze)', () => {
    // Uniform (z, y) over each layer's wedge rectangle: the share left to exp is the band between the lines.
    let undecided = 0;
    let total = 0;
    for (let i = 1; i < LAYERS; i++) {
      const [left, right] = [X[i + 1]!, X[i]!];
      for (let s = 0; s < 200; s++) {
        const z = left + (right - left) * ((s * 0.6180339887498949) % 1);
        const y = F[i]! + (F[i + 1]! - F[i]!) * ((s * 0.7548776662466927) % 1);
        total++;
        if (!decidesWithoutExp(i, z, y)) undecided++;
      }
    }
    // About 0.7% here: the layers are narrow, so the lines hug the density.
    expect(undecided / total).toBeLessThan(0.05);
  });
});

/** Whether wedgeAccepts decides (z, y) without calling Math.exp (and decides it right). */
function decidesWithoutExp(i: number, z: number, y: number): boolean {
  const f = density(z);
  const original = Math.exp;
  let called = false;
  Math.exp = (x: number) => {
    called = true;
    return original(x);
  };
  try {
    expect(wedgeAccepts(i, z, y)).toBe(y < f);
  } finally {
    Math.exp = original;
  }
  return !called;
}
