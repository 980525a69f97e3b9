// Test helpers shared by the guide pages' tests: a figure draws its data, and a number is a number.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { colorDomainGaps, invisibleMarks, type VegaLiteSpec } from '@initlab/report';
import { expect } from 'vitest';

/** A finite number. */
export const isNumber = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

type InlineSpec = { data?: { values?: unknown[] }; layer?: unknown[] };

/** Every inline data row of a spec, layer by layer. */
export const layersOf = (spec: InlineSpec): { values?: unknown[] }[] =>
  [spec.data ?? {}, ...((spec.layer ?? []) as { data?: { values?: unknown[] } }[]).map((l) => l.data ?? {})].filter((d) => d.values !== undefined);

/**
 * Expects figure `name` in `figuresDir` to be an SVG with visible data marks and no NaN/undefined/null text,
 * and its Vega-Lite spec to have rows of numbers in every layer and colour domains that cover the data.
 */
export function expectFigureDrawsData(figuresDir: string, name: string): void {
  const svg = readFileSync(join(figuresDir, `${name}.svg`), 'utf8');
  expect(svg).toMatch(/<g class="mark-\w+ role-mark/);
  expect(invisibleMarks(svg)).toEqual([]);
  expect(svg).not.toMatch(/>[^<]*\b(NaN|undefined|null)\b[^<]*</);
  const spec = JSON.parse(readFileSync(join(figuresDir, `${name}.vl.json`), 'utf8')) as VegaLiteSpec & InlineSpec;
  expect(colorDomainGaps(spec)).toEqual([]);
  const datas = layersOf(spec);
  expect(datas.length).toBeGreaterThan(0);
  for (const d of datas) {
    expect(d.values!.length).toBeGreaterThan(0);
    for (const row of d.values as Record<string, unknown>[]) for (const [k, v] of Object.entries(row)) if (typeof v !== 'string') expect(isNumber(v), `${name}: ${k} = ${String(v)}`).toBe(true);
  }
}
