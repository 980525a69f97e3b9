/**
 * The site checks themselves, on small pages that have each defect: they must fail there (and pass on the fixed
 * form), or a clean run of site.test.ts would prove nothing. No build needed; Chromium for the DOM checks.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ranking } from '../docs/.vitepress/theme/format.js';
import { checkClaim } from './claim-check.js';
import { pageFacts, placeholderProblems, reproductionProblems, shellWords } from './site-check.js';

const EVIDENCE = {
  depth: {
    seeds: 8,
    activations: {
      relu: {
        stats: {
          lecun_normal: { mean: 0.968, ci: 0.008 },
          he_normal: { mean: 0.918, ci: 0.055 },
          glorot_uniform: { mean: 0.917, ci: 0.106 },
          zeros: { mean: 0.496, ci: 0.006 },
          'random_normal:stddev=1': { mean: null, ci: null, diverged: 8 },
        },
      },
    },
  },
  signal: {
    depth: 2,
    width: 4,
    batch: 8,
    layers: {
      relu: {
        he_normal: [
          { layer: 1, activationStd: 0.8, gradientNorm: 1.5 },
          { layer: 2, activationStd: 0.75, gradientNorm: 1.6 },
        ],
        'random_normal:stddev=1': [
          { layer: 1, activationStd: 6.5, gradientNorm: null },
          { layer: 2, activationStd: null, gradientNorm: null },
        ],
      },
    },
  },
  notebooks: {
    wine: { metric: 'accuracy', baseline: 0.559375, stats: { zeros: { mean: 0.559375, min: 0.559375, max: 0.559375, n: 5 } } },
  },
};

describe('checkClaim', () => {
  const base = 'depth/activations/relu/stats';
  it('holds for what the numbers say', () => {
    expect(checkClaim(`${base}: lecun_normal above rest`, EVIDENCE)).toEqual([]);
    expect(checkClaim(`${base}: lecun_normal, he_normal, glorot_uniform clearly above zeros; he_normal level with glorot_uniform`, EVIDENCE)).toEqual([]);
    expect(checkClaim(`${base}: he_normal not clearly above lecun_normal; random_normal:stddev=1/diverged at least /depth/seeds`, EVIDENCE)).toEqual([]);
    expect(checkClaim('signal/layers/relu/he_normal: spread(*/activationStd) below 1.1; 0/activationStd above -1/activationStd', EVIDENCE)).toEqual([]);
    expect(checkClaim('signal/layers/relu: he_normal/-1/activationStd above 0.1*random_normal:stddev=1/0/activationStd', EVIDENCE)).toEqual([]);
  });

  it('fails the claim the guide used to make ("the same ordering": He above LeCun for ReLU)', () => {
    expect(checkClaim(`${base}: he_normal above lecun_normal, glorot_uniform`, EVIDENCE)).toEqual(["'he_normal above lecun_normal' is false: 0.918 ± 0.055 against 0.968 ± 0.008"]);
    expect(checkClaim(`${base}: he_normal clearly above glorot_uniform`, EVIDENCE)).toHaveLength(1);
    expect(checkClaim(`${base}: all above 0.9`, EVIDENCE)).toEqual(["'zeros above 0.9' is false: 0.496 ± 0.006 against 0.9"]);
  });

  it('fails a claim on a missing number, and says what is malformed', () => {
    expect(checkClaim(`${base}: random_normal:stddev=1 below zeros`, EVIDENCE)[0]).toMatch(/has no value \(every run diverged\)$/);
    expect(checkClaim('signal/layers/relu/random_normal:stddev=1: -1/activationStd above 1', EVIDENCE)[0]).toMatch(/has no value \(null/);
    expect(checkClaim('signal/layers/relu/random_normal:stddev=1: max(*/gradientNorm) below 1', EVIDENCE)[0]).toMatch(/missing value/);
    expect(checkClaim(`${base}: he_normal beats zeros`, EVIDENCE)[0]).toMatch(/no relation/);
    expect(checkClaim('depth/nothing: a above b', EVIDENCE)[0]).toMatch(/evidence.json has no \/depth\/nothing/);
    expect(checkClaim('he_normal above zeros', EVIDENCE)).toEqual(["no 'BASE: ' in the claim"]);
  });
});

describe('placeholderProblems', () => {
  it('finds a dash, NaN or undefined where a number belongs, in quoted values, alt text, captions and number columns', () => {
    expect(placeholderProblems('<p>reaches <span class="gen">—</span> at layer 20</p>')).toEqual([
      "a value quoted in the text shows '—' where a number belongs: \"—\"",
    ]);
    expect(placeholderProblems('<p><span class="gen">0.5 ± —</span></p>')).toHaveLength(1);
    expect(placeholderProblems('<img src="a.svg" alt="random_normal:stddev=1 from — at layer 1 to an overflow">')).toHaveLength(1);
    expect(placeholderProblems('<figure><figcaption>mean NaN over 5 seeds</figcaption></figure>')).toHaveLength(1);
    const table = (cell: string): string =>
      `<table><thead><tr><th>init</th><th>layer 20</th></tr></thead><tbody><tr><td>a</td><td>0.5</td></tr><tr><td>b</td><td>1.2e3</td></tr><tr><td>c</td><td>${cell}</td></tr></tbody></table>`;
    expect(placeholderProblems(table('—'))).toEqual(["a table column of numbers has the cell '—' (row \"c | —\")"]);
    expect(placeholderProblems(table('overflow'))).toEqual([]);
  });

  it('leaves prose dashes, words and text columns alone', () => {
    expect(placeholderProblems('<p>a slow decline — the contraction, <span class="gen">0.156</span>; <span class="gen">he_normal</span></p>')).toEqual([]);
    expect(placeholderProblems('<table><tr><td>zeros</td><td>—</td></tr><tr><td>ones</td><td>—</td></tr></table>')).toEqual([]);
    expect(placeholderProblems('<img src="/logo.svg" alt="">')).toEqual([]);
  });
});

