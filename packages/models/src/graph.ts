/**
 * Forward and explicit backward passes of a {@link ResolvedNetwork} (dense, normalization, activation,
 * dropout and residual nodes) for K stacked members, `[K, B, units]` activations throughout. Each node kind
 * adds one forward and one backward here and nothing in the training loop. Every reduction runs in an
 * initlab host kernel with a fixed order (dense products, normalization statistics, the gate's gradient), and
 * every other step is one IEEE float32 operation per element (the residual sum, the gate's product, the
 * dropout mask), so a member gives the same bits alone and in any ensemble, on `cpu` and on `wasm`.
 */
import * as tf from '@tensorflow/tfjs-core';
import { activationBackwardOps, activationForwardOps } from './activation-ops.js';
import {
  LINEAR,
  denseBackward,
  denseForward,
  hostActivation,
  hostActivationGradient,
  hostKernels,
  softmaxCrossEntropyGradient,
} from './dense-kernels.js';
import { gateGradient } from './gate-kernels.js';
import { outputGradient, type LossMode } from './losses.js';
import type { NetworkNode, ResolvedNetwork, ResolvedNorm, ResolvedResidual } from './network-spec.js';
import {
  batchNormBackward,
  batchNormEvalForward,
  batchNormTrainForward,
  layerNormBackward,
  layerNormForward,
  updateMovingStats,
} from './norm-kernels.js';
import type { ResolvedActivation } from './spec.js';
import type { StackedParams } from './weights.js';

/** Dropout masks of one step: for each dropout node, `[K, B, units]` of 0 or `1/(1 − rate)`. */
export type DropoutMasks = readonly tf.Tensor3D[];

export type NodeTrace =
  | { kind: 'dense'; input: tf.Tensor3D; z: tf.Tensor3D; a: tf.Tensor3D }
  | { kind: 'norm'; xhat: tf.Tensor3D; invStd: tf.Tensor3D }
  | { kind: 'activation'; input: tf.Tensor3D; out: tf.Tensor3D }
  | { kind: 'dropout'; mask: tf.Tensor3D | null }
  | { kind: 'residual'; input: tf.Tensor3D; branch: NodeTrace[]; branchOut: tf.Tensor3D; skip: tf.Tensor3D; gated: tf.Tensor3D; sum: tf.Tensor3D; out: tf.Tensor3D }
  | { kind: 'batchnorm'; xhat: tf.Tensor3D; invStd: tf.Tensor3D; mean: tf.Tensor3D; variance: tf.Tensor3D };

/** What one forward pass keeps for the backward pass, and its outputs. */
export interface GraphTrace {
  nodes: NodeTrace[];
  /** The output layer's pre-activation, `[K, B, units]`. */
  zOut: tf.Tensor3D;
  /** The output layer's activation (its `z` when the output activation was skipped). */
  aOut: tf.Tensor3D;
  /** The batch-norm buffers after this step's moving-statistics update (training), else the same tensors. */
  buffers: tf.Tensor3D[];
}

interface ForwardContext {
  params: StackedParams;
  training: boolean;
  masks: DropoutMasks | null;
  buffers: tf.Tensor3D[];
  rows: number;
}

const activate = (z: tf.Tensor3D, act: ResolvedActivation): tf.Tensor3D =>
  act.name === 'linear' ? z : ((hostKernels() ? hostActivation(z, act) : activationForwardOps(z, act)) as tf.Tensor3D);

const derive = (dA: tf.Tensor3D, z: tf.Tensor3D, a: tf.Tensor3D, act: ResolvedActivation): tf.Tensor3D =>
  act.name === 'linear' ? dA : ((hostKernels() ? hostActivationGradient(dA, z, a, act) : activationBackwardOps(dA, z, a, act)) as tf.Tensor3D);

const extra = (params: StackedParams, index: number): tf.Tensor3D => params.extras![index]!;

