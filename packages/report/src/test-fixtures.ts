// Test helpers (not exported from the package): the results folders in __fixtures__ (written by runExperiment,
// see __fixtures__/README.md), small hand-made runs for edge cases, and readers for rendered SVG.
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readResults, type ReadResultsOutput, type RunResult } from '@initlab/results';

/** The fixture folders. */
export type FixtureName = 'boston' | 'wine' | 'sweep' | 'edge';

/** Absolute path of a fixture folder (read only: copy it before writing into it). */
export function fixtureDir(name: FixtureName): string {
  return join(dirname(fileURLToPath(import.meta.url)), '__fixtures__', name);
}

/** A fixture read through the same `readResults` the CLI uses. */
export async function loadFixture(name: FixtureName): Promise<ReadResultsOutput> {
  return readResults(fixtureDir(name));
}

/** A fresh temporary copy of a fixture folder. */
export function copyFixture(name: FixtureName): string {
  const dir = mkdtempSync(join(tmpdir(), `initlab-report-${name}-`));
  cpSync(fixtureDir(name), dir, { recursive: true });
  return dir;
}

/** A small run for edge cases: `losses` are the training losses of its finished epochs. */
export function makeRun(opts: {
  label: string;
  seed: number;
  losses: number[];
  status?: RunResult['status'];
  divergedAtEpoch?: number | null;
  metrics?: Record<string, number | null>;
  gridIndex?: number;
  gridLabel?: string;
}): RunResult {
  return {
    runId: `${opts.label}-${opts.seed}-${opts.gridIndex ?? 0}`,
    experiment: 'hand-made',
    gridIndex: opts.gridIndex ?? 0,
    gridPoint: {},
    gridLabel: opts.gridLabel ?? '',
    initializer: { name: opts.label },
    label: opts.label,
    seed: opts.seed,
    status: opts.status ?? 'ok',
    divergedAtEpoch: opts.divergedAtEpoch ?? null,
    epochsCompleted: opts.losses.length,
    metrics: { loss: opts.losses[opts.losses.length - 1] ?? null, ...opts.metrics } as RunResult['metrics'],
    history: opts.losses.map((loss, i) => ({ epoch: i + 1, loss, metrics: {}, valLoss: null, valMetrics: null })),
    diagnostics: { init: null, final: null },
    elapsedMs: 10,
    ensembleSize: 1,
    backend: 'cpu',
  };
}

function decode(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

/** The text of every `<text>` element inside Vega groups of a role, e.g. `legend-label` or `axis-label`. */
export function svgTexts(svg: string, role: string): string[] {
  const texts: string[] = [];
  const group = new RegExp(`<g class="mark-text role-${role}"[^>]*>([\\s\\S]*?)</g>`, 'g');
  for (const m of svg.matchAll(group)) {
    for (const t of m[1]!.matchAll(/<text[^>]*>([^<]*)<\/text>/g)) texts.push(decode(t[1]!));
  }
  return texts;
}

/** Number of Vega mark groups of a mark type (`line`, `area`): one per series for grouped marks. */
export function markGroups(svg: string, mark: string): number {
  return [...svg.matchAll(new RegExp(`<g class="mark-${mark} role-mark`, 'g'))].length;
}

/** Number of `<path>` items in the first symbol-mark group of a layer (points are one group of many paths). */
export function symbolCount(svg: string, layerClass: string): number {
  const m = new RegExp(`<g class="mark-symbol role-mark ${layerClass}"[^>]*>([\\s\\S]*?)</g>`).exec(svg);
  return m === null ? 0 : [...m[1]!.matchAll(/<path/g)].length;
}
