// Keras's VarianceScaling and the six named initializers Keras defines on top of it.
import { divisorFan, type EntryDefinition, type FanMode, type SampleContext } from '../entry.js';
import { KERAS_TRUNCATION_CORRECTION } from '../moments.js';
import { enumParam, num, numberParam, str } from '../params.js';
import type { Fans, FrameworkMatch, SeedNotebookName } from '../types.js';
import { FAN_SHAPES, NOTEBOOK_CELLS, REFERENCES, TFJS_FANS_NOTE, TFJS_UNCORRECTED_NOTE } from './common.js';

/** Distributions of Keras's VarianceScaling. */
export type VarianceScalingDistribution = 'truncated_normal' | 'untruncated_normal' | 'uniform';

const FAN_LATEX: Record<FanMode, string> = {
  fan_in: 'n_{in}',
  fan_out: 'n_{out}',
  fan_avg: '\\frac{n_{in} + n_{out}}{2}',
};

/** The fan Keras divides by for `mode`, or null when it is 0. */
function fanFor(fans: Fans, mode: FanMode): number | null {
  const n = mode === 'fan_in' ? fans.fanIn : mode === 'fan_out' ? fans.fanOut : (fans.fanIn + fans.fanOut) / 2;
  return n === 0 ? null : n;
}

/**
 * Keras `VarianceScaling.__call__`, same arithmetic order: `s = scale / n`, then
 * - truncated_normal: σ = √s / 0.87962566103423978, truncated at ±2σ (so Var = s exactly);
 * - untruncated_normal: σ = √s;
 * - uniform: limit = √(3s), U(−limit, limit).
 */
export function fillVarianceScaling(ctx: SampleContext, scale: number, mode: FanMode, distribution: VarianceScalingDistribution): void {
  const n = divisorFan(ctx, mode, `scale / ${mode}`);
  const s = scale / n;
  const rng = ctx.rng();
  if (distribution === 'truncated_normal') {
    const stddev = Math.sqrt(s) / KERAS_TRUNCATION_CORRECTION;
    rng.fillTruncatedNormal(ctx.out, 0, stddev, -2 * stddev, 2 * stddev);
  } else if (distribution === 'untruncated_normal') {
    rng.fillNormal(ctx.out, 0, Math.sqrt(s));
  } else {
    const limit = Math.sqrt(3 * s);
    rng.fillUniform(ctx.out, -limit, limit);
  }
}

function distributionInfo(distribution: VarianceScalingDistribution, varLatex: string) {
  if (distribution === 'uniform') {
    return {
      kind: 'uniform' as const,
      latex: `W_{ij} \\sim \\mathcal{U}\\left(-\\sqrt{3 \\cdot ${varLatex}},\\ \\sqrt{3 \\cdot ${varLatex}}\\right)`,
      description: 'uniform, symmetric around 0',
    };
  }
  if (distribution === 'untruncated_normal') {
    return { kind: 'normal' as const, latex: `W_{ij} \\sim \\mathcal{N}\\left(0,\\ ${varLatex}\\right)`, description: 'Gaussian, mean 0' };
  }
  return {
    kind: 'truncated_normal' as const,
    latex: `W_{ij} \\sim \\mathcal{N}(0, \\sigma^2) \\mid |W_{ij}| \\le 2\\sigma,\\ \\sigma = \\sqrt{${varLatex}} / 0.8796`,
    description: 'Gaussian truncated (redrawn) at ±2σ, σ corrected by 1/0.87962566 so the variance is exactly the target',
  };
}

function formulaFor(scaleLatex: string, mode: FanMode, distribution: VarianceScalingDistribution): string {
  const n = FAN_LATEX[mode];
  const line =
    distribution === 'uniform'
      ? `W_{ij} &\\sim \\mathcal{U}(-\\ell, \\ell), & \\ell &= \\sqrt{3 s / n}`
      : distribution === 'untruncated_normal'
        ? `W_{ij} &\\sim \\mathcal{N}(0, s / n)`
        : `W_{ij} &\\sim \\mathcal{N}(0, \\sigma^2) \\text{ redrawn if } |W_{ij}| > 2\\sigma, & \\sigma &= \\frac{\\sqrt{s / n}}{0.87962566103423978}`;
  return `\\begin{aligned} s &= ${scaleLatex}, & n &= ${n} \\\\ ${line} \\\\ \\operatorname{Var}(W_{ij}) &= s / n \\end{aligned}`;
}