function normForward(node: ResolvedNorm, x: tf.Tensor3D, ctx: ForwardContext): { out: tf.Tensor3D; trace: NodeTrace } {
  const gamma = extra(ctx.params, node.gamma);
  const beta = extra(ctx.params, node.beta);
  if (node.kind === 'layernorm') {
    const { y, xhat, invStd } = layerNormForward(x, gamma, beta, node.epsilon);
    return { out: y, trace: { kind: 'norm', xhat, invStd } };
  }
  if (!ctx.training) {
    const y = batchNormEvalForward(x, gamma, beta, ctx.buffers[node.movingMean]!, ctx.buffers[node.movingVariance]!, node.epsilon);
    return { out: y, trace: { kind: 'norm', xhat: y, invStd: y } };
  }
  const { y, xhat, mean, variance, invStd } = batchNormTrainForward(x, gamma, beta, node.epsilon);
  const moving = updateMovingStats(ctx.buffers[node.movingMean]!, ctx.buffers[node.movingVariance]!, mean, variance, ctx.rows, node.convention, node.momentum);
  ctx.buffers[node.movingMean] = moving.movingMean;
  ctx.buffers[node.movingVariance] = moving.movingVariance;
  return { out: y, trace: { kind: 'batchnorm', xhat, invStd, mean, variance } };
}

function residualForward(node: ResolvedResidual, x: tf.Tensor3D, ctx: ForwardContext): { out: tf.Tensor3D; trace: NodeTrace } {
  const branch = sequenceForward(node.branch, x, ctx);
  const gated = node.gate < 0 ? branch.out : (tf.mul(branch.out, extra(ctx.params, node.gate)) as tf.Tensor3D);
  const skip = node.projection === null ? x : denseForward(x, ctx.params.kernels[node.projection.index]!, ctx.params.biases[node.projection.index]!).z;
  const sum = tf.add(skip, gated) as tf.Tensor3D;
  const out = activate(sum, node.activation);
  return { out, trace: { kind: 'residual', input: x, branch: branch.traces, branchOut: branch.out, skip, gated, sum, out } };
}

function nodeForward(node: NetworkNode, x: tf.Tensor3D, ctx: ForwardContext, outputActivation: boolean): { out: tf.Tensor3D; trace: NodeTrace } {
  switch (node.kind) {
    case 'dense': {
      const layer = node.layer;
      const act = layer.isOutput && !outputActivation ? LINEAR : layer.activation;
      const { z, a } = denseForward(x, ctx.params.kernels[layer.index]!, ctx.params.biases[layer.index]!, act);
      return { out: a, trace: { kind: 'dense', input: x, z, a } };
    }
    case 'batchnorm':
    case 'layernorm':
      return normForward(node, x, ctx);
    case 'activation': {
      const out = activate(x, node.activation);
      return { out, trace: { kind: 'activation', input: x, out } };
    }
    case 'dropout': {
      const mask = ctx.training && node.rate > 0 && ctx.masks !== null ? ctx.masks[node.index]! : null;
      return { out: mask === null ? x : (tf.mul(x, mask) as tf.Tensor3D), trace: { kind: 'dropout', mask } };
    }
    case 'residual':
      return residualForward(node, x, ctx);
  }
}

function sequenceForward(nodes: readonly NetworkNode[], x: tf.Tensor3D, ctx: ForwardContext, outputActivation = true): { out: tf.Tensor3D; traces: NodeTrace[] } {
  const traces: NodeTrace[] = [];
  let input = x;
  for (const node of nodes) {
    const { out, trace } = nodeForward(node, input, ctx, outputActivation);
    traces.push(trace);
    input = out;
  }
  return { out: input, traces };
}

/**
 * The network's forward pass on `x` (`[K, B, inputs]`). In training (`training: true`) batch norm uses the
 * batch's statistics and updates the moving ones (the new buffers are in the trace), and dropout applies
 * `masks`; at evaluation batch norm uses the moving statistics and dropout is off. With
 * `outputActivation: false` the output layer's activation is not computed (`aOut` is `zOut`). Run it inside
 * `tf.tidy`.
 */
