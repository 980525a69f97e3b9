/**
 * What went wrong, as a stable machine-readable code.
 *
 * - `INVALID_NAME`: a module, function, parameter or local name breaks the naming rule.
 * - `INVALID_DEFINITION`: a module or function is put together out of order (a parameter after a
 *   local, a body given twice or never, a name used twice).
 */
export type WasmErrorCode = 'INVALID_NAME' | 'INVALID_DEFINITION';

/**
 * The error `@initlab/wasm` throws for a kernel module built wrongly. (Bytes the engine refuses
 * raise the engine's own `WebAssembly.CompileError`, which carries the byte offset.)
 */
export class WasmError extends Error {
  /** Stable code for programmatic handling. */
  readonly code: WasmErrorCode;

  constructor(code: WasmErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'WasmError';
    this.code = code;
  }
}
