import { z } from 'zod';
import { finiteOrNull, meanOf } from './diagnostics.js';
import type { KnownFields } from './known-fields.js';

/**
 * One residual block of one member on a batch: the standard deviations of its skip path, of its (gated)
 * branch and of its output, their ratio, and its gate. A ratio near 0 means the block starts near the
 * identity (ReZero, SkipInit, Fixup, zero-γ); a ratio near 1 or above in every block means the variances
 * add up with depth (a plain residual network from He initialization doubles its variance per block).
 *
 * @example
 * ```ts
 * const first: BlockDiagnostics = run.diagnostics.network!.init!.blocks[0]!;
 * console.log(first.block, first.branchToSkip);
 * ```
 */
export interface BlockDiagnostics {
  /** Block index, 0-based, in network order. */
  block: number;
  skipStd: number | null;
  branchStd: number | null;
  /** `branchStd / skipStd` (a ratio of standard deviations; its square is the ratio of the variances). */
  branchToSkip: number | null;
  outputStd: number | null;
  /** The gate's value (null: the block has none). */
  gate: number | null;
}

/**
 * One normalization layer of one member on a batch: its input's batch statistics and its moving ones.
 *
 * @example
 * ```ts
 * const bn: NormDiagnostics = run.diagnostics.network!.init!.norms[0]!;
 * console.log(bn.kind, bn.meanBatchVariance, bn.gammaMean);
 * ```
 */
export interface NormDiagnostics {
  /** Normalization layer index, 0-based, in network order. */
  norm: number;
  kind: 'batchnorm' | 'layernorm';
  /** Batch norm: the mean over units of |batch mean| and of the batch variance of its input (layer norm: null). */
  meanAbsBatchMean: number | null;
  meanBatchVariance: number | null;
  /** Batch norm: the mean over units of the moving mean's |value| and of the moving variance (layer norm: null). */
  meanAbsMovingMean: number | null;
  meanMovingVariance: number | null;
  /** The mean and standard deviation of γ (null when not finite). */
  gammaMean: number | null;
  gammaStd: number | null;
}

/**
 * The block and normalization diagnostics of one member of a network with residual or normalization
 * layers, as `@initlab/models` computes them and `results.jsonl` stores them (`diagnostics.network`).
 *
 * @example
 * ```ts
 * const d: NetworkDiagnostics = { blocks: [], norms: [] };
 * ```
 */
export interface NetworkDiagnostics {
  blocks: BlockDiagnostics[];
  norms: NormDiagnostics[];
}

const nullableNumber = z.number({ error: 'must be a number or null' }).nullable();
const index = (rule: string) => z.number({ error: rule }).int({ error: rule }).nonnegative({ error: rule });

/** {@link BlockDiagnostics} as stored. */
export const BlockDiagnosticsSchema = z.looseObject(
  {
    block: index('must be a block index'),
    skipStd: nullableNumber,
    branchStd: nullableNumber,
    branchToSkip: nullableNumber,
    outputStd: nullableNumber,
    gate: nullableNumber,
  },
  { error: 'must be the diagnostics of a residual block' },
);

/** {@link NormDiagnostics} as stored. */
export const NormDiagnosticsSchema = z.looseObject(
  {
    norm: index('must be a normalization layer index'),
    kind: z.enum(['batchnorm', 'layernorm'], { error: 'must be "batchnorm" or "layernorm"' }),
    meanAbsBatchMean: nullableNumber,
    meanBatchVariance: nullableNumber,
    meanAbsMovingMean: nullableNumber,
    meanMovingVariance: nullableNumber,
    gammaMean: nullableNumber,
    gammaStd: nullableNumber,
  },
  { error: 'must be the diagnostics of a normalization layer' },
);

/** {@link NetworkDiagnostics} as stored. */
export const NetworkDiagnosticsSchema = z.looseObject(
  {
    blocks: z.array(BlockDiagnosticsSchema, { error: 'must be a list of block diagnostics' }),
    norms: z.array(NormDiagnosticsSchema, { error: 'must be a list of normalization diagnostics' }),
  },
  { error: 'must be block and normalization diagnostics' },
);

// The interfaces above are what models writes and the schemas what a reader accepts: this fails to compile
// when the two stop having the same fields and types.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const schemaMatchesType: Same<KnownFields<z.output<typeof NetworkDiagnosticsSchema>>, NetworkDiagnostics> = true;
void schemaMatchesType;

/**
 * Mean over runs of one residual block's diagnostics (null where no run has a finite value).
 *
 * @example
 * ```ts
 * const mean: BlockDiagnosticsMean = averageBlockDiagnostics(runs.map((r) => r.diagnostics.network?.init))![0]!;
 * console.log(mean.block, mean.branchToSkip, mean.runs);
 * ```
 */
export type BlockDiagnosticsMean = BlockDiagnostics & {
  /** Runs averaged. */
  runs: number;
};

const BLOCK_FIELDS = ['skipStd', 'branchStd', 'branchToSkip', 'outputStd', 'gate'] as const satisfies readonly (keyof BlockDiagnostics)[];

/**
 * Average the block diagnostics of several runs of one network, block by block: each field's mean over the
 * runs with a finite value (the ratio too: the mean of the runs' ratios), and the number of runs with a
 * record for the block. Runs without them (null, missing, or no blocks) are left out; the blocks are those of
 * the first run that has them. Null when no run has block diagnostics.
 *
 * @example
 * ```ts
 * const init = averageBlockDiagnostics(runs.map((r) => r.diagnostics.network?.init));
 * init?.map((b) => b.branchToSkip); // per block, mean over seeds
 * ```
 */
export function averageBlockDiagnostics(perRun: readonly (NetworkDiagnostics | null | undefined)[]): BlockDiagnosticsMean[] | null {
  const runs = perRun.filter((d): d is NetworkDiagnostics => d !== null && d !== undefined && Array.isArray(d.blocks) && d.blocks.length > 0);
  const first = runs[0];
  if (first === undefined) return null;
  return first.blocks.map((block, b) => {
    const rows = runs.map((r) => r.blocks[b]).filter((d): d is BlockDiagnostics => d !== undefined && d !== null);
    const fields = Object.fromEntries(BLOCK_FIELDS.map((key) => [key, meanOf(rows.map((d) => finiteOrNull(d[key])))]));
    return { block: block.block, runs: rows.length, ...(fields as Record<(typeof BLOCK_FIELDS)[number], number | null>) };
  });
}
