import * as tf from '@tensorflow/tfjs-core';
import { getInitializer, type InitializerSpec } from '@initlab/initializers';
import { deriveSeed } from '@initlab/random';
import { ModelsError, show } from './errors.js';
import type { ResolvedLayer } from './spec.js';

/** One dense layer's parameters: `kernel` row-major `[inputs, units]` (Keras layout) and `bias` `[units]`. */
export interface LayerWeights {
  kernel: Float32Array;
  bias: Float32Array;
  shape: [inputs: number, units: number];
}

/** {@link LayerWeights} as plain JSON (numbers instead of typed arrays). */
export interface LayerWeightsJSON {
  kernel: number[];
  bias: number[];
  shape: [number, number];
}

/**
 * Converts weights to plain arrays for `JSON.stringify` (float32 values survive the round trip exactly).
 *
 * @example
 * const text = JSON.stringify(weightsToJSON(result.weights));
 */
export function weightsToJSON(weights: readonly LayerWeights[]): LayerWeightsJSON[] {
  return weights.map((w) => ({ kernel: Array.from(w.kernel), bias: Array.from(w.bias), shape: [w.shape[0], w.shape[1]] }));
}

/**
 * Inverse of {@link weightsToJSON}; checks that each kernel has `inputs × units` values and each bias `units`.
 *
 * @example
 * const weights = weightsFromJSON(JSON.parse(text));
 */
export function weightsFromJSON(json: readonly LayerWeightsJSON[]): LayerWeights[] {
  if (!Array.isArray(json)) throw new ModelsError('INVALID_WEIGHTS', `weightsFromJSON: expected an array of layers, got ${show(json)}`);
  return json.map((layer, index) => {
    const shape = layer?.shape;
    if (!Array.isArray(shape) || shape.length !== 2 || !shape.every((d) => Number.isInteger(d) && d > 0)) {
      throw new ModelsError('INVALID_WEIGHTS', `weightsFromJSON: layer ${index} shape must be [inputs, units] of positive integers, got ${show(shape)}`);
    }
    const w: LayerWeights = {
      kernel: Float32Array.from(layer.kernel),
      bias: Float32Array.from(layer.bias),
      shape: [shape[0], shape[1]],
    };
    checkLayerWeights(w, shape[0], shape[1], `weightsFromJSON: layer ${index}`);
    return w;
  });
}

function checkLayerWeights(w: LayerWeights, inputs: number, units: number, where: string): void {
  if (!(w.kernel instanceof Float32Array) || w.kernel.length !== inputs * units) {
    throw new ModelsError(
      'INVALID_WEIGHTS',
      `${where}: kernel must be a Float32Array of ${inputs}×${units} = ${inputs * units} values, got ${w.kernel instanceof Float32Array ? `${w.kernel.length} values` : show(w.kernel)}`,
    );
  }
  if (!(w.bias instanceof Float32Array) || w.bias.length !== units) {
    throw new ModelsError(
      'INVALID_WEIGHTS',
      `${where}: bias must be a Float32Array of ${units} values, got ${w.bias instanceof Float32Array ? `${w.bias.length} values` : show(w.bias)}`,
    );
  }
}

/** Checks that `weights` fit the resolved layers; `where` prefixes error messages. */
export function checkWeights(layers: readonly ResolvedLayer[], weights: readonly LayerWeights[], where: string): void {
  if (!Array.isArray(weights) || weights.length !== layers.length) {
    throw new ModelsError(
      'INVALID_WEIGHTS',
      `${where}: expected ${layers.length} layers of weights, got ${Array.isArray(weights) ? weights.length : show(weights)}`,
    );
  }
  layers.forEach((layer, l) => {
    const w = weights[l]!;
    const shape = w?.shape;
    if (!Array.isArray(shape) || shape[0] !== layer.inputs || shape[1] !== layer.units) {
      throw new ModelsError(
        'INVALID_WEIGHTS',
        `${where}: layer ${l} shape must be [${layer.inputs}, ${layer.units}], got ${show(shape)}`,
      );
    }
    checkLayerWeights(w, layer.inputs, layer.units, `${where}: layer ${l}`);
  });
}

/** Seeds of a member's layer `l`: kernel from `deriveSeed(seed, 'kernel', l)`, bias from `deriveSeed(seed, 'bias', l)`. */
export function layerSeeds(seed: number, layer: number): { kernel: number; bias: number } {
  return { kernel: deriveSeed(seed, 'kernel', layer), bias: deriveSeed(seed, 'bias', layer) };
}

/** Samples one layer's kernel and bias with `@initlab/initializers` (Keras layout, float32). */
export function sampleLayer(
  layer: ResolvedLayer,
  kernelInitializer: InitializerSpec,
  biasInitializer: InitializerSpec,
  seed: number,
): LayerWeights {
  const seeds = layerSeeds(seed, layer.index);
  const kernel = getInitializer(kernelInitializer).sample([layer.inputs, layer.units], { seed: seeds.kernel, dtype: 'float32' });
  const bias = getInitializer(biasInitializer).sample([layer.units], { seed: seeds.bias, dtype: 'float32' });
  return { kernel: toFloat32(kernel), bias: toFloat32(bias), shape: [layer.inputs, layer.units] };
}

export function toFloat32(values: Float32Array | Float64Array): Float32Array {
  return values instanceof Float32Array ? values : Float32Array.from(values);
}

/**
 * A member's parameters beyond its dense layers, in the network's order (`ResolvedNetwork.extras`: each
 * normalization's γ and β, each residual gate), and its batch-norm buffers (moving mean and variance, in
 * `ResolvedNetwork.buffers` order). Both are empty for a plain stack of dense layers.
 */