export function graphForward(
  net: ResolvedNetwork,
  params: StackedParams,
  x: tf.Tensor3D,
  options: { training: boolean; masks?: DropoutMasks | null; outputActivation?: boolean },
): GraphTrace {
  const ctx: ForwardContext = { params, training: options.training, masks: options.masks ?? null, buffers: [...(params.buffers ?? [])], rows: x.shape[1] };
  const { out, traces } = sequenceForward(net.nodes, x, ctx, options.outputActivation ?? true);
  const last = traces[traces.length - 1] as Extract<NodeTrace, { kind: 'dense' }>;
  return { nodes: traces, zOut: last.z, aOut: out, buffers: ctx.buffers };
}

/** Gradients of every trainable parameter: dense kernels and biases by dense index, extras by extra index. */
export interface GraphGradients {
  kernels: tf.Tensor3D[];
  biases: tf.Tensor3D[];
  extras: tf.Tensor3D[];
}

interface BackwardContext {
  params: StackedParams;
  grads: GraphGradients;
}

function denseParamsBackward(
  ctx: BackwardContext,
  index: number,
  input: tf.Tensor3D,
  dZ: tf.Tensor3D,
  withInput: boolean,
  below: ResolvedActivation = LINEAR,
  zBelow: tf.Tensor3D | null = null,
): tf.Tensor3D | null {
  const g = denseBackward(input, dZ, ctx.params.kernels[index]!, withInput, below, zBelow);
  ctx.grads.kernels[index] = g.dW;
  ctx.grads.biases[index] = g.db;
  return g.dA;
}

function nodeBackward(node: NetworkNode, trace: NodeTrace, dOut: tf.Tensor3D, ctx: BackwardContext, withInput: boolean, dZGiven: boolean): tf.Tensor3D | null {
  switch (node.kind) {
    case 'dense': {
      const t = trace as Extract<NodeTrace, { kind: 'dense' }>;
      const dZ = dZGiven ? dOut : derive(dOut, t.z, t.a, node.layer.activation);
      return denseParamsBackward(ctx, node.layer.index, t.input, dZ, withInput);
    }
    case 'batchnorm':
    case 'layernorm': {
      const t = trace as Extract<NodeTrace, { kind: 'norm' | 'batchnorm' }>;
      const gamma = extra(ctx.params, node.gamma);
      const g = node.kind === 'batchnorm' ? batchNormBackward(dOut, t.xhat, gamma, t.invStd) : layerNormBackward(dOut, t.xhat, gamma, t.invStd);
      ctx.grads.extras[node.gamma] = g.dGamma;
      ctx.grads.extras[node.beta] = g.dBeta;
      return g.dx;
    }
    case 'activation': {
      const t = trace as Extract<NodeTrace, { kind: 'activation' }>;
      return derive(dOut, t.input, t.out, node.activation);
    }
    case 'dropout': {
      const t = trace as Extract<NodeTrace, { kind: 'dropout' }>;
      return t.mask === null ? dOut : (tf.mul(dOut, t.mask) as tf.Tensor3D);
    }
    case 'residual': {
      const t = trace as Extract<NodeTrace, { kind: 'residual' }>;
      const dSum = derive(dOut, t.sum, t.out, node.activation);
      let dBranch = dSum;
      if (node.gate >= 0) {
        ctx.grads.extras[node.gate] = gateGradient(dSum, t.branchOut);
        dBranch = tf.mul(dSum, extra(ctx.params, node.gate)) as tf.Tensor3D;
      }
      // the branch always passes its gradient down: the skip path needs the sum of both
      const dFromBranch = sequenceBackward(node.branch, t.branch, dBranch, ctx, true)!;
      const dFromSkip = node.projection === null ? dSum : denseParamsBackward(ctx, node.projection.index, t.input, dSum, true)!;
      return withInput ? (tf.add(dFromBranch, dFromSkip) as tf.Tensor3D) : null;
    }
  }
}

