// Sampling speed: initlab's fills side by side with PyTorch's torch.nn.init (when /usr/bin/python3
// can import torch), and initlab's initializers with tfjs-core's random ops and tfjs-layers'
// initializers on the cpu backend; single thread, float32.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { getInitializer } from '@initlab/initializers';
import { Rng } from '@initlab/random';
import { formatNumber, median, type Measurement, type Skipped, type Suite, type SuiteOptions, type Table, type TimingPlan, timeRoundRobin } from '../harness.js';
import { loadTfjs } from '../tfjs.js';

const PYTHON = '/usr/bin/python3';
/** `../shared/reference/torch_sampling.py` beside the repository (see its README): never a dependency. */
const TORCH_SAMPLING = fileURLToPath(new URL('../../../../../shared/reference/torch_sampling.py', import.meta.url));
/** The script's protocol, which initlab's side repeats: best of this many timed fills after a warm-up. */
const TORCH_BEST_OF = 5;
/** Rounds of (initlab, then one torch process): medians and spread are over rounds. */
const TORCH_ROUNDS = 5;

type TorchDistribution = 'uniform' | 'normal' | 'truncated';

/** One torch_sampling.py run: M values/s for each distribution, or why it could not run. */
function runTorch(side: number): Record<TorchDistribution, number> | { unavailable: string } {
  if (!existsSync(PYTHON)) return { unavailable: `${PYTHON} not found` };
  if (!existsSync(TORCH_SAMPLING)) return { unavailable: `${TORCH_SAMPLING} not found` };
  const run = spawnSync(PYTHON, [TORCH_SAMPLING, '--rows', String(side), '--cols', String(side), '--threads', '1'], { encoding: 'utf8' });
  if (run.status !== 0) return { unavailable: `torch_sampling.py failed (${run.stderr.trim().split('\n').pop() ?? `status ${run.status}`})` };
  const parsed = JSON.parse(run.stdout) as Record<TorchDistribution, number> & { impl: string };
  torchName = parsed.impl;
  return parsed;
}
let torchName = 'torch';

