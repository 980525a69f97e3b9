import { deriveSeed } from '@initlab/random';
import { InitializerError, show } from './errors.js';
import { fansOf } from './fans.js';
import { KERAS_TRUNCATION_CORRECTION } from './moments.js';
import { checkOptions, PRESET_SAMPLE_OPTION_NAMES } from './options.js';
import { getInitializer } from './registry.js';
import { closest, type SameKeys } from '@initlab/errors';
import type { Dtype, Initializer, InitializerConfig, Layout } from './types.js';

/** Metadata of a layer preset: a framework's default kernel and bias initializers for one layer type. */
export interface LayerPresetInfo {
  /** Preset name, e.g. `torch_linear`. */
  name: string;
  /** Whose default it is. */
  framework: 'keras' | 'pytorch' | 'tfjs';
  /** The layer(s), e.g. `torch.nn.Linear`. */
  layer: string;
  /** The layout that framework stores the kernel in. */
  layout: Layout;
  /** One sentence. */
  summary: string;
  /** Kernel initializer config. */
  kernel: InitializerConfig;
  /** Bias initializer config. */
  bias: InitializerConfig;
  /** `kernel`: the bias is drawn with the kernel's fans (pass `fans: computeFans(kernelShape, layout)`); `none`: it reads no fans. */
  biasFans: 'kernel' | 'none';
  /** Fine print. */
  notes: string;
}

/** A layer preset: configured kernel and bias initializers plus metadata. */
export interface LayerPreset {
  /** Preset name. */
  name: string;
  /** The kernel initializer. */
  kernel: Initializer;
  /** The bias initializer. */
  bias: Initializer;
  /** Metadata. */
  info: LayerPresetInfo;
  /**
   * Draws a kernel of `kernelShape` (in the preset's layout) and the matching bias
   * (`[out]`: the last axis in keras layout, the first in torch layout), with the kernel's fans
   * for the bias where the framework uses them. With a seed, the kernel uses it and the bias
   * `deriveSeed(seed, 'bias')`.
   */
  sample(kernelShape: number[], opts?: { seed?: number; dtype?: Dtype }): { kernel: Float32Array | Float64Array; bias: Float32Array | Float64Array };
}

// Compile-time: LayerPreset.sample's options have exactly the keys PRESET_SAMPLE_OPTION_NAMES lists.
const presetOptionsListed: SameKeys<NonNullable<Parameters<LayerPreset['sample']>[1]>, typeof PRESET_SAMPLE_OPTION_NAMES> = true;
void presetOptionsListed;

const TORCH_A = Math.sqrt(5);
const torchDefault: InitializerConfig = { name: 'kaiming_uniform', a: TORCH_A, mode: 'fan_in', nonlinearity: 'leaky_relu' };
// tfjs-layers' glorotNormal: truncated at ±2σ with σ = √(1/fan_avg), no correction; variance_scaling with
// scale = 0.8796² gives exactly that σ after Keras's division by 0.8796.
const tfjsGlorotNormal: InitializerConfig = {
  name: 'variance_scaling',
  scale: KERAS_TRUNCATION_CORRECTION ** 2,
  mode: 'fan_avg',
  distribution: 'truncated_normal',
};

