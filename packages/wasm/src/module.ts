// Modules and functions, with locals declared by name and type: the builder numbers them (the
// parameters first, then the locals, in the order declared) and writes a name section, so
// browser tools and wasm2wat show `$acc0` where the bytes say local 27.
import { type Code, type Local, uleb, type ValueType } from './encoder.js';
import { WasmError } from './errors.js';

const TYPE_CODES: Readonly<Record<ValueType, number>> = { i32: 0x7f, i64: 0x7e, f32: 0x7d, f64: 0x7c, v128: 0x7b };

// A text-format identifier without `$`: what wasm2wat prints unquoted. ASCII, so one byte a character.
const NAME_RULE = /^[A-Za-z_][A-Za-z0-9_.]*$/;

function checkName(what: string, name: string): void {
  if (!NAME_RULE.test(name)) {
    throw new WasmError('INVALID_NAME', `${what} name must be ASCII letters, digits, '_' or '.', starting with a letter or '_'; got ${JSON.stringify(name)}`);
  }
}

function checkType(what: string, type: string): asserts type is ValueType {
  if (!Object.hasOwn(TYPE_CODES, type)) {
    throw new WasmError('INVALID_DEFINITION', `${what} type must be one of ${Object.keys(TYPE_CODES).join(', ')}; got ${JSON.stringify(type)}`);
  }
}

const vec = (items: Code[]): Code => [...uleb(items.length), ...items.flat()];
const name = (text: string): Code => vec([...text].map((c) => [c.charCodeAt(0)]));
const section = (id: number, bytes: Code): Code => [id, ...uleb(bytes.length), ...bytes];

/** One exported function, built by {@link ModuleBuilder.function}. */
export class FunctionBuilder {
  readonly name: string;
  readonly result: ValueType | undefined;
  readonly #declared: Local[] = [];
  #paramCount = 0;
  #body: Code | undefined;

  constructor(name: string, result?: ValueType) {
    checkName('function', name);
    if (result !== undefined) checkType(`function '${name}' result`, result);
    this.name = name;
    this.result = result;
  }

  /** Declares the next parameter; every parameter comes before the first local. */
  param(name: string, type: ValueType): Local {
    if (this.#declared.length > this.#paramCount) {
      throw new WasmError('INVALID_DEFINITION', `function '${this.name}': parameter '${name}' must be declared before the locals (first local: '${this.#declared[this.#paramCount]!.name}')`);
    }
    const declared = this.#declare('parameter', name, type);
    this.#paramCount++;
    return declared;
  }

  /** Declares parameters in the order written: `const { src, n } = f.params({ src: 'i32', n: 'i32' })`. */
  params<const T extends Readonly<Record<string, ValueType>>>(types: T): { readonly [K in keyof T]: Local } {
    return Object.fromEntries(Object.entries(types).map(([n, type]) => [n, this.param(n, type)])) as { [K in keyof T]: Local };
  }

  /** Declares the next local. */
  local(name: string, type: ValueType): Local {
    return this.#declare('local', name, type);
  }

  /** Declares locals in the order written: `const { i, acc } = f.locals({ i: 'i32', acc: 'v128' })`. */
  locals<const T extends Readonly<Record<string, ValueType>>>(types: T): { readonly [K in keyof T]: Local } {
    return Object.fromEntries(Object.entries(types).map(([n, type]) => [n, this.local(n, type)])) as { [K in keyof T]: Local };
  }

