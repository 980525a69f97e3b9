/**
 * Builds everything the site shows that comes from code: runs the initlab packages with fixed seeds and writes
 * the catalogue pages, the data set pages (with the image sets' sample grids), the guide's measured figures and numbers, the paper pages (from the
 * committed runs in runs/papers/), the API reference (TypeDoc) and the CLI reference (commander), plus the tfjs WASM binaries the playground loads.
 * `vitepress build docs` follows.
 *
 * Usage: tsx --conditions=source scripts/generate.ts [--reuse] [--only assets,catalogue,datasets,cli,api,evidence,chaos,residual,papers]
 *   --reuse  keep the evidence numbers and figures of an earlier run (fast `dev`)
 */
import { useBackend } from '@initlab/backends';
import { copyAssets } from './assets.js';
import { generateApi } from './api.js';
import { generateCatalogue } from './catalogue.js';
import { generateChaos } from './chaos.js';
import { generateCli } from './cli.js';
import { generateDatasets } from './datasets.js';
import { generateEvidence } from './evidence.js';
import { generatePapers } from './papers.js';
import { generateResidual } from './residual.js';
import { step } from './lib/context.js';

const SECTIONS = ['assets', 'catalogue', 'datasets', 'cli', 'api', 'evidence', 'chaos', 'residual', 'papers'] as const;
type Section = (typeof SECTIONS)[number];

function parseArgs(argv: readonly string[]): { reuse: boolean; only: Set<Section> } {
  const reuse = argv.includes('--reuse');
  const i = argv.indexOf('--only');
  if (i === -1) return { reuse, only: new Set(SECTIONS) };
  const names = (argv[i + 1] ?? '').split(',').filter(Boolean);
  for (const n of names) {
    if (!(SECTIONS as readonly string[]).includes(n)) {
      throw new Error(`generate: --only takes a comma list of ${SECTIONS.join(', ')}, got '${n}'`);
    }
  }
  return { reuse, only: new Set(names as Section[]) };
}

const t0 = performance.now();
const { reuse, only } = parseArgs(process.argv.slice(2));
const backend = await useBackend('wasm');
console.log(`generate: tfjs backend ${backend.name} (simd ${backend.simd})`);
try {
  if (only.has('assets')) await step('assets', async () => copyAssets());
  if (only.has('catalogue')) await step('catalogue', generateCatalogue);
  if (only.has('datasets')) await step('data sets', generateDatasets);
  if (only.has('cli')) await step('cli reference', generateCli);
  if (only.has('api')) await step('api reference (typedoc)', generateApi);
  if (only.has('evidence')) await step('evidence', () => generateEvidence({ reuse }));
  if (only.has('chaos')) await step('edge of chaos', generateChaos);
  if (only.has('residual')) await step('residual networks', generateResidual);
  if (only.has('papers')) await step('papers (from the committed runs)', generatePapers);
} catch (err) {
  // The WASM backend rethrows uncaught errors from inside its own minified module, so Node would print a
  // screenful of it above the message: say the message (and where it was thrown) and stop.
  console.error(`generate: ${err instanceof Error ? err.message : String(err)}`);
  if (err instanceof Error && err.stack) console.error(err.stack.split('\n').slice(1, 4).join('\n'));
  process.exit(1);
}
console.log(`generate: done in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
