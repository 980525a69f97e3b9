// Vega-Lite → Vega → SVG string, in Node or a browser, without a canvas: the 'none' renderer runs the
// dataflow and scenegraph only, and toSVG() serialises it (text widths are estimated without a canvas).
import { parse, View, type LoggerInterface, type Spec as VegaSpec } from 'vega';
import { compile } from 'vega-lite';
import { colorDomainGaps, invisibleMarks } from './chart-check.js';
import { ReportError, firstLine } from './errors.js';
import { escapeHtml } from './renderers.js';
import { withTextWidths } from './text-metrics.js';
import type { VegaLiteSpec } from './specs.js';

/**
 * A compiled chart: the Vega spec and every warning Vega-Lite emitted while compiling.
 *
 * @example
 * ```ts
 * const { warnings } = compileSpec(spec);
 * if (warnings.length > 0) console.warn(warnings.join('\n'));
 * ```
 */
export interface CompiledSpec {
  vega: VegaSpec;
  warnings: string[];
}

/** A logger that collects warnings and errors instead of printing them. */
function collectingLogger(messages: string[]): LoggerInterface {
  let level = 2; // vega-util's Warn
  const logger = {
    level(value?: number) {
      if (value === undefined) return level;
      level = value;
      return logger;
    },
    error(...args: readonly unknown[]) {
      messages.push(`error: ${args.map(String).join(' ')}`);
      return logger;
    },
    warn(...args: readonly unknown[]) {
      messages.push(args.map(String).join(' '));
      return logger;
    },
    info() {
      return logger;
    },
    debug() {
      return logger;
    },
  };
  return logger as unknown as LoggerInterface;
}

/**
 * Compile a Vega-Lite spec to Vega, collecting Vega-Lite's warnings (an unknown channel, an ignored property,
 * a log scale with a zero …) rather than printing them.
 *
 * @throws {ReportError} `RENDER_FAILED` when Vega-Lite rejects the spec.
 * @example
 * ```ts
 * const { vega, warnings } = compileSpec(lossCurvesSpec(results));
 * warnings; // [] for every spec this package builds
 * ```
 */
export function compileSpec(spec: VegaLiteSpec): CompiledSpec {
  const warnings: string[] = [];
  try {
    const { spec: vega } = compile(spec, { logger: collectingLogger(warnings) });
    return { vega, warnings };
  } catch (err) {
    throw new ReportError('RENDER_FAILED', `compileSpec: Vega-Lite rejected the spec: ${firstLine(err)}`, { cause: err });
  }
}

function titleText(spec: VegaLiteSpec): string | null {
  const title = (spec as { title?: unknown }).title;
  if (typeof title === 'string') return title;
  if (title !== null && typeof title === 'object') {
    const text = (title as { text?: unknown }).text;
    if (typeof text === 'string') return text;
    if (Array.isArray(text)) return text.join(' ');
  }
  return null;
}

/**
 * Render a Vega-Lite spec to an SVG document string without a browser: `vega-lite` compiles it, a Vega
 * `View` with the `none` renderer evaluates it, and `toSVG()` serialises the scene. No canvas package is
 * needed (text is measured by estimate). The SVG gets `role="img"`, an `aria-label`, and `<title>` /
 * `<desc>` elements from the spec's `title` and `description`, so it is accessible on its own. Data must be
 * inline; nothing is fetched for the specs this package builds. A chart that would draw axes and a legend but
 * leave some of its data invisible is refused: a colour scale whose domain misses a value of the data
 * ({@link colorDomainGaps}), or a data mark with no visible stroke or fill ({@link invisibleMarks}).
 *
 * @throws {ReportError} `RENDER_FAILED` when Vega-Lite or Vega rejects the spec, or when its data would not be drawn.
 * @example
 * ```ts
 * import { writeFile } from 'node:fs/promises';
 * import { lossCurvesSpec, renderSvg } from '@initlab/report';
 * await writeFile('loss.svg', await renderSvg(lossCurvesSpec(results)));
 * ```
 */
export async function renderSvg(spec: VegaLiteSpec): Promise<string> {
  const gaps = colorDomainGaps(spec);
  if (gaps.length > 0) {
    throw new ReportError('RENDER_FAILED', `renderSvg: some of the chart's data would get no colour and draw nothing: ${gaps.join('; ')}; give the scale every value, or leave its domain to the data`);
  }
  const { vega } = compileSpec(spec);
  const runtimeMessages: string[] = [];
  let view: View | null = null;
  let svg: string;
  try {
    const runtime = parse(vega);
    svg = await withTextWidths(async () => {
      view = new View(runtime, { renderer: 'none', logger: collectingLogger(runtimeMessages) });
      return view.toSVG();
    });
  } catch (err) {
    throw new ReportError('RENDER_FAILED', `renderSvg: Vega could not render the spec: ${firstLine(err)}`, { cause: err });
  } finally {
    (view as View | null)?.finalize();
  }
  const blank = invisibleMarks(svg);
  if (blank.length > 0) {
    throw new ReportError('RENDER_FAILED', `renderSvg: some of the chart's data marks draw nothing: ${blank.join('; ')}; give them a colour (stroke or fill)`);
  }
  const title = titleText(spec);
  const description = (spec as { description?: unknown }).description;
  const desc = typeof description === 'string' && description !== '' ? description : null;
  const label = [title, desc].filter((s): s is string => s !== null).join(': ');
  if (label === '') return svg;
  const open = svg.indexOf('>') + 1;
  const head = svg.slice(0, open - 1);
  const children = `${title === null ? '' : `<title>${escapeHtml(title)}</title>`}${desc === null ? '' : `<desc>${escapeHtml(desc)}</desc>`}`;
  return `${head} role="img" aria-label="${escapeHtml(label)}">${children}${svg.slice(open)}`;
}
