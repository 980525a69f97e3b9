// The experiment config types. They are derived from the zod schema in schema.ts (its outputs after
// normalisation) and the names owned by @initlab/models and @initlab/data; nothing here is written twice.
export type * from './schema.js';
export type { ActivationName, LossName } from '@initlab/models';
/** The learning task a data set defines: `@initlab/data`'s `Task`. */
export type { Task as TaskName } from '@initlab/data';
