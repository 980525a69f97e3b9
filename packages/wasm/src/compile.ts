// Compiling and instantiating the kernel modules. Two failures look alike and mean opposite things:
//
// - the engine cannot run WebAssembly SIMD (none at all, no SIMD, or compiling refused by a
//   Content-Security-Policy): the caller takes its JavaScript path, which gives the same results,
//   and under debug we say so once;
// - the engine refuses OUR module: a bug of ours. In tests and under debug the engine's
//   `WebAssembly.CompileError` (or `LinkError`) is thrown as it is, with its byte offset; in
//   production the caller still falls back to JavaScript, and we say so once, debug or not.
//
// A small probe module that uses the newest SIMD instructions the kernels need tells the two apart.
import { v128 } from './encoder.js';
import { isDebug, isStrict, sayOnce } from './debug.js';
import { MAX_MEMORY_PAGES, type MemoryImport, ModuleBuilder } from './module.js';

/** The part of a `WebAssembly.Memory` the kernels use; a shared one's buffer is a `SharedArrayBuffer`. */
export interface WasmMemory {
  readonly buffer: ArrayBuffer | SharedArrayBuffer;
  grow(pages: number): number;
}

/**
 * The slice of the WebAssembly JS API used here, typed locally: the packages target every runtime
 * and their type-check uses neither the DOM lib nor a Node version that declares WebAssembly.
 */
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: Record<string, Record<string, unknown>>) => { exports: Record<string, unknown> };
  Memory: new (descriptor: { initial: number; maximum?: number; shared?: boolean }) => WasmMemory;
}

/** A compiled kernel module, ready to instantiate as often as needed. */
export interface CompiledModule {
  /** The name messages use. */
  readonly label: string;
  /** The engine's `WebAssembly.Module`. */
  readonly module: object;
}

/** An instance and the memory it was given as `env.mem`. */
export interface WasmInstance {
  readonly exports: Record<string, unknown>;
  readonly memory: WasmMemory;
}

const FALLBACK = 'the kernels run in JavaScript (the same results, more slowly)';

/** Builds the probe: f32x4.demote_f64x2_zero and f64x2.convert_low_i32x4_u were among the last SIMD instructions to settle. */
export function buildSimdProbe(): Uint8Array {
  const m = new ModuleBuilder('simd_probe');
  m.function('probe', 'v128').body(v128.f32x4DemoteF64x2Zero(v128.f64x2ConvertLowI32x4U(v128.zero())));
  return m.encode();
}

const wasmApi = (): WasmApi | undefined => (globalThis as { WebAssembly?: WasmApi }).WebAssembly;

/**
 * The WebAssembly API when this engine can compile SIMD modules, else why not. Asked afresh on
 * each compile (a tiny module, and each kernel module is compiled once).
 */
