// The text alternative of each chart: what it shows, in words, with the numbers a reader would read off it.
import type { DiagnosticsPhase, LayerSummary, LossCurveData, MetricData } from './data.js';
import { listText, metricLabel, plural } from './format.js';
import { formatValue } from './renderers.js';
import type { ScaleChoice } from './scale.js';

const BAND_WORDS = { minmax: 'a min–max band over seeds', ci: 'a 95% confidence band', none: 'no band' } as const;

/** Words for the loss chart: per series, its first and last mean loss, and where diverged runs stopped. */
export function describeLossCurves(data: LossCurveData, scale: ScaleChoice): string {
  const what = data.split === 'train' ? 'training loss' : 'validation loss (test split)';
  const parts = [
    `Line chart of the ${what} per epoch for ${data.series.some((sr) => sr.includes(' @ ')) ? `${plural(data.series.length, 'initializer and grid point pair')}` : plural(data.series.length, 'initializer')}: the mean over seeds with ${BAND_WORDS[data.band]}, on a ${scale.words} y axis.`,
  ];
  const finals: { series: string; loss: number }[] = [];
  for (const series of data.series) {
    const points = data.points.filter((p) => p.series === series);
    const runs = data.runs[series] ?? 0;
    const diverged = data.divergences.filter((d) => d.series === series);
    const first = points[0];
    const last = points[points.length - 1];
    let text =
      first === undefined || last === undefined
        ? `${series}: no epoch with a finite loss (${plural(runs, 'run')})`
        : `${series}: ${formatValue(first.mean)} at epoch ${first.epoch} to ${formatValue(last.mean)} at epoch ${last.epoch} (${plural(runs, 'run')})`;
    if (diverged.length > 0) {
      const where = diverged.map((d) => `seed ${d.seed} ${d.divergedAtEpoch === null ? 'with non-finite test predictions' : `at epoch ${d.divergedAtEpoch}`}`);
      text += `; ${diverged.length} of ${runs} diverged (${listText(where)}) and ${diverged.length === 1 ? 'its curve stops' : 'their curves stop'} at the last finite epoch`;
    }
    parts.push(`${text}.`);
    if (last !== undefined && last.epoch === data.maxEpoch) finals.push({ series, loss: last.mean });
  }
  const best = finals.reduce<{ series: string; loss: number } | null>((b, f) => (b === null || f.loss < b.loss ? f : b), null);
  if (best !== null && data.series.length > 1) parts.push(`Lowest mean loss at epoch ${data.maxEpoch}: ${best.series} (${formatValue(best.loss)}).`);
  return parts.join(' ');
}

/** Words for the metric chart: per series, mean, CI, range and diverged runs, and the side of the baseline. */
export function describeMetricDistribution(data: MetricData, scale: ScaleChoice, baseline: { value: number; label: string } | null): string {
  const label = metricLabel(data.metric);
  const parts = [
    `Strip chart of the test ${label} of every run, one row per initializer (${plural(data.series.length, 'initializer')}), each dot one seed, with the mean and its 95% confidence interval, on a ${scale.words} x axis` +
      (baseline === null ? '.' : `; the dashed line is the ${baseline.label} ${formatValue(baseline.value)}.`),
  ];
  for (const s of data.stats) {
    if (s.mean === null) {
      parts.push(`${s.series}: no finite value (${s.diverged === 1 ? 'its only run diverged' : `all ${s.diverged} runs diverged`}).`);
      continue;
    }
    const spread = s.min === s.max ? `every run ${formatValue(s.min)}` : `range ${formatValue(s.min)} to ${formatValue(s.max)}`;
    const ci = s.ci === null ? '' : `, 95% CI ${formatValue(s.ci[0])} to ${formatValue(s.ci[1])}`;
    let text = `${s.series}: mean ${formatValue(s.mean)}${ci}, ${spread} (${plural(s.n, 'run')})`;
    if (baseline !== null) {
      const side = s.mean > baseline.value ? 'above' : s.mean < baseline.value ? 'below' : 'equal to';
      text += `, ${side} the baseline`;
    }
    if (s.diverged > 0) text += `; ${s.diverged} of ${s.runs} runs diverged and are not drawn`;
    parts.push(`${text}.`);
  }
  return parts.join(' ');
}

