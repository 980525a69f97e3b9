// Fixed-scale random entries: random_normal, random_uniform, truncated_normal (Keras), trunc_normal (PyTorch).
import { crossParameterError, requireBelow, type EntryDefinition } from '../entry.js';
import { truncatedNormalMoments } from '../moments.js';
import { num, numberParam, numOrInfinity } from '../params.js';
import { ANY_SHAPE, NOTEBOOK_CELLS, TFJS_OR_DEFAULT_NOTE } from './common.js';

const fixedScaleNote =
  'The scale does not adapt to the layer width: too small and signals vanish through depth, too large and they explode or saturate tanh/sigmoid. Prefer a variance-scaling entry for kernels.';

const positive = { min: 0, minInclusive: false } as const;

/** `random_normal(mean=0, stddev=0.05)`: N(mean, stddev²), Keras `RandomNormal`. */
export const randomNormal: EntryDefinition = {
  info: {
    name: 'random_normal',
    aliases: ['RandomNormal', 'normal', 'randomNormal'],
    family: 'random',
    summary: 'Gaussian with a fixed mean and standard deviation (Keras RandomNormal).',
    parameters: [
      numberParam({ name: 'mean', default: 0, description: 'Mean of the Gaussian.' }),
      numberParam({ name: 'stddev', default: 0.05, description: 'Standard deviation of the Gaussian.', range: positive }),
    ],
    usesFans: false,
    shapes: ANY_SHAPE,
    distribution: { kind: 'normal', latex: 'W_{ij} \\sim \\mathcal{N}(\\mu, \\sigma^2)', description: 'Gaussian, mean μ = mean, standard deviation σ = stddev' },
    targetVariance: {
      latex: '\\sigma^2',
      evaluate: (_fans, p) => num(p, 'stddev') ** 2,
      note: 'Independent of the fans.',
    },
    formula: '\\begin{aligned} W_{ij} &\\sim \\mathcal{N}(\\mu, \\sigma^2), & \\mu &= \\text{mean},\\ \\sigma = \\text{stddev} \\end{aligned}',
    suits: [],
    suitsNote: fixedScaleNote,
    frameworks: [
      {
        framework: 'keras',
        api: 'keras.initializers.RandomNormal',
        identifiers: ['RandomNormal', 'random_normal', 'normal'],
        match: 'identical',
        notes: "Defaults mean 0.0, stddev 0.05. 'normal' is Keras's own alias.",
      },
      {
        framework: 'pytorch',
        api: 'torch.nn.init.normal_',
        identifiers: ['normal_'],
        match: 'differs',
        notes: 'Same distribution but PyTorch defaults to mean 0, std 1 (random_normal:stddev=1), so normal_ is not an alias.',
      },
      {
        framework: 'tfjs',
        api: 'tf.initializers.randomNormal',
        identifiers: ['randomNormal'],
        match: 'identical',
        notes: TFJS_OR_DEFAULT_NOTE,
      },
    ],
    reference: null,
    seedNotebookNames: [
      {
        notebook: 'housing',
        name: 'Random Small Values Initialization',
        where: NOTEBOOK_CELLS.housingSmall,
        definition: 'small random values, N(0, 0.01²)',
        match: 'exact',
        note: 'random_normal:stddev=0.01.',
      },
      {
        notebook: 'housing',
        name: 'Random Normal Initialization (Large Values)',
        where: NOTEBOOK_CELLS.housingLarge,
        definition: 'large random values, N(0, 5²)',
        match: 'exact',
        note: 'random_normal:stddev=5.',
      },
      {
        notebook: 'wine',
        name: "'random_normal' (Random Initialization)",
        where: NOTEBOOK_CELLS.wineCode,
        definition: 'weights drawn from a Gaussian (question 5), run with the Keras default N(0, 0.05²)',
        match: 'exact',
        note: 'The defaults are Keras defaults: mean 0, stddev 0.05.',
      },
    ],
  },
  fill(ctx, p) {
    ctx.rng().fillNormal(ctx.out, num(p, 'mean'), num(p, 'stddev'));
  },
};

