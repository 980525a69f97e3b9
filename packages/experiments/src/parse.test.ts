import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ExperimentError } from './errors.js';
import { experimentJsonSchema } from './json-schema.js';
import { locateJsonError } from './json-locate.js';
import { parseExperiment, validateExperiment } from './parse.js';
import { ExperimentConfigSchema } from './schema.js';

const MINIMAL = `
name: demo
data: { dataset: spirals }
model: { hidden: [16, 8] }
training: { epochs: 5 }
initializers: [zeros, "random_normal:stddev=0.01", { name: he_normal, label: he }]
`;

function yamlWith(patch: string): string {
  return `${MINIMAL}${patch}\n`;
}

describe('parseExperiment: YAML and JSON', () => {
  it('fills every default and expands the shorthands', () => {
    const config = parseExperiment(MINIMAL, 'demo.yaml');
    expect(config).toEqual({
      name: 'demo',
      data: { dataset: 'spirals' },
      split: { testSize: 0.2, randomState: 42, stratify: false },
      preprocess: { features: 'standard', target: 'none' },
      model: {
        hidden: [
          { units: 16, activation: 'relu' },
          { units: 8, activation: 'relu' },
        ],
        activation: 'relu',
        output: {},
        initializerScope: 'hidden',
        outputKernelInitializer: 'glorot_uniform',
        biasInitializer: 'zeros',
      },
      training: { epochs: 5, batchSize: 32, optimizer: { name: 'adam' }, shuffle: true, validation: false },
      initializers: [
        { name: 'zeros', label: 'zeros' },
        { name: 'random_normal', stddev: 0.01, label: 'random_normal:stddev=0.01' },
        { name: 'he_normal', label: 'he' },
      ],
      seeds: [0],
      diagnostics: 'init',
    });
  });

  it('reads the same experiment from JSON, by extension or by content', () => {
    const json = JSON.stringify({
      name: 'demo',
      data: { dataset: 'spirals' },
      model: { hidden: [16, 8] },
      training: { epochs: 5 },
      initializers: ['zeros', 'random_normal:stddev=0.01', { name: 'he_normal', label: 'he' }],
    });
    const fromYaml = parseExperiment(MINIMAL, 'demo.yaml');
    expect(parseExperiment(json, 'demo.json')).toEqual(fromYaml);
    expect(parseExperiment(json, 'inline')).toEqual(fromYaml);
    expect(parseExperiment(MINIMAL, 'inline')).toEqual(fromYaml);
  });

  it('is idempotent: a normalized config parses to itself', () => {
    const config = parseExperiment(
      MINIMAL.replace('training: { epochs: 5 }', 'training: { epochs: 2, optimizer: sgd }') +
        'seeds: 3\ngrid: { activation: [tanh, { name: leaky_relu, alpha: 0.1 }], depth: [2, 4] }\n',
      'a.yaml',
    );
    expect(validateExperiment(JSON.parse(JSON.stringify(config)), 'again')).toEqual(config);
    expect(config.seeds).toEqual([0, 1, 2]);
    expect(config.training.optimizer).toEqual({ name: 'sgd' });
  });

  it("takes the models package's amsgrad and weightDecay, and only where the optimizer has them", () => {
    const config = parseExperiment(
      MINIMAL.replace('training: { epochs: 5 }', 'training: { epochs: 2, optimizer: { name: adam, amsgrad: true, weightDecay: 0.004 } }'),
      'a.yaml',
    );
    expect(config.training.optimizer).toEqual({ name: 'adam', amsgrad: true, weightDecay: 0.004 });
    const sgd = parseExperiment(MINIMAL.replace('training: { epochs: 5 }', 'training: { epochs: 2, optimizer: { name: sgd, weightDecay: 0.01 } }'), 'b.yaml');
    expect(sgd.training.optimizer).toEqual({ name: 'sgd', weightDecay: 0.01 });
    expect(() => parseExperiment(MINIMAL.replace('training: { epochs: 5 }', 'training: { epochs: 2, optimizer: { name: sgd, amsgrad: true } }'), 'c.yaml')).toThrow(
      /training\.optimizer\.amsgrad is not a parameter of sgd; sgd takes learningRate, momentum, nesterov, weightDecay, /,
    );
    expect(() => parseExperiment(MINIMAL.replace('training: { epochs: 5 }', 'training: { epochs: 2, optimizer: { name: rmsprop, weightDecay: -1 } }'), 'd.yaml')).toThrow(
      /training\.optimizer\.weightDecay must be a number >= 0/,
    );
  });

  it('accepts explicit seed lists, csv data and an object optimizer', () => {
    const config = parseExperiment(
      `name: mine
data: { csv: data/my.csv, target: label, drop: [id], missing: drop-rows }
model: { hidden: [{ units: 4, activation: tanh }, 3], activation: elu, output: { activation: sigmoid } }
training: { epochs: 1, batchSize: 8, optimizer: { name: sgd, learningRate: 0.1, momentum: 0.9, nesterov: true } }
initializers: [{ name: variance_scaling, scale: 2, mode: fan_in }]
seeds: [7, 3]
`,
      'mine.yaml',
    );
    expect(config.seeds).toEqual([7, 3]);
    expect(config.model.hidden).toEqual([
      { units: 4, activation: 'tanh' },
      { units: 3, activation: 'elu' },
    ]);
    expect(config.initializers[0]!.label).toBe('variance_scaling:scale=2');
    expect(config.data).toEqual({ csv: 'data/my.csv', target: 'label', drop: ['id'], missing: 'drop-rows' });
  });
});

