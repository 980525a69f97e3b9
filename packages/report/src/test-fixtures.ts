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

/** An experiment of many runs for layout tests: the wine fixture's header and runs, spread over a grid. */
export interface SyntheticGrid {
  initializers: readonly string[];
  grid: Record<string, readonly (string | number)[]>;
  seeds: number;
}

/**
 * A results folder's contents (header and runs) for a grid of `initializers × grid points × seeds`, made from
 * the wine fixture: each run is one of its runs with the grid point, initializer, seed and hidden layers set,
 * and its accuracy and losses moved by a fixed amount per run, so rows differ the way real sweeps do. For
 * tests of the page's layout at real sizes (80 or 540 runs), which training them would make slow.
 */
export async function syntheticGrid(spec: SyntheticGrid): Promise<ReadResultsOutput> {
  const wine = await loadFixture('wine');
  const meta = structuredClone(wine.meta!);
  const axes = Object.entries(spec.grid);
  const points = axes.reduce<Record<string, string | number>[]>((acc, [axis, values]) => acc.flatMap((p) => values.map((v) => ({ ...p, [axis]: v }))), [{}]);
  meta.config = {
    ...meta.config,
    name: 'synthetic-grid',
    // the wine fixture's own description would tell a reader of the screenshots something untrue
    description: `A made-up grid for layout tests: the wine fixture's runs spread over ${points.length} grid points, ${spec.initializers.length} initializers and ${spec.seeds} seeds.`,
    initializers: spec.initializers.map((label) => ({ ...parseLabel(label), label })),
    seeds: Array.from({ length: spec.seeds }, (_, i) => i),
    grid: spec.grid as never,
  };
  meta.plannedRuns = points.length * spec.initializers.length * spec.seeds;
  const results: RunResult[] = [];
  points.forEach((point, gridIndex) => {
    const gridLabel = Object.entries(point).map(([k, v]) => `${k}=${v}`).join(' ');
    const depth = typeof point['depth'] === 'number' ? point['depth'] : 1;
    spec.initializers.forEach((label, i) => {
      for (let seed = 0; seed < spec.seeds; seed++) {
        const template = structuredClone(wine.results[(i * 3 + seed) % wine.results.length]!);
        const shift = ((gridIndex * 7 + i * 3 + seed) % 11) / 100;
        const layers = (d: RunResult['diagnostics']['init']) =>
          d === null ? null : [...Array.from({ length: depth }, (_, l) => ({ ...d[0]!, layer: l, activationStd: (d[0]!.activationStd ?? 0) * (1 + 0.1 * l) })), { ...d.at(-1)!, layer: depth }];
        results.push({
          ...template,
          runId: `syn${gridIndex}-${i}-${seed}`,
          experiment: 'synthetic-grid',
          gridIndex,
          gridPoint: point as RunResult['gridPoint'],
          gridLabel,
          initializer: parseLabel(label),
          label,
          seed,
          metrics: { ...template.metrics, accuracy: Math.min(1, (template.metrics['accuracy'] ?? 0.5) + shift) },
          history: template.history.map((h) => ({ ...h, loss: h.loss === null ? null : h.loss * (1 - shift) })),
          diagnostics: { init: layers(template.diagnostics.init), final: layers(template.diagnostics.final) },
        });
      }
    });
  });
  return { ...wine, meta, results };
}

/** `random_normal:stddev=0.01` as `{ name: 'random_normal', stddev: 0.01 }`. */
function parseLabel(label: string): { name: string; [param: string]: unknown } {
  const [name, params] = label.split(':') as [string, string | undefined];
  const out: { name: string; [param: string]: unknown } = { name };
  for (const pair of params?.split(',') ?? []) {
    const [k, v] = pair.split('=') as [string, string];
    out[k] = Number.isNaN(Number(v)) ? v : Number(v);
  }
  return out;
}