const PRESETS: readonly LayerPresetInfo[] = [
  {
    name: 'keras_dense',
    framework: 'keras',
    layer: 'keras.layers.Dense',
    layout: 'keras',
    summary: 'Keras Dense defaults: glorot_uniform kernel, zeros bias.',
    kernel: { name: 'glorot_uniform' },
    bias: { name: 'zeros' },
    biasFans: 'none',
    notes: "kernel_initializer='glorot_uniform', bias_initializer='zeros' (Keras 2 and 3).",
  },
  {
    name: 'keras_conv',
    framework: 'keras',
    layer: 'keras.layers.Conv1D / Conv2D / Conv3D',
    layout: 'keras',
    summary: 'Keras convolution defaults: glorot_uniform kernel over [...k, in, out], zeros bias.',
    kernel: { name: 'glorot_uniform' },
    bias: { name: 'zeros' },
    biasFans: 'none',
    notes: 'Fans include the receptive field: fan_in = in·∏k, fan_out = out·∏k.',
  },
  {
    name: 'torch_linear',
    framework: 'pytorch',
    layer: 'torch.nn.Linear',
    layout: 'torch',
    summary: 'PyTorch Linear defaults: kaiming_uniform(a=√5) kernel, i.e. U(±1/√fan_in), and bias U(±1/√fan_in) with the kernel\'s fan_in.',
    kernel: torchDefault,
    bias: torchDefault,
    biasFans: 'kernel',
    notes:
      'reset_parameters(): kaiming_uniform_(weight, a=math.sqrt(5)) gives bound √3·√(2/(1+5))/√fan_in = 1/√fan_in (variance 1/(3·fan_in)); the bias bound is 1/√fan_in of the weight. The bias entry is the same kaiming_uniform sampled with the kernel\'s fans.',
  },
  {
    name: 'torch_conv',
    framework: 'pytorch',
    layer: 'torch.nn.Conv1d / Conv2d / Conv3d',
    layout: 'torch',
    summary: 'PyTorch convolution defaults: as Linear, with fan_in = in/groups·∏k.',
    kernel: torchDefault,
    bias: torchDefault,
    biasFans: 'kernel',
    notes: '_ConvNd.reset_parameters() is the Linear rule on the [out, in/groups, ...k] weight.',
  },
  {
    name: 'tfjs_dense',
    framework: 'tfjs',
    layer: 'tf.layers.dense',
    layout: 'keras',
    summary: "tfjs-layers dense defaults: its uncorrected glorotNormal kernel (variance ≈ 0.774·2/(fan_in+fan_out)), zeros bias.",
    kernel: tfjsGlorotNormal,
    bias: { name: 'zeros' },
    biasFans: 'none',
    notes:
      "tfjs-layers defaults kernelInitializer to 'glorotNormal' (Keras: glorot_uniform), drawn as tf.truncatedNormal with σ = √(1/fan_avg) and no 0.8796 correction (tensorflow/tfjs#8594). variance_scaling with scale = 0.8796² reproduces that σ exactly.",
  },
  {
    name: 'tfjs_conv',
    framework: 'tfjs',
    layer: 'tf.layers.conv1d / conv2d / conv3d',
    layout: 'keras',
    summary: 'tfjs-layers convolution defaults: uncorrected glorotNormal kernel, zeros bias.',
    kernel: tfjsGlorotNormal,
    bias: { name: 'zeros' },
    biasFans: 'none',
    notes: "Same defaults as tf.layers.dense ('glorotNormal', 'zeros').",
  },
];

/**
 * A framework's default kernel and bias initializers for a layer type.
 *
 * Presets: `keras_dense`, `keras_conv`, `torch_linear`, `torch_conv`, `tfjs_dense`, `tfjs_conv`.
 *
 * @throws {InitializerError} `UNKNOWN_PRESET` (with the closest names).
 * @example
 * ```ts
 * const linear = getLayerPreset('torch_linear');
 * const { kernel, bias } = linear.sample([128, 784], { seed: 1 }); // U(±1/√784) both
 * ```
 */
export function getLayerPreset(name: 'keras_dense' | 'keras_conv' | 'torch_linear' | 'torch_conv' | 'tfjs_dense' | 'tfjs_conv' | (string & {})): LayerPreset {
  const info = PRESETS.find((preset) => preset.name === name);
  if (info === undefined) {
    const names = PRESETS.map((preset) => preset.name);
    const near = typeof name === 'string' ? closest(name, names) : [];
    throw new InitializerError(
      'UNKNOWN_PRESET',
      `getLayerPreset: unknown preset ${show(name)}; ${near.length > 0 ? `did you mean ${near.join(', ')}? ` : ''}allowed: ${names.join(', ')}`,
      { initializer: 'getLayerPreset', parameter: 'name', value: name },
    );
  }
  const kernel = getInitializer(info.kernel);
  const bias = getInitializer(info.bias);
  return {
    name: info.name,
    kernel,
    bias,
    info,
    sample(kernelShape, opts = {}) {
      checkOptions(info.name, opts, PRESET_SAMPLE_OPTION_NAMES);
      const layout = info.layout;
      const fans = fansOf(info.name, kernelShape, layout);
      const rank = kernelShape.length;
      const outUnits = (layout === 'keras' ? kernelShape[rank - 1] : kernelShape[0]) ?? 1;
      const seed = opts.seed;
      const dtype = opts.dtype;
      return {
        kernel: kernel.sample(kernelShape, { layout, ...(seed === undefined ? {} : { seed }), ...(dtype === undefined ? {} : { dtype }) }),
        bias: bias.sample([outUnits], {
          layout,
          ...(seed === undefined ? {} : { seed: deriveSeed(seed, 'bias') }),
          ...(dtype === undefined ? {} : { dtype }),
          ...(info.biasFans === 'kernel' ? { fans } : {}),
        }),
      };
    },
  };
}

/**
 * Metadata of every layer preset.
 *
 * @example
 * ```ts
 * listLayerPresets().map((p) => p.name); // ['keras_dense', 'keras_conv', 'torch_linear', ...]
 * ```
 */
export function listLayerPresets(): LayerPresetInfo[] {
  return PRESETS.map((preset) => ({ ...preset }));
}