const MODES: readonly FanMode[] = ['fan_in', 'fan_out', 'fan_avg'];
const DISTRIBUTIONS: readonly VarianceScalingDistribution[] = ['truncated_normal', 'untruncated_normal', 'uniform'];

/** `variance_scaling(scale=1, mode='fan_in', distribution='truncated_normal')`: Keras `VarianceScaling`. */
export const varianceScaling: EntryDefinition = {
  info: {
    name: 'variance_scaling',
    aliases: ['VarianceScaling'],
    family: 'variance_scaling',
    summary: 'Variance scale / n with n the fan_in, fan_out or their mean; truncated normal (corrected), normal or uniform (Keras VarianceScaling).',
    parameters: [
      numberParam({ name: 'scale', default: 1, description: 'Numerator s of the variance s / n.', range: { min: 0, minInclusive: false } }),
      enumParam({
        name: 'mode',
        default: 'fan_in',
        description: 'Which fan n is: fan_in, fan_out or their mean (case-sensitive, as in Keras).',
        choices: MODES,
      }),
      enumParam({
        name: 'distribution',
        default: 'truncated_normal',
        description: "Shape of the distribution, in any case (Keras lower-cases it); Keras's legacy 'normal' means truncated_normal.",
        choices: DISTRIBUTIONS,
        choiceAliases: { normal: 'truncated_normal' },
        lowerCase: true,
      }),
    ],
    usesFans: true,
    shapes: FAN_SHAPES,
    distribution: {
      kind: 'depends_on_parameters',
      latex: 'W_{ij} \\sim \\mathcal{D}(0, s/n)',
      description: 'truncated normal (corrected), untruncated normal or uniform, all with variance scale / n',
    },
    targetVariance: {
      latex: '\\frac{s}{n},\\quad n \\in \\left\\{n_{in},\\ n_{out},\\ \\tfrac{n_{in} + n_{out}}{2}\\right\\}',
      evaluate: (fans, p) => {
        const n = fanFor(fans, str(p, 'mode') as FanMode);
        return n === null ? null : num(p, 'scale') / n;
      },
      note: 'Exact for all three distributions: the truncated one divides σ by 0.87962566 to undo the truncation.',
    },
    formula:
      '\\begin{aligned} n &= \\begin{cases} n_{in} & \\text{fan\\_in} \\\\ n_{out} & \\text{fan\\_out} \\\\ (n_{in} + n_{out})/2 & \\text{fan\\_avg} \\end{cases} \\\\ \\text{truncated\\_normal: } W_{ij} &\\sim \\mathcal{N}(0, \\sigma^2) \\text{ redrawn if } |W_{ij}| > 2\\sigma,\\ \\sigma = \\frac{\\sqrt{s/n}}{0.87962566103423978} \\\\ \\text{untruncated\\_normal: } W_{ij} &\\sim \\mathcal{N}(0, s/n) \\\\ \\text{uniform: } W_{ij} &\\sim \\mathcal{U}(-\\ell, \\ell),\\ \\ell = \\sqrt{3s/n} \\end{aligned}',
    suits: [],
    suitsNote: 'The general form: scale 1 + fan_avg is Glorot (tanh, sigmoid), scale 2 + fan_in is He (ReLU), scale 1 + fan_in is LeCun (SELU).',
    frameworks: [
      {
        framework: 'keras',
        api: 'keras.initializers.VarianceScaling',
        identifiers: ['VarianceScaling', 'variance_scaling'],
        match: 'identical',
        notes:
          "Defaults scale 1.0, mode fan_in, distribution truncated_normal. distribution is lower-cased ('Uniform' is 'uniform', 'Normal' is truncated_normal) and getConfig returns the lower-cased value, as Keras's get_config does; mode is case-sensitive in both. Keras divides by max(1, n); initlab refuses n = 0 instead (only reachable through a fans override).",
      },
      {
        framework: 'tfjs',
        api: 'tf.initializers.varianceScaling',
        identifiers: ['varianceScaling'],
        match: 'differs',
        notes: `Modes are spelled fanIn/fanOut/fanAvg; its 'normal' distribution is uncorrected — ${TFJS_UNCORRECTED_NOTE} Its 'truncatedNormal' distribution falls through to the uniform branch.`,
      },
    ],
    reference: REFERENCES.he,
    seedNotebookNames: [],
  },
  fill(ctx, p) {
    fillVarianceScaling(ctx, num(p, 'scale'), str(p, 'mode') as FanMode, str(p, 'distribution') as VarianceScalingDistribution);
  },
};

