import { ModelsError } from './errors.js';
import { denseOf, type NetworkNode, type ResolvedNetwork, type ResolvedNorm } from './network-spec.js';
import type { ExtraWeights, LayerWeights } from './weights.js';

/**
 * Initializations defined on a network's architecture rather than on one tensor: each takes a residual
 * network (and, for `zero_last_norm_gamma`, its normalization layers) and sets weights, normalization scales
 * and branch gates so that every block starts at or near the identity. Give one as a member's
 * `kernelInitializer`; the dense layers it does not set are sampled with {@link ARCHITECTURE_INIT_BASE}.
 *
 * @example
 * ```ts
 * ARCHITECTURE_INITS.includes('fixup'); // true
 * ```
 */
export const ARCHITECTURE_INITS = ['fixup', 'skipinit', 'rezero', 'zero_last_norm_gamma'] as const;
export type ArchitectureInitName = (typeof ARCHITECTURE_INITS)[number];

/** The kernel initializer of the dense layers an architecture initialization does not set itself (fan-in ReLU gain, as the papers use). */
export const ARCHITECTURE_INIT_BASE = 'he_normal';

/** One architecture initialization, documented as a catalogue entry. */
export interface ArchitectureInitDoc {
  name: ArchitectureInitName;
  summary: string;
  /** "title – authors (year)". */
  paper: string;
  formula: string;
  /** What it fixes, and what initlab does where the paper's network differs from a dense one. */
  notes: string;
}

/** The entries, in {@link ARCHITECTURE_INITS} order. */
export const ARCHITECTURE_INIT_DOCS: readonly ArchitectureInitDoc[] = [
  {
    name: 'fixup',
    summary: 'Fixed-update initialization: trains deep residual networks without normalization by rescaling each branch for the depth.',
    paper: 'Fixup Initialization: Residual Learning Without Normalization – Zhang, Dauphin & Ma (2019)',
    formula:
      'for L residual branches of m dense layers each: the branch layers but the last ~ He normal × L^(−1/(2m−2)); the last layer of every branch = 0; the output layer = 0; biases = 0; each branch gate = 1',
    notes:
      'A branch of one dense layer has no rescaled layer (its only layer is zero). Fixup adds a scalar bias before each layer; the dense layers here have their own bias vector, started at 0, which includes it. The gate (when the block has one) is the paper’s scalar multiplier. A network with normalization layers is refused: Fixup replaces them.',
  },
  {
    name: 'skipinit',
    summary: 'A trainable scalar at the end of every residual branch, started at 0, so that every block is the identity at initialization.',
    paper: 'Batch Normalization Biases Residual Blocks Towards the Identity Function in Deep Networks – De & Smith (2020)',
    formula: 'out = skip(x) + α·F(x), α = 0 at initialization; the dense layers ~ He normal',
    notes:
      'Needs a gate on every residual block (`gate: true`). The paper allows α up to 1/√d for d blocks; initlab starts it at 0, the paper’s default. On a gated pre-activation block it sets the same values as rezero; the papers differ in the network they pair it with (SkipInit replaces batch normalization in ResNets).',
  },
  {
    name: 'rezero',
    summary: 'Residual with zero initialization: each block is x + α·F(x) with a trainable α started at 0, so the network of blocks is the identity map at initialization.',
    paper: 'ReZero is All You Need: Fast Convergence at Large Depth – Bachlechner, Majumder, Mao, Cottrell & McAuley (2020)',
    formula: 'x_{i+1} = x_i + α_i·F(x_i), α_i = 0 at initialization; the dense layers ~ He normal',
    notes:
      'Needs a gate on every residual block (`gate: true`). ReZero’s blocks have no activation after the sum (`order: pre`) and no normalization; with them the blocks are still skipped at initialization but the sum passes through the activation.',
  },
  {
    name: 'zero_last_norm_gamma',
    summary: 'Zero-γ: the scale γ of the last normalization layer of every residual branch starts at 0, so every block starts as its skip path.',
    paper: 'Accurate, Large Minibatch SGD: Training ImageNet in 1 Hour – Goyal, Dollár, Girshick, Noordhuis, Wesolowski, Kyrola, Tulloch, Jia & He (2017)',
    formula: 'γ = 0 for the last batchnorm or layernorm of each residual branch; every other γ = 1, β = 0; the dense layers ~ He normal',
    notes: 'Needs a normalization layer in every residual branch.',
  },
];

