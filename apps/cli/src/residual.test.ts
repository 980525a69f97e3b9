// `initlab compare --blocks N`: residual networks and the architecture initializations, through the built binary.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compareConfig } from './commands/compare.js';
import { runCli } from './testing/run-cli.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const env = { INITLAB_DATA_DIR: process.env.INITLAB_DATA_DIR ?? path.resolve(here, '../../../../shared/datasets'), INITLAB_OFFLINE: '1' };

// The flags as commander hands them over with nothing typed (its defaults), plus `extra`.
const flags = (extra: Record<string, unknown>) =>
  ({
    initializers: 'he_normal',
    seeds: '1',
    hidden: '32,32',
    activation: 'relu',
    epochs: '2',
    batchSize: '32',
    optimizer: 'adam',
    testSize: '0.2',
    randomState: '42',
    scope: 'hidden',
    gate: true,
    ...extra,
  }) as Parameters<typeof compareConfig>[0];

describe('compare --blocks: parsing', () => {
  it('builds model.residual from --blocks, --width, --norm, --block-layers and --no-gate, with the documented defaults', () => {
    expect(compareConfig(flags({ blocks: '32' })).model).toEqual({
      residual: { blocks: 32, width: 64, layersPerBlock: 2, norm: 'none', gate: true },
      activation: 'relu',
      initializerScope: 'hidden',
    });
    expect(compareConfig(flags({ blocks: '4', width: '16', norm: 'batch', blockLayers: '3', gate: false })).model).toMatchObject({
      residual: { blocks: 4, width: 16, layersPerBlock: 3, norm: 'batch', gate: false },
    });
    expect(compareConfig(flags({})).model).toEqual({ hidden: [32, 32], activation: 'relu', initializerScope: 'hidden' });
  });

  it('refuses the residual flags without --blocks, --hidden with it, and bad values, naming the flags', () => {
    expect(() => compareConfig(flags({ norm: 'batch' }))).toThrow('--norm sets the residual blocks of --blocks N, and --blocks is not given: add --blocks N (or leave out --norm)');
    expect(() => compareConfig(flags({ width: '8', gate: false }))).toThrow(/^--width sets the residual blocks of --blocks N.*leave out --width, --no-gate\)$/);
    expect(() => compareConfig(flags({ blocks: '2' }), { hiddenGiven: true })).toThrow(/^--hidden sets a stack of dense layers and --blocks a residual network: give one of them/);
    expect(() => compareConfig(flags({ blocks: '2', norm: 'group' }))).toThrow(/--norm/);
    expect(() => compareConfig(flags({ blocks: '0' }))).toThrow(/--blocks/);
  });
});

