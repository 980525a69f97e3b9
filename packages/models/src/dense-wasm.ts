/**
 * One routine computes every product of the dense layers' forward and backward passes for K
 * stacked members, `C[m] = init[m] + A[m]·B[m]` with A read through strides (so `aᵀ` needs no
 * copy), B and C row-major:
 *
 *   C[m][r][c] = init[m][c] + Σ_q A[m](r, q) · B[m][q][c]   (q = 0, 1, …, in this order)
 *
 * in float32, each product rounded and then added, in the same order for every member and every
 * K. Two implementations give the same bits: WebAssembly SIMD (four columns of C at a time), encoded
 * here with `@initlab/wasm`'s encoder, and plain JavaScript (`Math.fround` after each operation
 * is exactly IEEE float32), used where WebAssembly SIMD is unavailable.
 */
import { type Code, compile, ctl, f32, type FunctionBuilder, i32, instantiate, local, type Local, ModuleBuilder, sharedKernels, v128 } from '@initlab/wasm';

/** Where the operands of one call live (float32 element offsets) and their shapes. */
export interface Product {
  /** A(r, q) = a[m·aMember + r·aRow + q·aStep]. */
  a: number;
  aRow: number;
  aStep: number;
  aMember: number;
  /** B[q][c] = b[m·bMember + q·width + c]. */
  b: number;
  bMember: number;
  /** C[r][c] = c[m·cMember + r·width + c]. */
  c: number;
  cMember: number;
  /** init[c] = init[m·initMember + c]; −1: zeros. */
  init: number;
  initMember: number;
  members: number;
  rows: number;
  depth: number;
  width: number;
}

export interface DenseKernels {
  readonly wasm: boolean;
  /** The float32 memory the products read and write; grows (and is replaced) by `reserve`. */
  memory(): Float32Array;
  reserve(elements: number): void;
  product(p: Product): void;
  /** dst[i] = src[i] < 0 ? 0 : src[i] (tf.relu: NaN and −0 kept), for i < n rounded up to 4. */
  relu(src: number, dst: number, n: number): void;
  /** x[i] = x[i]·step(a[i]) with step 1 for a > 0, NaN for NaN, else 0 (tf.mul(x, tf.step(a))). */
  stepMask(x: number, a: number, n: number): void;
  /** dst[i] = x[i] + y[i] in float32, for i < n rounded up to 4. */
  add(x: number, y: number, dst: number, n: number): void;
}

// --------------------------------------------------------------------------------------------
// The WebAssembly routine: product(a, aRow, aStep, aMember, b, bMember, c, cMember, init,
// initMember, members, rows, depth, width), offsets and strides in elements.

// Rows are computed four at a time where possible: four independent accumulators hide the add
// latency that one would serialise on, and each load of B serves four rows.
const ROW_BLOCK = 4;

