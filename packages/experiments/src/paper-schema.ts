// The schema of a paper file (experiments/papers/<id>.yaml): one classic result of the initialization
// literature, what the paper printed, what initlab measures for it at CPU scale, and the checks that decide
// the verdict. The measurements are of a few kinds (paper-measure-*.ts); a `train` measurement embeds an
// ordinary experiment, validated by the experiment schema itself.
import { z } from 'zod';
import { ActivationSchema, boolean, nonNegativeInt, oneOf, positiveInt, positiveNumber, strict, text } from './schema-rules.js';

const finite = (rule = 'must be a finite number') => z.number({ error: rule }).finite({ error: rule });
const ID_RULE = 'must be lower-case letters, digits and "-", starting with a letter';
const id = () => z.string({ error: ID_RULE }).regex(/^[a-z][a-z0-9-]*$/, { error: ID_RULE });
const LABEL_RULE = 'must be a label of letters, digits, ".", "_", "=", "-" and "+" (no "/", which separates quantity names)';
const label = () => z.string({ error: LABEL_RULE }).regex(/^[A-Za-z0-9._=+-]+$/, { error: LABEL_RULE });
const list = <T extends z.ZodType>(item: T, what: string) => z.array(item, { error: `must be a list of ${what}` }).min(1, { error: `must list at least one of ${what}` });

/** An initializer compared in an at-initialisation measurement: an entry as the catalogue reads it, with a short label. */
const LabelledInitSchema = strict(
  {
    label: label().describe('Short name in quantity names and tables, e.g. he.'),
    init: text('must be an initializer entry, e.g. he_normal or "variance_scaling:scale=2"').describe('The kernel initializer as `initlab initializers` reads it.'),
    bias: text('must be an initializer entry').optional().describe('Bias initializer; default zeros.'),
    activation: ActivationSchema.optional().describe('Overrides the measurement\'s activation for this entry.'),
    theory: strict(
      {
        sigmaW2: positiveNumber(),
        sigmaB2: z.number({ error: 'must be a number >= 0' }).nonnegative({ error: 'must be a number >= 0' }).finite({ error: 'must be a number >= 0' }),
        weights: oneOf(['gaussian', 'orthogonal']),
      },
      '{ sigmaW2, sigmaB2, weights }',
    )
      .optional()
      .describe('jacobian: the σ_w², σ_b² and weight ensemble this entry draws, for the free-probability prediction of its spectrum\'s moments.'),
  },
  '{ label, init, bias, activation, theory }',
);

const InputsSchema = strict(
  {
    dataset: text('must be a registry data set id').optional().describe('The first rows of this data set, standardised over the batch.'),
    normal: positiveInt('must be a positive number of features').optional().describe('Instead: this many independent standard-normal features per row.'),
    rows: positiveInt('must be a positive number of rows').describe('Rows in the batch.'),
  },
  '{ dataset, rows } or { normal, rows }',
);

const TrainMeasureSchema = strict(
  {
    id: id(),
    kind: z.literal('train'),
    title: text().optional(),
    experiment: z.looseObject({}, { error: 'must be an experiment (name, data, model, training, initializers, seeds)' }).describe('An experiment as an experiment file holds it.'),
    learningTime: strict(
      {
        trainLoss: positiveNumber(),
        fastestOverLearningRate: boolean().default(false).describe('Also the fastest learning time over the grid\'s learning rates, per seed (needs grid.learningRate).'),
      },
      '{ trainLoss, fastestOverLearningRate }',
    )
      .optional()
      .describe('Also report the first epoch whose mean training loss is at most trainLoss (the learning time).'),
  },
  '{ id, kind: train, experiment, learningTime }',
);

const SignalMeasureSchema = strict(
  {
    id: id(),
    kind: z.literal('signal'),
    title: text().optional(),
    inputs: InputsSchema,
    depth: positiveInt('must be a positive number of hidden layers'),
    width: positiveInt('must be a positive number of units'),
    activation: ActivationSchema,
    classes: positiveInt().optional().describe('A softmax output over this many classes (gradients of cross-entropy); default one linear unit with mse.'),
    initializers: list(LabelledInitSchema, 'initializers'),
    seeds: positiveInt(),
    histograms: strict({ bins: positiveInt(), min: finite(), max: finite() }, '{ bins, min, max }').optional().describe('Per-layer histograms of the activations (the first seed).'),
    backprop: strict({ bins: positiveInt(), max: positiveNumber() }, '{ bins, max }')
      .optional()
      .describe('Also the back-propagated gradients ∂L/∂h of every hidden layer (float64): their std per layer, and histograms over [−max, max] (the first seed).'),
  },
  '{ id, kind: signal, inputs, depth, width, activation, classes, initializers, seeds, histograms, backprop }',
);

