// Deterministic structured entries: identity (eye) and dirac.
import { crossParameterError, requireRank, type EntryDefinition } from '../entry.js';
import { integerParam, num, numberParam } from '../params.js';
import { REFERENCES } from './common.js';

/** `identity(gain=1)`: gain · I for a 2-D (possibly non-square) matrix. */
export const identity: EntryDefinition = {
  info: {
    name: 'identity',
    aliases: ['Identity', 'IdentityInitializer', 'eye', 'eye_'],
    family: 'structured',
    summary: 'gain times the identity matrix (ones on the main diagonal of a 2-D, possibly non-square, matrix).',
    parameters: [
      numberParam({ name: 'gain', default: 1, description: 'Value on the diagonal.', range: { min: 0, minInclusive: false } }),
    ],
    usesFans: false,
    shapes: { minRank: 2, maxRank: 2, description: 'exactly 2-D [r, c]; non-square allowed (ones on W[i][i], i < min(r, c))' },
    distribution: { kind: 'identity', latex: 'W_{ij} = g\\,\\delta_{ij}', description: 'deterministic: gain on the diagonal, 0 elsewhere' },
    targetVariance: {
      latex: 'g^2 p (1 - p),\\quad p = \\frac{\\min(r, c)}{r c}',
      evaluate: (fans, p) => {
        const share = Math.min(fans.fanIn, fans.fanOut) / (fans.fanIn * fans.fanOut);
        return Number.isFinite(share) ? num(p, 'gain') ** 2 * share * (1 - share) : null;
      },
      note: 'The spread of the fixed entries over the matrix (a 2-D matrix\'s fans are its two dimensions); there is no randomness.',
    },
    formula: '\\begin{aligned} W_{ij} &= \\begin{cases} g & i = j \\\\ 0 & i \\ne j \\end{cases} \\end{aligned}',
    suits: ['relu', 'linear'],
    suitsNote: 'Recurrent weights of ReLU RNNs (IRNN) start as the identity so the state is carried unchanged; as a feed-forward kernel it only makes sense for square residual-style layers.',
    frameworks: [
      {
        framework: 'keras',
        api: 'keras.initializers.Identity',
        identifiers: ['Identity', 'IdentityInitializer', 'identity'],
        match: 'identical',
        notes: 'Keras 3: gain · eye(rows, cols), 2-D only, non-square allowed.',
      },
      {
        framework: 'pytorch',
        api: 'torch.nn.init.eye_',
        identifiers: ['eye_'],
        match: 'identical',
        notes: 'eye_ has no gain (gain 1 here); 2-D only, non-square allowed.',
      },
      {
        framework: 'tfjs',
        api: 'tf.initializers.identity',
        identifiers: ['identity'],
        match: 'identical',
        notes: 'tfjs-layers accepts square matrices only; on those it matches.',
      },
    ],
    reference: REFERENCES.irnn,
    seedNotebookNames: [],
  },
  fill(ctx, p) {
    requireRank(ctx, 2, 2, 'a 2-D matrix [rows, cols]');
    const rows = ctx.shape[0] as number;
    const cols = ctx.shape[1] as number;
    const gain = num(p, 'gain');
    for (let i = 0; i < Math.min(rows, cols); i++) ctx.out[i * cols + i] = gain;
  },
};

/** `dirac(groups=1)`: PyTorch `dirac_`, identity convolution kernels. */
export const dirac: EntryDefinition = {
  info: {
    name: 'dirac',
    aliases: ['dirac_'],
    family: 'structured',
    summary: 'Convolution kernels that pass each input channel through unchanged (a Dirac delta at the kernel centre), per group.',
    parameters: [
      integerParam({
        name: 'groups',
        default: 1,
        description: 'Number of convolution groups; out channels must be divisible by it.',
        range: { min: 1 },
      }),
    ],
    usesFans: false,
    shapes: {
      minRank: 3,
      maxRank: 5,
      description: 'a 1-D, 2-D or 3-D convolution kernel: torch layout [out, in, ...k], keras layout [...k, in, out]',
    },
    distribution: {
      kind: 'dirac',
      latex: 'W[g \\cdot o_g + d,\\ d,\\ \\lfloor k/2 \\rfloor] = 1',
      description: 'deterministic: 1 at the spatial centre linking input channel d to output channel d of each group, 0 elsewhere',
    },
    targetVariance: {
      latex: '\\text{(depends on the kernel size)}',
      evaluate: () => null,
      note: 'Deterministic and sparse; the share of ones depends on the spatial size, which the fans alone do not give.',
    },
    formula:
      '\\begin{aligned} o_g &= \\text{out} / \\text{groups}, \\quad m = \\min(o_g, \\text{in}) \\\\ W[g\\,o_g + d,\\ d,\\ \\lfloor k_1/2 \\rfloor, \\dots] &= 1 \\quad \\text{for } g < \\text{groups},\\ d < m;\\ 0 \\text{ elsewhere} \\end{aligned}',
    suits: ['relu'],
    suitsNote: 'DiracNets train very deep plain (skip-free) ConvNets by starting every layer as the identity map.',
    frameworks: [
      {
        framework: 'pytorch',
        api: 'torch.nn.init.dirac_',
        identifiers: ['dirac_'],
        match: 'identical',
        notes: 'With layout torch exactly dirac_ (3-, 4- or 5-D, groups); with layout keras the same kernel in [...k, in, out] order.',
      },
    ],
    reference: REFERENCES.dirac,
    seedNotebookNames: [],
  },
  fill(ctx, p) {
    requireRank(ctx, 3, 5, 'a convolution kernel of rank 3, 4 or 5');
    const shape = ctx.shape;
    const rank = shape.length;
    const torch = ctx.layout === 'torch';
    const outChannels = (torch ? shape[0] : shape[rank - 1]) as number;
    const inChannels = (torch ? shape[1] : shape[rank - 2]) as number;
    const spatial = torch ? shape.slice(2) : shape.slice(0, rank - 2);
    const groups = num(p, 'groups');
    if (outChannels % groups !== 0) {
      crossParameterError(ctx.name, 'groups', 'out channels must be divisible by groups', `out channels ${outChannels}, groups=${groups} (shape ${JSON.stringify(shape)})`);
    }
    // Row-major offset of the spatial centre, and strides of the in/out axes.
    let centre = 0;
    for (const k of spatial) centre = centre * k + Math.floor(k / 2);
    const spatialSize = spatial.reduce((a, b) => a * b, 1);
    const index = torch
      ? (o: number, i: number) => (o * inChannels + i) * spatialSize + centre
      : (o: number, i: number) => (centre * inChannels + i) * outChannels + o;
    const perGroup = outChannels / groups;
    const diagonal = Math.min(perGroup, inChannels);
    for (let g = 0; g < groups; g++) {
      for (let d = 0; d < diagonal; d++) ctx.out[index(g * perGroup + d, d)] = 1;
    }
  },
};