function addProduct(module: ModuleBuilder): void {
  const f = module.function('product');
  const {
    a: pA, aRow: pARow, aStep: pAStep, aMember: pAMember, b: pB, bMember: pBMember, c: pC, cMember: pCMember,
    init: pInit, initMember: pInitMember, members: pMembers, rows: pRows, depth: pDepth, width: pWidth,
  } = f.params({
    a: 'i32', aRow: 'i32', aStep: 'i32', aMember: 'i32', b: 'i32', bMember: 'i32', c: 'i32', cMember: 'i32',
    init: 'i32', initMember: 'i32', members: 'i32', rows: 'i32', depth: 'i32', width: 'i32',
  }); // prettier-ignore
  const { m, r, col, q, bAddr, cRow, rowBytes, aStepBytes, rest } = f.locals({
    m: 'i32', r: 'i32', col: 'i32', q: 'i32', bAddr: 'i32', cRow: 'i32', rowBytes: 'i32', aStepBytes: 'i32', rest: 'i32',
  }); // prettier-ignore
  const aAddr = Array.from({ length: ROW_BLOCK }, (_, i) => f.local(`aAddr${i}`, 'i32'));
  const acc = Array.from({ length: ROW_BLOCK }, (_, i) => f.local(`acc${i}`, 'v128'));
  const bv = f.local('bv', 'v128');
  const get = local.get;
  const bytes = (elements: Code): Code => i32.shl(elements, i32.const(2));
  const inc = (l: Local, by: Code): Code => local.set(l, i32.add(get(l), by));
  const rowAddr = (i: number): Code => (i === 0 ? get(cRow) : i32.add(get(cRow), i32.mul(get(rowBytes), i32.const(i))));
  const lane = (i: number, n: number): Code =>
    f32.store(i32.add(rowAddr(i), i32.add(get(col), i32.const(4 * n))), v128.f32x4ExtractLane(get(acc[i]!), n));

  /** The loop over rows `rows` at a time, from the current r while r + rows ≤ pRows. */
  const rowLoop = (rows: number): Code => {
    const ids = Array.from({ length: rows }, (_, i) => i);
    return ctl.block(
      ctl.loop(
        ctl.brIf(1, i32.ltU(get(pRows), i32.add(get(r), i32.const(rows)))),
        // cRow = 4·(c + m·cMember + r·width)
        local.set(cRow, bytes(i32.add(get(pC), i32.add(i32.mul(get(m), get(pCMember)), i32.mul(get(r), get(pWidth)))))),
        local.set(col, i32.const(0)),
        ctl.block(
          ctl.loop(
            ctl.brIf(1, i32.geU(get(col), get(rowBytes))),
            ...ids.map((i) => local.set(acc[i]!, v128.zero())),
            ctl.if(
              i32.eqz(i32.ltS(get(pInit), i32.const(0))),
              local.set(acc[0]!, v128.load(i32.add(bytes(i32.add(get(pInit), i32.mul(get(m), get(pInitMember)))), get(col)))),
              ...ids.slice(1).map((i) => local.set(acc[i]!, get(acc[0]!))),
            ),
            ...ids.map((i) =>
              local.set(aAddr[i]!, bytes(i32.add(get(pA), i32.add(i32.mul(get(m), get(pAMember)), i32.mul(i32.add(get(r), i32.const(i)), get(pARow)))))),
            ),
            local.set(bAddr, i32.add(bytes(i32.add(get(pB), i32.mul(get(m), get(pBMember)))), get(col))),
            local.set(q, i32.const(0)),
            ctl.block(
              ctl.loop(
                ctl.brIf(1, i32.geU(get(q), get(pDepth))),
                local.set(bv, v128.load(get(bAddr))),
                ...ids.map((i) =>
                  local.set(acc[i]!, v128.f32x4Add(get(acc[i]!), v128.f32x4Mul(v128.f32x4Splat(f32.load(get(aAddr[i]!))), get(bv)))),
                ),
                ...ids.map((i) => inc(aAddr[i]!, get(aStepBytes))),
                inc(bAddr, get(rowBytes)),
                inc(q, i32.const(1)),
                ctl.br(0),
              ),
            ),
            // a whole chunk of four columns, or the last one, lane by lane
            local.set(rest, i32.sub(get(rowBytes), get(col))),
            ctl.ifElse(
              i32.geU(get(rest), i32.const(16)),
              ctl.seq(...ids.map((i) => v128.store(i32.add(rowAddr(i), get(col)), get(acc[i]!)))),
              ctl.seq(
                ...ids.map((i) => lane(i, 0)),
                ctl.if(i32.ltU(i32.const(4), get(rest)), ...ids.map((i) => lane(i, 1))),
                ctl.if(i32.ltU(i32.const(8), get(rest)), ...ids.map((i) => lane(i, 2))),
              ),
            ),
            inc(col, i32.const(16)),
            ctl.br(0),
          ),
        ),
        inc(r, i32.const(rows)),
        ctl.br(0),
      ),
    );
  };

  f.body(
    local.set(rowBytes, bytes(get(pWidth))),
    local.set(aStepBytes, bytes(get(pAStep))),
    ctl.block(
      ctl.loop(
        ctl.brIf(1, i32.geU(get(m), get(pMembers))),
        local.set(r, i32.const(0)),
        rowLoop(ROW_BLOCK),
        rowLoop(1),
        inc(m, i32.const(1)),
        ctl.br(0),
      ),
    ),
  );
}

/**
 * The body of `f`, an elementwise loop over n elements rounded up to a multiple of 4 (every region
 * is padded to 16 bytes): `body(offset)` is the code for the four floats at byte offset `offset` (a local).
 */
function elementwise(f: FunctionBuilder, n: Local, body: (offset: Code) => Code): void {
  const { i, end } = f.locals({ i: 'i32', end: 'i32' });
  const get = local.get;
  f.body(
    local.set(end, i32.shl(i32.and(i32.add(get(n), i32.const(3)), i32.const(-4)), i32.const(2))),
    ctl.block(
      ctl.loop(
        ctl.brIf(1, i32.geU(get(i), get(end))),
        body(get(i)),
        local.set(i, i32.add(get(i), i32.const(16))),
        ctl.br(0),
      ),
    ),
  );
}

const at = (base: Local, offset: Code): Code => i32.add(i32.shl(local.get(base), i32.const(2)), offset);

function addRelu(m: ModuleBuilder): void {
  // pmax(v, 0) is v < 0 ? 0 : v
  const f = m.function('relu');
  const { src, dst, n } = f.params({ src: 'i32', dst: 'i32', n: 'i32' });
  elementwise(f, n, (o) => v128.store(at(dst, o), v128.f32x4Pmax(v128.load(at(src, o)), v128.zero())));
}

function addStepMask(m: ModuleBuilder): void {
  // step = a > 0 ? 1 : 0, NaN where a is NaN; x ·= step
  const f = m.function('stepMask');
  const { x, a: pA, n } = f.params({ x: 'i32', a: 'i32', n: 'i32' });
  elementwise(f, n, (o) => {
    const a = v128.load(at(pA, o));
    const step = v128.and(v128.f32x4Gt(a, v128.zero()), v128.f32x4Const(1));
    const ne = v128.f32x4Ne(a, a);
    return v128.store(at(x, o), v128.f32x4Mul(v128.load(at(x, o)), v128.bitselect(v128.f32x4Const(Number.NaN), step, ne)));
  });
}

