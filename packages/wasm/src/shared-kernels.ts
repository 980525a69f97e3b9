/** A module's kernel set as `sharedKernels` hands it out. */
export interface SharedKernels<K extends { readonly wasm: boolean }> {
  /** The set in use, made on first call with WebAssembly where the engine runs it (else JavaScript). */
  current(): K;
  /** Replaces the set with one implementation; returns whether WebAssembly is in use. For the tests that compare both. */
  select(implementation: 'wasm' | 'js'): boolean;
}

/**
 * The one kernel set a module shares: made lazily, so importing a package compiles nothing, and
 * switchable, so tests can prove the WebAssembly and JavaScript paths give the same bits.
 *
 * @example
 * ```ts
 * const kernels = sharedKernels((useWasm) => createKernels(useWasm));
 * kernels.current().wasm; // true where WebAssembly SIMD runs
 * ```
 */
export function sharedKernels<K extends { readonly wasm: boolean }>(create: (useWasm: boolean) => K): SharedKernels<K> {
  let shared: K | undefined;
  return {
    current: () => (shared ??= create(true)),
    select(implementation) {
      shared = create(implementation === 'wasm');
      return shared.wasm;
    },
  };
}
