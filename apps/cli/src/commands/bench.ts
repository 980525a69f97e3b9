import type { Command } from 'commander';
import { BACKEND_NAMES, useBackend } from '@initlab/backends';
import { BENCH_DESCRIPTION, measureTraining } from '@initlab/models/bench';
import { num, textTable } from '../format.js';
import type { Io } from '../io.js';
import { parseChoice, parseInteger } from '../parse.js';

// The measurement is the repository benchmark's training suite (@initlab/models/bench): the same model,
// data, seeds and timing loop, so `initlab bench` and `pnpm bench` report comparable figures.

/** Model-steps per second (optimizer steps × models) of one K-model ensemble at the median of `repeats` runs. */
async function measure(models: number, epochs: number, repeats: number): Promise<number> {
  return (await measureTraining({ models, epochs, reps: repeats })).modelStepsPerSecond;
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
      const backends = flags.backends.split(',').map((b) => parseChoice('--backends', b.trim(), BACKEND_NAMES));
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
      io.stdout(`model-steps/s, ${BENCH_DESCRIPTION} (median of ${repeats})\n${textTable(['backend', '1 model', '40 models'], rows)}\n`);
    });
}
