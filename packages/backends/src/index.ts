import { assertKnownOptions, optionKeys } from '@initlab/errors';
/**
 * `@initlab/backends`: register and select a tfjs-core backend (`cpu` or `wasm`) at run time,
 * locate the WASM binaries in Node and in a browser bundle, and report what was obtained.
 *
 * Library packages (`@initlab/models`, …) import only `@tensorflow/tfjs-core`; the application calls
 * {@link useBackend} once before it trains anything.
 *
 * @packageDocumentation
 */
import * as tf from '@tensorflow/tfjs-core';
import { BackendError } from './errors.js';

export { BackendError, type BackendErrorCode } from './errors.js';

/** The backends initlab supports. */
export type BackendName = 'cpu' | 'wasm';

/**
 * Every backend name {@link useBackend} accepts, in order of preference for small dense networks.
 *
 * @example
 * console.log(BACKEND_NAMES); // ['cpu', 'wasm']
 */
export const BACKEND_NAMES: readonly BackendName[] = Object.freeze(['cpu', 'wasm'] as const);

/** The three WASM binaries `@tensorflow/tfjs-backend-wasm` may load. */
export type WasmBinaryName =
  | 'tfjs-backend-wasm.wasm'
  | 'tfjs-backend-wasm-simd.wasm'
  | 'tfjs-backend-wasm-threaded-simd.wasm';

/**
 * Where the WASM binaries live: a folder or URL prefix ending in `/`, or a map from binary
 * file name to its own URL (what bundlers such as Vite give with `?url` imports).
 */
export type WasmPaths = string | Partial<Record<WasmBinaryName, string>>;

/** Options of {@link useBackend}. */
export interface UseBackendOptions {
  /**
   * Location of the WASM binaries (only for `wasm`). Default in Node: the `dist/` folder of the
   * installed `@tensorflow/tfjs-backend-wasm`; default in a browser: tfjs's own lookup next to the
   * script, which bundlers usually break, so browser apps should pass this. Takes effect on the
   * first WASM initialisation of the process (tfjs cannot re-locate an initialised module).
   */
  wasmPaths?: WasmPaths;
  /** Silence tfjs's "install tfjs-node" console notice on the CPU backend. Default `true`. */
  quiet?: boolean;
}

/** What {@link useBackend} obtained. */
export interface BackendInfo {
  /** The active backend. */
  name: BackendName;
  /** Whether the WASM SIMD binary is in use (always `false` on `cpu`). */
  simd: boolean;
  /** Whether the multi-threaded WASM binary is in use (always `false` in Node: tensorflow/tfjs#3830). */
  threads: boolean;
}

function isNode(): boolean {
  const p = (globalThis as { process?: { versions?: { node?: string } } }).process;
  return typeof p?.versions?.node === 'string';
}

/**
 * The folder holding the WASM binaries of the installed `@tensorflow/tfjs-backend-wasm`, as a file
 * path with a trailing separator (Node only; `undefined` in a browser, where the app must say).
 *
 * @example
 * console.log(await defaultWasmPaths()); // '/…/node_modules/@tensorflow/tfjs-backend-wasm/dist/'
 */
export async function defaultWasmPaths(): Promise<string | undefined> {
  if (!isNode()) return undefined;
  // Hidden specifiers keep browser bundlers from trying to resolve Node built-ins.
  const moduleSpecifier = 'node:module';
  const pathSpecifier = 'node:path';
  const { createRequire } = (await import(/* @vite-ignore */ moduleSpecifier)) as typeof import('node:module');
  const path = (await import(/* @vite-ignore */ pathSpecifier)) as typeof import('node:path');
  const require = createRequire(import.meta.url);
  const entry = require.resolve('@tensorflow/tfjs-backend-wasm');
  return path.dirname(entry) + path.sep;
}

function validateName(name: unknown): BackendName {
  if (typeof name === 'string' && (BACKEND_NAMES as readonly string[]).includes(name)) return name as BackendName;
  throw new BackendError(
    'UNKNOWN_BACKEND',
    `useBackend: name must be one of ${BACKEND_NAMES.map((n) => `'${n}'`).join(', ')}, got ${JSON.stringify(name)}`,
  );
}