function sequenceBackward(
  nodes: readonly NetworkNode[],
  traces: readonly NodeTrace[],
  dOut: tf.Tensor3D,
  ctx: BackwardContext,
  withInput: boolean,
  outputDZ = false,
): tf.Tensor3D | null {
  let d: tf.Tensor3D | null = dOut;
  // whether `d` is already the next node's dZ (its activation's derivative applied)
  let given = outputDZ;
  for (let i = nodes.length - 1; i >= 0 && d !== null; i--) {
    const node = nodes[i]!;
    const below = i > 0 ? nodes[i - 1]! : null;
    if (node.kind === 'dense' && below !== null && (below.kind === 'activation' || below.kind === 'dense')) {
      // The derivative of the activation below is folded into the dense backward kernel (as in the plain
      // stack): the same float32 operations as applying it separately, one launch fewer.
      const t = traces[i] as Extract<NodeTrace, { kind: 'dense' }>;
      const dZ = given ? d : derive(d, t.z, t.a, node.layer.activation);
      if (below.kind === 'activation') {
        const bt = traces[i - 1] as Extract<NodeTrace, { kind: 'activation' }>;
        d = denseParamsBackward(ctx, node.layer.index, t.input, dZ, true, below.activation, bt.input);
        // the activation node is done: `d` is the gradient at its input
        i--;
        given = false;
      } else {
        const bt = traces[i - 1] as Extract<NodeTrace, { kind: 'dense' }>;
        d = denseParamsBackward(ctx, node.layer.index, t.input, dZ, true, below.layer.activation, bt.z);
        given = true;
      }
      continue;
    }
    d = nodeBackward(node, traces[i]!, d, ctx, i > 0 || withInput, given);
    given = false;
  }
  return d;
}

/**
 * Explicit backpropagation from the output gradient `dZOut` (`scale · ∂L/∂z_out`). Run it inside `tf.tidy`.
 */
export function graphBackward(net: ResolvedNetwork, params: StackedParams, trace: GraphTrace, dZOut: tf.Tensor3D): GraphGradients {
  const grads: GraphGradients = {
    kernels: new Array<tf.Tensor3D>(net.dense.length),
    biases: new Array<tf.Tensor3D>(net.dense.length),
    extras: new Array<tf.Tensor3D>(net.extras.length),
  };
  sequenceBackward(net.nodes, trace.nodes, dZOut, { params, grads }, false, true);
  return grads;
}

/**
 * Forward and backward on one batch in training mode: the gradients of `scale · Σ_batch loss`, the output's
 * `z`, the softmax cross-entropy's row scores (`rowStats`, as `gradients` in network.ts) and the updated
 * batch-norm buffers. Run it inside `tf.tidy`.
 */
export function graphStep(
  net: ResolvedNetwork,
  mode: LossMode,
  params: StackedParams,
  x: tf.Tensor3D,
  y: tf.Tensor3D,
  scale: number,
  options: { masks: DropoutMasks | null; rowStats: boolean },
): { trace: GraphTrace; grads: GraphGradients; rowStats: tf.Tensor3D | null } {
  const output = net.dense[net.dense.length - 1]!.activation;
  const fromLogits = mode === 'softmax_ce' && output.name === 'softmax';
  const trace = graphForward(net, params, x, { training: true, masks: options.masks, outputActivation: !fromLogits });
  let dZ: tf.Tensor3D;
  let rowStats: tf.Tensor3D | null = null;
  if (fromLogits && options.rowStats) ({ dZ, stats: rowStats } = softmaxCrossEntropyGradient(trace.zOut, y, scale, true));
  else if (fromLogits) dZ = softmaxCrossEntropyGradient(trace.zOut, y, scale);
  else dZ = outputGradient(mode, trace.zOut, trace.aOut, y, scale, output) as tf.Tensor3D;
  return { trace, grads: graphBackward(net, params, trace, dZ), rowStats };
}
