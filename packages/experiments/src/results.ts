// The results format (lines, header, reading and writing) is @initlab/results'. The header this package
// writes stores the whole validated config.
import type { ExperimentMeta as StoredExperimentMeta } from '@initlab/results';
import type { ExperimentConfig } from './config.js';

/**
 * The header of an output folder (`experiment.json`) as `runExperiment` writes it: `@initlab/results`'
 * `ExperimentMeta` with the full {@link ExperimentConfig}.
 *
 * @example
 * ```ts
 * const meta: ExperimentMeta = { format: META_FORMAT, config, data, baseline, plannedRuns, shard: null, backend: 'cpu', updatedAt };
 * ```
 */
export type ExperimentMeta = StoredExperimentMeta<ExperimentConfig>;