interface KerasNamedInit {
  name: string;
  kerasClass: string;
  tfjsName: string;
  scale: 1 | 2;
  mode: FanMode;
  distribution: 'truncated_normal' | 'uniform';
  summary: string;
  suits: readonly string[];
  suitsNote: string;
  reference: string;
  torch: FrameworkMatch | null;
  seedNotebookNames: readonly SeedNotebookName[];
}

/** One of glorot/he/lecun × normal/uniform: VarianceScaling with fixed arguments, no parameters. */
function kerasNamed(def: KerasNamedInit): EntryDefinition {
  const n = FAN_LATEX[def.mode];
  const varLatex = def.scale === 1 ? `\\frac{1}{${n}}` : `\\frac{2}{${n}}`;
  const tfjsIdentical = def.distribution === 'uniform';
  const tfjs: FrameworkMatch = {
    framework: 'tfjs',
    api: `tf.initializers.${def.tfjsName}`,
    identifiers: [def.tfjsName],
    match: tfjsIdentical ? 'identical' : 'differs',
    notes: tfjsIdentical ? TFJS_FANS_NOTE : TFJS_UNCORRECTED_NOTE,
  };
  const frameworks: FrameworkMatch[] = [
    {
      framework: 'keras',
      api: `keras.initializers.${def.kerasClass}`,
      identifiers: [def.kerasClass, def.name],
      match: 'identical',
      notes: `VarianceScaling(scale=${def.scale}.0, mode="${def.mode}", distribution="${def.distribution}").`,
    },
    tfjs,
    ...(def.torch === null ? [] : [def.torch]),
  ];
  const mode = def.mode;
  const scale = def.scale;
  const distribution = def.distribution;
  return {
    info: {
      name: def.name,
      aliases: [def.kerasClass, ...(tfjsIdentical ? [def.tfjsName] : [])],
      family: 'variance_scaling',
      summary: def.summary,
      parameters: [],
      usesFans: true,
      shapes: FAN_SHAPES,
      distribution: distributionInfo(distribution, varLatex),
      targetVariance: {
        latex: varLatex,
        evaluate: (fans) => {
          const fan = fanFor(fans, mode);
          return fan === null ? null : scale / fan;
        },
        note:
          distribution === 'truncated_normal'
            ? 'Exact: σ is divided by 0.87962566 so the truncated draws have this variance.'
            : 'Exact: a uniform on ±√(3v) has variance v.',
      },
      formula: formulaFor(String(scale), mode, distribution),
      suits: def.suits,
      suitsNote: def.suitsNote,
      frameworks,
      reference: def.reference,
      seedNotebookNames: def.seedNotebookNames,
    },
    fill(ctx) {
      fillVarianceScaling(ctx, scale, mode, distribution);
    },
  };
}

const glorotSuits = ['tanh', 'sigmoid', 'softmax', 'linear'] as const;
const glorotNote =
  'Keeps activation and gradient variance equal across layers for activations linear around 0 (tanh, sigmoid, softmax outputs); under ReLU it halves the signal each layer.';