/** Best of `TORCH_BEST_OF` timed runs after a warm-up, in ms: torch_sampling.py's protocol. */
function bestOf(fill: () => void): number {
  fill();
  let best = Infinity;
  for (let r = 0; r < TORCH_BEST_OF; r++) {
    const t0 = performance.now();
    fill();
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

/**
 * initlab's in-place fills (what torch.nn.init's `*_` functions do to an existing tensor) and its
 * initializers' `sample` (which allocates a fresh array each call), side by side with PyTorch on
 * one thread: rounds of initlab then one torch process, each figure a best of 5 as the script's.
 */
export function torchSideBySide(options: SuiteOptions): { measurements: Measurement[]; table: Table | null; note: string } {
  const side = options.quick ? 1024 : 4096;
  const values = side * side;
  const dims = `${side}×${side} float32`;
  const reused = new Float32Array(values);
  const xavier = Math.sqrt(2 / (side + side)); // torch's xavier std for a square fan_in = fan_out = side
  let seed = 0;
  const shape = [side, side];
  const fills: { name: string; distribution: TorchDistribution; torch: string; inPlace: () => void; sample: () => void }[] = [
    {
      name: `uniform (xavier_uniform), ${dims}`,
      distribution: 'uniform',
      torch: 'torch.nn.init.xavier_uniform_',
      inPlace: () => new Rng(seed++).fillUniform(reused, -Math.sqrt(3) * xavier, Math.sqrt(3) * xavier),
      sample: ((init) => () => init.sample(shape, { seed: seed++ }))(getInitializer('xavier_uniform_')),
    },
    {
      name: `normal (xavier_normal), ${dims}`,
      distribution: 'normal',
      torch: 'torch.nn.init.xavier_normal_',
      inPlace: () => new Rng(seed++).fillNormal(reused, 0, xavier),
      sample: ((init) => () => init.sample(shape, { seed: seed++ }))(getInitializer('xavier_normal_')),
    },
    {
      name: `truncated normal (σ 0.05, ±0.1), ${dims}`,
      distribution: 'truncated',
      torch: 'torch.nn.init.trunc_normal_',
      inPlace: () => new Rng(seed++).fillTruncatedNormal(reused, 0, 0.05, -0.1, 0.1),
      sample: ((init) => () => init.sample(shape, { seed: seed++ }))(getInitializer({ name: 'trunc_normal_', std: 0.05, a: -0.1, b: 0.1 })),
    },
  ];
  const inPlace = fills.map(() => [] as number[]);
  const sampled = fills.map(() => [] as number[]);
  const torch = fills.map(() => [] as number[]);
  let unavailable: string | undefined;
  for (let round = 0; round < TORCH_ROUNDS; round++) {
    options.log(`sampling: torch side by side, round ${round + 1}/${TORCH_ROUNDS}`);
    fills.forEach((f, i) => {
      inPlace[i]!.push(bestOf(f.inPlace));
      sampled[i]!.push(bestOf(f.sample));
    });
    if (unavailable !== undefined) continue;
    const result = runTorch(side);
    if ('unavailable' in result) unavailable = result.unavailable;
    else fills.forEach((f, i) => torch[i]!.push(values / result[f.distribution] / 1000));
  }
  const measurement = (c: string, implementation: string, library: string, times: number[]): Measurement => {
    const medianMs = median(times);
    return { case: c, implementation, library, runs: times.length, medianMs, minMs: Math.min(...times), maxMs: Math.max(...times), values, mValuesPerSecond: values / medianMs / 1000 };
  };
  const measurements: Measurement[] = [];
  const rows: string[][] = [];
  const rate = (ms: number): string => formatNumber(values / ms / 1000);
  fills.forEach((f, i) => {
    const series: [string, string, number[]][] = [
      [`initlab Rng.${f.distribution === 'uniform' ? 'fillUniform' : f.distribution === 'normal' ? 'fillNormal' : 'fillTruncatedNormal'} (in place)`, 'initlab', inPlace[i]!],
      ['initlab sample (allocates)', 'initlab', sampled[i]!],
      ...(torch[i]!.length > 0 ? [[`${f.torch} (${torchName})`, 'torch', torch[i]!] as [string, string, number[]]] : []),
    ];
    for (const [implementation, library, times] of series) {
      const m = measurement(f.name, implementation, library, times);
      measurements.push(m);
      // Per-round ratios to torch (same round, same protocol): their median and range.
      const ratios = torch[i]!.length === times.length && library !== 'torch' ? times.map((t, r) => torch[i]![r]! / t) : [];
      const ratio = ratios.length > 0 ? `${formatNumber(median(ratios), 3)}× (${formatNumber(Math.min(...ratios), 3)}–${formatNumber(Math.max(...ratios), 3)})` : '—';
      rows.push([f.name, implementation, String(times.length), formatNumber(m.medianMs), rate(m.medianMs), `${rate(m.maxMs)}–${rate(m.minMs)}`, ratio]);
    }
  });
  const note =
    unavailable === undefined
      ? `torch side by side: ${TORCH_ROUNDS} rounds of initlab then one ${TORCH_SAMPLING} process; every figure is a best of ${TORCH_BEST_OF} after a warm-up (the script's protocol), the table gives the median over rounds and the range; the ratio is initlab's speed over torch's in the same round.`
      : `torch side by side not run: ${unavailable} (install Debian's python3-torch for ${PYTHON}).`;
  return {
    measurements,
    table: {
      title: `Sampling speed against PyTorch (single thread${unavailable === undefined ? '' : `; torch not run: ${unavailable}`})`,
      columns: ['case', 'implementation', 'rounds', 'median ms', 'M values/s', 'range M values/s', 'speed / torch (range)'],
      numericFrom: 2,
      rows,
    },
    note,
  };
}

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
  description: 'initlab fills vs torch.nn.init (when /usr/bin/python3 has torch), initlab initializers vs tfjs-core random ops and tfjs-layers initializers (4096² float32, orthogonal 512² and 1024²)',
  async run(options: SuiteOptions) {
    const versusTorch = torchSideBySide(options);
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
      measurements: [...versusTorch.measurements, ...measurements],
      skipped,
      tables: [...(versusTorch.table === null ? [] : [versusTorch.table]), tableOf(cases, measurements, skipped)],
      notes: [
        versusTorch.note,
        'Each run allocates and fills a fresh float32 tensor; tfjs runs end with dataSync() and dispose().',
        "A case's implementations run in turn, one run each per round, so the machine's drift falls on all of them alike.",
        'initlab speed-up > 1 means initlab is faster than that row.',
        "tfjs-layers' heNormal is uncorrected (tensorflow/tfjs#8594): it is timed for speed only.",
        ...(skipped.length > 0 ? ['Rows marked "not run" take many minutes; `pnpm bench --full` times them.'] : []),
      ],
    };
  },
};
