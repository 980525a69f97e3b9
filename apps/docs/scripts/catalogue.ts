import { join } from 'node:path';
import { rmSync } from 'node:fs';
import {
  computeFans,
  getInitializer,
  histogramBins,
  listInitializers,
  sampleStats,
  type InitializerInfo,
  type ParameterInfo,
  type ParameterValue,
  type ResolvedParameters,
} from '@initlab/initializers';
import { ARCHITECTURE_INIT_DOCS, diagnoseNetworkAtInit, type ArchitectureInitDoc, type HiddenLayerSpec, type ModelSpec } from '@initlab/models';
import { Rng } from '@initlab/random';
import { docsDir, write, writeFigure, writeJson } from './lib/context.js';
import { code, esc, figure, mathBlock, mathInline, num, table } from './lib/md.js';
import { colorOf, histogramSpec, type Bin } from './lib/specs.js';

/** Seed of every catalogue sample, so pages are identical from build to build. */
export const CATALOGUE_SEED = 42;
const BINS = 40;

/** Summary of one entry's build-time sample, also written to `.generated/catalogue.json`. */
export interface CatalogueSample {
  name: string;
  spec: string;
  shape: number[];
  fans: { fanIn: number; fanOut: number };
  targetStd: number | null;
  mean: number;
  std: number;
  min: number;
  max: number;
  zeroShare: number;
  bins: Bin[];
}

/** A value for a parameter that has no default (e.g. `sparse`'s `sparsity`), from its declared range. */
function exampleValue(p: ParameterInfo): ParameterValue {
  if (p.type === 'enum') return p.choices?.[0] ?? '';
  const { min, max } = p.range ?? {};
  if (min !== undefined && max !== undefined) return p.type === 'integer' ? Math.round((min + max) / 2) : (min + max) / 2;
  if (min !== undefined) return p.type === 'integer' ? Math.ceil(min) + 1 : min + 1;
  if (max !== undefined) return max - 1;
  return 1;
}

/** A shape the entry accepts: a 256 → 256 dense kernel, or a 3×3 convolution kernel for convolution-only entries. */
function sampleShape(info: InitializerInfo): number[] {
  if (info.shapes.minRank >= 3) return info.shapes.minRank === 3 ? [3, 32, 32] : [3, 3, 32, 32];
  return [256, 256];
}

/** The sample's bins; a sample of one repeated value gets one bar 10% wide around it, so it stays visible. */
function histogram(values: Float32Array | Float64Array, range: { min: number; max: number }): Bin[] {
  const bins = histogramBins(values, BINS, range);
  const only = bins[0]!;
  if (bins.length > 1 || only.x0 !== only.x1) return bins;
  const half = Math.max(Math.abs(only.x0) * 0.05, 0.05);
  return [{ x0: only.x0 - half, x1: only.x0 + half, count: only.count }];
}

/** Draws the build-time sample of an entry and measures it. */
export function sampleEntry(info: InitializerInfo): CatalogueSample {
  const required = Object.fromEntries(info.parameters.filter((p) => p.default === null).map((p) => [p.name, exampleValue(p)]));
  const specObject = { name: info.name, ...required };
  const init = getInitializer(specObject);
  const shape = sampleShape(info);
  const values = init.sample(shape, { seed: CATALOGUE_SEED });
  const { mean, std, min, max, zeroShare } = sampleStats(values);
  const fans = computeFans(shape);
  const variance = info.targetVariance.evaluate(fans, init.getConfig() as unknown as ResolvedParameters);
  const specText = Object.keys(required).length
    ? `${info.name}:${Object.entries(required).map(([k, v]) => `${k}=${v}`).join(',')}`
    : info.name;
  return {
    name: info.name,
    spec: specText,
    shape,
    fans,
    targetStd: variance === null ? null : Math.sqrt(variance),
    mean,
    std,
    min,
    max,
    zeroShare,
    bins: histogram(values, { min, max }),
  };
}

function parameterRows(info: InitializerInfo): string {
  if (info.parameters.length === 0) return 'None: the rule is fixed (the fans come from the weight shape).';
  return table(
    ['parameter', 'type', 'default', 'allowed', 'meaning'],
    info.parameters.map((p) => [
      code(p.name) + (p.aliases?.length ? ` (also ${p.aliases.map(code).join(', ')})` : ''),
      p.type === 'enum' ? `one of ${(p.choices ?? []).map(code).join(', ')}` : p.type,
      p.default === null ? '**required**' : code(String(p.default)),
      esc(p.allowed),
      esc(p.description) +
        (p.choiceAliases && Object.keys(p.choiceAliases).length
          ? ` Also accepted: ${Object.entries(p.choiceAliases).map(([k, v]) => `${code(k)} → ${code(v)}`).join(', ')}.`
          : ''),
    ]),
  );
}

