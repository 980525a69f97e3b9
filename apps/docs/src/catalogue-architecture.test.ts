/** The catalogue's architecture-initialization pages: the numbers they print are the library's, and each scheme does what its page says. */
import { useBackend } from '@initlab/backends';
import { ARCHITECTURE_INITS, ARCHITECTURE_INIT_DOCS } from '@initlab/models';
import { beforeAll, describe, expect, it } from 'vitest';
import { architectureSample } from '../scripts/catalogue.js';

beforeAll(async () => {
  await useBackend('cpu');
});

describe('architecture initializations in the catalogue', () => {
  it('has one documented entry per scheme, each with a paper cited as "title – authors (year)"', () => {
    expect(ARCHITECTURE_INIT_DOCS.map((d) => d.name)).toEqual([...ARCHITECTURE_INITS]);
    for (const d of ARCHITECTURE_INIT_DOCS) expect(d.paper).toMatch(/^.+ – .+ \(\d{4}\)$/);
  });

  it.each(ARCHITECTURE_INIT_DOCS.map((d) => [d.name, d] as const))('%s: every block starts as its skip path, where he_normal adds a branch as large as the skip', (_, doc) => {
    const sample = architectureSample(doc);
    expect(sample.blocks).toHaveLength(8);
    for (const b of sample.blocks) {
      expect(b.scheme).toBe(0);
      expect(typeof b.he).toBe('number');
      expect(Number.isFinite(b.he)).toBe(true);
    }
    // he_normal's branches are of the skip's order: neither vanishing nor the identity
    const mean = sample.blocks.reduce((s, b) => s + b.he!, 0) / sample.blocks.length;
    expect(mean).toBeGreaterThan(0.3);
    expect(sample.norm).toBe(doc.name === 'zero_last_norm_gamma');
  });
});