describe('parseExperiment: one-line errors naming the path inside the file', () => {
  const fail = (text: string, name = 'seed-wine.yaml'): (() => void) => () => parseExperiment(text, name);

  it('names the path, the rule and the value', () => {
    expect(fail(MINIMAL.replace('epochs: 5', 'epochs: -3'))).toThrowErrorMatchingInlineSnapshot(`[ExperimentError: seed-wine.yaml: training.epochs must be a positive integer, got -3]`);
    expect(fail(MINIMAL.replace('hidden: [16, 8]', 'hidden: [16, 0]'))).toThrowErrorMatchingInlineSnapshot(`[ExperimentError: seed-wine.yaml: model.hidden[1] must be a positive number of units, got 0]`);
    expect(fail(MINIMAL.replace('hidden: [16, 8]', 'hidden: [16, { units: 2.5 }]'))).toThrowErrorMatchingInlineSnapshot(`[ExperimentError: seed-wine.yaml: model.hidden[1].units must be a positive number of units, got 2.5]`);
    expect(fail(yamlWith('split: { testSize: 1.5 }'))).toThrowErrorMatchingInlineSnapshot(`[ExperimentError: seed-wine.yaml: split.testSize must be a fraction in (0, 1) or a whole number of rows, got 1.5]`);
    expect(fail(yamlWith('preprocess: { features: zscore }'))).toThrowErrorMatchingInlineSnapshot(`[ExperimentError: seed-wine.yaml: preprocess.features must be one of "standard", "minmax", "pixels", "global", "none", got "zscore"]`);
    expect(fail(yamlWith('seeds: 0'))).toThrowErrorMatchingInlineSnapshot(`[ExperimentError: seed-wine.yaml: seeds must be a positive number of seeds, got 0]`);
    expect(fail(yamlWith('seeds: [1, 2, 1]'))).toThrowErrorMatchingInlineSnapshot(`[ExperimentError: seed-wine.yaml: seeds[2] repeats seed 1 of seeds[0]; each must be unique]`);
    expect(fail(MINIMAL.replace('name: demo', 'name: "my demo"'))).toThrowErrorMatchingInlineSnapshot(`[ExperimentError: seed-wine.yaml: name must start with a letter or digit and hold only letters, digits, ".", "_" and "-", got "my demo"]`);
  });

  it('names missing keys and unknown keys with the closest allowed one', () => {
    expect(fail(MINIMAL.replace('training: { epochs: 5 }\n', ''))).toThrowErrorMatchingInlineSnapshot(`[ExperimentError: seed-wine.yaml: training is missing; it must be { epochs, batchSize, optimizer, shuffle, validation }]`);
    expect(fail(MINIMAL.replace('training: { epochs: 5 }', 'training: { epoch: 5 }'))).toThrowErrorMatchingInlineSnapshot(`
      [ExperimentError: seed-wine.yaml: training has unknown key "epoch" (did you mean "epochs"?); allowed keys: epochs, batchSize, optimizer, shuffle, validation
      seed-wine.yaml: training.epochs is missing; it must be a positive integer]
    `);
    expect(fail(yamlWith('seed: 3'))).toThrowErrorMatchingInlineSnapshot(`[ExperimentError: seed-wine.yaml: the experiment has unknown key "seed" (did you mean "seeds"?); allowed keys: $schema, name, description, data, split, preprocess, model, training, initializers, seeds, grid, diagnostics, reference, heatmap, backend]`);
  });

  it('lists every problem, one line each, catalogue problems beside schema ones', () => {
    const text = MINIMAL.replace('dataset: spirals', 'dataset: moonz').replace('training: { epochs: 5 }', 'training: { epochs: 0 }').replace('zeros, ', 'zeros, he_normall, ');
    const err = (() => {
      try {
        parseExperiment(text, 'grid.yaml');
      } catch (e) {
        return e as Error;
      }
      throw new Error('expected a failure');
    })();
    const lines = err.message.split('\n');
    expect(lines).toHaveLength(3);
    expect(lines.every((line) => line.startsWith('grid.yaml: '))).toBe(true);
    expect(lines.map((line) => line.split(' ')[1])).toEqual(expect.arrayContaining(['training.epochs', 'data.dataset', 'initializers[1]']));
  });

  it('checks initializers, data sets and labels against their catalogues', () => {
    expect(fail(MINIMAL.replace('zeros, ', 'zeros, he_normall, '))).toThrowErrorMatchingInlineSnapshot(`[ExperimentError: seed-wine.yaml: initializers[1] is not a valid initializer: unknown initializer "he_normall"; did you mean he_normal? known: zeros, ones, constant, random_normal, random_uniform, truncated_normal, trunc_normal, variance_scaling, glorot_normal, glorot_uniform, he_normal, he_uniform, lecun_normal, lecun_uniform, xavier_normal, xavier_uniform, kaiming_normal, kaiming_uniform, orthogonal, identity, dirac, sparse (framework aliases such as GlorotUniform, glorotUniform or xavier_uniform_ also work)]`);
    expect(fail(MINIMAL.replace('random_normal:stddev=0.01', 'random_normal:stddev=-1'))).toThrowErrorMatchingInlineSnapshot(`[ExperimentError: seed-wine.yaml: initializers[1] is not a valid initializer spec: random_normal: stddev must be > 0, got -1]`);
    expect(fail(MINIMAL.replace('{ name: he_normal, label: he }', '{ name: random_normal, stdev: 1 }'))).toThrowErrorMatchingInlineSnapshot(`[ExperimentError: seed-wine.yaml: initializers[2] is not a valid initializer: random_normal: unknown parameter "stdev"; did you mean stddev? allowed: mean, stddev]`);
    expect(fail(MINIMAL.replace('label: he', 'label: zeros'))).toThrowErrorMatchingInlineSnapshot(`[ExperimentError: seed-wine.yaml: initializers[2] repeats the label "zeros" of initializers[0]; each must be unique]`);
    expect(fail(MINIMAL.replace('dataset: spirals', 'dataset: wine'))).toThrowErrorMatchingInlineSnapshot(`[ExperimentError: seed-wine.yaml: data.dataset must be a registry data set (did you mean "wine-quality-red"?); known: boston-housing, wine-quality-red, mnist, fashion-mnist, digits, iris, breast-cancer, spirals, moons, blobs, friedman1, got "wine"]`);
    expect(fail(MINIMAL.replace('dataset: spirals', 'dataset: wine-quality-red, target: quality-bin'))).toThrowErrorMatchingInlineSnapshot(`[ExperimentError: seed-wine.yaml: data.target must be a target of wine-quality-red (did you mean "quality-binary"?): quality-binary, quality, quality-class, got "quality-bin"]`);
    expect(fail(MINIMAL.replace('{ dataset: spirals }', '{ csv: a.csv }'))).toThrowErrorMatchingInlineSnapshot(`[ExperimentError: seed-wine.yaml: data.target is required with csv: the name of the target column]`);
    expect(fail(yamlWith('reference: { source: nb, metric: accuracy, values: { zero: 0.5 } }'))).toThrowErrorMatchingInlineSnapshot(`[ExperimentError: seed-wine.yaml: reference.values.zero names no initializer label (did you mean "zeros"?); labels: zeros, random_normal:stddev=0.01, he, got 0.5]`);
    expect(fail(MINIMAL.replace('training: { epochs: 5 }', 'training: { epochs: 5, optimizer: { name: adam, momentum: 0.9 } }'))).toThrowErrorMatchingInlineSnapshot(`[ExperimentError: seed-wine.yaml: training.optimizer.momentum is not a parameter of adam; adam takes learningRate, beta1, beta2, epsilon, amsgrad, weightDecay, clipNorm, globalClipNorm, clipValue, got 0.9]`);
  });

  it("checks lsuv parameters with the models package's rule (0 rescalings allowed, as lsuvInit)", () => {
    const lsuv = (params: string) => MINIMAL.replace('zeros, ', `zeros, { name: lsuv, ${params} }, `);
    expect(parseExperiment(lsuv('maxIterations: 0'), 'lsuv.yaml').initializers[1]).toEqual({ name: 'lsuv', maxIterations: 0, label: 'lsuv:maxIterations=0' });
    expect(fail(lsuv('maxIterations: -1'))).toThrow('initializers[1] lsuv: maxIterations must be an integer >= 0, got -1');
    expect(fail(lsuv('tolerance: 0'))).toThrow('initializers[1] lsuv: tolerance must be a finite number > 0, got 0');
    expect(fail(lsuv('batchSize: 2.5'))).toThrow('initializers[1] lsuv: batchSize must be a positive integer, got 2.5');
  });

  it('names line and column of a YAML or JSON syntax error', () => {
    expect(fail('name: demo\ntraining: { epochs: 5\ndata: x\n')).toThrowErrorMatchingInlineSnapshot(`[ExperimentError: seed-wine.yaml line 3, column 1: invalid YAML: Flow map in block collection must be sufficiently indented and end with a }]`);
    expect(fail('name: a\nname: b\n')).toThrowErrorMatchingInlineSnapshot(`[ExperimentError: seed-wine.yaml line 2, column 1: invalid YAML: Map keys must be unique]`);
    expect(fail('{\n  "name": "demo",\n  "seeds": 3,\n}\n', 'sweep.json')).toThrowErrorMatchingInlineSnapshot(`[ExperimentError: sweep.json line 4, column 1: invalid JSON: unexpected "}"; expected a double-quoted property name]`);
    expect(fail('{\n  "name": "demo"\n  "seeds": 3\n}\n', 'sweep.json')).toThrowErrorMatchingInlineSnapshot(`[ExperimentError: sweep.json line 3, column 3: invalid JSON: unexpected "\\""; expected ',' or '}']`);
    expect(fail('   \n', 'empty.yaml')).toThrowErrorMatchingInlineSnapshot(`[ExperimentError: empty.yaml: the file is empty; an experiment needs at least name, data, model, training and initializers]`);
    expect(fail('- a\n- b\n', 'list.yaml')).toThrowErrorMatchingInlineSnapshot(`[ExperimentError: list.yaml: an experiment must be a mapping with keys name, data, model, training, initializers, got a list]`);
  });

  it('throws ExperimentError with a code, on one line', () => {
    let caught: unknown;
    try {
      parseExperiment(yamlWith('diagnostics: verbose'), 'x.yaml');
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ExperimentError);
    expect((caught as ExperimentError).code).toBe('INVALID_CONFIG');
    expect((caught as Error).message).not.toContain('\n');
    expect(() => parseExperiment('a: [1', 'x.yaml')).toThrow(expect.objectContaining({ code: 'PARSE_FAILED' }));
  });
});

