import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { buildSimdProbe, compile, instantiate, moduleOnMemory, SHARED_MEMORY } from './compile.js';
import { setDebug } from './debug.js';
import { f32, f64, i32, local } from './encoder.js';
import type { MemoryImport } from './module.js';
import { ModuleBuilder } from './module.js';

/** Our own bug: an i32.add of an f64 parameter. */
function invalidModule(): Uint8Array {
  const m = new ModuleBuilder('broken');
  const f = m.function('oops', 'i32');
  const x = f.param('x', 'f64');
  f.body(i32.add(local.get(x), i32.const(1)));
  return m.encode();
}

function validModule(): Uint8Array {
  const m = new ModuleBuilder('valid');
  const f = m.function('twice', 'f64');
  const x = f.param('x', 'f64');
  f.body(f64.add(local.get(x), local.get(x)));
  return m.encode();
}

const realWebAssembly = (globalThis as { WebAssembly?: unknown }).WebAssembly as {
  validate(b: Uint8Array): boolean;
  Module: new (b: Uint8Array) => object;
  CompileError: new (message?: string) => Error;
};

let warn: ReturnType<typeof vi.spyOn>;
beforeEach(() => {
  // Each test sees a fresh "said once" record and records what is said.
  delete (globalThis as Record<symbol, unknown>)[Symbol.for('initlab.debug.said')];
  // setDebug writes INITLAB_DEBUG: stubbing it first has unstubAllEnvs restore it.
  vi.stubEnv('INITLAB_DEBUG', undefined);
  warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
});
afterEach(() => {
  vi.unstubAllGlobals();
  vi.unstubAllEnvs();
  delete (globalThis as Record<symbol, unknown>)[Symbol.for('initlab.debug')];
  warn.mockRestore();
});

describe('compile', () => {
  it('compiles and instantiates a valid module with a fresh memory of the pages asked for', () => {
    const instance = instantiate(compile(validModule(), 'valid')!, 3)!;
    expect(instance.memory.buffer.byteLength).toBe(3 * 65536);
    expect((instance.exports['twice'] as (x: number) => number)(1.25)).toBe(2.5);
  });

  it('the SIMD probe is a valid module (Node has WebAssembly SIMD)', () => {
    expect(realWebAssembly.validate(buildSimdProbe())).toBe(true);
  });

  it('in tests, throws the engine CompileError for invalid bytes of ours, with the function name and byte offset', () => {
    let thrown: unknown;
    try {
      compile(invalidModule(), 'broken');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(realWebAssembly.CompileError);
    expect((thrown as Error).message).toMatch(/Compiling function #0:"oops" failed: .* @\+\d+$/);
    expect(warn).not.toHaveBeenCalled();
  });

  it('under debug (outside a test run) it throws too', () => {
    vi.stubEnv('VITEST', undefined);
    setDebug(true);
    expect(() => compile(invalidModule(), 'broken')).toThrow(realWebAssembly.CompileError);
  });

  it('in production (no debug, no test run) it falls back to JavaScript and warns once', () => {
    vi.stubEnv('VITEST', undefined);
    expect(compile(invalidModule(), 'broken')).toBeNull();
    expect(compile(invalidModule(), 'broken')).toBeNull();
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]![0]).toMatch(/^initlab: the WebAssembly module 'broken' does not compile \(.*@\+\d+\); the kernels run in JavaScript/);
  });

  it('without WebAssembly, falls back silently, and under debug says so once', () => {
    vi.stubGlobal('WebAssembly', undefined);
    expect(compile(validModule(), 'valid')).toBeNull();
    expect(warn).not.toHaveBeenCalled();
    setDebug(true);
    expect(compile(validModule(), 'valid')).toBeNull();
    expect(compile(invalidModule(), 'broken')).toBeNull();
    expect(warn.mock.calls).toEqual([['initlab: this engine has no WebAssembly; the kernels run in JavaScript (the same results, more slowly)']]);
  });

  it('an engine without SIMD is not an invalid module: it falls back, even in tests', () => {
    // An engine that rejects every SIMD module, the probe included.
    vi.stubGlobal('WebAssembly', { ...realWebAssembly, validate: () => false, Module: realWebAssembly.Module });
    setDebug(true);
    expect(compile(invalidModule(), 'broken')).toBeNull();
    expect(warn.mock.calls).toEqual([['initlab: this engine has no WebAssembly SIMD; the kernels run in JavaScript (the same results, more slowly)']]);
  });

  it('a refusal to compile anything (a Content-Security-Policy) falls back too', () => {
    const refuse = function Module(): never {
      throw new realWebAssembly.CompileError('WebAssembly.Module(): Wasm code generation disallowed by embedder');
    };
    vi.stubGlobal('WebAssembly', { ...realWebAssembly, validate: realWebAssembly.validate, Module: refuse });
    setDebug(true);
    expect(compile(validModule(), 'valid')).toBeNull();
    expect(warn.mock.calls[0]![0]).toMatch(/^initlab: compiling WebAssembly is refused here \(.*disallowed by embedder\)/);
  });

  it('a memory that cannot be allocated is a fallback, not an error', () => {
    const compiled = compile(validModule(), 'valid')!;
    const noMemory = function Memory(): never {
      throw new RangeError('WebAssembly.Memory(): could not allocate memory');
    };
    vi.stubGlobal('WebAssembly', { ...realWebAssembly, Memory: noMemory });
    expect(instantiate(compiled, 40_000)).toBeNull();
  });
});

describe('moduleOnMemory', () => {
  /** A module that stores a float at an address of its imported memory. */
  const writer = (memory?: MemoryImport): Uint8Array => {
    const m = new ModuleBuilder('writer');
    const f = m.function('put');
    const at = f.param('at', 'i32');
    const v = f.param('v', 'f32');
    f.body(f32.store(local.get(at), local.get(v)));
    return m.encode(memory);
  };

  it("runs a second module on another instance's memory, plain or shared, compiling each kind once", () => {
    const on = moduleOnMemory(writer, 'writer');
    for (const shared of [false, true]) {
      const home = instantiate(compile(writer(shared ? SHARED_MEMORY : undefined), 'home')!, 1, shared ? SHARED_MEMORY : undefined)!;
      const second = on(home.memory, shared)!;
      (second.exports['put'] as (at: number, v: number) => void)(8, 2.5);
      expect(new Float32Array(home.memory.buffer)[2]).toBe(2.5);
      expect(home.memory.buffer instanceof SharedArrayBuffer).toBe(shared);
    }
    // a plain module does not link to a shared memory: the kinds are not mixed up
    const plainHome = instantiate(compile(writer(), 'home')!, 1)!;
    expect(() => on(plainHome.memory, true)).toThrow();
  });
});
