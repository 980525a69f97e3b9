// The command line as a Unix tool: pipes that close early, usage errors, and warnings, through the built binary.
import { describe, expect, it } from 'vitest';
import { runCli } from './testing/run-cli.js';

describe('a command line that behaves like a Unix tool', () => {
  it('ends quietly with exit 0 when the reader closes stdout (initlab diagnose | head -1)', async () => {
    const r = await runCli(['diagnose', '--depth', '3', '--width', '8'], { closeStdoutAfterLines: 1 });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^3 × 8 tanh layers/);
  });

  it('treats a missing command as a usage error: help on stderr, exit 2; asked-for help exits 0', async () => {
    for (const args of [[], ['datasets']]) {
      const r = await runCli(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/^Usage: initlab/);
    }
    for (const args of [['--help'], ['help'], ['help', 'datasets'], ['datasets', '--help']]) {
      const r = await runCli(args);
      expect(r.code, args.join(' ')).toBe(0);
      expect(r.stdout).toMatch(/^Usage: initlab/);
    }
  });
});
