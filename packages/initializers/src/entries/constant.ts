// zeros, ones, constant: no randomness, no fans.
import type { EntryDefinition } from '../entry.js';
import { tensorParam } from '../params.js';
import { fillBroadcast } from '../tensor-value.js';
import type { NestedNumbers } from '../types.js';
import { ANY_SHAPE, NOTEBOOK_CELLS } from './common.js';

const constantVariance = {
  latex: '0',
  evaluate: (): number => 0,
  note: 'Every weight is the same value, so the variance is 0: symmetric units learn the same features.',
};

const biasNote =
  'Use for biases (Keras and PyTorch layers default biases to 0 or a small uniform); as a kernel every unit in a layer gets the same gradient and they never differentiate (the symmetry problem).';

/** `zeros`: every element 0. */
export const zeros: EntryDefinition = {
  info: {
    name: 'zeros',
    aliases: ['Zeros', 'zero', 'zeros_'],
    family: 'constant',
    summary: 'Every weight 0.',
    parameters: [],
    usesFans: false,
    shapes: ANY_SHAPE,
    distribution: { kind: 'constant', latex: 'W_{ij} = 0', description: 'the constant 0' },
    targetVariance: constantVariance,
    formula: '\\begin{aligned} W_{ij} &= 0 \\end{aligned}',
    suits: [],
    suitsNote: biasNote,
    frameworks: [
      { framework: 'keras', api: 'keras.initializers.Zeros', identifiers: ['Zeros', 'zeros', 'zero'], match: 'identical', notes: '' },
      { framework: 'pytorch', api: 'torch.nn.init.zeros_', identifiers: ['zeros_'], match: 'identical', notes: '' },
      { framework: 'tfjs', api: 'tf.initializers.zeros', identifiers: ['zeros'], match: 'identical', notes: '' },
    ],
    reference: null,
    seedNotebookNames: [
      {
        notebook: 'housing',
        name: 'Zero Initialization',
        where: NOTEBOOK_CELLS.housingZeros,
        definition: 'all weights initialized to zero',
        match: 'exact',
        note: 'The notebook shows the symmetry problem: MSE 2.02e11, the same as predicting 0.',
      },
      {
        notebook: 'wine',
        name: "'zeros'",
        where: NOTEBOOK_CELLS.wineCode,
        definition: 'setting all the weights in a neural network to zero (question 4)',
        match: 'exact',
        note: 'Accuracy 0.559, the majority share of the test split.',
      },
    ],
  },
  fill() {
    // The output is a fresh typed array, already all zeros.
  },
};

/** `ones`: every element 1. */
export const ones: EntryDefinition = {
  info: {
    name: 'ones',
    aliases: ['Ones', 'one', 'ones_'],
    family: 'constant',
    summary: 'Every weight 1.',
    parameters: [],
    usesFans: false,
    shapes: ANY_SHAPE,
    distribution: { kind: 'constant', latex: 'W_{ij} = 1', description: 'the constant 1' },
    targetVariance: constantVariance,
    formula: '\\begin{aligned} W_{ij} &= 1 \\end{aligned}',
    suits: [],
    suitsNote: 'Used for normalization scales (BatchNorm gamma); as a kernel it has the symmetry problem of any constant.',
    frameworks: [
      { framework: 'keras', api: 'keras.initializers.Ones', identifiers: ['Ones', 'ones', 'one'], match: 'identical', notes: '' },
      { framework: 'pytorch', api: 'torch.nn.init.ones_', identifiers: ['ones_'], match: 'identical', notes: '' },
      { framework: 'tfjs', api: 'tf.initializers.ones', identifiers: ['ones'], match: 'identical', notes: '' },
    ],
    reference: null,
    seedNotebookNames: [],
  },
  fill(ctx) {
    ctx.out.fill(1);
  },
};

/** `constant(value)`: every element `value`. */
export const constant: EntryDefinition = {
  info: {
    name: 'constant',
    aliases: ['Constant', 'constant_'],
    family: 'constant',
    summary: 'Every weight the same value.',
    parameters: [
      tensorParam({
        name: 'value',
        default: 0,
        description:
          'The value of every weight (PyTorch calls it val), or a nested list of values broadcast to the shape by numpy rules (Keras accepts an array).',
        aliases: ['val'],
      }),
    ],
    usesFans: false,
    shapes: ANY_SHAPE,
    distribution: { kind: 'constant', latex: 'W_{ij} = c', description: 'the constant c = value' },
    targetVariance: {
      ...constantVariance,
      evaluate: (_fans, p) => (typeof p.value === 'number' ? 0 : null),
      note: 'A number gives every weight that value, variance 0 (the symmetry problem); an array value is spread as given, so the fans do not determine it (null).',
    },
    formula: '\\begin{aligned} W_{ij} &= c \\end{aligned}',
    suits: [],
    suitsNote: biasNote,
    frameworks: [
      {
        framework: 'keras',
        api: 'keras.initializers.Constant',
        identifiers: ['Constant', 'constant'],
        match: 'identical',
        notes:
          "Keras default value 0.0, kept here. An array value is broadcast to the shape (numpy.broadcast_to rules); Keras computes value * ones(shape), which also broadcasts the other way and then returns a tensor of another shape, while initlab refuses a value that does not broadcast to the shape.",
      },
      {
        framework: 'pytorch',
        api: 'torch.nn.init.constant_',
        identifiers: ['constant_'],
        match: 'identical',
        notes: 'PyTorch requires val and has no default; val is accepted as an alias of value.',
      },
      {
        framework: 'tfjs',
        api: 'tf.initializers.constant',
        identifiers: ['constant'],
        match: 'identical',
        notes: 'tfjs-layers requires value.',
      },
    ],
    reference: null,
    seedNotebookNames: [
      {
        notebook: 'housing',
        name: 'Constant Initialization',
        where: NOTEBOOK_CELLS.housingConstant,
        definition: 'all weights initialized to the same non-zero constant (0.1)',
        match: 'exact',
        note: 'constant:value=0.1 reproduces it; MSE 2.02e11, no better than zeros.',
      },
    ],
  },
  fill(ctx, params) {
    fillBroadcast(ctx.name, ctx.out, ctx.shape, params.value as number | NestedNumbers);
  },
};
