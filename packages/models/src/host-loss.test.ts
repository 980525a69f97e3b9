import { Rng } from '@initlab/random';
import { describe, expect, it } from 'vitest';
import { accumulate, activateRow, rowLoss, rowMetric, type Scorer } from './host-loss.js';
import { resolveActivation } from './spec.js';

describe('host-side scoring', () => {
  it('the softmax cross-entropy fast path gives the bits of activateRow + rowLoss + rowMetric', () => {
    const rng = new Rng(5, 'host-loss');
    const members = 3;
    const rows = 17;
    const units = 4;
    const z = rng.fillNormal(new Float32Array(members * rows * units), 0, 6); // wide logits: large exponent gaps
    const y = new Float32Array(members * rows * units);
    for (let i = 0; i < members * rows; i++) y[i * units + rng.permutation(units)[0]!] = 1;
    const scorer: Scorer = {
      mode: 'softmax_ce',
      loss: 'sparse_categorical_crossentropy',
      activation: resolveActivation('softmax', 'output'),
      metrics: ['accuracy'],
      units,
    };
    const sums = new Float64Array(members * 2);
    accumulate(scorer, z, y, members, rows, sums);

    const expected = new Float64Array(members * 2);
    const a = new Float64Array(units);
    for (let m = 0; m < members; m++) {
      let loss = 0;
      let hits = 0;
      for (let r = 0; r < rows; r++) {
        const from = (m * rows + r) * units;
        activateRow(z, from, units, scorer.activation, a);
        loss += rowLoss('softmax_ce', z, from, a, y, from, units);
        hits += rowMetric('accuracy', scorer.loss, a, y, from, units);
      }
      expected[2 * m] = loss;
      expected[2 * m + 1] = hits;
    }
    expect(Array.from(sums)).toEqual(Array.from(expected));
    expect(sums[1]).toBeGreaterThan(0);
  });
});
