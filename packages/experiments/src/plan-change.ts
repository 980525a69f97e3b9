// Whether an output folder's stored plan is the plan being run, and if not, what changed: the rule that keeps
// one folder's runs meaning one thing.
import { canonicalJson, META_FILE } from '@initlab/results';
import type { ExperimentConfig } from './config.js';
import { firstLine, show } from './errors.js';
import { validateExperiment } from './parse.js';
import { planKey, planRuns } from './plan.js';
import { pathText } from './schema.js';

/**
 * The config keys a plan can grow (or shrink) along without changing what its finished runs mean: a rerun that
 * only changes these resumes, training just the runs it does not have yet.
 *
 * @example
 * ```ts
 * EXTENDABLE_PLAN_KEYS; // ['seeds', 'initializers']
 * ```
 */
export const EXTENDABLE_PLAN_KEYS = ['seeds', 'initializers'] as const;

// Keys that are not part of any runId (naming, the published numbers, the report's heatmap, how much is recorded, a backend hint):
// changing them changes no run, so they are not listed as changes either. The name has its own check.
const UNRELATED_KEYS: readonly string[] = ['name', 'description', 'reference', 'heatmap', 'diagnostics', 'backend'];

/** Changes a refusal lists before "and N more": the line stays one line. */
const MAX_LISTED = 3;

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function valueText(v: unknown): string {
  return v === undefined ? 'unset' : show(v, { maxLength: 40 });
}

/** `path old → new` for every leaf where the two values differ (objects by key, lists by position). */
function collectChanges(before: unknown, after: unknown, path: (string | number)[], out: string[]): void {
  if (canonicalJson(before) === canonicalJson(after)) return;
  if (isObject(before) && isObject(after)) {
    const keys = [...Object.keys(before), ...Object.keys(after).filter((k) => !(k in before))];
    for (const key of keys) collectChanges(before[key], after[key], [...path, key], out);
  } else if (Array.isArray(before) && Array.isArray(after)) {
    for (let i = 0; i < Math.max(before.length, after.length); i++) collectChanges(before[i], after[i], [...path, i], out);
  } else {
    out.push(`${pathText(path)} ${valueText(before)} → ${valueText(after)}`);
  }
}

/**
 * What makes the plan stored in an output folder's `experiment.json` (its `config`, as read) differ from
 * `config`'s, as config paths (`training.epochs 5 → 50`, at most three, then `and N more`), or null when they
 * are the same plan: equal {@link planKey}s, i.e. the same data, split, preprocessing, model, training and grid,
 * whatever the seeds and initializers ({@link EXTENDABLE_PLAN_KEYS}). A stored config that is not a valid
 * experiment is a difference too (its runs cannot be told to mean the same).
 *
 * @example
 * ```ts
 * planChange(meta.config, { ...config, training: { ...config.training, epochs: 50 } }); // 'training.epochs 5 → 50'
 * planChange(meta.config, { ...config, seeds: [0, 1, 2, 3] });                        // null
 * ```
 */
export function planChange(stored: unknown, config: ExperimentConfig): string | null {
  let previous: ExperimentConfig;
  try {
    previous = validateExperiment(stored, META_FILE);
  } catch (err) {
    return `its config is not a valid experiment (${firstLine(err)})`;
  }
  if (planKey(previous) === planKey(config)) return null;
  const changes: string[] = [];
  const before = previous as unknown as Record<string, unknown>;
  const after = config as unknown as Record<string, unknown>;
  const set = new Set<string>([...EXTENDABLE_PLAN_KEYS, ...UNRELATED_KEYS]);
  for (const key of [...Object.keys(before), ...Object.keys(after).filter((k) => !(k in before))]) {
    if (!set.has(key)) collectChanges(before[key], after[key], [key], changes);
  }
  // Every key a planKey reads is compared above; this only guards against a future key that is not.
  if (changes.length === 0) return 'what determines its runs differs';
  return changes.length <= MAX_LISTED ? changes.join(', ') : `${changes.slice(0, MAX_LISTED).join(', ')} and ${changes.length - MAX_LISTED} more`;
}

/**
 * The run ids of the plan a stored config describes (`experiment.json`'s `config`), in plan order, or null when
 * it is not a valid experiment. For headers written before they listed `runIds`: pass it as
 * `readResults(dir, { planRunIds: planRunIdsOf })` (or `writeReport`'s option) so such a folder is still
 * summarised by its plan's runs only.
 *
 * @example
 * ```ts
 * import { readResults } from '@initlab/results';
 * const { results, otherPlan } = await readResults('runs/old', { planRunIds: planRunIdsOf });
 * ```
 */
export function planRunIdsOf(stored: unknown): string[] | null {
  try {
    return planRuns(validateExperiment(stored, META_FILE)).map((r) => r.runId);
  } catch {
    return null;
  }
}
