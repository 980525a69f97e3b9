// Residual and normalized networks against the plain dense network of the same products: a 64-block
// pre-activation residual network of width 128 ([norm → relu → dense] twice per block: 128 dense layers)
// with layer norm, with batch norm and without normalization (ReZero, so it trains), against a plain
// 128-layer ReLU network of width 128, batch 128, one model, SGD, trained by initlab's trainEnsemble on the
// wasm backend, round robin in the same run. The same product count for all, so the GFLOP/s ratio is what a
// block's normalization, activation, sum and gate cost. And a 1,000-layer ReZero network (500 blocks of two
// dense layers, width 32) trained on digits, with its peak resident memory.
import { useBackend } from '@initlab/backends';
import { getInitializer } from '@initlab/initializers';
import { matrix } from '@initlab/matrix';
import { trainEnsemble, type EnsembleMember, type HiddenLayerSpec, type ModelSpec } from '@initlab/models';
import { formatNumber, median, timings, type Measurement, type Suite, type SuiteOptions, type Table } from '../harness.js';

const INPUTS = 64;
const CLASSES = 4;
const WIDTH = 128;
const BLOCKS = 64;
const BATCH = 128;

export type Network = 'plain' | 'layernorm' | 'batchnorm' | 'none';
export const NETWORKS: readonly Network[] = ['plain', 'layernorm', 'batchnorm', 'none'];

interface ResidualMeasurement extends Measurement {
  network: Network;
  steps: number;
  gflops: number;
  gflopsMin: number;
  gflopsMax: number;
  /** GFLOP/s over the plain network's, at the medians. */
  ofPlain: number | null;
}

/** A pre-activation block's branch: [norm →] relu → dense, twice. */
function branch(norm: Network, width: number): HiddenLayerSpec[] {
  const one: HiddenLayerSpec[] = [...(norm === 'layernorm' || norm === 'batchnorm' ? [{ type: norm } as HiddenLayerSpec] : []), { type: 'activation', activation: 'relu' }, { units: width }];
  return [...one, ...one];
}

/** The network: `plain` is 2·blocks ReLU dense layers; the others a linear stem and `blocks` gated residual blocks. */
export function networkSpec(network: Network, blocks = BLOCKS, width = WIDTH, inputs = INPUTS, classes = CLASSES): ModelSpec {
  const hidden: HiddenLayerSpec[] =
    network === 'plain'
      ? Array.from({ length: 2 * blocks }, () => ({ units: width, activation: 'relu' as const }))
      : [{ units: width }, ...Array.from({ length: blocks }, (): HiddenLayerSpec => ({ type: 'residual', gate: true, layers: branch(network, width) }))];
  return { inputDim: inputs, hidden, output: { units: classes, activation: 'softmax' }, loss: 'sparse_categorical_crossentropy' };
}

/** The dense products of one step as the scaling suite counts them: 2·batch·(2·Σ I·O + Σ_{l≥2} I·O) (the residual network's stem is its first layer). */
export function flopsPerStep(blocks = BLOCKS, width = WIDTH, batch = BATCH): number {
  const dims = [INPUTS, ...Array.from({ length: 2 * blocks + 1 }, () => width), CLASSES];
  let products = 0;
  let inputGradients = 0;
  for (let l = 0; l + 1 < dims.length; l++) {
    products += dims[l]! * dims[l + 1]!;
    if (l > 0) inputGradients += dims[l]! * dims[l + 1]!;
  }
  return 2 * batch * (2 * products + inputGradients);
}

// The plain network has 2·blocks hidden layers of `width` and the residual one a stem plus 2·blocks: one more
// width × width product. The plain network is measured with the same count, so its figure is a slight
// overstatement of its own speed and the ratio a slight understatement of the residual network's.

function data(rows: number): { x: Float32Array; y: number[] } {
  const x = getInitializer({ name: 'random_uniform', minval: -1, maxval: 1 }).sample([rows, INPUTS], { seed: 7 }) as Float32Array;
  return { x, y: Array.from({ length: rows }, (_, i) => (x[i * INPUTS]! > 0 ? 1 : 0) + (x[i * INPUTS + 1]! > 0 ? 2 : 0)) };
}

// ReZero for every residual network (a He-initialised 64-block network without normalization diverges at once,
// which would end the timing); the plain network from He normal. The initializer changes no step's work.
const member = (network: Network): EnsembleMember => ({ seed: 1, kernelInitializer: network === 'plain' ? 'he_normal' : 'rezero' });

/** Epoch times after the first, of `epochs` epochs of `steps` batches. */
async function epochTimes(network: Network, steps: number, epochs: number): Promise<number[]> {
  const rows = steps * BATCH;
  const { x, y } = data(rows);
  const ends: number[] = [];
  const result = await trainEnsemble(networkSpec(network), [member(network)], { xTrain: matrix(x, rows, INPUTS), yTrain: y }, {
    epochs,
    batchSize: BATCH,
    optimizer: { name: 'sgd', learningRate: 0.01 },
    diagnostics: 'none',
    // one thread each, so that the ratio is what the blocks' own work costs
    threads: 1,
    onProgress: (event) => {
      if (event.type === 'epoch') ends.push(performance.now());
    },
  });
  const failed = result.members.find((m) => m.status !== 'ok');
  if (failed) throw new Error(`residual: the ${network} network ended ${failed.status}, so the round is not a full measurement`);
  return ends.slice(1).map((end, i) => end - ends[i]!);
}