const JacobianMeasureSchema = strict(
  {
    id: id(),
    kind: z.literal('jacobian'),
    title: text().optional(),
    of: oneOf(['network', 'layers']).default('network').describe('network: the input–output Jacobian; layers: each layer\'s Jacobian diag(φ′(h)) W, pooled.'),
    activation: ActivationSchema,
    width: positiveInt('must be a positive number of units'),
    depths: list(positiveInt('must be a positive number of layers'), 'depths'),
    input: z
      .union([oneOf(['fixed-point']), positiveNumber('must be a positive second moment q0')], { error: 'must be "fixed-point" or a second moment q0 > 0' })
      .default(1)
      .describe('Per-unit second moment of the Gaussian input: a number, or fixed-point (q* of each entry\'s theory σ_w², σ_b², else of the weights it drew).'),
    initializers: list(LabelledInitSchema, 'initializers'),
    seeds: positiveInt(),
    histogram: strict({ bins: positiveInt(), max: positiveNumber() }, '{ bins, max }').optional().describe('Histogram of the singular values over [0, max], all seeds pooled.'),
  },
  '{ id, kind: jacobian, of, activation, width, depths, input, initializers, seeds, histogram }',
);

const MeanFieldMeasureSchema = strict(
  {
    id: id(),
    kind: z.literal('mean-field'),
    title: text().optional(),
    activation: ActivationSchema,
    sigmaB2: z.number({ error: 'must be a number >= 0' }).nonnegative({ error: 'must be a number >= 0' }).finite({ error: 'must be a number >= 0' }),
    sigmaW2: list(positiveNumber(), 'σ_w² values').describe('The σ_w² values (weight variance × fan-in).'),
    labels: z.array(label(), { error: 'must be a list of labels' }).optional().describe('A label per σ_w² (default the value).'),
    critical: boolean().default(false).describe('Also report the critical σ_w² (χ₁ = 1) at this σ_b².'),
    simulate: strict(
      {
        width: positiveInt(),
        depth: positiveInt(),
        seeds: positiveInt(),
        q0: positiveNumber().default(1),
        c0: z.number({ error: 'must be a correlation in [-1, 1]' }).min(-1, { error: 'must be a correlation in [-1, 1]' }).max(1, { error: 'must be a correlation in [-1, 1]' }).default(0.5),
      },
      '{ width, depth, seeds, q0, c0 }',
    )
      .optional()
      .describe('Simulate random networks of this width and depth and compare q^l, c^l with the theory\'s.'),
  },
  '{ id, kind: mean-field, activation, sigmaB2, sigmaW2, labels, critical, simulate }',
);

const SeluMeasureSchema = strict(
  {
    id: id(),
    kind: z.literal('selu-fixed-point'),
    title: text().optional(),
  },
  '{ id, kind: selu-fixed-point }',
);

const LengthMeasureSchema = strict(
  {
    id: id(),
    kind: z.literal('length'),
    title: text().optional(),
    inputDim: positiveInt(),
    architectures: list(strict({ label: label(), widths: list(positiveInt(), 'widths') }, '{ label, widths }'), 'architectures'),
    sigmaW2: list(positiveNumber(), 'σ_w² values').describe('Weight variance × fan-in of every layer (2 is He).'),
    samples: positiveInt().describe('Independent networks (and inputs) per architecture and σ_w².'),
    seed: nonNegativeInt().default(0),
  },
  '{ id, kind: length, inputDim, architectures, sigmaW2, samples, seed }',
);

export const MeasureSchema = z.discriminatedUnion('kind', [TrainMeasureSchema, SignalMeasureSchema, JacobianMeasureSchema, MeanFieldMeasureSchema, SeluMeasureSchema, LengthMeasureSchema], {
  error: 'must be a measurement with kind train, signal, jacobian, mean-field, selu-fixed-point or length',
});

/** A quantity name (`measure/…/quantity`), `paper.<id>` for a published number, or a number. */
const RefSchema = z.union([text('must be a quantity name or paper.<id>'), finite()], { error: 'must be a quantity name, paper.<id> or a number' });

