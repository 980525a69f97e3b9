// Data loading at image scale: full MNIST (70,000 × 784, from the gzip files in INITLAB_DATA_DIR) into the typed
// matrix, and with pixel scaling and a stratified 80/20 split of the training set, side by side with the same
// jobs on number[][] rows (the path before the typed matrix). Each run is a fresh process, so its peak resident
// memory is its own; runs alternate between the two paths (round robin) so the machine's drift falls on both.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { formatNumber, median, type Measurement, type Skipped, type Suite, type SuiteOptions, type Table } from '../harness.js';

interface JobRun {
  ms: number;
  maxRssMb: number;
  rows: number;
}

const JOB_FILE = fileURLToPath(new URL('./data-job.ts', import.meta.url));
const MNIST_VALUES = 70_000 * 784;

function runJob(job: string): JobRun {
  const out = execFileSync(process.execPath, ['--import', 'tsx', JOB_FILE, job], { encoding: 'utf8', env: process.env, maxBuffer: 1 << 20 });
  return JSON.parse(out.trim().split('\n').at(-1)!) as JobRun;
}

const JOBS = [
  { case: 'load MNIST (train + test, gzip)', typed: 'load-typed', rows: 'load-rows' },
  { case: 'load + scale ÷255 + stratified 80/20 split of train', typed: 'prepare-typed', rows: 'prepare-rows' },
] as const;

export const dataSuite: Suite = {
  name: 'data',
  description: 'full MNIST into the typed matrix (time, peak memory) beside the number[][] path',
  async run({ reps, quick, log }: SuiteOptions) {
    const measurements: (Measurement & { medianRssMb: number; maxRssMb: number })[] = [];
    const skipped: Skipped[] = [];
    const rows: string[][] = [];
    if (process.env['INITLAB_DATA_DIR'] === undefined) {
      for (const job of JOBS) skipped.push({ case: job.case, implementation: 'initlab', library: 'initlab', reason: 'INITLAB_DATA_DIR is not set (the MNIST files are read from it)' });
      return { suite: 'data', measurements, skipped, tables: [], notes: ['set INITLAB_DATA_DIR to a folder holding mnist/*.gz'] };
    }
    const n = quick ? 1 : reps;
    for (const job of JOBS) {
      const runs: Record<'typed' | 'rows', JobRun[]> = { typed: [], rows: [] };
      for (let r = 0; r < n; r++) {
        for (const path of ['typed', 'rows'] as const) {
          const result = runJob(job[path]);
          runs[path].push(result);
          log(`${job.case} · ${path}: ${formatNumber(result.ms)} ms, ${formatNumber(result.maxRssMb)} MB`);
        }
      }
      const summary = (path: 'typed' | 'rows') => {
        const ms = runs[path].map((r) => r.ms);
        const rss = runs[path].map((r) => r.maxRssMb);
        return { medianMs: median(ms), minMs: Math.min(...ms), maxMs: Math.max(...ms), medianRss: median(rss), maxRss: Math.max(...rss) };
      };
      const typed = summary('typed');
      const plain = summary('rows');
      for (const [path, s, implementation] of [['typed', typed, 'initlab typed Matrix (Float32Array)'], ['rows', plain, 'number[][] rows']] as const) {
        measurements.push({
          case: job.case,
          implementation,
          library: path === 'typed' ? 'initlab' : 'number[][]',
          runs: n,
          medianMs: s.medianMs,
          minMs: s.minMs,
          maxMs: s.maxMs,
          values: MNIST_VALUES,
          mValuesPerSecond: MNIST_VALUES / s.medianMs / 1000,
          medianRssMb: s.medianRss,
          maxRssMb: s.maxRss,
        });
      }
      rows.push([
        job.case,
        `${formatNumber(typed.medianMs / 1000)} s [${formatNumber(typed.minMs / 1000)}, ${formatNumber(typed.maxMs / 1000)}]`,
        `${formatNumber(plain.medianMs / 1000)} s [${formatNumber(plain.minMs / 1000)}, ${formatNumber(plain.maxMs / 1000)}]`,
        `${formatNumber(plain.medianMs / typed.medianMs)}×`,
        `${formatNumber(typed.medianRss)} MB`,
        `${formatNumber(plain.medianRss)} MB`,
      ]);
    }
    const table: Table = {
      title: `Full MNIST, ${n} fresh process${n === 1 ? '' : 'es'} per path (median [min, max] wall time; median peak RSS)`,
      columns: ['job', 'typed matrix', 'number[][]', 'number[][] / typed', 'typed peak RSS', 'number[][] peak RSS'],
      numericFrom: 1,
      rows,
    };
    return { suite: 'data', measurements, skipped, tables: [table], notes: ['each time includes gunzip, checksum and IDX parsing of the four files (the process start is not timed)'] };
  },
};
