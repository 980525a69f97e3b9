// End to end: spawn the built `initlab` binary as a user would (run `pnpm build` first; `pnpm test` does).
import { getInitializer, listInitializers } from '@initlab/initializers';
import { describe, expect, it } from 'vitest';
import { runCli, type CliRun } from './testing/run-cli.js';

function initlab(...args: string[]): Promise<CliRun> {
  return runCli(args);
}

describe('initlab initializers', () => {
  it('lists every catalogue entry', async () => {
    const r = await initlab('initializers', 'list');
    expect(r.code).toBe(0);
    for (const info of listInitializers()) expect(r.stdout).toContain(info.name);
    expect(r.stdout).toMatchSnapshot();
  });

  it('lists the catalogue as JSON', async () => {
    const r = await initlab('initializers', 'list', '--json');
    expect(r.code).toBe(0);
    const parsed = JSON.parse(r.stdout) as { name: string }[];
    expect(parsed.map((p) => p.name)).toEqual(listInitializers().map((i) => i.name));
  });

  it('shows one entry by alias', async () => {
    const r = await initlab('initializers', 'show', 'HeNormal');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatchSnapshot();
  });

  it('shows the formula as plain text, and as LaTeX in --json', async () => {
    const r = await initlab('initializers', 'show', 'he_normal');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('variance: 2/nᵢₙ');
    expect(r.stdout).toContain('  Wᵢⱼ ~ N(0, σ²) redrawn if |Wᵢⱼ| > 2σ');
    expect(r.stdout).not.toMatch(/\\[a-z]|[_^]\{/);
    const json = JSON.parse((await initlab('initializers', 'show', 'he_normal', '--json')).stdout) as { formula: string };
    expect(json.formula).toBe(getInitializer('he_normal').info.formula);
    expect(json.formula).toContain('\\mathcal{N}');
  });

  it('samples with statistics near the target and a histogram', async () => {
    const r = await initlab('initializers', 'sample', 'he_normal', '--shape', '300,200', '--seed', '3', '--json');
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout) as { count: number; std: number; targetStd: number; fans: { fanIn: number } };
    expect(s.count).toBe(60_000);
    expect(s.fans.fanIn).toBe(300);
    expect(s.targetStd).toBeCloseTo(Math.sqrt(2 / 300), 12);
    // 60,000 draws: the sample std is within ~1% of the target (its standard error is ~0.3%).
    expect(Math.abs(s.std / s.targetStd - 1)).toBeLessThan(0.015);
    const text = await initlab('initializers', 'sample', 'random_normal:stddev=0.01', '--shape', '64,64', '--seed', '1');
    expect(text.code).toBe(0);
    expect(text.stdout).toMatchSnapshot();
  });

  it('prints --version and --help', async () => {
    const v = await initlab('--version');
    expect(v.code).toBe(0);
    expect(v.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    const h = await initlab('initializers', 'sample', '--help');
    expect(h.code).toBe(0);
    expect(h.stdout).toContain('Examples:');
  });
});

describe('bad input: one line, no stack trace, exit 2', () => {
  const cases: [string, string[], RegExp][] = [
    ['unknown initializer', ['initializers', 'show', 'he_normel'], /he_normal/],
    ['bad shape', ['initializers', 'sample', 'he_normal', '--shape', '3,x'], /--shape must be comma-separated positive integers/],
    ['zero dimension', ['initializers', 'sample', 'he_normal', '--shape', '0,3'], /--shape/],
    ['bad layout', ['initializers', 'sample', 'he_normal', '--shape', '3,3', '--layout', 'tf'], /--layout must be one of keras, torch/],
    ['bad parameter', ['initializers', 'sample', 'random_normal:stddev=-1', '--shape', '3,3'], /stddev/],
    ['unknown command', ['initialisers'], /unknown command/],
  ];
  for (const [what, args, pattern] of cases) {
    it(what, async () => {
      const r = await initlab(...args);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(pattern);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(r.stdout).toBe('');
    });
  }
});