const CheckSchema = strict(
  {
    claim: text().describe('What the check shows, in a sentence.'),
    level: oneOf(['quantitative', 'qualitative']).describe('quantitative: a number against the paper\'s own (it must name a paper.<id>); qualitative: an ordering or a phenomenon.'),
    less: z.tuple([RefSchema, RefSchema], { error: 'must be [a, b]: a < b' }).optional(),
    atMost: z.tuple([RefSchema, RefSchema], { error: 'must be [a, b]: a not above b' }).optional().describe('a is not above b: fails only when a\'s 95% interval lies wholly above b\'s ("as good as" claims).'),
    near: strict({ value: RefSchema, to: RefSchema, tolerance: positiveNumber(), absolute: boolean().default(false) }, '{ value, to, tolerance, absolute }').optional(),
    between: z.tuple([RefSchema, RefSchema, RefSchema], { error: 'must be [value, low, high]' }).optional(),
    increasing: z.array(RefSchema, { error: 'must be a list of quantities' }).min(2, { error: 'must list at least two quantities' }).optional(),
    decreasing: z.array(RefSchema, { error: 'must be a list of quantities' }).min(2, { error: 'must list at least two quantities' }).optional(),
    separated: boolean().default(true).describe('less/increasing/decreasing: also require the 95% intervals not to overlap (a value without an interval is its own bound). Default true.'),
    ifFails: text().optional().describe('The file\'s reading of why the check can fail at CPU scale, shown beside it only when it fails: an explanation, never a change to the verdict.'),
  },
  '{ claim, level, less | atMost | near | between | increasing | decreasing, separated, ifFails }',
).superRefine((check, ctx) => {
  const given = (['less', 'atMost', 'near', 'between', 'increasing', 'decreasing'] as const).filter((k) => check[k] !== undefined);
  if (given.length !== 1) {
    ctx.addIssue({ code: 'custom', message: `must give exactly one of less, atMost, near, between, increasing, decreasing, got ${given.length === 0 ? 'none' : given.join(' and ')}`, input: check, params: { complete: true } });
  }
});

const PublishedSchema = strict(
  {
    id: id(),
    quantity: text().describe('What the number is, e.g. "MNIST test error, tanh, standard init".'),
    value: finite(),
    unit: text().optional(),
    where: text().describe('Where the paper prints it: table or figure or section, and page.'),
    quote: text().optional().describe('The paper\'s words around it.'),
    ours: text('must be a quantity name').optional().describe('The initlab quantity printed beside it.'),
  },
  '{ id, quantity, value, unit, where, quote, ours }',
);

export const PaperFileSchema = strict(
  {
    $schema: z.string().optional(),
    id: id(),
    title: text().describe('The result in a few words.'),
    paper: strict(
      { title: text(), authors: text(), year: positiveInt(), venue: text().optional(), url: text() },
      '{ title, authors, year, venue, url }',
    ),
    claim: text().describe('The paper\'s claim in one paragraph.'),
    setup: strict({ paper: text(), ours: text(), full: text().optional() }, '{ paper, ours, full }').describe('The paper\'s setup and initlab\'s scale-down, and what --full changes.'),
    budgetMinutes: positiveNumber().describe('Wall time the default run must stay under on a 2-core laptop CPU.'),
    published: z.array(PublishedSchema, { error: 'must be a list of published numbers' }).default([]),
    notPrinted: z.array(text(), { error: 'must be a list of sentences' }).default([]).describe('What the paper shows only as curves, without a number to quote.'),
    measurements: list(MeasureSchema, 'measurements'),
    checks: list(CheckSchema, 'checks'),
    full: z.record(z.string(), z.looseObject({}, { error: 'must be overrides of a measurement' }), { error: 'must map measurement ids to overrides' }).optional().describe('--full: per measurement id, keys that replace the default ones (merged one level deep).'),
  },
  '{ id, title, paper, claim, setup, budgetMinutes, published, notPrinted, measurements, checks, full }',
);

export type PaperFile = z.output<typeof PaperFileSchema>;
export type PaperMeasure = z.output<typeof MeasureSchema>;
export type PaperCheck = z.output<typeof CheckSchema>;
export type PaperRef = z.output<typeof RefSchema>;
export type PublishedNumber = z.output<typeof PublishedSchema>;
export type LabelledInit = z.output<typeof LabelledInitSchema>;
