import type { Command } from 'commander';
import { RESIDUAL_NORMS, type ResidualNorm } from '@initlab/models';
import { UsageError } from './errors.js';
import { parseChoice, parseInteger } from './parse.js';

/** The residual-network flags `compare` and `diagnose` share (commander's `--no-gate` sets `gate: false`). */
export interface ResidualFlags {
  blocks?: string;
  width?: string;
  norm?: string;
  blockLayers?: string;
  gate: boolean;
}

/** The residual network the flags describe: `residualStack`'s options (the width is the command's). */
export interface ResidualChoice {
  blocks: number;
  layersPerBlock: number;
  norm: ResidualNorm;
  gate: boolean;
}

/**
 * Declares `--blocks`, `--norm`, `--block-layers` and `--no-gate` once for every command that builds a residual
 * network; `widthFlag` names the flag that sets the stream's width in that command.
 */
export function addResidualFlags(cmd: Command, widthFlag: string, instead: string): Command {
  return cmd
    .option(
      '--blocks <n>',
      `a residual network instead of ${instead}: a linear dense stem to ${widthFlag} units, then n gated pre-activation residual blocks ([norm] → activation → dense, He et al. 2016), then [norm] → activation`,
    )
    .option('--norm <kind>', `normalization in every residual branch, with --blocks: ${RESIDUAL_NORMS.join(', ')} (default none)`)
    .option('--block-layers <m>', 'dense layers per residual branch, with --blocks (default 2)')
    .option('--no-gate', 'residual blocks without the trainable scalar gate that rezero and skipinit start at 0 (with --blocks)');
}

/**
 * The residual choice of the flags, or undefined without `--blocks`. A residual flag without `--blocks` (those
 * in `residualOnly`, which a command may extend with its own, e.g. compare's `--width`), or `conflict` (a flag
 * the user typed that builds a dense stack instead) with it, is a usage error naming both flags.
 */
export function residualChoice(flags: ResidualFlags, { residualOnly = [], conflict }: { residualOnly?: string[]; conflict?: { flag: string; what: string; hint?: string } } = {}): ResidualChoice | undefined {
  const given = [...residualOnly, ...(flags.norm !== undefined ? ['--norm'] : []), ...(flags.blockLayers !== undefined ? ['--block-layers'] : []), ...(flags.gate ? [] : ['--no-gate'])];
  if (flags.blocks === undefined) {
    if (given.length > 0) throw new UsageError(`${given[0]} sets the residual blocks of --blocks N, and --blocks is not given: add --blocks N (or leave out ${given.join(', ')})`);
    return undefined;
  }
  if (conflict !== undefined) throw new UsageError(`${conflict.flag} sets ${conflict.what} and --blocks a residual network: give one of them${conflict.hint === undefined ? '' : ` (${conflict.hint})`}`);
  return {
    blocks: parseInteger('--blocks', flags.blocks),
    layersPerBlock: flags.blockLayers === undefined ? 2 : parseInteger('--block-layers', flags.blockLayers),
    norm: flags.norm === undefined ? 'none' : parseChoice('--norm', flags.norm, RESIDUAL_NORMS),
    gate: flags.gate,
  };
}