describe('reproductionProblems and shellWords', () => {
  const doc = {
    depth: 2,
    width: 4,
    batch: 8,
    activation: 'relu',
    input: 'normal:4',
    members: [{ id: 'he_normal', layers: [{ activationStd: 0.8, gradientNorm: 1.5 }, { activationStd: 0.75, gradientNorm: 1.6 }, { activationStd: 0.7, gradientNorm: 1 }] }],
  };
  it('accepts a command whose numbers are the page’s', () => {
    expect(reproductionProblems('signal/layers/relu', doc, EVIDENCE)).toEqual([]);
  });

  it('names every difference: the setup, a number, an initializer the page lacks', () => {
    const wrong = { ...doc, input: 'spirals', members: [{ id: 'he_normal', layers: [{ activationStd: 0.81, gradientNorm: 1.5 }, doc.members[0]!.layers[1]!] }, { id: 'lsuv', layers: [] }] };
    expect(reproductionProblems('signal/layers/relu', wrong, EVIDENCE)).toEqual([
      'the command measures input spirals, the page normal:4',
      'he_normal layer 1 activationStd: the command prints 0.81, the page 0.8',
      'the page has no numbers for lsuv',
    ]);
    const notebook = { baseline: { metrics: { accuracy: 0.559375 } }, aggregates: [{ label: 'zeros', metrics: { accuracy: { mean: 0.56, min: 0.559375, max: 0.559375, n: 5 } } }] };
    expect(reproductionProblems('notebooks/wine', notebook, EVIDENCE)).toEqual(['zeros accuracy mean: the command prints 0.56, the page 0.559375']);
    expect(reproductionProblems('depth/tanh', notebook, EVIDENCE)[0]).toMatch(/names nothing the tests can compare/);
  });

  it('splits a command as a shell would', () => {
    expect(shellWords("initlab diagnose --depth 20 \\\n  --initializers 'random_normal:stddev=1,he_normal' \"\"")).toEqual([
      'initlab', 'diagnose', '--depth', '20', '--initializers', 'random_normal:stddev=1,he_normal', '',
    ]);
  });
});

describe('ranking', () => {
  it('orders by mean and groups neighbours whose intervals overlap', () => {
    const stats = EVIDENCE.depth.activations.relu.stats;
    expect(ranking(stats, ['he_normal', 'glorot_uniform', 'lecun_normal'])).toBe(
      'highest mean first: lecun_normal 0.968 ± 0.008, he_normal 0.918 ± 0.055 and glorot_uniform 0.917 ± 0.11 (each interval overlapping the next)',
    );
    expect(ranking(stats, ['zeros', 'he_normal', 'random_normal:stddev=1'])).toBe(
      'highest mean first: he_normal 0.918 ± 0.055; clearly below, zeros 0.496 ± 0.006; random_normal:stddev=1 has no result (every run diverged)',
    );
  });
});

describe('pageFacts', () => {
  let browser: Browser | undefined;
  let page: Page;
  beforeAll(async () => {
    const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
    if (!existsSync(path)) throw new Error(`Chromium not found at ${path}: install Debian's package (apt-get install -y chromium) or set CHROMIUM_PATH`);
    browser = await chromium.launch({ executablePath: path, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
    page = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('finds ordering words in measured text outside claims and generated values, claims, and reproduce commands', async () => {
    const facts = await pageFacts(
      page,
      `<div class="vp-doc">
        <p>Training shows the same ordering: <span class="gen">0.97</span> with lecun_normal.</p>
        <div class="measured"><p>He came out ahead.</p><p><span data-claim="x: a above b">a did better than b</span>.</p></div>
        <p>The theory ranks nothing here.</p>
        <p><span class="gen">highest mean first: a 1</span> and that is all.</p>
        <div data-reproduces="signal/layers/relu"><pre><code>initlab diagnose --input normal:4</code></pre></div>
        <div class="language-sh"><pre><code>initlab compare --seeds 3</code></pre></div>
      </div>`,
    );
    expect([...facts.undeclared].sort()).toEqual(['He came out ahead.', 'Training shows the same ordering:']);
    expect(facts.claims).toEqual([{ claim: 'x: a above b', text: 'a did better than b' }]);
    expect(facts.reproduce).toEqual([{ reproduces: 'signal/layers/relu', command: 'initlab diagnose --input normal:4' }]);
    expect(facts.strayCommands).toEqual(['initlab compare --seeds 3']);
  });
});
