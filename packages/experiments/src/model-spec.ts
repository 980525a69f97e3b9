import { ModelsError, resolveNetwork, type ActivationSpec, type LossName as ModelsLossName, type ModelSpec, type OptimizerSpec } from '@initlab/models';
import type { ActivationConfig, ExperimentConfig, LossName, ModelLayerConfig, OptimizerConfig, TaskName } from './config.js';
import { ExperimentError } from './errors.js';
import { hiddenIssueOf, toSpecLayers } from './model-layers.js';
import { pathText } from './schema.js';

/**
 * What the model spec needs to know about the data.
 *
 * @example
 * ```ts
 * const shape: DataShape = { inputDim: 11, task: 'binary', nClasses: 2 };
 * ```
 */
export interface DataShape {
  inputDim: number;
  task: TaskName;
  /** Number of classes (classification), else 0. */
  nClasses: number;
}

const REGRESSION_LOSSES: readonly LossName[] = ['mse', 'mae'];

function toActivationSpec(activation: ActivationConfig): ActivationSpec {
  return activation as ActivationSpec;
}

/**
 * The config's optimizer as `@initlab/models` takes it (the schema already checked each field belongs to it).
 *
 * @example
 * ```ts
 * toOptimizerSpec({ name: 'sgd', learningRate: 0.01 }); // an SgdSpec
 * ```
 */
export function toOptimizerSpec(optimizer: OptimizerConfig): OptimizerSpec {
  return { ...optimizer } as OptimizerSpec;
}

/**
 * The `@initlab/models` spec of an experiment's network at one grid point, with the output layer and loss
 * chosen from the task where the config leaves them out: regression 1 linear unit with `mse`; binary 1
 * sigmoid unit with `binary_crossentropy`; multiclass one softmax unit per class with
 * `sparse_categorical_crossentropy`. An output wider than one unit defaults to softmax and sparse categorical
 * cross-entropy (the wine notebook's 3 softmax units for 2 classes). The kernel initializer written into the
 * spec is `outputKernelInitializer`: every layer inside `initializerScope` gets the run's initializer instead.
 *
 * @throws {ExperimentError} `DATA_MISMATCH` when the output or loss does not fit the task.
 * @example
 * ```ts
 * const spec = buildModelSpec(config, config.model.hidden, { inputDim: 11, task: 'binary', nClasses: 2 });
 * spec.output; // { units: 3, activation: 'softmax' } for the wine notebook
 * ```
 */
export function buildModelSpec(config: ExperimentConfig, hidden: readonly ModelLayerConfig[], data: DataShape): ModelSpec {
  const model = config.model;
  const where = `${config.name}: model`;
  let units: number;
  let activation: ActivationConfig;
  let loss: LossName;
  if (data.task === 'regression') {
    units = model.output.units ?? 1;
    activation = model.output.activation ?? 'linear';
    loss = model.loss ?? 'mse';
    if (units !== 1) throw new ExperimentError('DATA_MISMATCH', `${where}.output.units must be 1 for a regression target (one value per row), got ${units}`);
    if (!REGRESSION_LOSSES.includes(loss)) {
      throw new ExperimentError('DATA_MISMATCH', `${where}.loss must be mse or mae for a regression target, got ${loss}`);
    }
  } else {
    units = model.output.units ?? (data.task === 'binary' ? 1 : data.nClasses);
    activation = model.output.activation ?? (units === 1 ? 'sigmoid' : 'softmax');
    loss = model.loss ?? (units === 1 ? 'binary_crossentropy' : 'sparse_categorical_crossentropy');
    if (REGRESSION_LOSSES.includes(loss)) {
      throw new ExperimentError(
        'DATA_MISMATCH',
        `${where}.loss ${loss} is a regression loss, but the target is ${data.task} with ${data.nClasses} classes; use binary_crossentropy or sparse_categorical_crossentropy`,
      );
    }
    if (units === 1) {
      if (data.task !== 'binary' || loss !== 'binary_crossentropy') {
        throw new ExperimentError(
          'DATA_MISMATCH',
          `${where}.output.units 1 needs a binary target and binary_crossentropy, got a ${data.task} target (${data.nClasses} classes) and ${loss}`,
        );
      }
    } else {
      if (units < data.nClasses) {
        throw new ExperimentError('DATA_MISMATCH', `${where}.output.units must be at least the ${data.nClasses} classes of the target, got ${units}`);
      }
      if (loss === 'binary_crossentropy') {
        throw new ExperimentError(
          'DATA_MISMATCH',
          `${where}.loss binary_crossentropy needs output.units 1, got ${units}; use sparse_categorical_crossentropy`,
        );
      }
    }
  }
  const spec: ModelSpec = {
    inputDim: data.inputDim,
    hidden: toSpecLayers(hidden),
    output: { units, activation: toActivationSpec(activation) },
    loss: loss as ModelsLossName,
    kernelInitializer: model.outputKernelInitializer,
    biasInitializer: model.biasInitializer,
  };
  if (hidden.some((h) => 'type' in h)) {
    // The schema checked typed layers against a probe width; here the data's own width decides (an identity
    // skip right after the inputs needs as many features as the branch has units).
    try {
      resolveNetwork(spec);
    } catch (err) {
      if (!(err instanceof ModelsError)) throw err;
      const at = hiddenIssueOf(err.message);
      throw new ExperimentError('DATA_MISMATCH', `${config.name}: ${at === null ? err.message : `${pathText(at.path)} ${at.rule}`} (the data have ${data.inputDim} features)`, { cause: err });
    }
  }
  return spec;
}
