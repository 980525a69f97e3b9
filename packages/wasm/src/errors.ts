import { errorClass, kindTable, type CodeOf } from '@initlab/errors';

// A kernel module built wrongly is a bug in initlab's own code, never the user's input: runtime, not usage.
const WASM_ERROR_CODES = { runtime: ['INVALID_NAME', 'INVALID_DEFINITION'] } as const;

/**
 * What went wrong, as a stable machine-readable code.
 *
 * - `INVALID_NAME`: a module, function, parameter or local name breaks the naming rule.
 * - `INVALID_DEFINITION`: a module or function is put together out of order (a parameter after a
 *   local, a body given twice or never, a name used twice).
 */
export type WasmErrorCode = CodeOf<typeof WASM_ERROR_CODES>;

/** The kind of each code. */
export const WASM_ERROR_KINDS = kindTable(WASM_ERROR_CODES);

/**
 * The error `@initlab/wasm` throws for a kernel module built wrongly. (Bytes the engine refuses
 * raise the engine's own `WebAssembly.CompileError`, which carries the byte offset.)
 */
export class WasmError extends errorClass<WasmErrorCode>('WasmError', WASM_ERROR_KINDS) {}
