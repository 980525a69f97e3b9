/** Unit tests of the build-time helpers that turn package data into Markdown and figures. */
import { describe, expect, it } from 'vitest';
import { esc, mathBlock, num, table } from '../scripts/lib/md.js';
import { renderSvg } from '../scripts/lib/render.js';
import { colorOf, histogramSpec, seedStripSpec } from '../scripts/lib/specs.js';

describe('markdown helpers', () => {
  it('escapes what markdown-it and Vue would otherwise read as markup', () => {
    expect(esc('g < groups | {{ x }} & y\nz')).toBe('g &lt; groups &#124; &#123;&#123; x &#125;&#125; &amp; y z');
  });

  it('formats numbers compactly, exponents outside [1e-3, 1e6), dashes for missing values', () => {
    expect(num(0.559375)).toBe('0.5594');
    expect(num(2.0239512796679745e11)).toBe('2.024e11');
    expect(num(0.00011)).toBe('1.1e-4');
    expect(num(0)).toBe('0');
    expect(num(null)).toBe('—');
    expect(num(Number.NaN)).toBe('—');
  });

  it('builds tables and display maths', () => {
    expect(table(['a', 'b'], [['1', '2']], ['l', 'r'])).toBe('| a | b |\n| --- | ---: |\n| 1 | 2 |');
    expect(mathBlock(' x^2 ')).toBe('$$\nx^2\n$$');
  });
});

describe('figures', () => {
  it('gives every initializer family a stable colour', () => {
    expect(colorOf('he_normal')).toBe(colorOf('kaiming_normal'));
    expect(colorOf('zeros')).not.toBe(colorOf('he_normal'));
  });

  it('renders a histogram to a standalone SVG that carries its description', async () => {
    const svg = await renderSvg(
      histogramSpec({ bins: [{ x0: -1, x1: 0, count: 3 }, { x0: 0, x1: 1, count: 5 }], title: 't', xTitle: 'weight', color: '#000', description: 'a test histogram' }),
    );
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('aria-label="t: a test histogram"');
  });

  it('keeps a row, with a note, for an initializer whose runs all diverged', async () => {
    const spec = seedStripSpec({
      rows: [{ initializer: 'he_normal', seed: 0, value: 0.9 }],
      labels: ['he_normal', 'random_normal:stddev=1'],
      xTitle: 'accuracy',
      title: 't',
      description: 'd',
    });
    const svg = await renderSvg(spec);
    expect(svg).toContain('every run diverged');
    expect(svg).toContain('random_normal:stddev=1');
  });
});