export interface ExtraWeights {
  params: Float32Array[];
  buffers: Float32Array[];
}

/** The extras of a plain stack of dense layers: none. */
export const NO_EXTRAS: ExtraWeights = Object.freeze({ params: [], buffers: [] }) as unknown as ExtraWeights;

/**
 * Stacked parameters of K members: kernels `[K, in, out]`, biases `[K, 1, out]`, extra parameters
 * `[K, 1, size]` (left out: none) and batch-norm buffers `[K, 1, units]` (left out: none).
 */
export interface StackedParams {
  kernels: tf.Tensor3D[];
  biases: tf.Tensor3D[];
  extras?: tf.Tensor3D[];
  buffers?: tf.Tensor3D[];
}

/** Stacks one `[size]` array per member as `[K, 1, size]`. */
function stackRows(rows: readonly Float32Array[], size: number): tf.Tensor3D {
  const out = new Float32Array(rows.length * size);
  rows.forEach((row, m) => out.set(row, m * size));
  return tf.tensor3d(out, [rows.length, 1, size]);
}

/** Uploads K members' weights (and their extras, when the network has any) as stacked tensors. */
export function stackWeights(
  layers: readonly ResolvedLayer[],
  members: readonly (readonly LayerWeights[])[],
  extras?: readonly ExtraWeights[],
): StackedParams {
  const k = members.length;
  const kernels: tf.Tensor3D[] = [];
  const biases: tf.Tensor3D[] = [];
  for (const layer of layers) {
    const size = layer.inputs * layer.units;
    const kernel = new Float32Array(k * size);
    const bias = new Float32Array(k * layer.units);
    members.forEach((weights, m) => {
      kernel.set(weights[layer.index]!.kernel, m * size);
      bias.set(weights[layer.index]!.bias, m * layer.units);
    });
    kernels.push(tf.tensor3d(kernel, [k, layer.inputs, layer.units]));
    biases.push(tf.tensor3d(bias, [k, 1, layer.units]));
  }
  const first = extras?.[0];
  if (extras === undefined || first === undefined || (first.params.length === 0 && first.buffers.length === 0)) return { kernels, biases };
  return {
    kernels,
    biases,
    extras: first.params.map((p, i) => stackRows(extras.map((e) => e.params[i]!), p.length)),
    buffers: first.buffers.map((b, i) => stackRows(extras.map((e) => e.buffers[i]!), b.length)),
  };
}

/** Downloads stacked parameters into one {@link LayerWeights} list per member slot. */
export function unstackWeights(params: StackedParams): LayerWeights[][] {
  const k = params.kernels[0]?.shape[0] ?? 0;
  const out: LayerWeights[][] = Array.from({ length: k }, () => []);
  params.kernels.forEach((kernelTensor, l) => {
    const [, inputs, units] = kernelTensor.shape;
    const kernel = kernelTensor.dataSync() as Float32Array;
    const bias = params.biases[l]!.dataSync() as Float32Array;
    for (let m = 0; m < k; m++) {
      out[m]!.push({
        kernel: kernel.slice(m * inputs * units, (m + 1) * inputs * units),
        bias: bias.slice(m * units, (m + 1) * units),
        shape: [inputs, units],
      });
    }
  });
  return out;
}

/** Downloads the stacked extras into one {@link ExtraWeights} per member slot. */
export function unstackExtras(params: StackedParams): ExtraWeights[] {
  const k = params.kernels[0]?.shape[0] ?? 0;
  const rows = (tensors: readonly tf.Tensor3D[] | undefined, m: number): Float32Array[] =>
    (tensors ?? []).map((t) => {
      const size = t.shape[2];
      return (t.dataSync() as Float32Array).slice(m * size, (m + 1) * size);
    });
  return Array.from({ length: k }, (_, m) => ({ params: rows(params.extras, m), buffers: rows(params.buffers, m) }));
}

/** Flat list of the trainable parameters `[W0, b0, W1, b1, …, extras…]`, the order optimizers and gradients use. */
export function flatParams(params: { kernels: readonly tf.Tensor3D[]; biases: readonly tf.Tensor3D[]; extras?: readonly tf.Tensor3D[] }): tf.Tensor3D[] {
  const flat: tf.Tensor3D[] = [];
  params.kernels.forEach((kernel, l) => flat.push(kernel, params.biases[l]!));
  if (params.extras !== undefined) flat.push(...params.extras);
  return flat;
}

/** Every tensor of stacked parameters, buffers included (what disposing them frees). */
export function allTensors(params: StackedParams): tf.Tensor3D[] {
  return [...flatParams(params), ...(params.buffers ?? [])];
}

/** Inverse of {@link flatParams} for a network of `dense` dense layers (the rest are extras), with `buffers`. */
export function unflatParams(flat: readonly tf.Tensor3D[], dense = flat.length / 2, buffers?: tf.Tensor3D[]): StackedParams {
  const kernels: tf.Tensor3D[] = [];
  const biases: tf.Tensor3D[] = [];
  for (let i = 0; i < 2 * dense; i += 2) {
    kernels.push(flat[i]!);
    biases.push(flat[i + 1]!);
  }
  const out: StackedParams = { kernels, biases };
  if (flat.length > 2 * dense) out.extras = flat.slice(2 * dense);
  if (buffers !== undefined && buffers.length > 0) out.buffers = buffers;
  return out;
}

/** Keeps only the member slots `slots` (in that order) of stacked tensors; returns new tensors. */
export function selectSlots<T extends tf.Tensor>(tensors: readonly T[], slots: readonly number[]): T[] {
  return tf.tidy(() => {
    const index = tf.tensor1d([...slots], 'int32');
    return tensors.map((t) => tf.gather(t, index, 0) as T);
  });
}
