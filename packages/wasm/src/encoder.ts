// The instructions initlab's SIMD kernels are written with, as folded expressions: each helper
// returns the bytes of its operands followed by its opcode. Small enough to read, so the kernels
// ship as source with no toolchain and no binary blob. Modules are assembled in `module.ts`.

export type Code = number[];

/** A WebAssembly value type. */
export type ValueType = 'i32' | 'i64' | 'f32' | 'f64' | 'v128';

/** A parameter or local of one function, from `FunctionBuilder.param`/`local`: pass it to `local.get` / `local.set`. */
export interface Local {
  readonly name: string;
  readonly type: ValueType;
  /** Its index in the function: parameters first, then locals, in the order declared. */
  readonly index: number;
}

/** Unsigned LEB128. */
export function uleb(n: number): Code {
  const out: Code = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

function sleb(n: number): Code {
  const out: Code = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

const seq = (...parts: Code[]): Code => parts.flat();
const simd = (opcode: number): Code => [0xfd, ...uleb(opcode)];
const unary = (opcode: Code) => (a: Code): Code => [...a, ...opcode];
const binary = (opcode: Code) => (a: Code, b: Code): Code => [...a, ...b, ...opcode];

/** Control flow; `depth` counts enclosing blocks/loops from the innermost (0). */
export const ctl = {
  seq,
  block: (...body: Code[]): Code => [0x02, 0x40, ...body.flat(), 0x0b],
  loop: (...body: Code[]): Code => [0x03, 0x40, ...body.flat(), 0x0b],
  if: (cond: Code, ...then: Code[]): Code => [...cond, 0x04, 0x40, ...then.flat(), 0x0b],
  ifElse: (cond: Code, then: Code, otherwise: Code): Code => [...cond, 0x04, 0x40, ...then, 0x05, ...otherwise, 0x0b],
  br: (depth: number): Code => [0x0c, ...uleb(depth)],
  brIf: (depth: number, cond: Code): Code => [...cond, 0x0d, ...uleb(depth)],
  return: (value: Code): Code => [...value, 0x0f],
};

/** Locals and parameters, by the handle `FunctionBuilder.local`/`param` returned: never by number. */
export const local = {
  get: (l: Local): Code => [0x20, ...uleb(l.index)],
  set: (l: Local, value: Code): Code => [...value, 0x21, ...uleb(l.index)],
};

export const i32 = {
  const: (c: number): Code => [0x41, ...sleb(c | 0)],
  load: (addr: Code, offset = 0): Code => [...addr, 0x28, 2, ...uleb(offset)],
  store: (addr: Code, value: Code): Code => [...addr, ...value, 0x36, 2, 0],
  eqz: unary([0x45]),
  ltS: binary([0x48]),
  ltU: binary([0x49]),
  geU: binary([0x4f]),
  add: binary([0x6a]),
  sub: binary([0x6b]),
  mul: binary([0x6c]),
  and: binary([0x71]),
  xor: binary([0x73]),
  shl: binary([0x74]),
  shrU: binary([0x76]),
  rotl: binary([0x77]),
};

export const f64 = {
  load: (addr: Code, offset = 0): Code => [...addr, 0x2b, 3, ...uleb(offset)],
  store: (addr: Code, value: Code): Code => [...addr, ...value, 0x39, 3, 0],
  /** f64.const (the value exactly). */
  const: (value: number): Code => [0x44, ...new Uint8Array(new Float64Array([value]).buffer)],
  sub: binary([0xa1]),
  gt: binary([0x64]),
  add: binary([0xa0]),
  mul: binary([0xa2]),
  div: binary([0xa3]),
  sqrt: unary([0x9f]),
  convertI32U: unary([0xb8]),
  promoteF32: unary([0xbb]),
};

export const f32 = {
  load: (addr: Code, offset = 0): Code => [...addr, 0x2a, 2, ...uleb(offset)],
  store: (addr: Code, value: Code): Code => [...addr, ...value, 0x38, 2, 0],
  /** f32.const (the value rounded to float32). */
  const: (value: number): Code => [0x43, ...new Uint8Array(new Float32Array([value]).buffer)],
  add: binary([0x92]),
  sub: binary([0x93]),
  mul: binary([0x94]),
  div: binary([0x95]),
  max: binary([0x97]),
  demoteF64: unary([0xb6]),
};

/** Fixed-width SIMD (WebAssembly 2.0). */
export const v128 = {
  /** v128.load from addr + offset (bytes, a constant). */
  load: (addr: Code, offset = 0): Code => [...addr, ...simd(0x00), 4, ...uleb(offset)],
  store: (addr: Code, value: Code, offset = 0): Code => [...addr, ...value, ...simd(0x0b), 4, ...uleb(offset)],
  /** v128.load32_splat: the float (or int) at addr + offset in all four lanes. */
  load32Splat: (addr: Code, offset = 0): Code => [...addr, ...simd(0x09), 2, ...uleb(offset)],
  /** i8x16.shuffle: byte j of the result is byte lanes[j] of a‖b. */
  shuffle: (a: Code, b: Code, lanes: readonly number[]): Code => [...a, ...b, ...simd(0x0d), ...lanes],
  zero: (): Code => [...simd(0x0c), ...new Array<number>(16).fill(0)],
  /** v128.const with four equal float32 lanes. */
  f32x4Const: (value: number): Code => {
    const lane = new Uint8Array(new Float32Array([value]).buffer);
    return [...simd(0x0c), ...lane, ...lane, ...lane, ...lane];
  },
  /** v128.const with four int32 lanes, lane 0 first. */
  i32x4Const: (lanes: readonly [number, number, number, number]): Code => [...simd(0x0c), ...new Uint8Array(Int32Array.from(lanes).buffer)],
  /** v128.const with four equal int32 lanes. */
  i32x4ConstSplat: (value: number): Code => [...simd(0x0c), ...new Uint8Array(Int32Array.from([value, value, value, value]).buffer)],
  or: binary(simd(0x50)),
  xor: binary(simd(0x51)),
  i32x4Splat: unary(simd(0x11)),
  i32x4ExtractLane: (a: Code, lane: number): Code => [...a, ...simd(0x1b), lane],
  i32x4LtS: binary(simd(0x39)),
  i32x4LtU: binary(simd(0x3a)),
  i32x4AllTrue: unary(simd(0xa3)),
  i32x4Shl: binary(simd(0xab)),
  i32x4ShrS: binary(simd(0xac)),
  i32x4ShrU: binary(simd(0xad)),
  i32x4Add: binary(simd(0xae)),
  i32x4Sub: binary(simd(0xb1)),
  i32x4Mul: binary(simd(0xb5)),
  f32x4Splat: unary(simd(0x13)),
  f32x4ExtractLane: (a: Code, lane: number): Code => [...a, ...simd(0x1f), lane],
  f32x4Abs: unary(simd(0xe0)),
  f32x4Neg: unary(simd(0xe1)),
  f32x4Sqrt: unary(simd(0xe3)),
  f32x4Add: binary(simd(0xe4)),
  f32x4Sub: binary(simd(0xe5)),
  f32x4Div: binary(simd(0xe7)),
  /** f32x4.max: NaN if either lane is NaN, +0 over −0 (as Math.max). */
  f32x4Max: binary(simd(0xe9)),
  /** f32x4.pmin(a, b): b < a ? b : a, lane by lane. */
  f32x4Pmin: binary(simd(0xea)),
  f32x4Eq: binary(simd(0x41)),
  f32x4Ne: binary(simd(0x42)),
  f32x4Lt: binary(simd(0x43)),
  f32x4Gt: binary(simd(0x44)),
  f32x4Pmax: binary(simd(0xeb)),
  bitselect: (a: Code, b: Code, mask: Code): Code => [...a, ...b, ...mask, ...simd(0x52)],
  and: binary(simd(0x4e)),
  f32x4Mul: binary(simd(0xe6)),
  f64x2Splat: unary(simd(0x14)),
  f64x2ExtractLane: (a: Code, lane: number): Code => [...a, ...simd(0x21), lane],
  f64x2Add: binary(simd(0xf0)),
  f64x2Sub: binary(simd(0xf1)),
  f64x2Mul: binary(simd(0xf2)),
  f64x2Div: binary(simd(0xf3)),
  f64x2Sqrt: unary(simd(0xef)),
  /** f64x2.promote_low_f32x4: lanes 0 and 1 as float64 (exact). */
  f64x2PromoteLowF32x4: unary(simd(0x5f)),
  f64x2ConvertLowI32x4U: unary(simd(0xff)),
  f32x4DemoteF64x2Zero: unary(simd(0x5e)),
};
