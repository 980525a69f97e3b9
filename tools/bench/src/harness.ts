// The bench's shared vocabulary: suites, measurements, timing and markdown output.
import { median } from '@initlab/models/bench';

/** Options every suite receives. */
export interface SuiteOptions {
  /** Timed repetitions per implementation (after one warm-up run). */
  reps: number;
  /** Smaller problem sizes, for a smoke run. */
  quick: boolean;
  /** Also run comparisons that take many minutes (e.g. tfjs-layers' orthogonal at 1024×1024). */
  full: boolean;
  /** Progress output (stderr), so stdout stays a clean table or JSON document. */
  log: (line: string) => void;
}

/** One timed implementation of one case. */
export interface Measurement {
  /** What is computed, e.g. `uniform 4096×4096 float32`. */
  case: string;
  /** Who computes it, e.g. `initlab random_uniform` or `tfjs-core randomUniform`. */
  implementation: string;
  /** `initlab` or the library compared against. */
  library: string;
  /** Timed runs actually made. */
  runs: number;
  /** Median wall time of one run, milliseconds. */
  medianMs: number;
  /** Fastest and slowest run, milliseconds. */
  minMs: number;
  maxMs: number;
  /** Values produced per run. */
  values: number;
  /** Millions of values per second at the median. */
  mValuesPerSecond: number;
}

/**
 * The timing fields of a {@link Measurement} of runs that each produce `values` (model-steps, samples),
 * from their wall times in milliseconds, with the values per second at the median.
 */
export function timings(times: readonly number[], values: number): Omit<Measurement, 'case' | 'implementation' | 'library'> & { valuesPerSecond: number } {
  const medianMs = median(times);
  return {
    runs: times.length,
    medianMs,
    minMs: Math.min(...times),
    maxMs: Math.max(...times),
    values,
    mValuesPerSecond: values / medianMs / 1000,
    valuesPerSecond: (values / medianMs) * 1000,
  };
}

/** An implementation that was not timed, and why. */
export interface Skipped {
  case: string;
  implementation: string;
  library: string;
  reason: string;
}

/** A markdown table of a suite's results. */
export interface Table {
  title: string;
  columns: string[];
  /** Columns from this index on are numeric (right-aligned). */
  numericFrom: number;
  rows: string[][];
}

/** What a suite returns. */
export interface SuiteResult {
  suite: string;
  measurements: Measurement[];
  skipped: Skipped[];
  tables: Table[];
  notes: string[];
}

/** A benchmark suite; `src/suites/index.ts` lists them. */
export interface Suite {
  /** Short name, selectable with `--suite <name>`. */
  name: string;
  /** One line. */
  description: string;
  run(options: SuiteOptions): Promise<SuiteResult>;
}

// The median is the training benchmark's, which lives in @initlab/models/bench so that `initlab bench` shares it.
export { median };

/** How to time one implementation. */
export interface TimingPlan {
  case: string;
  implementation: string;
  library: string;
  /** Values one run produces. */
  values: number;
  /** Timed repetitions wanted. */
  reps: number;
  /** Stop repeating once this much time has been spent in timed runs (at least one run is always made). */
  budgetMs?: number;
  /** Skip the warm-up run (for implementations too slow to run twice). */
  skipWarmup?: boolean;
  /** One run; must materialise its result (and free it) before returning. */
  run: () => void;
}

const gc = (globalThis as { gc?: () => void }).gc;

/** Runs a plan: one warm-up run, then up to `reps` timed runs, and summarises them. */
export function time(plan: TimingPlan): Measurement {
  return timeRoundRobin([plan])[0]!;
}

/**
 * Runs several plans side by side: one warm-up run each, then up to `reps` rounds in which every
 * plan runs once in turn, so that drift in the machine's speed (these machines are shared) and
 * the garbage one library leaves behind fall on every plan alike rather than on whichever runs
 * next. A plan whose `budgetMs` is spent sits out the remaining rounds.
 */
export function timeRoundRobin(plans: readonly TimingPlan[]): Measurement[] {
  for (const plan of plans) if (plan.skipWarmup !== true) plan.run();
  const times: number[][] = plans.map(() => []);
  const spent = plans.map(() => 0);
  const reps = Math.max(...plans.map((p) => p.reps));
  for (let r = 0; r < reps; r++) {
    plans.forEach((plan, i) => {
      // at least one timed run is always made
      if (r >= plan.reps || (plan.budgetMs !== undefined && spent[i]! >= plan.budgetMs && times[i]!.length > 0)) return;
      gc?.();
      const t0 = performance.now();
      plan.run();
      const elapsed = performance.now() - t0;
      times[i]!.push(elapsed);
      spent[i]! += elapsed;
    });
  }
  return plans.map((plan, i) => {
    const medianMs = median(times[i]!);
    return {
      case: plan.case,
      implementation: plan.implementation,
      library: plan.library,
      runs: times[i]!.length,
      medianMs,
      minMs: Math.min(...times[i]!),
      maxMs: Math.max(...times[i]!),
      values: plan.values,
      mValuesPerSecond: plan.values / medianMs / 1000,
    };
  });
}

/** A number with `digits` significant digits, without exponent notation for ordinary sizes. */
export function formatNumber(value: number, digits = 3): string {
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return '0';
  const magnitude = Math.floor(Math.log10(Math.abs(value)));
  const decimals = Math.max(0, digits - 1 - magnitude);
  return value.toFixed(Math.min(decimals, 6));
}

/** Renders a table as GitHub-flavoured markdown. */
export function markdownTable(table: Table): string {
  const escape = (cell: string): string => cell.replace(/\|/g, '\\|');
  const lines = [
    `| ${table.columns.map(escape).join(' | ')} |`,
    `| ${table.columns.map((_, i) => (i >= table.numericFrom ? '---:' : '---')).join(' | ')} |`,
    ...table.rows.map((row) => `| ${row.map(escape).join(' | ')} |`),
  ];
  return `### ${table.title}\n\n${lines.join('\n')}\n`;
}