/** `random_uniform(minval=-0.05, maxval=0.05)`: U[minval, maxval), Keras `RandomUniform`. */
export const randomUniform: EntryDefinition = {
  info: {
    name: 'random_uniform',
    aliases: ['RandomUniform', 'uniform', 'randomUniform'],
    family: 'random',
    summary: 'Uniform on a fixed interval (Keras RandomUniform).',
    parameters: [
      numberParam({ name: 'minval', default: -0.05, description: 'Lower bound (inclusive); must be < maxval.' }),
      numberParam({ name: 'maxval', default: 0.05, description: 'Upper bound (exclusive); must be > minval.' }),
    ],
    usesFans: false,
    shapes: ANY_SHAPE,
    distribution: { kind: 'uniform', latex: 'W_{ij} \\sim \\mathcal{U}[a, b)', description: 'uniform on [minval, maxval)' },
    targetVariance: {
      latex: '\\frac{(b - a)^2}{12}',
      evaluate: (_fans, p) => (num(p, 'maxval') - num(p, 'minval')) ** 2 / 12,
      note: 'Independent of the fans.',
    },
    formula: '\\begin{aligned} W_{ij} &\\sim \\mathcal{U}[a, b), & a &= \\text{minval},\\ b = \\text{maxval} \\end{aligned}',
    suits: [],
    suitsNote: fixedScaleNote,
    frameworks: [
      {
        framework: 'keras',
        api: 'keras.initializers.RandomUniform',
        identifiers: ['RandomUniform', 'random_uniform', 'uniform'],
        match: 'identical',
        notes: "Defaults minval -0.05, maxval 0.05. 'uniform' is Keras's own alias.",
      },
      {
        framework: 'pytorch',
        api: 'torch.nn.init.uniform_',
        identifiers: ['uniform_'],
        match: 'differs',
        notes: 'Same distribution but PyTorch defaults to [0, 1) (random_uniform:minval=0,maxval=1), so uniform_ is not an alias.',
      },
      {
        framework: 'tfjs',
        api: 'tf.initializers.randomUniform',
        identifiers: ['randomUniform'],
        match: 'identical',
        notes: TFJS_OR_DEFAULT_NOTE,
      },
    ],
    reference: null,
    seedNotebookNames: [],
  },
  check(p) {
    requireBelow('random_uniform', p, 'minval', 'maxval');
  },
  fill(ctx, p) {
    ctx.rng().fillUniform(ctx.out, num(p, 'minval'), num(p, 'maxval'));
  },
};

/** Variance factor of a standard normal truncated at ±2: 1 − 4φ(2)/(2Φ(2) − 1) ≈ 0.7737. */
const TWO_SIGMA_VARIANCE_FACTOR = truncatedNormalMoments(0, 1, -2, 2).variance;

/** `truncated_normal(mean=0, stddev=0.05)`: Keras `TruncatedNormal`, redrawn beyond 2 stddev. */
export const truncatedNormal: EntryDefinition = {
  info: {
    name: 'truncated_normal',
    aliases: ['TruncatedNormal', 'truncatedNormal'],
    family: 'random',
    summary: 'Gaussian redrawn beyond two standard deviations from the mean (Keras TruncatedNormal).',
    parameters: [
      numberParam({ name: 'mean', default: 0, description: 'Mean of the underlying Gaussian (and centre of the truncation).' }),
      numberParam({
        name: 'stddev',
        default: 0.05,
        description: 'Standard deviation of the underlying Gaussian, before truncation; values beyond mean ± 2·stddev are redrawn.',
        range: positive,
      }),
    ],
    usesFans: false,
    shapes: ANY_SHAPE,
    distribution: {
      kind: 'truncated_normal',
      latex: 'W_{ij} \\sim \\mathcal{N}(\\mu, \\sigma^2) \\mid |W_{ij} - \\mu| \\le 2\\sigma',
      description: 'Gaussian restricted to [mean − 2·stddev, mean + 2·stddev] (redrawn, never clipped)',
    },
    targetVariance: {
      latex: '\\sigma^2\\left(1 - \\frac{4\\varphi(2)}{2\\Phi(2) - 1}\\right) \\approx 0.7737\\,\\sigma^2',
      evaluate: (_fans, p) => num(p, 'stddev') ** 2 * TWO_SIGMA_VARIANCE_FACTOR,
      note: 'The variance of the truncated distribution: about 0.774 of stddev², because stddev is the parameter of the Gaussian before truncation.',
    },
    formula:
      '\\begin{aligned} W_{ij} &\\sim \\mathcal{N}(\\mu, \\sigma^2) \\text{ conditioned on } \\mu - 2\\sigma \\le W_{ij} \\le \\mu + 2\\sigma, & \\mu &= \\text{mean},\\ \\sigma = \\text{stddev} \\end{aligned}',
    suits: [],
    suitsNote: `${fixedScaleNote} The truncation removes the rare large weights of a Gaussian.`,
    frameworks: [
      {
        framework: 'keras',
        api: 'keras.initializers.TruncatedNormal',
        identifiers: ['TruncatedNormal', 'truncated_normal'],
        match: 'identical',
        notes: 'Defaults mean 0.0, stddev 0.05; values more than two standard deviations from the mean are discarded and redrawn.',
      },
      {
        framework: 'pytorch',
        api: 'torch.nn.init.trunc_normal_',
        identifiers: ['trunc_normal_'],
        match: 'differs',
        notes: 'PyTorch takes absolute bounds a=-2, b=2 (not ±2 std) and defaults std 1: see trunc_normal.',
      },
      {
        framework: 'tfjs',
        api: 'tf.initializers.truncatedNormal',
        identifiers: ['truncatedNormal'],
        match: 'identical',
        notes: `tf.truncatedNormal also redraws beyond 2 stddev. ${TFJS_OR_DEFAULT_NOTE}`,
      },
    ],
    reference: null,
    seedNotebookNames: [],
  },
  fill(ctx, p) {
    const mean = num(p, 'mean');
    const stddev = num(p, 'stddev');
    ctx.rng().fillTruncatedNormal(ctx.out, mean, stddev, mean - 2 * stddev, mean + 2 * stddev);
  },
};

