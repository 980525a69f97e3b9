// Sampling speed: initlab's initializers side by side with tfjs-core's random ops and
// tfjs-layers' initializers on the cpu backend, single thread, float32.
import { getInitializer } from '@initlab/initializers';
import { formatNumber, type Measurement, type Skipped, type Suite, type SuiteOptions, type Table, type TimingPlan, timeRoundRobin } from '../harness.js';
import { loadTfjs } from '../tfjs.js';

interface CaseImplementation {
  implementation: string;
  library: 'initlab' | 'tfjs-core' | 'tfjs-layers';
  run: () => void;
  /** Slow implementations get no warm-up and a time budget instead of a fixed count. */
  slow?: boolean;
  /** Takes many minutes: only run with --full (otherwise estimated from the previous size, if any). */
  heavy?: boolean;
}

interface SamplingCase {
  name: string;
  values: number;
  implementations: CaseImplementation[];
}

/** Runs a tfjs initializer or op, materialises the values on the CPU and frees the tensor. */
function materialise(make: () => { dataSync(): unknown; dispose(): void }): () => void {
  return () => {
    const tensor = make();
    tensor.dataSync();
    tensor.dispose();
  };
}

async function buildCases(quick: boolean): Promise<SamplingCase[]> {
  const { tf, tfl } = await loadTfjs();
  const side = quick ? 1024 : 4096;
  const shape = [side, side];
  const values = side * side;
  const dims = `${side}×${side} float32`;
  let seed = 0;
  const initlab = (spec: string) => {
    const init = getInitializer(spec);
    return () => {
      init.sample(shape, { seed: seed++ });
    };
  };
  const heStd = Math.sqrt(2 / side);

  // A distribution's case: initlab's initializer beside the tfjs-core op and the tfjs-layers initializer.
  type Materialisable = { dataSync(): unknown; dispose(): void };
  const versus = (name: string, initializer: string, core: [string, () => Materialisable], layers: [string, () => Materialisable]): SamplingCase => ({
    name: `${name}, ${dims}`,
    values,
    implementations: [
      { implementation: `initlab ${initializer}`, library: 'initlab', run: initlab(initializer) },
      { implementation: core[0], library: 'tfjs-core', run: materialise(core[1]) },
      { implementation: layers[0], library: 'tfjs-layers', run: materialise(layers[1]) },
    ],
  });

  const sampling: SamplingCase[] = [
    versus(
      'uniform U(±0.05)',
      'random_uniform',
      ['tfjs-core randomUniform', () => tf.randomUniform(shape, -0.05, 0.05, 'float32')],
      ['tfjs-layers initializers.randomUniform', () => tfl.initializers.randomUniform({ minval: -0.05, maxval: 0.05 }).apply(shape, 'float32')],
    ),
    versus(
      'normal N(0, 0.05²)',
      'random_normal',
      ['tfjs-core randomNormal', () => tf.randomNormal(shape, 0, 0.05, 'float32')],
      ['tfjs-layers initializers.randomNormal', () => tfl.initializers.randomNormal({ mean: 0, stddev: 0.05 }).apply(shape, 'float32')],
    ),
    versus(
      'truncated normal (2σ)',
      'truncated_normal',
      ['tfjs-core truncatedNormal', () => tf.truncatedNormal(shape, 0, 0.05, 'float32')],
      ['tfjs-layers initializers.truncatedNormal', () => tfl.initializers.truncatedNormal({ mean: 0, stddev: 0.05 }).apply(shape, 'float32')],
    ),
    versus(
      'he_normal (truncated variance scaling)',
      'he_normal',
      ['tfjs-core truncatedNormal(σ=√(2/fan_in))', () => tf.truncatedNormal(shape, 0, heStd, 'float32')],
      ['tfjs-layers initializers.heNormal (uncorrected)', () => tfl.initializers.heNormal({}).apply(shape, 'float32')],
    ),
  ];

  const orthogonalSides = quick ? [128, 256] : [512, 1024];
  const orthogonalCases = orthogonalSides.map((n, i): SamplingCase => {
    const orthoShape = [n, n];
    let orthoSeed = 0;
    const init = getInitializer('orthogonal');
    return {
      name: `orthogonal ${n}×${n} float32`,
      values: n * n,
      implementations: [
        {
          implementation: 'initlab orthogonal (Householder, float64)',
          library: 'initlab',
          run: () => {
            init.sample(orthoShape, { seed: orthoSeed++ });
          },
        },
        {
          implementation: 'tfjs-layers initializers.orthogonal',
          library: 'tfjs-layers',
          slow: true,
          // Measured here: ~18 s at 256², O(n³): ~2.5 min at 512², ~20 min at 1024².
          heavy: i > 0,
          run: materialise(() => tfl.initializers.orthogonal({ gain: 1 }).apply(orthoShape, 'float32')),
        },
      ],
    };
  });
  return [...sampling, ...orthogonalCases];
}