/** The 1,000-layer ReZero network on digits (500 blocks of relu → dense → relu → dense, width 32): epoch time and peak RSS. */
async function deepRezero(options: SuiteOptions): Promise<{ row: string[]; note: string }> {
  const { loadDataset } = await import('@initlab/data');
  const digits = await loadDataset('digits');
  const rows = digits.X.rows;
  const cols = digits.X.cols;
  const pixelMax = digits.info?.pixelMax ?? 16;
  const x = new Float32Array(rows * cols);
  for (let i = 0; i < x.length; i++) x[i] = Number(digits.X.values[i]) / pixelMax;
  const y = digits.y;
  const spec: ModelSpec = {
    inputDim: cols,
    hidden: [{ units: 32 }, ...Array.from({ length: 500 }, (): HiddenLayerSpec => ({ type: 'residual', gate: true, layers: branch('none', 32) }))],
    output: { units: 10, activation: 'softmax' },
    loss: 'sparse_categorical_crossentropy',
  };
  let peak = process.memoryUsage().rss;
  const ends: number[] = [performance.now()];
  const epochs = options.quick ? 1 : 2;
  options.log(`residual: 1,000-layer ReZero on digits (${rows} rows, ${epochs} epochs, batch 64)`);
  const result = await trainEnsemble(spec, [{ seed: 1, kernelInitializer: 'rezero' }], { xTrain: matrix(x, rows, cols), yTrain: y }, {
    epochs,
    batchSize: 64,
    optimizer: { name: 'adam', learningRate: 0.001 },
    diagnostics: 'none',
    onProgress: (event) => {
      peak = Math.max(peak, process.memoryUsage().rss);
      if (event.type === 'epoch') ends.push(performance.now());
    },
  });
  const m = result.members[0]!;
  const last = m.history.at(-1);
  const epochMs = median(ends.slice(1).map((end, i) => end - ends[i]!));
  return {
    row: ['1,000-layer ReZero, width 32, digits, batch 64', m.status, formatNumber(epochMs / 1000), formatNumber(peak / 2 ** 20), last === undefined ? '—' : formatNumber(last.loss), last?.metrics.accuracy === undefined ? '—' : formatNumber(last.metrics.accuracy)],
    note: `The 1,000-layer network has ${spec.hidden.length - 1} residual blocks of two dense layers (1,002 dense layers with the stem and the output); peak RSS is the process's, sampled at every progress event.`,
  };
}

/** The residual suite. */
export const residualSuite: Suite = {
  name: 'residual',
  description: `a ${BLOCKS}-block residual network of width ${WIDTH} (layer norm, batch norm, none) against a plain ${2 * BLOCKS}-layer dense network, batch ${BATCH}; and a 1,000-layer ReZero network on digits`,
  async run(options: SuiteOptions) {
    await useBackend('wasm');
    const steps = options.quick ? 4 : 8;
    const times = new Map<Network, number[]>(NETWORKS.map((n) => [n, []]));
    // warm-up and round robin: each round trains every network for one timed epoch (after its first)
    for (const network of NETWORKS) await epochTimes(network, 2, 2);
    for (let round = 0; round < options.reps; round++) {
      for (const network of NETWORKS) {
        options.log(`residual: round ${round + 1} of ${options.reps}, ${network}`);
        times.get(network)!.push(...(await epochTimes(network, steps, 2)));
      }
    }
    const work = flopsPerStep() * steps;
    const measurements: ResidualMeasurement[] = NETWORKS.map((network) => {
      const t = times.get(network)!;
      const { valuesPerSecond: _, ...timed } = timings(t, steps);
      return {
        case: network === 'plain' ? `plain ${2 * BLOCKS} × ${WIDTH} relu` : `${BLOCKS} residual blocks × ${WIDTH}, ${network === 'none' ? 'no normalization' : network}`,
        implementation: 'initlab trainEnsemble (wasm)',
        library: 'initlab',
        network,
        steps,
        ...timed,
        gflops: work / timed.medianMs / 1e6,
        gflopsMin: work / timed.maxMs / 1e6,
        gflopsMax: work / timed.minMs / 1e6,
        ofPlain: null,
      };
    });
    const plain = measurements.find((m) => m.network === 'plain')!;
    for (const m of measurements) m.ofPlain = m.gflops / plain.gflops;
    const table: Table = {
      title: `Residual networks against the plain network of the same products, batch ${BATCH}, one model, SGD`,
      columns: ['network', 'runs', 'steps a round', 'GFLOP/s (median)', 'GFLOP/s (slowest–fastest)', 'of plain'],
      numericFrom: 1,
      rows: measurements.map((m) => [m.case, String(m.runs), String(m.steps), formatNumber(m.gflops), `${formatNumber(m.gflopsMin)}–${formatNumber(m.gflopsMax)}`, `${formatNumber(m.ofPlain!, 3)}×`]),
    };
    const deep = await deepRezero(options);
    const deepTable: Table = {
      title: 'A 1,000-layer ReZero network on digits',
      columns: ['network', 'status', 'seconds an epoch (median)', 'peak RSS MiB', 'last training loss', 'last training accuracy'],
      numericFrom: 2,
      rows: [deep.row],
    };
    return {
      suite: 'residual',
      measurements,
      skipped: [],
      tables: [table, deepTable],
      notes: [
        `GFLOP/s counts the dense products only (forward, weight and input gradients, as the scaling suite), the same ${formatNumber(flopsPerStep() / 1e9)} GFLOP a step for all four networks; normalization, activations, sums, gates and the update are the difference.`,
        `Median of ${options.reps} round-robin rounds, each one epoch of ${steps} steps after a first epoch; residual networks start from ReZero (a He-initialised 64-block network without normalization diverges), the plain one from He normal.`,
        deep.note,
      ],
    };
  },
};
