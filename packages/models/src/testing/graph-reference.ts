// Test-only float64 reference of the graph networks (dense, batch and layer norm, activation, dropout,
// residual blocks with gates), written from the formulas in plain JavaScript, for one member. The tests
// compare the tfjs implementation's gradients with central differences of this reference's loss.
import type { LossName } from '../spec.js';
import type { NetworkNode, ResolvedNetwork } from '../network-spec.js';
import { act, refSampleLoss } from './reference.js';

/** One member's parameters in float64: kernels `[in·units]` and biases by dense index, extras by extra index. */
export interface RefParams {
  kernels: Float64Array[];
  biases: Float64Array[];
  extras: Float64Array[];
  /** Batch-norm buffers (moving mean, variance), used with `training: false`. */
  buffers: Float64Array[];
}

type Rows = Float64Array[];

function dense(x: Rows, kernel: Float64Array, bias: Float64Array, units: number): Rows {
  const inputs = kernel.length / units;
  return x.map((row) => {
    const out = Float64Array.from(bias);
    for (let i = 0; i < inputs; i++) for (let j = 0; j < units; j++) out[j] = out[j]! + row[i]! * kernel[i * units + j]!;
    return out;
  });
}

function normalize(x: Rows, gamma: Float64Array, beta: Float64Array, epsilon: number, byUnit: boolean, moving: { mean: Float64Array; variance: Float64Array } | null): Rows {
  const units = gamma.length;
  if (!byUnit) {
    return x.map((row) => {
      const mean = row.reduce((s, v) => s + v, 0) / units;
      const variance = row.reduce((s, v) => s + (v - mean) ** 2, 0) / units;
      return row.map((v, j) => ((v - mean) / Math.sqrt(variance + epsilon)) * gamma[j]! + beta[j]!);
    });
  }
  const mean = new Float64Array(units);
  const variance = new Float64Array(units);
  if (moving !== null) {
    mean.set(moving.mean);
    variance.set(moving.variance);
  } else {
    for (const row of x) for (let j = 0; j < units; j++) mean[j] = mean[j]! + row[j]! / x.length;
    for (const row of x) for (let j = 0; j < units; j++) variance[j] = variance[j]! + (row[j]! - mean[j]!) ** 2 / x.length;
  }
  return x.map((row) => row.map((v, j) => ((v - mean[j]!) / Math.sqrt(variance[j]! + epsilon)) * gamma[j]! + beta[j]!));
}

function sequence(nodes: readonly NetworkNode[], x: Rows, p: RefParams, training: boolean, masks: readonly Rows[] | null): { out: Rows; z: Rows } {
  let input = x;
  let z = x;
  for (const node of nodes) {
    switch (node.kind) {
      case 'dense':
        z = dense(input, p.kernels[node.layer.index]!, p.biases[node.layer.index]!, node.layer.units);
        input = node.layer.activation.name === 'softmax' ? z.map(softmax) : z.map((row) => row.map((v) => act(v, node.layer.activation)));
        break;
      case 'batchnorm':
      case 'layernorm': {
        const moving = node.kind === 'batchnorm' && !training ? { mean: p.buffers[node.movingMean]!, variance: p.buffers[node.movingVariance]! } : null;
        input = normalize(input, p.extras[node.gamma]!, p.extras[node.beta]!, node.epsilon, node.kind === 'batchnorm', moving);
        break;
      }
      case 'activation':
        input = input.map((row) => row.map((v) => act(v, node.activation)));
        break;
      case 'dropout':
        if (training && masks !== null) input = input.map((row, r) => row.map((v, j) => v * masks[node.index]![r]![j]!));
        break;
      case 'residual': {
        const branch = sequence(node.branch, input, p, training, masks).out;
        const gate = node.gate >= 0 ? p.extras[node.gate]![0]! : 1;
        const skip = node.projection === null ? input : dense(input, p.kernels[node.projection.index]!, p.biases[node.projection.index]!, node.units);
        input = skip.map((row, r) => row.map((v, j) => act(v + gate * branch[r]![j]!, node.activation)));
        break;
      }
    }
  }
  return { out: input, z };
}

function softmax(row: Float64Array): Float64Array {
  const max = Math.max(...row);
  const e = row.map((v) => Math.exp(v - max));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
}

/** The network's output `z` and `a` for every row of `x`. */
export function refGraphForward(net: ResolvedNetwork, p: RefParams, x: readonly (readonly number[])[], training: boolean, masks: readonly Rows[] | null = null): { z: Rows; a: Rows } {
  const { out, z } = sequence(net.nodes, x.map((r) => Float64Array.from(r)), p, training, masks);
  return { z, a: out };
}

/** The batch-mean training loss (Keras semantics, as `refBatchLoss`). */
export function refGraphLoss(net: ResolvedNetwork, loss: LossName, p: RefParams, x: readonly (readonly number[])[], y: readonly Float64Array[], masks: readonly Rows[] | null = null): number {
  const { z, a } = refGraphForward(net, p, x, true, masks);
  const out = net.dense[net.dense.length - 1]!.activation;
  return z.reduce((s, row, r) => s + refSampleLoss(loss, out, row, a[r]!, y[r]!), 0) / x.length;
}
