/**
 * The pure-theory half of the edge-of-chaos page (no tfjs): the phase diagram of tanh over σ_w² × σ_b², the
 * critical line and the correlation maps, all from `@initlab/theory`. It is the slow half (a chaotic point needs
 * the correlation map's fixed point, a 2-D Gaussian integral per step, about 0.8 s), so `chaos.ts` runs it in a
 * worker thread on the machine's second core while the measurements train on the first.
 */
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { correlationMap, criticalSigmaW2, meanField, type Phase } from '@initlab/theory';

/**
 * The grid of the phase diagram. σ_b² = 0 is left out: there the ordered phase has q* = 0 (every input shrinks
 * to 0, so ξ_c describes no signal), and `lengthFixedPoint('tanh', { sigmaW2: 0.75, sigmaB2: 0 })` currently
 * throws NO_FIXED_POINT instead of returning that 0.
 */
export const PHASE_GRID = {
  sigmaW2: Array.from({ length: 15 }, (_, i) => 0.5 + 0.25 * i),
  sigmaB2: [0.05, 0.1, 0.15, 0.2],
  /** σ_b² values where the critical line is computed (the plot's σ_b² range). */
  criticalB2: Array.from({ length: 9 }, (_, i) => 0.025 + 0.025 * i),
} as const;

/** σ_w² of the three correlation maps drawn (ordered, the critical value is added, chaotic), and the c grid. */
export const MAP_SIGMA_W2 = [1.2, 2.5] as const;
export const MAP_C = Array.from({ length: 11 }, (_, i) => i / 10);

export interface PhaseCell {
  sigmaW2: number;
  sigmaB2: number;
  qStar: number;
  cStar: number;
  chi1: number;
  chiC: number;
  /** −1/ln χ_c; null when infinite (exactly critical: no grid point is). */
  xiC: number | null;
  phase: Phase;
}

export interface ChaosTheory {
  cells: PhaseCell[];
  critical: { sigmaB2: number; sigmaW2: number }[];
  maps: { sigmaW2: number; sigmaB2: number; phase: Phase; cStar: number; points: { c: number; next: number }[] }[];
  seconds: number;
}

const finite = (x: number): number | null => (Number.isFinite(x) ? x : null);

/** Everything theoretical the page draws; `sigmaB2` is the σ_b² of the maps. */
export function chaosTheory(sigmaB2: number): ChaosTheory {
  const t0 = performance.now();
  const cells: PhaseCell[] = [];
  for (const b of PHASE_GRID.sigmaB2) {
    for (const w of PHASE_GRID.sigmaW2) {
      const r = meanField('tanh', { sigmaW2: w, sigmaB2: b });
      cells.push({ sigmaW2: w, sigmaB2: b, qStar: r.qStar, cStar: r.cStar, chi1: r.chi1, chiC: r.chiC, xiC: finite(r.xiC), phase: r.phase });
    }
  }
  const critical = PHASE_GRID.criticalB2.map((b) => ({ sigmaB2: b, sigmaW2: criticalSigmaW2('tanh', { sigmaB2: b }) }));
  const wc = criticalSigmaW2('tanh', { sigmaB2 });
  const maps = [MAP_SIGMA_W2[0], wc, MAP_SIGMA_W2[1]].map((w) => {
    const r = meanField('tanh', { sigmaW2: w, sigmaB2 });
    return {
      sigmaW2: w,
      sigmaB2,
      phase: r.phase,
      cStar: r.cStar,
      points: MAP_C.map((c) => ({ c, next: correlationMap('tanh', c, { sigmaW2: w, sigmaB2 }, r.qStar) })),
    };
  });
  return { cells, critical, maps, seconds: (performance.now() - t0) / 1000 };
}

// Run as a worker (see lib/worker.ts): compute and post the result.
if (!isMainThread && (workerData as { task?: string } | null)?.task === 'chaos-theory') {
  parentPort!.postMessage(chaosTheory((workerData as { sigmaB2: number }).sigmaB2));
}
