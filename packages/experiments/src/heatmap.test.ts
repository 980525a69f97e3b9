import { describe, expect, it } from 'vitest';
import { validateExperiment } from './parse.js';
import { planChange } from './plan-change.js';
import { planKey, planRuns } from './plan.js';

const base = {
  name: 'edge',
  data: { dataset: 'digits' },
  model: { hidden: [], activation: 'tanh', biasInitializer: { name: 'random_normal', stddev: 0.25 } },
  training: { epochs: 1 },
  initializers: ['variance_scaling:scale=1.5,mode=fan_in', 'variance_scaling:scale=2'],
  grid: { depth: [2, 4], width: [32] },
};
const theoryHeatmap = { x: 'initializer.scale', y: 'depth', xTitle: 'σ_w²', overlay: { label: '6 ξ_c', theory: { times: 6 } } };
const error = (heatmap: unknown, over: Record<string, unknown> = {}): string => {
  try {
    validateExperiment({ ...base, ...over, heatmap }, 'edge.yaml');
  } catch (err) {
    // The first line: the problem the file has first (a heatmap axis that fails may also leave another axis unfixed).
    return (err as Error).message.split('\n')[0]!;
  }
  throw new Error('accepted');
};

describe('heatmap section', () => {
  it("fills in the theory curve's activation and σ_b² from the model, and a stored config validates to itself", () => {
    const config = validateExperiment({ ...base, heatmap: theoryHeatmap }, 'edge.yaml');
    expect(config.heatmap).toEqual({
      x: 'initializer.scale',
      y: 'depth',
      xTitle: 'σ_w²',
      overlay: { label: '6 ξ_c', theory: { quantity: 'xiC', times: 6, activation: 'tanh', sigmaB2: 0.0625 } },
    });
    expect(validateExperiment(JSON.parse(JSON.stringify(config)), 'experiment.json')).toEqual(config);
  });

  it('changes no run: the run ids and the plan are those without it', () => {
    const without = validateExperiment(base, 'edge.yaml');
    const withIt = validateExperiment({ ...base, heatmap: theoryHeatmap }, 'edge.yaml');
    expect(planRuns(withIt).map((r) => r.runId)).toEqual(planRuns(without).map((r) => r.runId));
    expect(planKey(withIt)).toBe(planKey(without));
    expect(planChange(without, withIt)).toBeNull();
  });

  it('takes a curve given as points on two grid axes', () => {
    const config = validateExperiment({ ...base, grid: { depth: [2, 4], width: [16, 64] }, heatmap: { x: 'width', y: 'depth', overlay: { label: 'guess', points: [[16, 2], [64, 4]] } } }, 'e.yaml');
    expect(config.heatmap).toEqual({ x: 'width', y: 'depth', overlay: { label: 'guess', points: [[16, 2], [64, 4]] } });
  });

  it('names the axis, the rule and the fix when the axes do not fit the experiment', () => {
    expect(error({ x: 'foo', y: 'depth' })).toBe('edge.yaml: heatmap.x must be depth, width, learningRate or initializer.<parameter> (e.g. initializer.scale), got "foo"');
    expect(error({ x: 'depth', y: 'depth' })).toBe('edge.yaml: heatmap.y must differ from heatmap.x (both are depth)');
    expect(error({ x: 'initializer.scale', y: 'width' })).toBe(
      'edge.yaml: heatmap.y names grid.width, which this experiment does not sweep; a heatmap axis needs at least two values (add grid.width)',
    );
    expect(error({ x: 'initializer.stddev', y: 'depth' })).toBe(
      'edge.yaml: heatmap.x reads stddev of every initializer, but initializers[0] (variance_scaling:scale=1.5,mode=fan_in) sets no number stddev; give every initializer its stddev',
    );
    expect(error({ x: 'initializer.scale', y: 'depth' }, { initializers: ['variance_scaling:scale=2', 'variance_scaling:scale=2,distribution=uniform'] })).toBe(
      'edge.yaml: heatmap.x reads scale of every initializer, but variance_scaling:scale=2 and variance_scaling:scale=2,distribution=uniform share scale = 2; each heatmap column needs its own value',
    );
    expect(error({ x: 'initializer.scale', y: 'depth' }, { grid: { ...base.grid, activation: ['tanh', 'relu'] } })).toBe(
      'edge.yaml: grid.activation has 2 values, but the heatmap is drawn over initializer.scale × depth: every other axis must be fixed (one value), or drop the heatmap section',
    );
    expect(error({ x: 'initializer.scale', y: 'depth', overlay: { label: 'a' } })).toBe('edge.yaml: heatmap.overlay must give exactly one of points (the curve itself) and theory (computed by @initlab/theory)');
  });

  it('asks for a theory curve only where the theory describes the runs', () => {
    expect(error({ ...theoryHeatmap, x: 'initializer.stddev' }, { initializers: ['random_normal:stddev=0.1', 'random_normal:stddev=0.2'] })).toBe(
      'edge.yaml: heatmap.overlay.theory draws the theory at each σ_w², so heatmap.x must be initializer.scale and every initializer variance_scaling with mode fan_in (weights of variance scale / fan_in); heatmap.x is initializer.stddev',
    );
    expect(error({ ...theoryHeatmap, overlay: { label: 'a', theory: {} } }, { initializers: ['variance_scaling:scale=1,mode=fan_avg', 'variance_scaling:scale=2'] })).toMatch(/variance_scaling:scale=1,mode=fan_avg is not variance_scaling with mode fan_in$/);
    expect(error(theoryHeatmap, { model: { ...base.model, biasInitializer: 'ones' } })).toBe(
      'edge.yaml: heatmap.overlay.theory needs biases whose variance the theory reads: model.biasInitializer zeros or random_normal with mean 0, got "ones"',
    );
    expect(error(theoryHeatmap, { model: { ...base.model, activation: 'softmax' } })).toBe(
      'edge.yaml: heatmap.overlay.theory has no mean-field map for softmax; the theory covers linear, relu, leaky_relu, elu, selu, tanh, sigmoid, softsign, gelu',
    );
    expect(error({ ...theoryHeatmap, overlay: { label: 'a', theory: { sigmaB2: 0.1 } } })).toBe(
      'edge.yaml: heatmap.overlay.theory.sigmaB2 must be σ_b² of model.biasInitializer, 0.0625 (it is filled in from the model), got 0.1',
    );
    expect(error({ ...theoryHeatmap, y: 'width' }, { grid: { depth: [3], width: [16, 32] } })).toBe('edge.yaml: heatmap.overlay.theory.quantity xiC is a number of layers, so heatmap.y must be depth, got width');
  });
});
