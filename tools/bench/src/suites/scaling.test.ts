import { describe, expect, it } from 'vitest';
import { flopsPerModelStep, scalingCells } from './scaling.js';

describe('the scaling suite', () => {
  it('counts the forward products, the weight gradients and every input gradient but the first layer', () => {
    // 64 → 256 × 8 → 4: Σ I·O = 64·256 + 7·256² + 256·4 = 476,160; the input gradients skip 64·256
    expect(flopsPerModelStep(256, 128)).toBe(2 * 128 * (2 * 476_160 + (476_160 - 64 * 256)));
    // linear in the batch
    expect(flopsPerModelStep(64, 64)).toBe(2 * flopsPerModelStep(64, 32));
  });

  it('--quick runs the key cells (width 256, batch 128, one model, ReLU and tanh, 1 and 2 threads); the full grid is every combination', () => {
    const quick = scalingCells(true);
    expect(quick.map((c) => `${c.activation} ${c.threads}`)).toEqual(['relu 1', 'tanh 1', 'relu 2', 'tanh 2']);
    expect(quick.every((c) => c.width === 256 && c.batch === 128 && c.members === 1)).toBe(true);
    const full = scalingCells(false);
    expect(full).toHaveLength(5 * 3 * 2 * 2 * 2);
    expect(new Set(full.map((c) => `${c.width} ${c.batch} ${c.activation} ${c.members} ${c.threads}`)).size).toBe(full.length);
  });
});
