import type { Command } from 'commander';
import { useBackend, type BackendName } from '@initlab/backends';
import { trainEnsemble, type EnsembleMember, type ModelSpec } from '@initlab/models';
import { Rng } from '@initlab/random';
import { num, textTable } from '../format.js';
import type { Io } from '../io.js';
import { parseChoice, parseInteger } from '../parse.js';

// The wine notebook's model and batch size on same-shape synthetic rows (no data set needed).
const ROWS = 1279;
const SPEC: ModelSpec = {
  inputDim: 11,
  hidden: [{ units: 10, activation: 'relu' }],
  output: { units: 3, activation: 'softmax' },
  loss: 'sparse_categorical_crossentropy',
};

function wineShaped(): { xTrain: number[][]; yTrain: number[] } {
  const rng = new Rng(7, 'initlab-bench');
  const xTrain = Array.from({ length: ROWS }, () => Array.from({ length: 11 }, () => rng.normal()));
  return { xTrain, yTrain: xTrain.map((r) => (r[0]! + r[1]! > 0 ? 1 : 0)) };
}

/** Model-steps per second (optimizer steps × models) of one K-model ensemble: median of `repeats` runs. */
async function measure(k: number, epochs: number, repeats: number): Promise<number> {
  const data = wineShaped();
  const members: EnsembleMember[] = Array.from({ length: k }, (_, i) => ({ seed: i, kernelInitializer: 'he_normal' }));
  const opts = { epochs, batchSize: 16, optimizer: { name: 'sgd' as const, learningRate: 0.01 }, diagnostics: 'none' as const };
  await trainEnsemble(SPEC, members, data, { ...opts, epochs: 1 }); // warm-up: kernels compiled, buffers allocated
  const rates: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const result = await trainEnsemble(SPEC, members, data, opts);
    rates.push((result.steps * k) / (result.elapsedMs / 1000));
  }
  rates.sort((a, b) => a - b);
  return rates[Math.floor(rates.length / 2)]!;
}

export function registerBench(program: Command, io: Io): void {
  program
    .command('bench')
    .description("training speed on the wine notebook's model: model-steps per second for 1 and 40 models, per backend")
    .option('--backends <list>', 'comma-separated: cpu, wasm', 'cpu,wasm')
    .option('--epochs <n>', 'epochs per measurement', '3')
    .option('--repeats <n>', 'measurements per case (the median is reported)', '3')
    .option('--json', 'print {"backends": {"cpu": {"k1": N, "k40": N}, ...}}')
    .addHelpText('after', '\nExamples:\n  initlab bench\n  initlab bench --backends wasm --json')
    .action(async (flags: { backends: string; epochs: string; repeats: string; json?: boolean }) => {
      const backends = flags.backends.split(',').map((b) => parseChoice<BackendName>('--backends', b.trim(), ['cpu', 'wasm']));
      const epochs = parseInteger('--epochs', flags.epochs);
      const repeats = parseInteger('--repeats', flags.repeats);
      const out: Record<string, { k1: number; k40: number }> = {};
      for (const name of backends) {
        await useBackend(name);
        out[name] = { k1: await measure(1, epochs, repeats), k40: await measure(40, epochs, repeats) };
      }
      if (flags.json) {
        io.stdout(`${JSON.stringify({ backends: out })}\n`);
        return;
      }
      const rows = Object.entries(out).map(([b, r]) => [b, num(r.k1, 3), num(r.k40, 3)]);
      io.stdout(`model-steps/s, 11 → 10 relu → 3 softmax, SGD, batch 16, ${ROWS} rows (median of ${repeats})\n${textTable(['backend', '1 model', '40 models'], rows)}\n`);
    });
}
