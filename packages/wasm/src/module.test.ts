import { describe, expect, it } from 'vitest';
import { compile, instantiate } from './compile.js';
import { ctl, f64, i32, local, v128 } from './encoder.js';
import { WasmError } from './errors.js';
import { ModuleBuilder } from './module.js';
import { disassemble } from './wat.js';

/** A module with one function of two parameters and three locals of two types. */
function sample(): ModuleBuilder {
  const m = new ModuleBuilder('sample');
  const f = m.function('sum', 'i32');
  const { a, b } = f.params({ a: 'i32', b: 'f64' });
  const { total, acc } = f.locals({ total: 'i32', acc: 'v128' });
  const lane = f.local('lane', 'i32');
  f.body(
    local.set(acc, v128.f64x2Splat(local.get(b))),
    local.set(lane, i32.const(1)),
    local.set(total, i32.add(local.get(a), local.get(lane))),
    ctl.if(f64.gt(v128.f64x2ExtractLane(local.get(acc), 0), f64.convertI32U(local.get(total))), local.set(total, i32.const(0))),
    local.get(total),
  );
  return m;
}

describe('ModuleBuilder', () => {
  it('numbers the parameters first, then the locals, in the order declared', () => {
    const m = new ModuleBuilder('numbering');
    const f = m.function('f');
    const p = f.params({ x: 'i32', y: 'f64' });
    const first = f.local('first', 'v128');
    const rest = f.locals({ second: 'i32', third: 'i32' });
    expect([p.x, p.y, first, rest.second, rest.third].map((l) => [l.name, l.type, l.index])).toEqual([
      ['x', 'i32', 0],
      ['y', 'f64', 1],
      ['first', 'v128', 2],
      ['second', 'i32', 3],
      ['third', 'i32', 4],
    ]);
    expect(f.declared.map((l) => l.name)).toEqual(['x', 'y', 'first', 'second', 'third']);
    // local.get / local.set address a local by the index the builder gave it
    expect(local.get(rest.third)).toEqual([0x20, 4]);
    expect(local.set(first, i32.const(0))).toEqual([0x41, 0, 0x21, 2]);
  });

  it('encodes the locals run-length by type, in declaration order', () => {
    const m = new ModuleBuilder('groups');
    const f = m.function('f');
    f.param('p', 'i32');
    for (const [n, type] of [['a', 'i32'], ['b', 'i32'], ['c', 'v128'], ['d', 'i32']] as const) f.local(n, type);
    f.body();
    // body size 8: 3 groups (2 × i32, 1 × v128, 1 × i32), then `end`
    expect(f.encodeCode()).toEqual([8, 3, 2, 0x7f, 1, 0x7b, 1, 0x7f, 0x0b]);
  });

  it('writes a name section that wasm2wat reads back: module, function and local names', async () => {
    const bytes = sample().encode();
    const text = await disassemble(bytes);
    expect(text).toContain('(module $sample');
    expect(text).toContain('(func $sum (export "sum") (type 0) (param $a i32) (param $b f64) (result i32)');
    expect(text).toContain('(local $total i32) (local $acc v128) (local $lane i32)');
    expect(text).toContain('(local.get $lane)');
  });

  it('gives a module the engine compiles and runs', () => {
    const instance = instantiate(compile(sample().encode(), 'sample')!, 1)!;
    const sum = instance.exports['sum'] as (a: number, b: number) => number;
    expect(sum(2, 0.5)).toBe(3);
    expect(sum(2, 10)).toBe(0);
  });

  it('refuses a parameter after a local, a reused name, a bad name, and a body given twice or never', () => {
    const f = new ModuleBuilder('errors').function('f');
    f.local('x', 'i32');
    expect(() => f.param('y', 'i32')).toThrowError(new WasmError('INVALID_DEFINITION', "function 'f': parameter 'y' must be declared before the locals (first local: 'x')"));
    expect(() => f.local('x', 'f64')).toThrowError("function 'f': local name 'x' is already declared");
    expect(() => f.local('2x', 'i32')).toThrowError(`function 'f': local name must be ASCII letters, digits, '_' or '.', starting with a letter or '_'; got "2x"`);
    expect(() => f.local('y', 'i8' as 'i32')).toThrowError(`function 'f': local 'y' type must be one of i32, i64, f32, f64, v128; got "i8"`);
    const m = new ModuleBuilder('errors');
    m.function('g');
    expect(() => m.function('g')).toThrowError("module 'errors': function name 'g' is already used");
    expect(() => m.encode()).toThrowError("function 'g' has no body: call body() before encoding");
    const h = m.function('h');
    h.body();
    expect(() => h.body()).toThrowError("function 'h': body given twice");
    expect(() => new ModuleBuilder('a module')).toThrowError(WasmError);
  });
});
