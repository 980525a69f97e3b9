// The build-time clock of a generated guide section: each step timed, and the whole section's wall and CPU
// time with the machine's load, as the pages state them beside their budget.
import { availableParallelism, loadavg } from 'node:os';

const round3 = (x: number): number => Number(x.toFixed(3));

/** What a section's JSON records of its build: wall and CPU seconds, cores, the load when it started, each step. */
export interface SectionTiming {
  totalSeconds: number;
  cpuSeconds: number;
  cores: number;
  loadAverage: number;
  steps: Record<string, number>;
}

/** Starts a section's clock: `timed(name, fn)` times one step; `finish()` gives the {@link SectionTiming}. */
export function sectionClock(): { steps: Record<string, number>; timed: <T>(name: string, fn: () => Promise<T> | T) => Promise<T>; finish: () => SectionTiming } {
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const load = loadavg()[0]!;
  const steps: Record<string, number> = {};
  return {
    steps,
    timed: async (name, fn) => {
      const t = performance.now();
      const r = await fn();
      steps[name] = round3((performance.now() - t) / 1000);
      return r;
    },
    finish: () => {
      // CPU time of every thread (the process's user + system time): the work, whatever else the machine ran.
      const cpu = process.cpuUsage(cpu0);
      return { totalSeconds: round3((performance.now() - t0) / 1000), cpuSeconds: round3((cpu.user + cpu.system) / 1e6), cores: availableParallelism(), loadAverage: round3(load), steps };
    },
  };
}