function frameworkRows(info: InitializerInfo): string {
  if (info.frameworks.length === 0) return 'No framework ships this rule under a name of its own.';
  const label = { keras: 'Keras', pytorch: 'PyTorch', tfjs: 'TensorFlow.js (tfjs-layers)' } as const;
  // A list rather than a table: the notes are sentences, which a table squeezes into a narrow column on a phone.
  return info.frameworks
    .map(
      (f) =>
        `- **${label[f.framework]}**: ${code(f.api)}` +
        (f.identifiers.length ? ` (accepts ${f.identifiers.map(code).join(', ')})` : '') +
        ` — ${f.match === 'identical' ? '✅ **identical**' : '⚠️ **differs**'}.` +
        (f.notes ? ` ${esc(f.notes)}` : ''),
    )
    .join('\n');
}

function seedNotebookSection(info: InitializerInfo): string {
  if (info.seedNotebookNames.length === 0) return '';
  const title = { housing: 'Boston housing notebook', wine: 'red wine notebook' } as const;
  const items = info.seedNotebookNames.map(
    (s) =>
      `- **${title[s.notebook]}**, ${esc(s.where)}: “${esc(s.name)}”, defined as ${esc(s.definition)}. ` +
      `Match: **${s.match === 'exact' ? 'exact' : 'same variance, different distribution'}**. ${esc(s.note)}`,
  );
  return ['## In the seed notebooks', '', ...items, ''].join('\n');
}

function altText(info: InitializerInfo, s: CatalogueSample): string {
  const peak = s.bins.reduce((a, b) => (b.count > a.count ? b : a));
  return (
    `Histogram of ${s.shape.reduce((a, b) => a * b, 1)} weights drawn from ${s.spec} for a ${s.shape.join(' × ')} tensor: ` +
    `values from ${num(s.min)} to ${num(s.max)}, mean ${num(s.mean)}, standard deviation ${num(s.std)}` +
    (s.targetStd !== null ? ` (target ${num(s.targetStd)})` : '') +
    `; the tallest bar, ${peak.count} values, lies between ${num(peak.x0)} and ${num(peak.x1)}` +
    (s.zeroShare > 0 ? `; ${num(s.zeroShare * 100, 3)}% of the weights are exactly 0.` : '.')
  );
}

async function entryPage(info: InitializerInfo, s: CatalogueSample): Promise<string> {
  const spec = histogramSpec({
    bins: s.bins,
    title: `${s.spec}: ${s.shape.join(' × ')} sample, seed ${CATALOGUE_SEED}`,
    xTitle: 'weight value',
    color: colorOf(info.name),
    description: `Histogram of a sample of ${s.spec}`,
  });
  const src = await writeFigure(`catalogue-${info.name}`, spec);
  const facts: string[][] = [
    ['family', code(info.family)],
    ['aliases', info.aliases.length ? info.aliases.map(code).join(', ') : 'none'],
    ['distribution', esc(info.distribution.description)],
    ['reads the fans', info.usesFans ? 'yes' : 'no'],
    ['shapes', esc(info.shapes.description)],
    ['suits', info.suits.length ? info.suits.map(code).join(', ') : 'no activation in particular'],
    ['reference', info.reference ? esc(info.reference) : 'none'],
  ];
  const example = `'${s.spec}'`;
  const lines = [
    '---',
    `title: ${info.name}`,
    `description: ${JSON.stringify(info.summary)}`,
    'outline: [2, 3]',
    '---',
    '',
    `# ${info.name}`,
    '',
    esc(info.summary),
    '',
    table(['property', 'value'], facts),
    '',
    '## Rule',
    '',
    mathBlock(info.formula),
    '',
    `The variance each weight gets, with ${mathInline('n_{in}')} and ${mathInline('n_{out}')} the fans of the tensor:`,
    '',
    mathBlock(`\\operatorname{Var}(W_{ij}) = ${info.targetVariance.latex}`),
    '',
    info.targetVariance.note ? `${esc(info.targetVariance.note)}\n` : '',
    '## What it suits',
    '',
    (info.suits.length ? `Designed for ${info.suits.map(code).join(', ')}. ` : '') + esc(info.suitsNote),
    '',
    '## Parameters',
    '',
    parameterRows(info),
    '',
    '## Framework names',
    '',
    frameworkRows(info),
    '',
    seedNotebookSection(info),
    '## A sample, drawn when these docs were built',
    '',
    figure(
      src,
      altText(info, s),
      `<code>${esc(`getInitializer(${example}).sample([${s.shape.join(', ')}], { seed: ${CATALOGUE_SEED} })`)}</code>: ` +
        `Keras layout, fans ${s.fans.fanIn} in and ${s.fans.fanOut} out.`,
    ),
    '',
    // Only the standard deviation has a target; the other rows describe the sample alone.
    table(
      ['', 'this sample'],
      [
        ['standard deviation', s.targetStd === null ? num(s.std) : `${num(s.std)} (target ${num(s.targetStd)})`],
        ['mean', num(s.mean)],
        ['smallest / largest', `${num(s.min)} / ${num(s.max)}`],
        ['share of exact zeros', `${num(s.zeroShare * 100, 3)}%`],
      ],
      ['l', 'r'],
    ),
    '',
    '## Use it',
    '',
    '```ts',
    "import { getInitializer } from '@initlab/initializers';",
    '',
    `const init = getInitializer(${example});`,
    `const w = init.sample([${s.shape.join(', ')}], { seed: ${CATALOGUE_SEED} }); // Float32Array, row-major, Keras layout`,
    '```',
    '',
    '```sh',
    `initlab initializers show ${info.name}`,
    `initlab initializers sample ${s.spec} --shape ${s.shape.join(',')}`,
    '```',
    '',
    `In an experiment file, list it under \`initializers:\` as ${code(s.spec)}. See [all initializers](./index.md) and the [API of @initlab/initializers](../api/initializers.md).`,
    '',
  ];
  return lines.join('\n');
}

