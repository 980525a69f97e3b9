import { describe, expect, it } from 'vitest';
import { averageBlockDiagnostics, NetworkDiagnosticsSchema, type BlockDiagnostics, type NetworkDiagnostics } from './network-diagnostics.js';
import { firstIssue, RunResultSchema } from './schema.js';
import { parseResultsJsonl } from './store.js';
import { run } from './test-run.js';

function block(index: number, skipStd: number, branchStd: number, gate: number | null = null): BlockDiagnostics {
  return { block: index, skipStd, branchStd, branchToSkip: branchStd / skipStd, outputStd: Math.hypot(skipStd, branchStd), gate };
}

const NETWORK: NetworkDiagnostics = {
  blocks: [block(0, 1, 0.5, 1), block(1, 1.2, 0.6, 1)],
  norms: [
    { norm: 0, kind: 'batchnorm', meanAbsBatchMean: 0.1, meanBatchVariance: 0.9, meanAbsMovingMean: 0, meanMovingVariance: 1, gammaMean: 1, gammaStd: 0 },
    { norm: 1, kind: 'layernorm', meanAbsBatchMean: null, meanBatchVariance: null, meanAbsMovingMean: null, meanMovingVariance: null, gammaMean: null, gammaStd: null },
  ],
};

describe('diagnostics.network in a results line', () => {
  it('reads a line written before block diagnostics existed (no network key), and one with them', () => {
    const old = run('a');
    expect('network' in old.diagnostics).toBe(false);
    expect(parseResultsJsonl(`${JSON.stringify(old)}\n`, 'r.jsonl')).toMatchObject({ results: [old], warnings: [] });
    const line = { ...run('b'), diagnostics: { init: null, final: null, network: { init: NETWORK, epochs: [NETWORK, NETWORK] } } };
    const read = parseResultsJsonl(`${JSON.stringify(line)}\n`, 'r.jsonl');
    expect(read.warnings).toEqual([]);
    expect(read.results[0]!.diagnostics.network).toEqual({ init: NETWORK, epochs: [NETWORK, NETWORK] });
    // diagnostics: init stores no epochs
    expect(RunResultSchema.safeParse({ ...line, diagnostics: { init: null, final: null, network: { init: NETWORK } } }).success).toBe(true);
  });

  it('names the first bad field of block diagnostics', () => {
    const bad = (network: unknown): string => {
      const r = RunResultSchema.safeParse({ ...run('c'), diagnostics: { init: null, final: null, network } });
      return r.success ? 'valid' : firstIssue(r.error);
    };
    expect(bad({ init: { ...NETWORK, blocks: [{ ...NETWORK.blocks[0], branchToSkip: 'x' }] } })).toBe('diagnostics.network.init.blocks[0].branchToSkip must be a number or null');
    expect(bad({ init: { ...NETWORK, norms: [{ ...NETWORK.norms[0], kind: 'groupnorm' }] } })).toBe('diagnostics.network.init.norms[0].kind must be "batchnorm" or "layernorm"');
    expect(bad({ init: { ...NETWORK, blocks: [{ ...NETWORK.blocks[0], block: -1 }] } })).toBe('diagnostics.network.init.blocks[0].block must be a block index');
    expect(bad({ init: NETWORK, epochs: [{ blocks: [] }] })).toBe('diagnostics.network.epochs[0].norms must be a list of normalization diagnostics');
    expect(bad(null)).toBe('diagnostics.network must be an object');
    expect(NetworkDiagnosticsSchema.safeParse(NETWORK).success).toBe(true);
  });
});

describe('averageBlockDiagnostics', () => {
  it('averages every field over the runs with a finite value, block by block, the ratio as the mean of the ratios', () => {
    const other: NetworkDiagnostics = { blocks: [block(0, 1, 1.5, null), { ...block(1, 1, 1), branchToSkip: null }], norms: [] };
    const mean = averageBlockDiagnostics([NETWORK, null, undefined, { blocks: [], norms: [] }, other]);
    expect(mean).toHaveLength(2);
    expect(mean![0]).toEqual({ block: 0, runs: 2, skipStd: 1, branchStd: 1, branchToSkip: 1, outputStd: (Math.hypot(1, 0.5) + Math.hypot(1, 1.5)) / 2, gate: 1 });
    expect(mean![1]).toMatchObject({ block: 1, runs: 2, branchToSkip: 0.5, skipStd: 1.1 });
  });

  it('is null when no run has block diagnostics', () => {
    expect(averageBlockDiagnostics([null, undefined, { blocks: [], norms: [] }])).toBeNull();
  });
});
