export { ctl, f32, f64, i32, local, v128, type Code, type Local, type ValueType } from './encoder.js';
export { FunctionBuilder, MAX_MEMORY_PAGES, ModuleBuilder, type MemoryImport } from './module.js';
export {
  compile,
  instantiate,
  instantiateOn,
  memoryImports,
  moduleOnMemory,
  SHARED_MEMORY,
  type CompiledModule,
  type WasmInstance,
  type WasmMemory,
} from './compile.js';
export { isDebug, setDebug } from './debug.js';
export { sharedKernels, type SharedKernels } from './shared-kernels.js';
export { WasmError, type WasmErrorCode } from './errors.js';
