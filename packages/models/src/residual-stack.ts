import { ModelsError, refuseUnknownKeys, show } from './errors.js';
import { NORM_CONVENTIONS, type HiddenLayerSpec, type NormConvention } from './network-spec.js';
import { resolveActivation, type ActivationSpec } from './spec.js';

/**
 * The normalization a {@link residualStack} puts in its branches: batch norm, layer norm or none.
 *
 * @example
 * ```ts
 * RESIDUAL_NORMS.includes('batch'); // true
 * ```
 */
export const RESIDUAL_NORMS = ['batch', 'layer', 'none'] as const;
export type ResidualNorm = (typeof RESIDUAL_NORMS)[number];

/** The options of {@link residualStack}. */
export interface ResidualStackOptions {
  /** Residual blocks (positive integer). */
  blocks: number;
  /** Units of the residual stream: the stem's and every branch layer's (positive integer). */
  width: number;
  /** Dense layers in each block's branch; default 2 (a ResNet basic block). */
  layersPerBlock?: number;
  /** Normalization before (pre) or after (post) each branch's dense layers; default `'none'`. */
  norm?: ResidualNorm;
  /** Default `'relu'`. */
  activation?: ActivationSpec;
  /** A trainable scalar gate on every branch (started at 1, or 0 under `rezero`/`skipinit`); default true. */
  gate?: boolean;
  /** Default `'pre'` (He et al. 2016's identity mappings). */
  order?: 'pre' | 'post';
  /** Whose batch/layer-norm defaults (with `norm` batch or layer); default the layers' own (`'keras'`). */
  convention?: NormConvention;
}

const OPTION_KEYS = ['blocks', 'width', 'layersPerBlock', 'norm', 'activation', 'gate', 'order', 'convention'] as const;

function invalid(message: string): ModelsError {
  return new ModelsError('INVALID_SPEC', `residualStack: ${message}`);
}

const isPositiveInteger = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v > 0;

/**
 * The hidden layers of a residual MLP of constant width, as `@initlab/models`' typed layers:
 *
 * - a **stem**, a dense layer from the inputs to `width` units that sets the stream's width. With `order: 'pre'`
 *   it is linear, as the first convolution of a pre-activation ResNet (the first block's branch starts with its
 *   own norm and activation); with `order: 'post'` it is dense → [norm] → activation, as the original ResNet's stem.
 * - `blocks` residual blocks with identity skips. **Pre-activation** (He, Zhang, Ren & Sun 2016, "Identity
 *   Mappings in Deep Residual Networks"): each of the branch's `layersPerBlock` layers is [norm] → activation →
 *   dense(width), nothing after the sum; the stack then ends with [norm] → activation, as that paper's network
 *   does before its classifier, so the output layer reads a normalised, rectified stream. **Post-activation**
 *   (He et al. 2015): dense → [norm] → activation per layer, the last layer without its activation, which comes
 *   after the sum.
 *
 * Every block has a gate (`gate: true`) unless `gate: false`, so `rezero` and `skipinit` apply; a catalogue
 * initializer starts the gate at 1, which is the plain block.
 *
 * @throws {ModelsError} `INVALID_SPEC` naming the option, its rule and the value.
 * @example
 * ```ts
 * const hidden = residualStack({ blocks: 8, width: 64, norm: 'batch' });
 * validateModelSpec({ inputDim: 784, hidden, output: { units: 10, activation: 'softmax' }, loss: 'sparse_categorical_crossentropy' });
 * ```
 */
export function residualStack(options: ResidualStackOptions): HiddenLayerSpec[] {
  if (typeof options !== 'object' || options === null) throw invalid(`options must be an object, got ${show(options)}`);
  refuseUnknownKeys('residualStack: options', options, OPTION_KEYS, 'INVALID_SPEC');
  const { blocks, width, layersPerBlock = 2, norm = 'none', activation = 'relu', gate = true, order = 'pre', convention } = options;
  if (!isPositiveInteger(blocks)) throw invalid(`blocks must be a positive integer, got ${show(blocks)}`);
  if (!isPositiveInteger(width)) throw invalid(`width must be a positive integer, got ${show(width)}`);
  if (!isPositiveInteger(layersPerBlock)) throw invalid(`layersPerBlock must be a positive integer, got ${show(layersPerBlock)}`);
  if (!(RESIDUAL_NORMS as readonly string[]).includes(norm)) throw invalid(`norm must be one of ${RESIDUAL_NORMS.map((n) => `'${n}'`).join(', ')}, got ${show(norm)}`);
  if (order !== 'pre' && order !== 'post') throw invalid(`order must be 'pre' or 'post', got ${show(order)}`);
  if (typeof gate !== 'boolean') throw invalid(`gate must be true or false, got ${show(gate)}`);
  if (convention !== undefined) {
    if (!(NORM_CONVENTIONS as readonly string[]).includes(convention)) throw invalid(`convention must be one of 'keras', 'pytorch', got ${show(convention)}`);
    if (norm === 'none') throw invalid(`convention applies to norm 'batch' or 'layer', and norm is 'none', got ${show(convention)}`);
  }
  resolveActivation(activation, 'residualStack: activation');

  const normLayer = (): HiddenLayerSpec[] => {
    if (norm === 'none') return [];
    const type = norm === 'batch' ? 'batchnorm' : 'layernorm';
    return [convention === undefined ? { type } : { type, convention }];
  };
  // Fresh objects for every layer: a caller that edits one block must not edit all of them.
  const act = (): HiddenLayerSpec => ({ type: 'activation', activation: structuredClone(activation) });
  const dense = (): HiddenLayerSpec => ({ units: width });

  const branch = (): HiddenLayerSpec[] => {
    const layers: HiddenLayerSpec[] = [];
    for (let i = 0; i < layersPerBlock; i++) {
      if (order === 'pre') layers.push(...normLayer(), act(), dense());
      else layers.push(dense(), ...normLayer(), ...(i < layersPerBlock - 1 ? [act()] : []));
    }
    return layers;
  };
  const block = (): HiddenLayerSpec =>
    order === 'pre'
      ? { type: 'residual', layers: branch(), order, gate }
      : { type: 'residual', layers: branch(), order, activation: structuredClone(activation), gate };

  const stem: HiddenLayerSpec[] = order === 'pre' ? [{ units: width, activation: 'linear' }] : [{ units: width, activation: 'linear' }, ...normLayer(), act()];
  const tail: HiddenLayerSpec[] = order === 'pre' ? [...normLayer(), act()] : [];
  return [...stem, ...Array.from({ length: blocks }, block), ...tail];
}