/** Words for the activation-std chart: per series, the std of each layer at each phase. */
export function describeActivationStd(rows: readonly LayerSummary[], series: readonly string[], phases: readonly DiagnosticsPhase[], scale: ScaleChoice): string {
  const phaseWords = phases.length === 2 ? 'at initialisation (solid lines) and after training (dashed lines)' : phases[0] === 'final' ? 'after training' : 'at initialisation';
  const layers = new Set(rows.map((r) => r.layer)).size;
  const parts = [
    `Line chart of the standard deviation of each layer's activations on a batch of training rows, ${phaseWords}, mean over seeds: ` +
      `${plural(series.length, 'initializer')}, ${plural(layers, 'layer')} (the last is the output layer), on a ${scale.words} y axis.`,
  ];
  for (const name of series) {
    const texts: string[] = [];
    for (const phase of phases) {
      const own = rows.filter((r) => r.series === name && r.phase === phase).sort((a, b) => a.layer - b.layer);
      if (own.length === 0) continue;
      texts.push(`${own.map((r) => formatValue(r.activationStd)).join(', ')} ${phase === 'init' ? 'at initialisation' : 'after training'}`);
    }
    parts.push(`${name}: ${texts.length === 0 ? 'no diagnostics recorded' : texts.join('; ')}.`);
  }
  return parts.join(' ');
}

/** Words for the grid heatmap: its size, then per grid point the best initializer and the worst, with their means and verdicts. */
export function describeGridHeatmap(
  cells: readonly { initializer: string; point: string; mean: number | null; verdict: string | null }[],
  label: string,
  higherIsBetter: boolean,
): string {
  const points = [...new Set(cells.map((c) => c.point))];
  const initializers = [...new Set(cells.map((c) => c.initializer))];
  const parts = [
    `Heatmap of the mean test ${label} over seeds for ${plural(initializers.length, 'initializer')} (rows) at ${plural(points.length, 'grid point')} (columns), ${higherIsBetter ? 'higher' : 'lower'} is better.`,
  ];
  const cell = (c: { initializer: string; mean: number | null; verdict: string | null }): string =>
    `${c.initializer} ${formatValue(c.mean)}${c.verdict === null ? '' : ` (${c.verdict} vs the baseline)`}`;
  for (const point of points) {
    const ranked = cells.filter((c) => c.point === point && c.mean !== null).sort((a, b) => (higherIsBetter ? b.mean! - a.mean! : a.mean! - b.mean!));
    const missing = cells.filter((c) => c.point === point && c.mean === null).map((c) => c.initializer);
    const best = ranked[0];
    const worst = ranked.at(-1);
    let text = best === undefined ? `${point}: no finite run` : ranked.length === 1 ? `${point}: ${cell(best)}` : `${point}: best ${cell(best)}, worst ${cell(worst!)}`;
    if (missing.length > 0) text += `; no finite run for ${listText(missing)}`;
    parts.push(`${text}.`);
  }
  return parts.join(' ');
}

/** Words for the numeric heatmap: its axes, the best and worst cells with their means, and the curve's points. */
export function describeNumericHeatmap(
  cells: readonly { panel: string; x: number; y: number; mean: number | null; verdict: string | null }[],
  axes: { x: string; y: string },
  label: string,
  higherIsBetter: boolean,
  curve: { label: string; source: string; points: readonly { x: number; y: number }[]; gaps: readonly string[] } | null,
): string {
  const xs = new Set(cells.map((c) => c.x)).size;
  const ys = new Set(cells.map((c) => c.y)).size;
  const panels = [...new Set(cells.map((c) => c.panel))];
  const parts = [
    `Heatmap of the mean test ${label} over seeds at ${xs} values of ${axes.x} (across) and ${ys} of ${axes.y} (up)${panels.length > 1 ? `, one panel per initializer (${plural(panels.length, 'panel')})` : ''}, ${higherIsBetter ? 'higher' : 'lower'} is better.`,
  ];
  const at = (c: { x: number; y: number; mean: number | null; verdict: string | null }): string =>
    `${axes.x} ${formatValue(c.x)}, ${axes.y} ${formatValue(c.y)}: ${formatValue(c.mean)}${c.verdict === null ? '' : ` (${c.verdict} vs the baseline)`}`;
  for (const panel of panels) {
    const ranked = cells.filter((c) => c.panel === panel && c.mean !== null).sort((a, b) => (higherIsBetter ? b.mean! - a.mean! : a.mean! - b.mean!));
    const lead = panel === '' ? '' : `${panel}: `;
    const sentence = ranked.length === 0 ? 'no finite run' : `best at ${at(ranked[0]!)}; worst at ${at(ranked.at(-1)!)}`;
    parts.push(`${lead}${panel === '' ? sentence[0]!.toUpperCase() + sentence.slice(1) : sentence}.`);
  }
  if (curve !== null) {
    const points = curve.points.map((p) => `(${formatValue(p.x)}, ${formatValue(p.y, 3)})`).join(', ');
    parts.push(`Red line, ${curve.label} (${curve.source}): ${points === '' ? 'no point' : points}${curve.gaps.length > 0 ? `; ${curve.gaps.join('; ')}` : ''}.`);
  }
  return parts.join(' ');
}