describe('locateJsonError', () => {
  it('returns null for valid JSON and the position of the first error otherwise', () => {
    for (const text of ['{}', '[1, 2.5e3, "a\\n", true, null, {"x": []}]', ' "s" ']) expect(locateJsonError(text)).toBeNull();
    expect(locateJsonError('{"a": 1,}')).toEqual({ line: 1, column: 9, reason: "unexpected \"}\"; expected a double-quoted property name" });
    expect(locateJsonError('[1,\n 2\n 3]')).toEqual({ line: 3, column: 2, reason: "unexpected \"3\"; expected ',' or ']'" });
    expect(locateJsonError('{"a": tru}')?.line).toBe(1);
    expect(locateJsonError('"abc')?.reason).toBe('unterminated string');
  });
});

describe('experimentJsonSchema', () => {
  const file = fileURLToPath(new URL('../schema/experiment.schema.json', import.meta.url));

  it('is the published schema/experiment.schema.json (regenerate with UPDATE_SCHEMA=1)', () => {
    const text = `${JSON.stringify(experimentJsonSchema(), null, 2)}\n`;
    if (process.env['UPDATE_SCHEMA'] === '1') writeFileSync(file, text);
    expect(readFileSync(file, 'utf8')).toBe(text);
  });

  it('describes the input side: required keys, defaults and closed objects', () => {
    const schema = experimentJsonSchema() as {
      required: string[];
      additionalProperties: boolean;
      properties: Record<string, { properties?: Record<string, { default?: unknown }> }>;
    };
    expect(schema.required.sort()).toEqual(['data', 'initializers', 'model', 'name', 'training']);
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties['training']?.properties?.['batchSize']?.default).toBe(32);
    expect(schema.properties['split']?.properties?.['randomState']?.default).toBe(42);
  });

  it('matches the zod schema on the seed files (both accept them)', () => {
    const yaml = readFileSync(fileURLToPath(new URL('../experiments/seed-wine.yaml', import.meta.url)), 'utf8');
    expect(() => parseExperiment(yaml, 'seed-wine.yaml')).not.toThrow();
    expect(ExperimentConfigSchema.safeParse({ name: 'x' }).success).toBe(false);
  });
});
