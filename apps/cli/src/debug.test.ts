import { isDebug } from '@initlab/wasm';
import { afterEach, expect, it, vi } from 'vitest';
import { main } from './main.js';

afterEach(() => {
  vi.unstubAllEnvs();
  delete (globalThis as Record<symbol, unknown>)[Symbol.for('initlab.debug')];
});

it('--debug turns debug on for the library packages too (their WebAssembly kernels read it)', async () => {
  // setDebug writes INITLAB_DEBUG: stubbing it first has unstubAllEnvs restore it.
  vi.stubEnv('INITLAB_DEBUG', undefined);
  const io = { stdout: () => {}, stderr: () => {} };
  expect(await main(['node', 'initlab', 'initializers', 'list'], io)).toBe(0);
  expect(isDebug()).toBe(false);
  expect(await main(['node', 'initlab', '--debug', 'initializers', 'list'], io)).toBe(0);
  expect(isDebug()).toBe(true);
});