function simdSupport(): { api: WasmApi } | { missing: string } {
  const api = wasmApi();
  if (api === undefined) return { missing: 'this engine has no WebAssembly' };
  const probe = buildSimdProbe();
  if (!api.validate(probe)) return { missing: 'this engine has no WebAssembly SIMD' };
  try {
    new api.Module(probe);
  } catch (error) {
    return { missing: `compiling WebAssembly is refused here (${messageOf(error)})` };
  }
  return { api };
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** Our module was refused: throw in tests and under debug, else fall back and say so once. */
function ownModuleRefused(error: unknown, what: string): null {
  if (isStrict()) throw error;
  sayOnce(`initlab: ${what} (${messageOf(error)}); ${FALLBACK}. Please report this.`);
  return null;
}

/**
 * Compiles one of our kernel modules: null when this engine cannot run WebAssembly SIMD (the
 * caller then takes its JavaScript path; under debug this is said once). Bytes the engine refuses
 * are our bug: in tests and under debug the engine's `CompileError`, with its byte offset, is
 * thrown; in production the result is null and a warning is printed once.
 */
export function compile(bytes: Uint8Array, label: string): CompiledModule | null {
  const supported = simdSupport();
  if ('missing' in supported) {
    if (isDebug()) sayOnce(`initlab: ${supported.missing}; ${FALLBACK}`);
    return null;
  }
  try {
    return { label, module: new supported.api.Module(bytes) };
  } catch (error) {
    return ownModuleRefused(error, `the WebAssembly module '${label}' does not compile`);
  }
}

/**
 * The import object every kernel module takes: its memory as `env.mem`. Structured-cloneable when
 * the memory is shared, so a worker thread given it (and the `WebAssembly.Module`) instantiates
 * the same module on the same memory.
 */
export function memoryImports(memory: WasmMemory): { env: { mem: WasmMemory } } {
  return { env: { mem: memory } };
}

/**
 * Instantiates `compiled` with a fresh memory of `pages` 64 KiB pages as `env.mem`; null when
 * that memory cannot be allocated (the caller takes its JavaScript path). With `shared` (the
 * module must have been encoded with the same {@link MemoryImport}), the memory is a shared one
 * of at most `shared.maximum` pages, which {@link instantiateOn} can give the same module in
 * other threads; null also where shared memory is unavailable (a browser page that is not
 * cross-origin isolated has no `SharedArrayBuffer`).
 */
export function instantiate(compiled: CompiledModule, pages: number, shared?: MemoryImport): WasmInstance | null {
  // A CompiledModule exists only where compile() found the API.
  const api = wasmApi()!;
  let memory: WasmMemory;
  try {
    memory = new api.Memory(shared === undefined ? { initial: pages } : { initial: pages, maximum: shared.maximum, shared: true });
  } catch (error) {
    if (isDebug()) sayOnce(`initlab: could not allocate ${shared === undefined ? '' : 'shared '}WebAssembly memory for '${compiled.label}' (${messageOf(error)}); ${FALLBACK}`);
    return null;
  }
  return instantiateOn(compiled, memory);
}

/**
 * Instantiates `compiled` on an existing memory: in another thread, the shared memory of an
 * instance made by {@link instantiate} with `shared`, both posted to it (a `CompiledModule` and a
 * shared `WebAssembly.Memory` are structured-cloneable), so that both threads' instances read and
 * write the same bytes. Null where a module of ours is refused in production (see {@link compile}).
 */
export function instantiateOn(compiled: CompiledModule, memory: WasmMemory): WasmInstance | null {
  const api = wasmApi()!;
  try {
    return { exports: new api.Instance(compiled.module, memoryImports(memory)).exports, memory };
  } catch (error) {
    return ownModuleRefused(error, `the WebAssembly module '${compiled.label}' does not instantiate`);
  }
}

/**
 * How a kernel module imports a shared memory that may grow to the most a 32-bit memory addresses: every
 * module that runs on the product threads' memory declares the same (an engine links only a match). Its
 * pages are reserved address space until used.
 */
export const SHARED_MEMORY: MemoryImport = { shared: true, maximum: MAX_MEMORY_PAGES };

/**
 * The module `build` encodes, instantiated on an existing memory, plain or shared (`isShared`), compiled
 * once for each kind: how a second kernel module runs on a first one's memory, so that both read and write
 * the same floats. The function returns null where the module is refused (see {@link compile}).
 *
 * @example
 * ```ts
 * const updateOn = moduleOnMemory(buildUpdateModule, 'update');
 * const instance = updateOn(denseInstance.memory, false);
 * ```
 */
export function moduleOnMemory(build: (memory?: MemoryImport) => Uint8Array, label: string): (memory: WasmMemory, isShared: boolean) => WasmInstance | null {
  const compiled: { plain?: CompiledModule | null; shared?: CompiledModule | null } = {};
  return (memory, isShared) => {
    const key = isShared ? 'shared' : 'plain';
    if (compiled[key] === undefined) compiled[key] = compile(build(isShared ? SHARED_MEMORY : undefined), `${label}_${key}`);
    const module = compiled[key];
    return module === null ? null : instantiateOn(module, memory);
  };
}