function addAdd(m: ModuleBuilder): void {
  const f = m.function('add');
  const { x, y, dst, n } = f.params({ x: 'i32', y: 'i32', dst: 'i32', n: 'i32' });
  elementwise(f, n, (o) => v128.store(at(dst, o), v128.f32x4Add(v128.load(at(x, o)), v128.load(at(y, o)))));
}

export function buildDenseModule(): Uint8Array {
  const m = new ModuleBuilder('dense');
  addRelu(m);
  addStepMask(m);
  addAdd(m);
  addProduct(m);
  return m.encode();
}

// --------------------------------------------------------------------------------------------

/** Slack after the last element: the SIMD loads of a last, partial chunk read up to 3 floats past a row. */
const SLACK = 4;
const PAGE_FLOATS = 16384;

function jsProduct(mem: Float32Array, p: Product): void {
  const f = Math.fround;
  for (let m = 0; m < p.members; m++) {
    for (let r = 0; r < p.rows; r++) {
      const cRow = p.c + m * p.cMember + r * p.width;
      const aStart = p.a + m * p.aMember + r * p.aRow;
      const bStart = p.b + m * p.bMember;
      const initStart = p.init < 0 ? -1 : p.init + m * p.initMember;
      for (let col = 0; col < p.width; col++) {
        let acc = initStart < 0 ? 0 : mem[initStart + col]!;
        for (let q = 0, aAt = aStart, bAt = bStart + col; q < p.depth; q++, aAt += p.aStep, bAt += p.width) {
          acc = f(acc + f(mem[aAt]! * mem[bAt]!));
        }
        mem[cRow + col] = acc;
      }
    }
  }
}

const roundUp4 = (n: number): number => (n + 3) & ~3;

function jsRelu(mem: Float32Array, src: number, dst: number, n: number): void {
  for (let i = 0, end = roundUp4(n); i < end; i++) {
    const v = mem[src + i]!;
    mem[dst + i] = v < 0 ? 0 : v;
  }
}

function jsStepMask(mem: Float32Array, x: number, a: number, n: number): void {
  for (let i = 0, end = roundUp4(n); i < end; i++) {
    const v = mem[a + i]!;
    mem[x + i] = mem[x + i]! * (v > 0 ? 1 : v !== v ? Number.NaN : 0);
  }
}

function jsAdd(mem: Float32Array, x: number, y: number, dst: number, n: number): void {
  for (let i = 0, end = roundUp4(n); i < end; i++) mem[dst + i] = mem[x + i]! + mem[y + i]!;
}

function createKernels(useWasm: boolean): DenseKernels {
  const compiled = useWasm ? compile(buildDenseModule(), 'dense') : null;
  const instance = compiled === null ? null : instantiate(compiled, 1);
  if (instance !== null) {
    const { exports, memory } = instance;
    const product = exports['product'] as (...args: number[]) => void;
    const relu = exports['relu'] as (src: number, dst: number, n: number) => void;
    const stepMask = exports['stepMask'] as (x: number, a: number, n: number) => void;
    const add = exports['add'] as (x: number, y: number, dst: number, n: number) => void;
    let heap = new Float32Array(memory.buffer);
    return {
      wasm: true,
      memory: () => heap,
      reserve(elements) {
        const needed = elements + SLACK;
        if (needed > heap.length) {
          memory.grow(Math.ceil((needed - heap.length) / PAGE_FLOATS));
          heap = new Float32Array(memory.buffer);
        }
      },
      product: (p) =>
        product(p.a, p.aRow, p.aStep, p.aMember, p.b, p.bMember, p.c, p.cMember, p.init, p.initMember, p.members, p.rows, p.depth, p.width),
      relu,
      stepMask,
      add,
    };
  }
  let view = new Float32Array(PAGE_FLOATS);
  return {
    wasm: false,
    memory: () => view,
    reserve(elements) {
      const needed = elements + SLACK;
      if (needed > view.length) {
        const grown = new Float32Array(Math.max(needed, 2 * view.length));
        grown.set(view);
        view = grown;
      }
    },
    product: (p) => jsProduct(view, p),
    relu: (src, dst, n) => jsRelu(view, src, dst, n),
    stepMask: (x, a, n) => jsStepMask(view, x, a, n),
    add: (x, y, dst, n) => jsAdd(view, x, y, dst, n),
  };
}

const shared = sharedKernels(createKernels);

/** The kernels the dense layers use: WebAssembly SIMD where available, else JavaScript. */
export function denseKernels(): DenseKernels {
  return shared.current();
}

/** Makes the dense layers use one implementation; returns whether it is WebAssembly. For tests. */
export function selectDenseKernels(implementation: 'wasm' | 'js'): boolean {
  return shared.select(implementation);
}