export function isArchitectureInit(value: unknown): value is ArchitectureInitName {
  return typeof value === 'string' && (ARCHITECTURE_INITS as readonly string[]).includes(value);
}

function refuse(where: string, scheme: ArchitectureInitName, problem: string): never {
  throw new ModelsError('INVALID_OPTIONS', `${where}: '${scheme}' ${problem}`);
}

function lastNorm(nodes: readonly NetworkNode[]): ResolvedNorm | null {
  for (let i = nodes.length - 1; i >= 0; i--) {
    const node = nodes[i]!;
    if (node.kind === 'batchnorm' || node.kind === 'layernorm') return node;
  }
  return null;
}

/**
 * Checks that `scheme` applies to `net` (it has residual blocks, and the gates or normalization layers the
 * scheme sets), throwing a one-line `INVALID_OPTIONS` error naming what is missing and how to add it.
 */
export function checkArchitectureInit(net: ResolvedNetwork, scheme: ArchitectureInitName, where: string): void {
  if (net.blocks.length === 0) refuse(where, scheme, 'initializes residual blocks and this model has none: add residual layers (compare --blocks N)');
  switch (scheme) {
    case 'fixup':
      if (net.norms.length > 0) refuse(where, scheme, 'is for networks without normalization and this one has some: remove them (--norm none) or use zero_last_norm_gamma');
      return;
    case 'skipinit':
    case 'rezero': {
      const ungated = net.blocks.findIndex((b) => b.gate < 0);
      if (ungated >= 0) refuse(where, scheme, `starts each residual gate at 0 and block ${ungated} has no gate: set gate: true on every residual block`);
      return;
    }
    case 'zero_last_norm_gamma': {
      const bare = net.blocks.findIndex((b) => lastNorm(b.branch) === null);
      if (bare >= 0) refuse(where, scheme, `zeroes the last normalization of each residual branch and block ${bare}'s branch has none: add a batchnorm or layernorm (--norm batch)`);
      return;
    }
  }
}

/**
 * Applies `scheme` to a member's sampled starting values in place: `weights` were sampled with
 * {@link ARCHITECTURE_INIT_BASE} for the dense layers in scope, `extras` hold γ = 1, β = 0 and every gate at
 * its spec's initial value. Call {@link checkArchitectureInit} first.
 */
export function applyArchitectureInit(net: ResolvedNetwork, scheme: ArchitectureInitName, weights: LayerWeights[], extras: ExtraWeights): void {
  switch (scheme) {
    case 'fixup': {
      const count = net.blocks.length;
      for (const block of net.blocks) {
        const branch = denseOf(block.branch);
        const m = branch.length;
        // L^(−1/(2m−2)); a branch of one layer has nothing to rescale
        const factor = m >= 2 ? Math.pow(count, -1 / (2 * m - 2)) : 1;
        branch.forEach((layer, i) => {
          const w = weights[layer.index]!;
          if (i === m - 1) w.kernel.fill(0);
          else for (let j = 0; j < w.kernel.length; j++) w.kernel[j] = w.kernel[j]! * factor;
          w.bias.fill(0);
        });
        if (block.gate >= 0) extras.params[block.gate]!.fill(1);
      }
      const output = weights[net.dense.length - 1]!;
      output.kernel.fill(0);
      output.bias.fill(0);
      return;
    }
    case 'skipinit':
    case 'rezero':
      for (const block of net.blocks) extras.params[block.gate]!.fill(0);
      return;
    case 'zero_last_norm_gamma':
      for (const block of net.blocks) extras.params[lastNorm(block.branch)!.gamma]!.fill(0);
      return;
  }
}