describe('compare --blocks: through the built CLI', () => {
  it('trains a batch-norm residual network on digits and prints both initializers and their blocks', async () => {
    const r = await runCli(['compare', '--dataset', 'digits', '--blocks', '2', '--norm', 'batch', '--initializers', 'he_normal,zero_last_norm_gamma', '--seeds', '1', '--epochs', '2'], { env });
    // stderr has the plan line only
    expect(r.stderr).toMatch(/^plan: 2 runs × 2 epochs \(2 to train, 0 done, 1 ensemble\)[^\n]*\n$/);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/model: Dense\(64, linear\) → 2 × Residual\(BatchNorm → Activation\(relu\) → Dense\(64, linear\) → BatchNorm → Activation\(relu\) → Dense\(64, linear\)\) → BatchNorm → Activation\(relu\) → Dense\(10, softmax\)/);
    expect(r.stdout).toMatch(/^note: diagnostics: per block and normalization layer for this network \(at initialisation\), not per layer/m);
    const rows = r.stdout.split('\n').filter((l) => /^\d+\s+(he_normal|zero_last_norm_gamma)\s+0\.\d+/.test(l));
    expect(rows.map((l) => l.split(/\s+/)[1]).sort()).toEqual(['he_normal', 'zero_last_norm_gamma']);
    // each block's branch/skip at initialisation: zero-γ silences every branch, He's adds to the skip path
    const blocks = r.stdout.slice(r.stdout.indexOf('per residual block (mean over seeds, first block to last): branch std / skip std'));
    expect(blocks).toMatch(/│ branch\/skip at initialisation │/);
    expect(blocks).toMatch(/│ zero_last_norm_gamma │ 0 › 0 +│/);
    const he = /│ he_normal +│ ([\d.]+) › ([\d.]+) +│/.exec(blocks);
    expect(he?.slice(1).map(Number).every((v) => v > 0.1)).toBe(true);
  }, 120_000);

  it.each([
    [['--blocks', '2', '--norm', 'batch', '--initializers', 'he_normal,fixup'], "initlab: --initializers 'fixup' is for networks without normalization and this one has some: remove them (--norm none) or use zero_last_norm_gamma"],
    [['--initializers', 'rezero'], "initlab: --initializers 'rezero' initializes residual blocks and this model has none: add residual layers (compare --blocks N)"],
    [['--norm', 'batch'], 'initlab: --norm sets the residual blocks of --blocks N, and --blocks is not given: add --blocks N (or leave out --norm)'],
    [['--initializers', 'fixup:scale=2', '--blocks', '2'], 'initlab: fixup takes no parameters (the network\'s architecture sets it), got "scale=2" in "fixup:scale=2"'],
  ])('refuses %j before training: exit 2, one line, no stack', async (args, line) => {
    const r = await runCli(['compare', '--dataset', 'digits', '--seeds', '1', '--epochs', '1', ...args], { env });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`${line}\n`);
  });
});

describe('diagnose --blocks: through the built CLI', () => {
  it('prints each block\'s skip and branch spread: 0 for fixup and rezero, of the skip\'s order for he_normal', async () => {
    const r = await runCli(['diagnose', '--blocks', '4', '--width', '16', '--activation', 'relu', '--input', 'normal:8', '--batch', '64', '--initializers', 'he_normal,fixup,rezero', '--json'], { env });
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { blocks: number; members: { id: string; blocks: { branchToSkip: number; gate: number }[] }[] };
    expect(out.blocks).toBe(4);
    const byId = Object.fromEntries(out.members.map((m) => [m.id, m.blocks]));
    expect(byId['fixup']!.map((b) => b.branchToSkip)).toEqual([0, 0, 0, 0]);
    expect(byId['rezero']!.map((b) => b.gate)).toEqual([0, 0, 0, 0]);
    expect(byId['he_normal']!.every((b) => b.branchToSkip > 0.2)).toBe(true);
  }, 60_000);

  it('draws one table per initializer with the batch-norm statistics', async () => {
    const r = await runCli(['diagnose', '--blocks', '2', '--width', '8', '--norm', 'batch', '--input', 'normal:4', '--batch', '32', '--initializers', 'he_normal,zero_last_norm_gamma'], { env });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^2 residual blocks × 8 \(2 dense layers a branch, norm batch, gated\), tanh, on 32 rows of 4 standard-normal features, seed 0$/m);
    expect(r.stdout).toMatch(/^zero_last_norm_gamma$/m);
    expect(r.stdout).toMatch(/^batch norm: input variance \(mean over units\) from \S+ to \S+ over 5 layers$/m);
  }, 60_000);

  it.each([
    [['--blocks', '2', '--depth', '3'], 'initlab: --depth sets a stack of dense layers and --blocks a residual network: give one of them'],
    [['--blocks', '2', '--norm', 'batch', '--initializers', 'fixup'], "initlab: --initializers: 'fixup' is for networks without normalization and this one has some: remove them (--norm none) or use zero_last_norm_gamma"],
    [['--no-gate'], 'initlab: --no-gate sets the residual blocks of --blocks N, and --blocks is not given: add --blocks N (or leave out --no-gate)'],
  ])('refuses %j: exit 2, one line', async (args, line) => {
    const r = await runCli(['diagnose', '--input', 'normal:4', '--batch', '16', '--width', '8', ...args], { env });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`${line}\n`);
  });
});