const heSuits = ['relu', 'leaky_relu', 'prelu'] as const;
const heNote = 'The factor 2 compensates ReLU zeroing half its inputs, so deep ReLU stacks keep their activation variance.';
const lecunSuits = ['selu', 'tanh', 'linear'] as const;
const lecunNote = `Variance 1/fan_in keeps the forward signal at unit variance for scaled tanh and for SELU, whose self-normalizing property assumes it (${REFERENCES.selu}).`;

/** `glorot_normal`: Keras GlorotNormal, truncated normal with Var = 2/(fan_in + fan_out). */
export const glorotNormal = kerasNamed({
  name: 'glorot_normal',
  kerasClass: 'GlorotNormal',
  tfjsName: 'glorotNormal',
  scale: 1,
  mode: 'fan_avg',
  distribution: 'truncated_normal',
  summary: 'Glorot (Xavier) normal as Keras defines it: truncated at ±2σ, corrected so Var = 2/(fan_in + fan_out).',
  suits: glorotSuits,
  suitsNote: glorotNote,
  reference: REFERENCES.glorot,
  torch: {
    framework: 'pytorch',
    api: 'torch.nn.init.xavier_normal_',
    identifiers: ['xavier_normal_'],
    match: 'differs',
    notes: 'Same variance, but PyTorch draws an untruncated Gaussian (and has a gain): see xavier_normal.',
  },
  seedNotebookNames: [
    {
      notebook: 'wine',
      name: "'glorot_normal' (commented '# Xavier initialization')",
      where: NOTEBOOK_CELLS.wineCode,
      definition: 'the Keras identifier the notebook trains with',
      match: 'exact',
      note: 'What the code runs: Keras glorot_normal, truncated at ±2σ with the 0.8796 correction.',
    },
    {
      notebook: 'wine',
      name: 'Xavier/Glorot initialization',
      where: `${NOTEBOOK_CELLS.wineTextQ5}; ${NOTEBOOK_CELLS.wineTextQ6}`,
      definition: 'a Gaussian with mean 0 and standard deviation √(2/(n_in + n_out))',
      match: 'same_variance',
      note: "The text's untruncated Gaussian is xavier_normal; glorot_normal has the same variance but is truncated at ±2σ.",
    },
  ],
});

/** `glorot_uniform`: Keras GlorotUniform, U(±√(6/(fan_in + fan_out))). */
export const glorotUniform = kerasNamed({
  name: 'glorot_uniform',
  kerasClass: 'GlorotUniform',
  tfjsName: 'glorotUniform',
  scale: 1,
  mode: 'fan_avg',
  distribution: 'uniform',
  summary: 'Glorot (Xavier) uniform: U(±√(6/(fan_in + fan_out))), the Keras Dense default kernel.',
  suits: glorotSuits,
  suitsNote: glorotNote,
  reference: REFERENCES.glorot,
  torch: {
    framework: 'pytorch',
    api: 'torch.nn.init.xavier_uniform_',
    identifiers: ['xavier_uniform_'],
    match: 'differs',
    notes: 'Same distribution at gain=1 (PyTorch computes the bound as √3·√(2/(fan_in+fan_out)), equal up to rounding), but xavier_uniform_ takes a gain, so the name maps to xavier_uniform.',
  },
  seedNotebookNames: [
    {
      notebook: 'housing',
      name: 'Dense default (no kernel_initializer)',
      where: NOTEBOOK_CELLS.housingDefault,
      definition: 'the Keras Dense default kernel initializer',
      match: 'exact',
      note: 'Keras Dense defaults to glorot_uniform kernels and zero biases (preset keras_dense).',
    },
  ],
});

