import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { isDebug, isStrict, sayOnce, setDebug } from './debug.js';

const FLAG = Symbol.for('initlab.debug');
const shared = globalThis as Record<symbol, unknown>;

beforeEach(() => {
  vi.stubEnv('INITLAB_DEBUG', undefined);
  delete shared[FLAG];
});
afterEach(() => {
  vi.unstubAllEnvs();
  delete shared[FLAG];
});

describe('debug flag', () => {
  it('is off by default, and set for every copy of the module through a global symbol and the environment', () => {
    expect(isDebug()).toBe(false);
    setDebug(true);
    expect(shared[FLAG]).toBe(true);
    expect(process.env['INITLAB_DEBUG']).toBe('1');
    expect(isDebug()).toBe(true);
    setDebug(false);
    expect(isDebug()).toBe(false);
    expect(process.env['INITLAB_DEBUG']).toBeUndefined();
  });

  it('reads INITLAB_DEBUG when setDebug was never called', () => {
    for (const [value, on] of [['1', true], ['yes', true], ['0', false], ['false', false], ['FALSE', false], ['', false]] as const) {
      vi.stubEnv('INITLAB_DEBUG', value);
      expect(isDebug(), `INITLAB_DEBUG=${JSON.stringify(value)}`).toBe(on);
    }
  });

  it('is strict in every test run (VITEST is set) and under debug', () => {
    expect(isStrict()).toBe(true);
    vi.stubEnv('VITEST', undefined);
    expect(isStrict()).toBe(false);
    setDebug(true);
    expect(isStrict()).toBe(true);
  });

  it('says a message once per process', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const message = `once ${Math.random()}`;
    sayOnce(message);
    sayOnce(message);
    expect(warn.mock.calls).toEqual([[message]]);
    warn.mockRestore();
  });
});