const FAMILY_TITLES: Record<InitializerInfo['family'], string> = {
  constant: 'Constants',
  random: 'Fixed-scale random',
  variance_scaling: 'Variance scaling (Glorot/Xavier, He/Kaiming, LeCun)',
  orthogonal: 'Orthogonal',
  structured: 'Structured',
  sparse: 'Sparse',
};

const ARCHITECTURE_TITLE = 'Architecture initializations (residual networks)';

function indexPage(infos: readonly InitializerInfo[], samples: ReadonlyMap<string, CatalogueSample>): string {
  const lines = [
    '---',
    'title: Initializer catalogue',
    'description: Every initializer initlab ships, with its rule, parameters, framework names and a sample.',
    '---',
    '',
    '# Initializer catalogue',
    '',
    `initlab ships ${infos.length} initializers. Each page below is generated from the catalogue's own metadata ` +
      "(`listInitializers()` in `@initlab/initializers`) and shows a sample drawn when these docs were built, so the " +
      'pages cannot drift from the code. The column *std at 256 → 256* is the standard deviation of the build-time sample ' +
      'of a 256-input, 256-unit dense kernel (convolution-only entries use a 3×3 kernel).',
    '',
    'Not sure which to pick? Read [how to choose](../guide/choosing.md).',
    '',
  ];
  for (const family of Object.keys(FAMILY_TITLES) as InitializerInfo['family'][]) {
    const group = infos.filter((i) => i.family === family);
    if (group.length === 0) continue;
    lines.push(`## ${FAMILY_TITLES[family]}`, '');
    lines.push(
      table(
        ['initializer', 'rule', 'std at 256 → 256', 'suits'],
        group.map((i) => {
          const s = samples.get(i.name)!;
          return [
            `[${i.name}](./${i.name}.md)`,
            esc(i.summary),
            num(s.std, 3),
            i.suits.length ? i.suits.map(code).join(', ') : '—',
          ];
        }),
        ['l', 'l', 'r', 'l'],
      ),
      '',
    );
  }
  lines.push(
    `## ${ARCHITECTURE_TITLE}`,
    '',
    "These set a whole residual network rather than one tensor (a member's `kernelInitializer` in `@initlab/models`; the dense layers they do not set are he_normal).",
    '',
    table(
      ['initialization', 'rule', 'paper'],
      ARCHITECTURE_INIT_DOCS.map((d) => [`[${d.name}](./${d.name}.md)`, esc(d.summary), esc(d.paper)]),
      ['l', 'l', 'l'],
    ),
    '',
  );
  return lines.join('\n');
}

/** The network each architecture initialization's page measures: a 16-wide stem and 8 gated pre-activation blocks. */
export const ARCHITECTURE_EXAMPLE = { inputs: 16, width: 16, blocks: 8, rows: 256, seed: 1 } as const;

/** The example network, with batch norm before each branch activation when `norm` (zero_last_norm_gamma needs one). */
export function architectureExample(norm: boolean): ModelSpec {
  const { inputs, width, blocks } = ARCHITECTURE_EXAMPLE;
  const step: HiddenLayerSpec[] = [...(norm ? [{ type: 'batchnorm' } as HiddenLayerSpec] : []), { type: 'activation', activation: 'relu' }, { units: width }];
  return {
    inputDim: inputs,
    hidden: [{ units: width }, ...Array.from({ length: blocks }, (): HiddenLayerSpec => ({ type: 'residual', gate: true, layers: [...step, ...step] }))],
    output: { units: 1 },
    loss: 'mse',
  };
}