/** `trunc_normal(mean=0, std=1, a=-2, b=2)`: PyTorch `trunc_normal_`, absolute bounds. */
export const truncNormal: EntryDefinition = {
  info: {
    name: 'trunc_normal',
    aliases: ['trunc_normal_'],
    family: 'random',
    summary: 'Gaussian restricted to the absolute interval [a, b] (PyTorch trunc_normal_).',
    parameters: [
      numberParam({ name: 'mean', default: 0, description: 'Mean of the underlying Gaussian.' }),
      numberParam({ name: 'std', default: 1, description: 'Standard deviation of the underlying Gaussian, before truncation.', range: positive }),
      numberParam({
        name: 'a',
        default: -2,
        description: 'Lower bound, absolute (not in units of std); must be < b; -inf for no lower truncation.',
        allowsInfinity: true,
      }),
      numberParam({
        name: 'b',
        default: 2,
        description: 'Upper bound, absolute (not in units of std); must be > a; inf for no upper truncation.',
        allowsInfinity: true,
      }),
    ],
    usesFans: false,
    shapes: ANY_SHAPE,
    distribution: {
      kind: 'truncated_normal',
      latex: 'W_{ij} \\sim \\mathcal{N}(\\mu, \\sigma^2) \\mid a \\le W_{ij} \\le b',
      description: 'Gaussian restricted to [a, b], exact (inverse-CDF or rejection), never clipped',
    },
    targetVariance: {
      latex:
        '\\sigma^2\\left[1 + \\frac{\\alpha\\varphi(\\alpha) - \\beta\\varphi(\\beta)}{Z} - \\left(\\frac{\\varphi(\\alpha) - \\varphi(\\beta)}{Z}\\right)^2\\right],\\ \\alpha = \\tfrac{a - \\mu}{\\sigma},\\ \\beta = \\tfrac{b - \\mu}{\\sigma},\\ Z = \\Phi(\\beta) - \\Phi(\\alpha)',
      evaluate: (_fans, p) => truncatedNormalMoments(num(p, 'mean'), num(p, 'std'), numOrInfinity(p, 'a'), numOrInfinity(p, 'b')).variance,
      note: 'The variance of the truncated distribution. With the defaults (std 1, a = -2, b = 2) it is 0.774; with a small std (e.g. 0.02, as ViT uses) the bounds ±2 cut nothing and the variance is std².',
    },
    formula:
      '\\begin{aligned} W_{ij} &\\sim \\mathcal{N}(\\mu, \\sigma^2) \\text{ conditioned on } a \\le W_{ij} \\le b, & \\mu &= \\text{mean},\\ \\sigma = \\text{std} \\end{aligned}',
    suits: [],
    suitsNote: 'Transformers (ViT, BERT-style) use trunc_normal with std 0.02: a fixed scale, and with a = -2, b = 2 the bounds are far beyond ±2 std, so it is effectively untruncated.',
    frameworks: [
      {
        framework: 'pytorch',
        api: 'torch.nn.init.trunc_normal_',
        identifiers: ['trunc_normal_'],
        match: 'identical',
        notes:
          'Defaults mean 0, std 1, a -2, b 2; a and b are absolute values, not multiples of std, and either may be infinite (one-sided or no truncation). PyTorch samples by inverse CDF and clamps; initlab samples the same distribution exactly (never clamped).',
      },
      {
        framework: 'keras',
        api: 'keras.initializers.TruncatedNormal',
        identifiers: ['TruncatedNormal', 'truncated_normal'],
        match: 'differs',
        notes: 'Keras truncates at mean ± 2·stddev (relative bounds) and defaults stddev 0.05: see truncated_normal.',
      },
    ],
    reference: null,
    seedNotebookNames: [],
  },
  check(p) {
    const a = numOrInfinity(p, 'a');
    const b = numOrInfinity(p, 'b');
    if (!(a < b)) crossParameterError('trunc_normal', 'a', 'a must be < b', `a=${p.a}, b=${p.b}`);
  },
  fill(ctx, p) {
    ctx.rng().fillTruncatedNormal(ctx.out, num(p, 'mean'), num(p, 'std'), numOrInfinity(p, 'a'), numOrInfinity(p, 'b'));
  },
};