function validateWasmPaths(paths: unknown): WasmPaths | undefined {
  if (paths === undefined) return undefined;
  if (typeof paths === 'string') {
    if (paths.length === 0) {
      throw new BackendError('INVALID_OPTIONS', `useBackend: wasmPaths must be a non-empty folder or URL prefix, got ''`);
    }
    return paths;
  }
  if (typeof paths === 'object' && paths !== null && !Array.isArray(paths)) {
    const allowed: readonly string[] = [
      'tfjs-backend-wasm.wasm',
      'tfjs-backend-wasm-simd.wasm',
      'tfjs-backend-wasm-threaded-simd.wasm',
    ];
    for (const [key, value] of Object.entries(paths)) {
      if (!allowed.includes(key)) {
        throw new BackendError(
          'INVALID_OPTIONS',
          `useBackend: wasmPaths keys must be one of ${allowed.map((a) => `'${a}'`).join(', ')}, got '${key}'`,
        );
      }
      if (typeof value !== 'string' || value.length === 0) {
        throw new BackendError('INVALID_OPTIONS', `useBackend: wasmPaths['${key}'] must be a non-empty string, got ${JSON.stringify(value)}`);
      }
    }
    return paths as WasmPaths;
  }
  throw new BackendError(
    'INVALID_OPTIONS',
    `useBackend: wasmPaths must be a folder/URL prefix string or a map of binary name to URL, got ${JSON.stringify(paths)}`,
  );
}

let wasmLocated = false;

async function registerBackend(name: BackendName, wasmPaths: WasmPaths | undefined): Promise<void> {
  if (name === 'cpu') {
    await import('@tensorflow/tfjs-backend-cpu');
    return;
  }
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  // setWasmPaths only matters before the module is instantiated; later calls would be ignored by tfjs.
  if (!wasmLocated && tf.engine().registry['wasm'] === undefined) {
    const paths = wasmPaths ?? (await defaultWasmPaths());
    if (paths !== undefined) wasm.setWasmPaths(paths);
    wasmLocated = true;
  }
}

const USE_BACKEND_OPTIONS = optionKeys<UseBackendOptions>({ wasmPaths: true, quiet: true });

/**
 * Registers the backend `name`, makes it tfjs-core's active backend and reports what was obtained.
 * Importing the backend module happens here (lazily), so an app that only uses `cpu` never loads WASM.
 * Calling it again with another name switches backends; tensors do not move between backends.
 *
 * @param name - `'cpu'` (plain JavaScript) or `'wasm'` (WebAssembly, SIMD when the runtime has it).
 * @param opts - where the WASM binaries are, and whether to silence tfjs's console notice.
 * @returns `{ name, simd, threads }` of the active backend.
 * @throws {BackendError} `UNKNOWN_BACKEND` for another name, `INVALID_OPTIONS` for bad `wasmPaths`,
 *   `BACKEND_INIT_FAILED` when tfjs cannot initialise it (for instance the binaries are not found).
 *
 * @example
 * import { useBackend } from '@initlab/backends';
 * const info = await useBackend('wasm');
 * console.log(info); // { name: 'wasm', simd: true, threads: false }
 */
export async function useBackend(name: BackendName, opts: UseBackendOptions = {}): Promise<BackendInfo> {
  const backendName = validateName(name);
  if (typeof opts !== 'object' || opts === null) {
    throw new BackendError('INVALID_OPTIONS', `useBackend: opts must be an object, got ${JSON.stringify(opts)}`);
  }
  assertKnownOptions('useBackend', opts, USE_BACKEND_OPTIONS, (m) => new BackendError('INVALID_OPTIONS', m));
  const wasmPaths = validateWasmPaths(opts.wasmPaths);
  const quiet = opts.quiet ?? true;
  await registerBackend(backendName, wasmPaths);
  let ok: boolean;
  try {
    ok = await tf.setBackend(backendName);
    await tf.ready();
  } catch (cause) {
    throw new BackendError(
      'BACKEND_INIT_FAILED',
      `useBackend: could not initialise backend '${backendName}' (${cause instanceof Error ? cause.message : String(cause)})`,
      { cause },
    );
  }
  if (!ok || tf.getBackend() !== backendName) {
    throw new BackendError(
      'BACKEND_INIT_FAILED',
      `useBackend: could not initialise backend '${backendName}'${backendName === 'wasm' ? ' (are the .wasm binaries at wasmPaths?)' : ''}, active backend is ${JSON.stringify(tf.getBackend() ?? null)}`,
    );
  }
  if (quiet && backendName === 'cpu') {
    // The CPU backend prints an advert for tfjs-node on its first tensor; initlab targets cpu/wasm on purpose.
    const backend = tf.backend() as unknown as { firstUse?: boolean };
    if (backend.firstUse === true) backend.firstUse = false;
  }
  return describeBackend(backendName);
}

async function describeBackend(name: BackendName): Promise<BackendInfo> {
  if (name === 'cpu') return { name, simd: false, threads: false };
  const [simd, threads] = await Promise.all([
    tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'),
    tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT'),
  ]);
  return { name, simd: simd === true, threads: threads === true };
}

/**
 * The active backend, or `null` when tfjs-core has none of the supported backends active.
 *
 * @example
 * await useBackend('cpu');
 * console.log(await currentBackend()); // { name: 'cpu', simd: false, threads: false }
 */
export async function currentBackend(): Promise<BackendInfo | null> {
  const active = tf.engine().backendName as string | null;
  if (active === null || !(BACKEND_NAMES as readonly string[]).includes(active)) return null;
  return describeBackend(active as BackendName);
}