/** Per block, the branch-to-skip ratio at initialisation of the example network, for the scheme and for he_normal. */
export function architectureSample(doc: ArchitectureInitDoc): { norm: boolean; blocks: { block: number; scheme: number | null; he: number | null }[] } {
  const norm = doc.name === 'zero_last_norm_gamma';
  const { inputs, rows, seed } = ARCHITECTURE_EXAMPLE;
  const rng = new Rng(seed, 'catalogue-architecture');
  const x = Array.from({ length: rows }, () => Array.from({ length: inputs }, () => rng.normal(0, 1)));
  const [scheme, he] = diagnoseNetworkAtInit(architectureExample(norm), [
    { seed, kernelInitializer: doc.name },
    { seed, kernelInitializer: 'he_normal' },
  ], { x });
  return { norm, blocks: scheme!.blocks.map((b, i) => ({ block: b.block, scheme: b.branchToSkip, he: he!.blocks[i]!.branchToSkip })) };
}

function architecturePage(doc: ArchitectureInitDoc, sample: ReturnType<typeof architectureSample>): string {
  const { width, blocks, rows } = ARCHITECTURE_EXAMPLE;
  return [
    '---',
    `title: ${doc.name}`,
    // quoted: a summary may hold ': ', which plain YAML would read as a mapping
    `description: ${JSON.stringify(doc.summary)}`,
    '---',
    '',
    `# ${doc.name}`,
    '',
    doc.summary,
    '',
    `**Paper:** ${doc.paper}.`,
    '',
    `**Rule:** ${doc.formula}.`,
    '',
    doc.notes,
    '',
    '## At initialisation',
    '',
    `Measured when these docs were built with \`diagnoseNetworkAtInit\` (\`@initlab/models\`) on ${rows} standard normal inputs: a ${width}-unit stem and ${blocks} gated pre-activation residual blocks of width ${width} (each branch ${sample.norm ? 'batchnorm → relu → dense, twice' : 'relu → dense, twice'}). The ratio is the spread of the gated branch over the spread of the skip path; 0 means the block starts as its skip path.`,
    '',
    table(
      ['block', `branch / skip, ${doc.name}`, 'branch / skip, he_normal'],
      sample.blocks.map((b) => [String(b.block), b.scheme === null ? '—' : num(b.scheme, 3), b.he === null ? '—' : num(b.he, 3)]),
      ['r', 'r', 'r'],
    ),
    '',
    `Use it as a member's kernel initializer (\`kernelInitializer: '${doc.name}'\`, or \`initializers: [${doc.name}]\` in an experiment file). Read [residual networks and normalization](../guide/residual-networks.md) for the argument and the evidence.`,
    '',
  ].join('\n');
}

/** Writes `docs/catalogue/` (an index and one page per entry) and its sidebar; returns the entry names. */
export async function generateCatalogue(): Promise<string[]> {
  const dir = join(docsDir, 'catalogue');
  rmSync(dir, { recursive: true, force: true });
  const infos = listInitializers();
  const samples = new Map<string, CatalogueSample>();
  for (const info of infos) {
    const s = sampleEntry(info);
    samples.set(info.name, s);
    write(join(dir, `${info.name}.md`), await entryPage(info, s));
  }
  const architecture = ARCHITECTURE_INIT_DOCS.map((doc) => ({ doc, sample: architectureSample(doc) }));
  for (const { doc, sample } of architecture) write(join(dir, `${doc.name}.md`), architecturePage(doc, sample));
  write(join(dir, 'index.md'), indexPage(infos, samples));
  writeJson('catalogue', {
    seed: CATALOGUE_SEED,
    entries: infos.map((i) => {
      const { bins: _bins, ...rest } = samples.get(i.name)!;
      return { ...rest, family: i.family, summary: i.summary };
    }),
    architecture: architecture.map(({ doc, sample }) => ({ name: doc.name, paper: doc.paper, ...sample })),
  });
  const sidebar = (Object.keys(FAMILY_TITLES) as InitializerInfo['family'][])
    .map((family) => ({
      text: FAMILY_TITLES[family],
      collapsed: false,
      items: infos.filter((i) => i.family === family).map((i) => ({ text: i.name, link: `/catalogue/${i.name}` })),
    }))
    .filter((g) => g.items.length > 0);
  sidebar.push({ text: ARCHITECTURE_TITLE, collapsed: false, items: ARCHITECTURE_INIT_DOCS.map((d) => ({ text: d.name, link: `/catalogue/${d.name}` })) });
  writeJson('catalogue-sidebar', [{ text: 'Catalogue', link: '/catalogue/', items: [] }, ...sidebar]);
  return infos.map((i) => i.name);
}
