import { describe, expect, it } from 'vitest';
import { sharedKernels } from './shared-kernels.js';

describe('sharedKernels', () => {
  it('makes the set once, on first use, with WebAssembly asked for', () => {
    const asked: boolean[] = [];
    const kernels = sharedKernels((useWasm) => {
      asked.push(useWasm);
      return { wasm: useWasm };
    });
    expect(asked).toEqual([]);
    const first = kernels.current();
    expect(kernels.current()).toBe(first);
    expect(asked).toEqual([true]);
  });

  it('select replaces the set and says whether WebAssembly is in use', () => {
    // A set whose WebAssembly failed to compile reports wasm: false even when it was asked for.
    const kernels = sharedKernels((useWasm) => ({ wasm: useWasm, made: Symbol('set') }));
    const before = kernels.current();
    expect(kernels.select('js')).toBe(false);
    expect(kernels.current()).not.toBe(before);
    expect(kernels.current().wasm).toBe(false);
    expect(kernels.select('wasm')).toBe(true);
    expect(sharedKernels(() => ({ wasm: false })).select('wasm')).toBe(false);
  });
});