/**
 * "not run (≈ N s by O(n³) from the previous size)": scales the same implementation's median on
 * the previous (smaller, square) case by the cube of the side ratio.
 */
function estimate(cases: SamplingCase[], done: Measurement[], index: number, impl: CaseImplementation): string {
  const previous = cases[index - 1];
  const measured = done.find((m) => m.case === previous?.name && m.implementation === impl.implementation);
  if (previous === undefined || measured === undefined) return 'run with --full';
  const ratio = Math.sqrt((cases[index] as SamplingCase).values / previous.values);
  const seconds = (measured.medianMs * ratio ** 3) / 1000;
  return `run with --full (≈ ${formatNumber(seconds, 2)} s by O(n³) from ${previous.name.split(' ')[1]})`;
}

/** tfjs-layers warns on every orthogonal call above 2000 elements; keep the output readable. */
async function withoutSlownessWarnings<T>(fn: () => Promise<T>): Promise<T> {
  const warn = console.warn;
  console.warn = (...args: unknown[]) => {
    if (typeof args[0] === 'string' && args[0].startsWith('Orthogonal initializer is being called')) return;
    warn(...args);
  };
  try {
    return await fn();
  } finally {
    console.warn = warn;
  }
}

function tableOf(cases: SamplingCase[], measurements: Measurement[], skipped: Skipped[]): Table {
  const rows: string[][] = [];
  for (const c of cases) {
    const ours = measurements.find((m) => m.case === c.name && m.library === 'initlab');
    for (const impl of c.implementations) {
      const m = measurements.find((x) => x.case === c.name && x.implementation === impl.implementation);
      if (m === undefined) {
        const skip = skipped.find((x) => x.case === c.name && x.implementation === impl.implementation);
        rows.push([c.name, impl.implementation, '0', 'not run', '', skip?.reason ?? '']);
        continue;
      }
      const ratio = ours === undefined || m === ours ? '—' : `${formatNumber(m.medianMs / ours.medianMs, 3)}×`;
      rows.push([c.name, m.implementation, String(m.runs), formatNumber(m.medianMs), formatNumber(m.mValuesPerSecond), ratio]);
    }
  }
  return {
    title: 'Sampling speed (single thread, tfjs cpu backend)',
    columns: ['case', 'implementation', 'runs', 'median ms', 'M values/s', 'initlab speed-up (this ms / initlab ms)'],
    numericFrom: 2,
    rows,
  };
}

/** The sampling suite. */
export const samplingSuite: Suite = {
  name: 'sampling',
  description: 'initlab initializers vs tfjs-core random ops and tfjs-layers initializers (4096² float32, orthogonal 512² and 1024²)',
  async run(options: SuiteOptions) {
    const cases = await buildCases(options.quick);
    const skipped: Skipped[] = [];
    const measurements = await withoutSlownessWarnings(async () => {
      const done: Measurement[] = [];
      for (const [index, c] of cases.entries()) {
        const plans: TimingPlan[] = [];
        for (const impl of c.implementations) {
          if (impl.heavy === true && !options.full) {
            skipped.push({ case: c.name, implementation: impl.implementation, library: impl.library, reason: estimate(cases, done, index, impl) });
            continue;
          }
          plans.push({
            case: c.name,
            implementation: impl.implementation,
            library: impl.library,
            values: c.values,
            reps: options.reps,
            // tfjs-layers' orthogonal takes seconds: no warm-up, stop after ~20 s of timed runs.
            ...(impl.slow === true ? { budgetMs: 20_000, skipWarmup: true } : {}),
            run: impl.run,
          });
        }
        options.log(`sampling: ${c.name} — ${plans.map((p) => p.implementation).join(', ')}, in turn`);
        done.push(...timeRoundRobin(plans));
      }
      return done;
    });
    return {
      suite: 'sampling',
      measurements,
      skipped,
      tables: [tableOf(cases, measurements, skipped)],
      notes: [
        'Each run allocates and fills a fresh float32 tensor; tfjs runs end with dataSync() and dispose().',
        "A case's implementations run in turn, one run each per round, so the machine's drift falls on all of them alike.",
        'initlab speed-up > 1 means initlab is faster than that row.',
        "tfjs-layers' heNormal is uncorrected (tensorflow/tfjs#8594): it is timed for speed only.",
        ...(skipped.length > 0 ? ['Rows marked "not run" take many minutes; `pnpm bench --full` times them.'] : []),
      ],
    };
  },
};