/** `he_normal`: Keras HeNormal, truncated normal with Var = 2/fan_in. */
export const heNormal = kerasNamed({
  name: 'he_normal',
  kerasClass: 'HeNormal',
  tfjsName: 'heNormal',
  scale: 2,
  mode: 'fan_in',
  distribution: 'truncated_normal',
  summary: 'He (Kaiming) normal as Keras defines it: truncated at ±2σ, corrected so Var = 2/fan_in.',
  suits: heSuits,
  suitsNote: heNote,
  reference: REFERENCES.he,
  torch: {
    framework: 'pytorch',
    api: 'torch.nn.init.kaiming_normal_',
    identifiers: ['kaiming_normal_'],
    match: 'differs',
    notes: 'PyTorch draws an untruncated Gaussian: kaiming_normal (its defaults, leaky_relu with a = 0, give gain √2 and the same variance 2/fan_in).',
  },
  seedNotebookNames: [
    {
      notebook: 'wine',
      name: "'he_normal' (commented '# He initialization')",
      where: NOTEBOOK_CELLS.wineCode,
      definition: 'the Keras identifier the notebook trains with',
      match: 'exact',
      note: 'What the code runs: Keras he_normal, truncated at ±2σ with the 0.8796 correction.',
    },
    {
      notebook: 'wine',
      name: 'He initialization',
      where: `${NOTEBOOK_CELLS.wineTextQ5}; ${NOTEBOOK_CELLS.wineTextQ7}`,
      definition: 'a Gaussian with mean 0 and standard deviation √(2/n_in)',
      match: 'same_variance',
      note: "The text's untruncated Gaussian is kaiming_normal with PyTorch's defaults (a = 0 gives gain √2); he_normal has the same variance but is truncated at ±2σ.",
    },
  ],
});

/** `he_uniform`: Keras HeUniform, U(±√(6/fan_in)). */
export const heUniform = kerasNamed({
  name: 'he_uniform',
  kerasClass: 'HeUniform',
  tfjsName: 'heUniform',
  scale: 2,
  mode: 'fan_in',
  distribution: 'uniform',
  summary: 'He (Kaiming) uniform: U(±√(6/fan_in)).',
  suits: heSuits,
  suitsNote: heNote,
  reference: REFERENCES.he,
  torch: {
    framework: 'pytorch',
    api: 'torch.nn.init.kaiming_uniform_',
    identifiers: ['kaiming_uniform_'],
    match: 'differs',
    notes: 'Same distribution with PyTorch\'s defaults (nonlinearity leaky_relu with a = 0 gives gain √2, so the bound √(6/fan_in) up to rounding), but kaiming_uniform_ takes a, mode and nonlinearity, so the name maps to kaiming_uniform.',
  },
  seedNotebookNames: [],
});

/** `lecun_normal`: Keras LecunNormal, truncated normal with Var = 1/fan_in. */
export const lecunNormal = kerasNamed({
  name: 'lecun_normal',
  kerasClass: 'LecunNormal',
  tfjsName: 'leCunNormal',
  scale: 1,
  mode: 'fan_in',
  distribution: 'truncated_normal',
  summary: 'LeCun normal as Keras defines it: truncated at ±2σ, corrected so Var = 1/fan_in.',
  suits: lecunSuits,
  suitsNote: lecunNote,
  reference: REFERENCES.lecun,
  torch: null,
  seedNotebookNames: [
    {
      notebook: 'wine',
      name: 'LeCun Initialization',
      where: NOTEBOOK_CELLS.wineTextQ5,
      definition: 'a Gaussian with mean 0 and standard deviation √(1/n_in)',
      match: 'same_variance',
      note: "The text's untruncated Gaussian is kaiming_normal:nonlinearity=linear (or variance_scaling:distribution=untruncated_normal); lecun_normal has the same variance but is truncated at ±2σ.",
    },
  ],
});

/** `lecun_uniform`: Keras LecunUniform, U(±√(3/fan_in)). */
export const lecunUniform = kerasNamed({
  name: 'lecun_uniform',
  kerasClass: 'LecunUniform',
  tfjsName: 'leCunUniform',
  scale: 1,
  mode: 'fan_in',
  distribution: 'uniform',
  summary: 'LeCun uniform: U(±√(3/fan_in)).',
  suits: lecunSuits,
  suitsNote: lecunNote,
  reference: REFERENCES.lecun,
  torch: null,
  seedNotebookNames: [],
});
