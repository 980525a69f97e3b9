import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { compile, instantiate, instantiateOn, memoryImports, type CompiledModule, type WasmMemory } from './compile.js';
import { i32, local } from './encoder.js';
import { WasmError } from './errors.js';
import { MAX_MEMORY_PAGES, ModuleBuilder, type MemoryImport } from './module.js';
import { disassemble } from './wat.js';

const SHARED: MemoryImport = { shared: true, maximum: 16 };

/** store(addr, v) and load(addr): i32 at a byte address of `env.mem`. */
function peekPoke(): ModuleBuilder {
  const m = new ModuleBuilder('peek_poke');
  const store = m.function('store');
  const { addr, value } = store.params({ addr: 'i32', value: 'i32' });
  store.body(i32.store(local.get(addr), local.get(value)));
  const load = m.function('load', 'i32');
  const at = load.param('addr', 'i32');
  load.body(i32.load(local.get(at)));
  return m;
}

type Store = (addr: number, value: number) => void;
type Load = (addr: number) => number;

const realWebAssembly = (globalThis as { WebAssembly?: unknown }).WebAssembly as { Memory: new (d: object) => WasmMemory; LinkError: new () => Error };

afterEach(() => {
  vi.unstubAllGlobals();
  vi.unstubAllEnvs();
});

describe('shared memory', () => {
  it('encodes a shared memory import with its maximum, which wasm2wat reads back', async () => {
    const text = await disassemble(peekPoke().encode(SHARED));
    expect(text).toContain('(import "env" "mem" (memory (;0;) 1 16 shared))');
    expect(await disassemble(peekPoke().encode())).toContain('(import "env" "mem" (memory (;0;) 1))');
  });

  it('refuses a shared import without a maximum in [1, 65536] pages', () => {
    for (const maximum of [0, MAX_MEMORY_PAGES + 1, 1.5, Number.NaN]) {
      expect(() => peekPoke().encode({ shared: true, maximum })).toThrow(WasmError);
    }
    expect(() => peekPoke().encode({ shared: true, maximum: 0 })).toThrow(/maximum an integer in \[1, 65536\] pages; got \{"shared":true,"maximum":0\}/);
    expect(peekPoke().encode({ shared: true, maximum: MAX_MEMORY_PAGES }).length).toBeGreaterThan(0);
  });

  it('instantiates on a fresh shared memory that grows in place, and a second instance on it sees the same bytes', () => {
    const compiled = compile(peekPoke().encode(SHARED), 'peek_poke')!;
    const first = instantiate(compiled, 2, SHARED)!;
    expect(first.memory.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(first.memory.buffer.byteLength).toBe(2 * 65536);
    const second = instantiateOn(compiled, first.memory)!;
    (first.exports['store'] as Store)(100, 7);
    expect((second.exports['load'] as Load)(100)).toBe(7);
    // growing through one instance is seen by the other; the memory stops at its maximum
    first.memory.grow(3);
    (second.exports['store'] as Store)(5 * 65536 - 4, 9);
    expect(new Int32Array(first.memory.buffer)[(5 * 65536 - 4) / 4]).toBe(9);
    expect(() => first.memory.grow(12)).toThrow(RangeError);
  });

  it('a module and a memory of different kinds do not link: our bug, thrown in tests', () => {
    const plain = compile(peekPoke().encode(), 'plain')!;
    const shared = compile(peekPoke().encode(SHARED), 'shared')!;
    const sharedMemory = instantiate(shared, 1, SHARED)!.memory;
    expect(() => instantiateOn(plain, sharedMemory)).toThrow(realWebAssembly.LinkError);
    expect(() => instantiate(shared, 1)).toThrow(realWebAssembly.LinkError);
  });

  it('where shared memory cannot be had (no cross-origin isolation), instantiate is null: one thread', () => {
    const compiled = compile(peekPoke().encode(SHARED), 'peek_poke')!;
    const Memory = function Memory(descriptor: { shared?: boolean }): WasmMemory {
      if (descriptor.shared === true) throw new TypeError('WebAssembly.Memory(): shared memory needs SharedArrayBuffer');
      return new realWebAssembly.Memory(descriptor);
    };
    vi.stubGlobal('WebAssembly', { ...realWebAssembly, Memory });
    expect(instantiate(compiled, 1, SHARED)).toBeNull();
  });

  it('another thread instantiates the same compiled module on the same memory', async () => {
    const compiled = compile(peekPoke().encode(SHARED), 'peek_poke')!;
    const { exports, memory } = instantiate(compiled, 1, SHARED)!;
    (exports['store'] as Store)(64, 1234);
    // The worker is plain JavaScript (it cannot import these TypeScript sources): it gets what
    // instantiateOn would pass, the compiled module and memoryImports(memory), both cloned.
    const worker = new Worker(
      `const { parentPort, workerData } = require('node:worker_threads');
       const { exports } = new WebAssembly.Instance(workerData.compiled.module, workerData.imports);
       const seen = exports.load(64);
       exports.store(68, seen + 1);
       parentPort.postMessage(seen);`,
      { eval: true, workerData: { compiled: compiled satisfies CompiledModule, imports: memoryImports(memory) } },
    );
    const seen = await new Promise((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    await worker.terminate();
    expect(seen).toBe(1234);
    expect((exports['load'] as Load)(68)).toBe(1235);
  });
});