  /** The function's code (its result, if any, left on the stack); given once. */
  body(...code: Code[]): void {
    if (this.#body !== undefined) throw new WasmError('INVALID_DEFINITION', `function '${this.name}': body given twice`);
    this.#body = code.flat();
  }

  /** The parameters and then the locals, in index order. */
  get declared(): readonly Local[] {
    return this.#declared;
  }

  /** @internal The type section entry. */
  encodeType(): Code {
    const params = this.#declared.slice(0, this.#paramCount).map((p) => [TYPE_CODES[p.type]]);
    return [0x60, ...vec(params), ...vec(this.result === undefined ? [] : [[TYPE_CODES[this.result]]])];
  }

  /** @internal The code section entry: the locals' types run-length encoded, then the body. */
  encodeCode(): Code {
    if (this.#body === undefined) throw new WasmError('INVALID_DEFINITION', `function '${this.name}' has no body: call body() before encoding`);
    const locals = this.#declared.slice(this.#paramCount);
    const groups: Code[] = [];
    for (let i = 0; i < locals.length; ) {
      let j = i;
      while (j < locals.length && locals[j]!.type === locals[i]!.type) j++;
      groups.push([...uleb(j - i), TYPE_CODES[locals[i]!.type]]);
      i = j;
    }
    const code = [...vec(groups), ...this.#body, 0x0b];
    return [...uleb(code.length), ...code];
  }

  #declare(what: string, name: string, type: ValueType): Local {
    checkName(`function '${this.name}': ${what}`, name);
    checkType(`function '${this.name}': ${what} '${name}'`, type);
    if (this.#declared.some((l) => l.name === name)) {
      throw new WasmError('INVALID_DEFINITION', `function '${this.name}': ${what} name '${name}' is already declared; each parameter and local needs its own name`);
    }
    const declared: Local = { name, type, index: this.#declared.length };
    this.#declared.push(declared);
    return declared;
  }
}

/**
 * How a module imports its memory `env.mem`: by default a plain memory of at least one page; with
 * `shared`, a shared memory (a `SharedArrayBuffer` underneath) of at most `maximum` 64 KiB pages,
 * which threads that instantiate the same module on it all see. A shared memory must declare its
 * maximum, and an engine links a module only to a memory of the same kind.
 */
export interface MemoryImport {
  shared: true;
  /** Pages the memory may grow to, 1 … 65536 (4 GiB, the most a 32-bit memory addresses). */
  maximum: number;
}

/** The most pages a 32-bit WebAssembly memory has. */
export const MAX_MEMORY_PAGES = 65536;

// Limits flags of a memory type: 0x00 minimum only, 0x03 minimum and maximum, shared.
function memoryLimits(memory: MemoryImport | undefined): Code {
  if (memory === undefined) return [0x00, 0x01];
  if (memory.shared !== true || !Number.isInteger(memory.maximum) || memory.maximum < 1 || memory.maximum > MAX_MEMORY_PAGES) {
    throw new WasmError('INVALID_DEFINITION', `a shared memory import needs shared: true and maximum an integer in [1, ${MAX_MEMORY_PAGES}] pages; got ${JSON.stringify(memory)}`);
  }
  return [0x03, 0x01, ...uleb(memory.maximum)];
}

/**
 * A module that imports its memory as `env.mem` (at least one page; see {@link MemoryImport}) and
 * exports every function under its own name, in the order added.
 *
 * @example
 * ```ts
 * const m = new ModuleBuilder('demo');
 * const f = m.function('double', 'i32');
 * const x = f.param('x', 'i32');
 * f.body(i32.add(local.get(x), local.get(x)));
 * const bytes = m.encode();
 * ```
 */
export class ModuleBuilder {
  readonly name: string;
  readonly #functions: FunctionBuilder[] = [];

  constructor(name: string) {
    checkName('module', name);
    this.name = name;
  }

  /** Adds an exported function; declare its parameters, then its locals, then give its body. */
  function(name: string, result?: ValueType): FunctionBuilder {
    if (this.#functions.some((f) => f.name === name)) {
      throw new WasmError('INVALID_DEFINITION', `module '${this.name}': function name '${name}' is already used; each function needs its own name`);
    }
    const f = new FunctionBuilder(name, result);
    this.#functions.push(f);
    return f;
  }

  /**
   * The binary module, ending with its name section (module, function and local names); with
   * `memory`, importing a shared memory (the functions are the same either way).
   */
  encode(memory?: MemoryImport): Uint8Array {
    const functions = this.#functions;
    return new Uint8Array([
      0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
      ...section(1, vec(functions.map((f) => f.encodeType()))),
      ...section(2, vec([[...name('env'), ...name('mem'), 0x02, ...memoryLimits(memory)]])),
      ...section(3, vec(functions.map((_, i) => uleb(i)))),
      ...section(7, vec(functions.map((f, i) => [...name(f.name), 0x00, ...uleb(i)]))),
      ...section(10, vec(functions.map((f) => f.encodeCode()))),
      ...section(0, [...name('name'), ...this.#names()]),
    ]); // prettier-ignore
  }

  /** The name section's subsections (framed like sections): 0 the module, 1 the functions, 2 each function's locals. */
  #names(): Code {
    const functions = this.#functions;
    const nameMap = (names: readonly string[]): Code => vec(names.map((n, i) => [...uleb(i), ...name(n)]));
    return [
      ...section(0, name(this.name)),
      ...section(1, nameMap(functions.map((f) => f.name))),
      ...section(2, vec(functions.map((f, i) => [...uleb(i), ...nameMap(f.declared.map((l) => l.name))]))),
    ];
  }
}
