// Test-only helper: a tiny seeded generator so statistical tests are reproducible without depending on
// another package. Not exported from the package entry. The uniforms are the bootstrap's own generator.
import { uniformSource } from './bootstrap.js';

/** Standard normal draws by Box–Muller from a seeded uniform source. */
export function normalSource(seed: number): () => number {
  const uniform = uniformSource(seed);
  return () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
}
