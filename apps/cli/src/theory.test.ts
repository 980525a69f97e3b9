// `initlab theory fixed-point` through the built binary: the mean-field quantities the theory package
// computes (checked there against SciPy), printed and as JSON, with one-line usage errors.
import { describe, expect, it } from 'vitest';
import { meanField, criticalSigmaW2 } from '@initlab/theory';
import { runCli } from './testing/run-cli.js';

describe('initlab theory fixed-point', () => {
  it('prints q*, c*, χ₁, ξ_c, the phase and the edge of chaos; --json carries the same numbers', async () => {
    const r = await runCli(['theory', 'fixed-point', '--activation', 'tanh', '--sigma-w2', '2.5', '--sigma-b2', '0.05']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^tanh, σ_w² = 2\.5, σ_b² = 0\.05: chaotic/);
    expect(r.stdout).toMatch(/ξ_c\s+│\s+11\.8\d*\s+│/);
    expect(r.stdout).toContain('edge of chaos at σ_b² = 0.05: σ_w² = 1.761');
    const json = await runCli(['theory', 'fixed-point', '--activation', 'tanh', '--sigma-w2', '2.5', '--sigma-b2', '0.05', '--json']);
    const doc = JSON.parse(json.stdout) as Record<string, unknown>;
    expect(doc).toMatchObject({ activation: 'tanh', sigmaW2: 2.5, sigmaB2: 0.05, ...meanField('tanh', { sigmaW2: 2.5, sigmaB2: 0.05 }) });
    expect(doc['phase']).toBe('chaotic');
    expect(doc['criticalSigmaW2']).toBe(criticalSigmaW2('tanh', { sigmaB2: 0.05 }));
    // ReLU at He's σ_w² = 2 and no bias sits exactly on the edge of chaos.
    const relu = JSON.parse((await runCli(['theory', 'fixed-point', '--activation', 'relu', '--sigma-w2', '2', '--json'])).stdout) as { chi1: number; phase: string };
    expect(relu.chi1).toBeCloseTo(1, 12);
    expect(relu.phase).toBe('critical');
  });

  it('refuses bad flags with one line and exit 2', async () => {
    const bad = await runCli(['theory', 'fixed-point', '--activation', 'tan', '--sigma-w2', '1']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^initlab: --activation must be one of .*tanh.*, got 'tan'\n$/);
    const missing = await runCli(['theory', 'fixed-point']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--sigma-w2/);
  });
});
