/**
 * Batch and layer normalization's routines for K stacked members (`[K, B, U]` row-major, γ, β and the
 * statistics per member), over offsets (float32 elements) in one float32 memory. Two implementations
 * give the same bits: WebAssembly SIMD (four float32 lanes loaded at once, each pair promoted to an
 * f64x2 with `f64x2.promote_low_f32x4`; no relaxed SIMD, no fused multiply-add), encoded here with
 * `@initlab/wasm`'s encoder, and plain JavaScript (a number is an IEEE float64; promotion is exact, and
 * float64 +, −, ·, ÷, √ and the rounding to float32 are correctly rounded in both).
 *
 * The summation order, the same in both (all sums float64, starting from +0):
 * - batch norm (sums over the rows, per member and unit): lanes run across units, so each unit's
 *   sum is ONE chain over rows r = 0 … B−1 in order.
 * - layer norm (sums over the units, per member and row): FOUR partial sums, s_c over the units
 *   j ≡ c (mod 4) in ascending order (the lanes of two f64x2 accumulators, units 0,1 and 2,3 of each
 *   chunk of four), combined as (s0 + s2) + (s1 + s3). A last chunk of U mod 4 units has its missing
 *   lanes masked to +0, which leaves a sum started at +0 unchanged.
 * - the per-unit sums of layer norm's backward (dγ, dβ) are one chain over the rows in order, kept
 *   as float64 in memory between rows.
 * The formulas (norm-kernels.ts states them) are evaluated as written there, left to right; every
 * stored output is rounded to float32 once. NaN payloads are not guaranteed (WebAssembly leaves them
 * unspecified); finite inputs give the same bits.
 */
import {
  type Code,
  compile,
  ctl,
  f32,
  f64,
  type FunctionBuilder,
  i32,
  instantiate,
  moduleOnMemory,
  local,
  type Local,
  type MemoryImport,
  ModuleBuilder,
  sharedKernels,
  v128,
  type WasmInstance,
  type WasmMemory,
} from '@initlab/wasm';

export interface NormKernels {
  readonly wasm: boolean;
  /** The float32 memory the routines read and write; grows (and is replaced) by `reserve`. */
  memory(): Float32Array;
  reserve(elements: number): void;
  /** Layer norm forward: y, x̂ `[K, B, U]` and invStd `[K, B]` from x `[K, B, U]`, γ, β `[K, U]`. */
  lnForward(x: number, gamma: number, beta: number, y: number, xhat: number, invStd: number, k: number, rows: number, units: number, epsilon: number): void;
  /** Layer norm backward: dx `[K, B, U]`, dγ, dβ `[K, U]`; `acc` is {@link lnAccumulatorElements}(units) floats of scratch. */
  lnBackward(dy: number, xhat: number, gamma: number, invStd: number, dx: number, dGamma: number, dBeta: number, acc: number, k: number, rows: number, units: number): void;
  /** Batch norm forward in training: y, x̂ `[K, B, U]`, mean, variance, invStd `[K, U]`. */
  bnTrain(x: number, gamma: number, beta: number, y: number, xhat: number, mean: number, variance: number, invStd: number, k: number, rows: number, units: number, epsilon: number): void;
  /** Batch norm backward: dx `[K, B, U]`, dγ, dβ `[K, U]`. */
  bnBackward(dy: number, xhat: number, gamma: number, invStd: number, dx: number, dGamma: number, dBeta: number, k: number, rows: number, units: number): void;
  /** Batch norm in evaluation: y `[K, B, U]` from the moving statistics `[K, U]`. */
  bnEval(x: number, gamma: number, beta: number, movingMean: number, movingVariance: number, y: number, k: number, rows: number, units: number, epsilon: number): void;
}

const roundUp4 = (n: number): number => (n + 3) & ~3;

/** Floats of scratch `lnBackward` needs: two float64 arrays (Σdy and Σdy·x̂ per unit) of U rounded up to 4. */
export const lnAccumulatorElements = (units: number): number => 4 * roundUp4(units);

/**
 * Floats the routines may read past the end of a region, and so past the last one (the SIMD loads of
 * a last, partial chunk of units); they never write outside their outputs.
 */
export const NORM_MEMORY_SLACK = 4;

// --------------------------------------------------------------------------------------------
// The WebAssembly routines

const get = local.get;
const set = local.set;
const c = i32.const;
const inc = (l: Local, by: Code): Code => set(l, i32.add(get(l), by));
const bytes = (elements: Code): Code => i32.shl(elements, c(2));
/** for (x = 0; x < end; x++) { body } */
const count = (x: Local, end: Code, ...body: Code[]): Code =>
  ctl.seq(set(x, c(0)), ctl.block(ctl.loop(ctl.brIf(1, i32.geU(get(x), end)), ...body, inc(x, c(1)), ctl.br(0))));
/** for (x = 0; x < end; x += 16) { body }: the chunks of four floats of a row (bytes). */
const chunks = (x: Local, end: Code, ...body: Code[]): Code =>
  ctl.seq(set(x, c(0)), ctl.block(ctl.loop(ctl.brIf(1, i32.geU(get(x), end)), ...body, inc(x, c(16)), ctl.br(0))));

const { f64x2Add: add, f64x2Sub: sub, f64x2Mul: mul, f64x2Div: div } = v128;
/** Lanes 0, 1 of four float32 lanes as float64. */
const lo = (v: Code): Code => v128.f64x2PromoteLowF32x4(v);
/** Lanes 2, 3 as float64. */
const hi = (v: Code): Code => v128.f64x2PromoteLowF32x4(v128.shuffle(v, v, [8, 9, 10, 11, 12, 13, 14, 15, 8, 9, 10, 11, 12, 13, 14, 15]));
/** Two f64x2 rounded to float32, as four lanes (lo's, then hi's). */
const pack = (l: Code, h: Code): Code =>
  v128.shuffle(v128.f32x4DemoteF64x2Zero(l), v128.f32x4DemoteF64x2Zero(h), [0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23]);
const splat = (x: Code): Code => v128.f64x2Splat(x);
/** The float64 sum of an f64x2's lanes, lane 0 first. */
const lanes = (v: Local): Code => f64.add(v128.f64x2ExtractLane(get(v), 0), v128.f64x2ExtractLane(get(v), 1));

/** The per-call locals every routine has: the unit chunks' byte bound, the tail's unit count and its masks. */
function tailLocals(f: FunctionBuilder, units: Local) {
  const t = f.locals({ fullBytes: 'i32', tail: 'i32', m32: 'v128', mLo: 'v128', mHi: 'v128' });
  const init = ctl.seq(
    set(t.fullBytes, bytes(i32.and(get(units), c(-4)))),
    set(t.tail, i32.and(get(units), c(3))),
    // float32 lanes < tail all ones, and the same as two float64 masks
    set(t.m32, v128.i32x4LtS(v128.i32x4Const([0, 1, 2, 3]), v128.i32x4Splat(get(t.tail)))),
    set(t.mLo, v128.shuffle(get(t.m32), get(t.m32), [0, 1, 2, 3, 0, 1, 2, 3, 4, 5, 6, 7, 4, 5, 6, 7])),
    set(t.mHi, v128.shuffle(get(t.m32), get(t.m32), [8, 9, 10, 11, 8, 9, 10, 11, 12, 13, 14, 15, 12, 13, 14, 15])),
  );
  /** Stores the first `tail` lanes of `v` at byte address `at` (a local: read three times). */
  const storeTail = (at: Local, v: Local): Code =>
    ctl.seq(
      f32.store(get(at), v128.f32x4ExtractLane(get(v), 0)),
      ctl.if(i32.ltU(c(1), get(t.tail)), f32.store(i32.add(get(at), c(4)), v128.f32x4ExtractLane(get(v), 1))),
      ctl.if(i32.ltU(c(2), get(t.tail)), f32.store(i32.add(get(at), c(8)), v128.f32x4ExtractLane(get(v), 2))),
    );
  return { ...t, init, storeTail };
}

/** Full chunks with `body(false)`, then the partial one (if any) with `body(true)`, j the byte offset. */
const eachChunk = (j: Local, t: { fullBytes: Local; tail: Local }, body: (tail: boolean) => Code[]): Code =>
  ctl.seq(chunks(j, get(t.fullBytes), ...body(false)), ctl.if(get(t.tail), set(j, get(t.fullBytes)), ...body(true)));

function addLayerNormForward(m: ModuleBuilder): void {
  const f = m.function('layerNormForward');
  const p = f.params({ x: 'i32', gamma: 'i32', beta: 'i32', y: 'i32', xhat: 'i32', invStd: 'i32', k: 'i32', rows: 'i32', units: 'i32', epsilon: 'f64' });
  const t = tailLocals(f, p.units);
  const L = f.locals({
    mem: 'i32', r: 'i32', j: 'i32', at: 'i32', rowX: 'i32', rowY: 'i32', rowH: 'i32', g0: 'i32', b0: 'i32', invAt: 'i32', rowBytes: 'i32',
    n: 'f64', mean: 'f64', inv: 'f64',
    v: 'v128', a: 'v128', b: 'v128', d: 'v128', meanV: 'v128', invV: 'v128', hLo: 'v128', hHi: 'v128', gv: 'v128', bv: 'v128', oh: 'v128', oy: 'v128',
  }); // prettier-ignore
  const load = (row: Local, tail: boolean): Code => (tail ? v128.and(v128.load(i32.add(get(row), get(L.j))), get(t.m32)) : v128.load(i32.add(get(row), get(L.j))));
  const sumPass = (tail: boolean): Code[] => [
    set(L.v, load(L.rowX, tail)),
    set(L.a, add(get(L.a), lo(get(L.v)))),
    set(L.b, add(get(L.b), hi(get(L.v)))),
  ];
  const squares = (half: Code, mask: Local | null): Code => {
    const dd = mul(get(L.d), get(L.d));
    return ctl.seq(set(L.d, sub(half, get(L.meanV))), set(L.d, mask === null ? dd : v128.and(dd, get(mask))));
  };
  const varPass = (tail: boolean): Code[] => [
    set(L.v, v128.load(i32.add(get(L.rowX), get(L.j)))),
    squares(lo(get(L.v)), tail ? t.mLo : null),
    set(L.a, add(get(L.a), get(L.d))),
    squares(hi(get(L.v)), tail ? t.mHi : null),
    set(L.b, add(get(L.b), get(L.d))),
  ];
  const outPass = (tail: boolean): Code[] => {
    const compute = [
      set(L.v, v128.load(i32.add(get(L.rowX), get(L.j)))),
      set(L.gv, v128.load(i32.add(get(L.g0), get(L.j)))),
      set(L.bv, v128.load(i32.add(get(L.b0), get(L.j)))),
      set(L.hLo, mul(sub(lo(get(L.v)), get(L.meanV)), get(L.invV))),
      set(L.hHi, mul(sub(hi(get(L.v)), get(L.meanV)), get(L.invV))),
      set(L.oh, pack(get(L.hLo), get(L.hHi))),
      set(L.oy, pack(add(mul(lo(get(L.gv)), get(L.hLo)), lo(get(L.bv))), add(mul(hi(get(L.gv)), get(L.hHi)), hi(get(L.bv))))),
    ];
    if (!tail) return [...compute, v128.store(i32.add(get(L.rowH), get(L.j)), get(L.oh)), v128.store(i32.add(get(L.rowY), get(L.j)), get(L.oy))];
    return [...compute, set(L.at, i32.add(get(L.rowH), get(L.j))), t.storeTail(L.at, L.oh), set(L.at, i32.add(get(L.rowY), get(L.j))), t.storeTail(L.at, L.oy)];
  };
  f.body(
    t.init,
    set(L.n, f64.convertI32U(get(p.units))),
    set(L.rowBytes, bytes(get(p.units))),
    set(L.rowX, bytes(get(p.x))),
    set(L.rowY, bytes(get(p.y))),
    set(L.rowH, bytes(get(p.xhat))),
    set(L.invAt, bytes(get(p.invStd))),
    set(L.g0, bytes(get(p.gamma))),
    set(L.b0, bytes(get(p.beta))),
    count(
      L.mem,
      get(p.k),
      count(
        L.r,
        get(p.rows),
        set(L.a, v128.zero()),
        set(L.b, v128.zero()),
        eachChunk(L.j, t, sumPass),
        // (s0 + s2) + (s1 + s3)
        set(L.a, add(get(L.a), get(L.b))),
        set(L.mean, f64.div(lanes(L.a), get(L.n))),
        set(L.meanV, splat(get(L.mean))),
        set(L.a, v128.zero()),
        set(L.b, v128.zero()),
        eachChunk(L.j, t, varPass),
        set(L.a, add(get(L.a), get(L.b))),
        set(L.inv, f64.div(f64.const(1), f64.sqrt(f64.add(f64.div(lanes(L.a), get(L.n)), get(p.epsilon))))),
        f32.store(get(L.invAt), f32.demoteF64(get(L.inv))),
        inc(L.invAt, c(4)),
        set(L.invV, splat(get(L.inv))),
        eachChunk(L.j, t, outPass),
        inc(L.rowX, get(L.rowBytes)),
        inc(L.rowY, get(L.rowBytes)),
        inc(L.rowH, get(L.rowBytes)),
      ),
      inc(L.g0, get(L.rowBytes)),
      inc(L.b0, get(L.rowBytes)),
    ),
  );
}

function addLayerNormBackward(m: ModuleBuilder): void {
  const f = m.function('layerNormBackward');
  const p = f.params({
    dy: 'i32', xhat: 'i32', gamma: 'i32', invStd: 'i32', dx: 'i32', dGamma: 'i32', dBeta: 'i32', acc: 'i32', k: 'i32', rows: 'i32', units: 'i32',
  }); // prettier-ignore
  const t = tailLocals(f, p.units);
  const L = f.locals({
    mem: 'i32', r: 'i32', j: 'i32', at: 'i32', rowDy: 'i32', rowH: 'i32', rowDx: 'i32', g0: 'i32', invAt: 'i32', rowBytes: 'i32',
    accDy: 'i32', accDyX: 'i32', accBytes: 'i32', aj: 'i32', outG: 'i32', outB: 'i32',
    n: 'f64', sumD: 'f64', sumDX: 'f64',
    dyv: 'v128', hv: 'v128', gv: 'v128', dyd: 'v128', hd: 'v128', d: 'v128', sdLo: 'v128', sdHi: 'v128', sdxLo: 'v128', sdxHi: 'v128',
    nV: 'v128', sumDV: 'v128', sumDXV: 'v128', scaleV: 'v128', dxLo: 'v128', o: 'v128',
  }); // prettier-ignore
  const load = (row: Local, tail: boolean): Code => (tail ? v128.and(v128.load(i32.add(get(row), get(L.j))), get(t.m32)) : v128.load(i32.add(get(row), get(L.j))));
  /** One half (two units) of a chunk's sums: Σd, Σd·x̂ of the row, and Σdy, Σdy·x̂ of the unit (float64 in memory at byte `half`). */
  const sumHalf = (part: (v: Code) => Code, sd: Local, sdx: Local, half: number): Code =>
    ctl.seq(
      set(L.dyd, part(get(L.dyv))),
      set(L.hd, part(get(L.hv))),
      set(L.d, mul(get(L.dyd), part(get(L.gv)))),
      set(sd, add(get(sd), get(L.d))),
      set(sdx, add(get(sdx), mul(get(L.d), get(L.hd)))),
      set(L.aj, i32.add(get(L.accDy), i32.add(i32.shl(get(L.j), c(1)), c(half)))),
      v128.store(get(L.aj), add(v128.load(get(L.aj)), get(L.dyd))),
      set(L.aj, i32.add(get(L.accDyX), i32.add(i32.shl(get(L.j), c(1)), c(half)))),
      v128.store(get(L.aj), add(v128.load(get(L.aj)), mul(get(L.dyd), get(L.hd)))),
    );
  const sumPass = (tail: boolean): Code[] => [
    set(L.dyv, load(L.rowDy, tail)),
    set(L.hv, load(L.rowH, tail)),
    set(L.gv, load(L.g0, tail)),
    sumHalf(lo, L.sdLo, L.sdxLo, 0),
    sumHalf(hi, L.sdHi, L.sdxHi, 16),
  ];
  // dx = scale·((n·d − Σd) − x̂·Σd·x̂)
  const dxHalf = (part: (v: Code) => Code): Code =>
    mul(get(L.scaleV), sub(sub(mul(get(L.nV), mul(part(get(L.dyv)), part(get(L.gv)))), get(L.sumDV)), mul(part(get(L.hv)), get(L.sumDXV))));
  const dxPass = (tail: boolean): Code[] => {
    const compute = [
      set(L.dyv, v128.load(i32.add(get(L.rowDy), get(L.j)))),
      set(L.hv, v128.load(i32.add(get(L.rowH), get(L.j)))),
      set(L.gv, v128.load(i32.add(get(L.g0), get(L.j)))),
      set(L.dxLo, dxHalf(lo)),
      set(L.o, pack(get(L.dxLo), dxHalf(hi))),
    ];
    return tail ? [...compute, set(L.at, i32.add(get(L.rowDx), get(L.j))), t.storeTail(L.at, L.o)] : [...compute, v128.store(i32.add(get(L.rowDx), get(L.j)), get(L.o))];
  };
  const accAt = (base: Local, half: number): Code => v128.load(i32.add(get(base), i32.add(i32.shl(get(L.j), c(1)), c(half))));
  const outPass = (tail: boolean): Code[] => {
    const stores: [Local, Local][] = [
      [L.accDyX, L.outG],
      [L.accDy, L.outB],
    ];
    return stores.flatMap(([from, to]) => {
      const o = set(L.o, pack(accAt(from, 0), accAt(from, 16)));
      return tail ? [o, set(L.at, i32.add(get(to), get(L.j))), t.storeTail(L.at, L.o)] : [o, v128.store(i32.add(get(to), get(L.j)), get(L.o))];
    });
  };
  f.body(
    t.init,
    set(L.n, f64.convertI32U(get(p.units))),
    set(L.nV, splat(get(L.n))),
    set(L.rowBytes, bytes(get(p.units))),
    // two float64 arrays of U rounded up to 4
    set(L.accBytes, i32.shl(i32.and(i32.add(get(p.units), c(3)), c(-4)), c(3))),
    set(L.accDy, bytes(get(p.acc))),
    set(L.accDyX, i32.add(get(L.accDy), get(L.accBytes))),
    set(L.rowDy, bytes(get(p.dy))),
    set(L.rowH, bytes(get(p.xhat))),
    set(L.rowDx, bytes(get(p.dx))),
    set(L.invAt, bytes(get(p.invStd))),
    set(L.g0, bytes(get(p.gamma))),
    set(L.outG, bytes(get(p.dGamma))),
    set(L.outB, bytes(get(p.dBeta))),
    count(
      L.mem,
      get(p.k),
      chunks(L.j, i32.shl(get(L.accBytes), c(1)), v128.store(i32.add(get(L.accDy), get(L.j)), v128.zero())),
      count(
        L.r,
        get(p.rows),
        set(L.sdLo, v128.zero()),
        set(L.sdHi, v128.zero()),
        set(L.sdxLo, v128.zero()),
        set(L.sdxHi, v128.zero()),
        eachChunk(L.j, t, sumPass),
        set(L.sdLo, add(get(L.sdLo), get(L.sdHi))),
        set(L.sdxLo, add(get(L.sdxLo), get(L.sdxHi))),
        set(L.sumDV, splat(lanes(L.sdLo))),
        set(L.sumDXV, splat(lanes(L.sdxLo))),
        set(L.scaleV, splat(f64.div(f64.promoteF32(f32.load(get(L.invAt))), get(L.n)))),
        inc(L.invAt, c(4)),
        eachChunk(L.j, t, dxPass),
        inc(L.rowDy, get(L.rowBytes)),
        inc(L.rowH, get(L.rowBytes)),
        inc(L.rowDx, get(L.rowBytes)),
      ),
      eachChunk(L.j, t, outPass),
      inc(L.g0, get(L.rowBytes)),
      inc(L.outG, get(L.rowBytes)),
      inc(L.outB, get(L.rowBytes)),
    ),
  );
}

function addBatchNormTrain(m: ModuleBuilder): void {
  const f = m.function('batchNormTrain');
  const p = f.params({
    x: 'i32', gamma: 'i32', beta: 'i32', y: 'i32', xhat: 'i32', mean: 'i32', variance: 'i32', invStd: 'i32', k: 'i32', rows: 'i32', units: 'i32', epsilon: 'f64',
  }); // prettier-ignore
  const t = tailLocals(f, p.units);
  const L = f.locals({
    mem: 'i32', r: 'i32', j: 'i32', at: 'i32', xAt: 'i32', yAt: 'i32', hAt: 'i32', x0: 'i32', y0: 'i32', h0: 'i32', s0: 'i32', rowBytes: 'i32', memberBytes: 'i32',
    v: 'v128', a: 'v128', b: 'v128', d: 'v128', nV: 'v128', epsV: 'v128', oneV: 'v128', meanLo: 'v128', meanHi: 'v128', invLo: 'v128', invHi: 'v128',
    gv: 'v128', bv: 'v128', hLo: 'v128', hHi: 'v128', o: 'v128',
  }); // prettier-ignore
  /** Down the rows of this chunk of units: xAt (and yAt, hAt) step one row at a time. */
  const down = (...body: Code[]): Code =>
    ctl.seq(
      set(L.xAt, i32.add(get(L.x0), get(L.j))),
      set(L.yAt, i32.add(get(L.y0), get(L.j))),
      set(L.hAt, i32.add(get(L.h0), get(L.j))),
      count(L.r, get(p.rows), ...body, inc(L.xAt, get(L.rowBytes)), inc(L.yAt, get(L.rowBytes)), inc(L.hAt, get(L.rowBytes))),
    );
  const store = (tail: boolean, at: Code, value: Code): Code =>
    tail ? ctl.seq(set(L.o, value), set(L.at, at), t.storeTail(L.at, L.o)) : v128.store(at, value);
  /** (x − mean)², the difference kept in d. */
  const sq = (half: Code, mean: Local): Code => ctl.seq(set(L.d, sub(half, get(mean))), mul(get(L.d), get(L.d)));
  const chunk = (tail: boolean): Code[] => {
    const statAt = (base: Local): Code => i32.add(get(base), get(L.j));
    return [
      set(L.a, v128.zero()),
      set(L.b, v128.zero()),
      down(set(L.v, v128.load(get(L.xAt))), set(L.a, add(get(L.a), lo(get(L.v)))), set(L.b, add(get(L.b), hi(get(L.v))))),
      set(L.meanLo, div(get(L.a), get(L.nV))),
      set(L.meanHi, div(get(L.b), get(L.nV))),
      set(L.a, v128.zero()),
      set(L.b, v128.zero()),
      down(set(L.v, v128.load(get(L.xAt))), set(L.a, add(get(L.a), sq(lo(get(L.v)), L.meanLo))), set(L.b, add(get(L.b), sq(hi(get(L.v)), L.meanHi)))),
      set(L.a, div(get(L.a), get(L.nV))),
      set(L.b, div(get(L.b), get(L.nV))),
      set(L.invLo, div(get(L.oneV), v128.f64x2Sqrt(add(get(L.a), get(L.epsV))))),
      set(L.invHi, div(get(L.oneV), v128.f64x2Sqrt(add(get(L.b), get(L.epsV))))),
      store(tail, statAt(L.s0), pack(get(L.meanLo), get(L.meanHi))),
      store(tail, i32.add(statAt(L.s0), i32.sub(bytes(get(p.variance)), bytes(get(p.mean)))), pack(get(L.a), get(L.b))),
      store(tail, i32.add(statAt(L.s0), i32.sub(bytes(get(p.invStd)), bytes(get(p.mean)))), pack(get(L.invLo), get(L.invHi))),
      set(L.gv, v128.load(i32.add(statAt(L.s0), i32.sub(bytes(get(p.gamma)), bytes(get(p.mean)))))),
      set(L.bv, v128.load(i32.add(statAt(L.s0), i32.sub(bytes(get(p.beta)), bytes(get(p.mean)))))),
      down(
        set(L.v, v128.load(get(L.xAt))),
        set(L.hLo, mul(sub(lo(get(L.v)), get(L.meanLo)), get(L.invLo))),
        set(L.hHi, mul(sub(hi(get(L.v)), get(L.meanHi)), get(L.invHi))),
        store(tail, get(L.hAt), pack(get(L.hLo), get(L.hHi))),
        store(tail, get(L.yAt), pack(add(mul(lo(get(L.gv)), get(L.hLo)), lo(get(L.bv))), add(mul(hi(get(L.gv)), get(L.hHi)), hi(get(L.bv))))),
      ),
    ];
  };
  f.body(
    t.init,
    set(L.nV, splat(f64.convertI32U(get(p.rows)))),
    set(L.epsV, splat(get(p.epsilon))),
    set(L.oneV, splat(f64.const(1))),
    set(L.rowBytes, bytes(get(p.units))),
    set(L.memberBytes, i32.mul(get(L.rowBytes), get(p.rows))),
    set(L.x0, bytes(get(p.x))),
    set(L.y0, bytes(get(p.y))),
    set(L.h0, bytes(get(p.xhat))),
    // the statistics, γ and β of a member sit at the same element offset from their regions' starts
    set(L.s0, bytes(get(p.mean))),
    count(
      L.mem,
      get(p.k),
      eachChunk(L.j, t, chunk),
      inc(L.x0, get(L.memberBytes)),
      inc(L.y0, get(L.memberBytes)),
      inc(L.h0, get(L.memberBytes)),
      inc(L.s0, get(L.rowBytes)),
    ),
  );
}

function addBatchNormBackward(m: ModuleBuilder): void {
  const f = m.function('batchNormBackward');
  const p = f.params({
    dy: 'i32', xhat: 'i32', gamma: 'i32', invStd: 'i32', dx: 'i32', dGamma: 'i32', dBeta: 'i32', k: 'i32', rows: 'i32', units: 'i32',
  }); // prettier-ignore
  const t = tailLocals(f, p.units);
  const L = f.locals({
    mem: 'i32', r: 'i32', j: 'i32', at: 'i32', dyAt: 'i32', hAt: 'i32', dxAt: 'i32', dy0: 'i32', h0: 'i32', dx0: 'i32', s0: 'i32', rowBytes: 'i32', memberBytes: 'i32',
    nV: 'v128', dyv: 'v128', hv: 'v128', gv: 'v128', gLo: 'v128', gHi: 'v128', dyd: 'v128', hd: 'v128', d: 'v128',
    sDyLo: 'v128', sDyHi: 'v128', sDyXLo: 'v128', sDyXHi: 'v128', sDLo: 'v128', sDHi: 'v128', sDXLo: 'v128', sDXHi: 'v128',
    scaleLo: 'v128', scaleHi: 'v128', invv: 'v128', dxLo: 'v128', o: 'v128',
  }); // prettier-ignore
  const down = (...body: Code[]): Code =>
    ctl.seq(
      set(L.dyAt, i32.add(get(L.dy0), get(L.j))),
      set(L.hAt, i32.add(get(L.h0), get(L.j))),
      set(L.dxAt, i32.add(get(L.dx0), get(L.j))),
      count(L.r, get(p.rows), ...body, inc(L.dyAt, get(L.rowBytes)), inc(L.hAt, get(L.rowBytes)), inc(L.dxAt, get(L.rowBytes))),
    );
  const store = (tail: boolean, at: Code, value: Code): Code =>
    tail ? ctl.seq(set(L.o, value), set(L.at, at), t.storeTail(L.at, L.o)) : v128.store(at, value);
  const sums = (part: (v: Code) => Code, g: Local, sDy: Local, sDyX: Local, sD: Local, sDX: Local): Code =>
    ctl.seq(
      set(L.dyd, part(get(L.dyv))),
      set(L.hd, part(get(L.hv))),
      set(L.d, mul(get(L.dyd), get(g))),
      set(sDy, add(get(sDy), get(L.dyd))),
      set(sDyX, add(get(sDyX), mul(get(L.dyd), get(L.hd)))),
      set(sD, add(get(sD), get(L.d))),
      set(sDX, add(get(sDX), mul(get(L.d), get(L.hd)))),
    );
  // dx = scale·((n·d − Σd) − x̂·Σd·x̂)
  const dxHalf = (part: (v: Code) => Code, g: Local, scale: Local, sD: Local, sDX: Local): Code =>
    mul(get(scale), sub(sub(mul(get(L.nV), mul(part(get(L.dyv)), get(g))), get(sD)), mul(part(get(L.hv)), get(sDX))));
  const statAt = (region: Local): Code => i32.add(i32.add(get(L.s0), get(L.j)), i32.sub(bytes(get(region)), bytes(get(p.gamma))));
  const chunk = (tail: boolean): Code[] => [
    set(L.gv, v128.load(statAt(p.gamma))),
    set(L.gLo, lo(get(L.gv))),
    set(L.gHi, hi(get(L.gv))),
    ...[L.sDyLo, L.sDyHi, L.sDyXLo, L.sDyXHi, L.sDLo, L.sDHi, L.sDXLo, L.sDXHi].map((l) => set(l, v128.zero())),
    down(
      set(L.dyv, v128.load(get(L.dyAt))),
      set(L.hv, v128.load(get(L.hAt))),
      sums(lo, L.gLo, L.sDyLo, L.sDyXLo, L.sDLo, L.sDXLo),
      sums(hi, L.gHi, L.sDyHi, L.sDyXHi, L.sDHi, L.sDXHi),
    ),
    set(L.invv, v128.load(statAt(p.invStd))),
    set(L.scaleLo, div(lo(get(L.invv)), get(L.nV))),
    set(L.scaleHi, div(hi(get(L.invv)), get(L.nV))),
    down(
      set(L.dyv, v128.load(get(L.dyAt))),
      set(L.hv, v128.load(get(L.hAt))),
      set(L.dxLo, dxHalf(lo, L.gLo, L.scaleLo, L.sDLo, L.sDXLo)),
      store(tail, get(L.dxAt), pack(get(L.dxLo), dxHalf(hi, L.gHi, L.scaleHi, L.sDHi, L.sDXHi))),
    ),
    store(tail, statAt(p.dGamma), pack(get(L.sDyXLo), get(L.sDyXHi))),
    store(tail, statAt(p.dBeta), pack(get(L.sDyLo), get(L.sDyHi))),
  ];
  f.body(
    t.init,
    set(L.nV, splat(f64.convertI32U(get(p.rows)))),
    set(L.rowBytes, bytes(get(p.units))),
    set(L.memberBytes, i32.mul(get(L.rowBytes), get(p.rows))),
    set(L.dy0, bytes(get(p.dy))),
    set(L.h0, bytes(get(p.xhat))),
    set(L.dx0, bytes(get(p.dx))),
    set(L.s0, bytes(get(p.gamma))),
    count(
      L.mem,
      get(p.k),
      eachChunk(L.j, t, chunk),
      inc(L.dy0, get(L.memberBytes)),
      inc(L.h0, get(L.memberBytes)),
      inc(L.dx0, get(L.memberBytes)),
      inc(L.s0, get(L.rowBytes)),
    ),
  );
}

function addBatchNormEval(m: ModuleBuilder): void {
  const f = m.function('batchNormEval');
  const p = f.params({ x: 'i32', gamma: 'i32', beta: 'i32', movingMean: 'i32', movingVariance: 'i32', y: 'i32', k: 'i32', rows: 'i32', units: 'i32', epsilon: 'f64' });
  const t = tailLocals(f, p.units);
  const L = f.locals({
    mem: 'i32', r: 'i32', j: 'i32', at: 'i32', xAt: 'i32', yAt: 'i32', x0: 'i32', y0: 'i32', s0: 'i32', rowBytes: 'i32', memberBytes: 'i32',
    epsV: 'v128', v: 'v128', w: 'v128', mmLo: 'v128', mmHi: 'v128', scLo: 'v128', scHi: 'v128', bLo: 'v128', bHi: 'v128', o: 'v128',
  }); // prettier-ignore
  const statAt = (region: Local): Code => i32.add(i32.add(get(L.s0), get(L.j)), i32.sub(bytes(get(region)), bytes(get(p.gamma))));
  const chunk = (tail: boolean): Code[] => [
    set(L.v, v128.load(statAt(p.gamma))),
    set(L.w, v128.load(statAt(p.movingVariance))),
    // scale = γ / √(movingVariance + ε)
    set(L.scLo, div(lo(get(L.v)), v128.f64x2Sqrt(add(lo(get(L.w)), get(L.epsV))))),
    set(L.scHi, div(hi(get(L.v)), v128.f64x2Sqrt(add(hi(get(L.w)), get(L.epsV))))),
    set(L.v, v128.load(statAt(p.movingMean))),
    set(L.mmLo, lo(get(L.v))),
    set(L.mmHi, hi(get(L.v))),
    set(L.v, v128.load(statAt(p.beta))),
    set(L.bLo, lo(get(L.v))),
    set(L.bHi, hi(get(L.v))),
    set(L.xAt, i32.add(get(L.x0), get(L.j))),
    set(L.yAt, i32.add(get(L.y0), get(L.j))),
    count(
      L.r,
      get(p.rows),
      set(L.v, v128.load(get(L.xAt))),
      set(L.o, pack(add(mul(sub(lo(get(L.v)), get(L.mmLo)), get(L.scLo)), get(L.bLo)), add(mul(sub(hi(get(L.v)), get(L.mmHi)), get(L.scHi)), get(L.bHi)))),
      tail ? ctl.seq(set(L.at, get(L.yAt)), t.storeTail(L.at, L.o)) : v128.store(get(L.yAt), get(L.o)),
      inc(L.xAt, get(L.rowBytes)),
      inc(L.yAt, get(L.rowBytes)),
    ),
  ];
  f.body(
    t.init,
    set(L.epsV, splat(get(p.epsilon))),
    set(L.rowBytes, bytes(get(p.units))),
    set(L.memberBytes, i32.mul(get(L.rowBytes), get(p.rows))),
    set(L.x0, bytes(get(p.x))),
    set(L.y0, bytes(get(p.y))),
    set(L.s0, bytes(get(p.gamma))),
    count(L.mem, get(p.k), eachChunk(L.j, t, chunk), inc(L.x0, get(L.memberBytes)), inc(L.y0, get(L.memberBytes)), inc(L.s0, get(L.rowBytes))),
  );
}

/** The normalization module; with `memory`, importing a shared memory (the resident step's on the product threads' memory). */
export function buildNormModule(memory?: MemoryImport): Uint8Array {
  const m = new ModuleBuilder('norm');
  addLayerNormForward(m);
  addLayerNormBackward(m);
  addBatchNormTrain(m);
  addBatchNormBackward(m);
  addBatchNormEval(m);
  return m.encode(memory);
}

// --------------------------------------------------------------------------------------------
// The JavaScript twins, in the same order

/** Partial sums by unit mod 4 (two sets), reused by every call. */
const PART = new Float64Array(8);
const square = (d: number): number => d * d;

function jsLayerNormForward(mem: Float32Array, x: number, gamma: number, beta: number, y: number, xhat: number, invStd: number, k: number, rows: number, units: number, epsilon: number): void {
  for (let m = 0; m < k; m++) {
    const g0 = gamma + m * units;
    const b0 = beta + m * units;
    for (let r = 0; r < rows; r++) {
      const row = (m * rows + r) * units;
      const from = x + row;
      const end = from + units;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      let i = from;
      for (; i + 4 <= end; i += 4) {
        s0 += mem[i]!;
        s1 += mem[i + 1]!;
        s2 += mem[i + 2]!;
        s3 += mem[i + 3]!;
      }
      if (i < end) s0 += mem[i]!;
      if (i + 1 < end) s1 += mem[i + 1]!;
      if (i + 2 < end) s2 += mem[i + 2]!;
      const mean = (s0 + s2 + (s1 + s3)) / units;
      s0 = s1 = s2 = s3 = 0;
      for (i = from; i + 4 <= end; i += 4) {
        const d0 = mem[i]! - mean;
        const d1 = mem[i + 1]! - mean;
        const d2 = mem[i + 2]! - mean;
        const d3 = mem[i + 3]! - mean;
        s0 += d0 * d0;
        s1 += d1 * d1;
        s2 += d2 * d2;
        s3 += d3 * d3;
      }
      if (i < end) s0 += square(mem[i]! - mean);
      if (i + 1 < end) s1 += square(mem[i + 1]! - mean);
      if (i + 2 < end) s2 += square(mem[i + 2]! - mean);
      const inv = 1 / Math.sqrt((s0 + s2 + (s1 + s3)) / units + epsilon);
      mem[invStd + m * rows + r] = inv;
      for (let j = 0; j < units; j++) {
        const h = (mem[from + j]! - mean) * inv;
        mem[xhat + row + j] = h;
        mem[y + row + j] = mem[g0 + j]! * h + mem[b0 + j]!;
      }
    }
  }
}

function jsLayerNormBackward(mem: Float32Array, dy: number, xhat: number, gamma: number, invStd: number, dx: number, dGamma: number, dBeta: number, acc: number, k: number, rows: number, units: number): void {
  const padded = roundUp4(units);
  const sums = new Float64Array(mem.buffer, mem.byteOffset + 4 * acc, 2 * padded);
  for (let m = 0; m < k; m++) {
    const g0 = gamma + m * units;
    sums.fill(0);
    for (let r = 0; r < rows; r++) {
      const row = (m * rows + r) * units;
      PART.fill(0);
      for (let j = 0; j < units; j++) {
        const g = mem[dy + row + j]!;
        const h = mem[xhat + row + j]!;
        const d = g * mem[g0 + j]!;
        PART[j & 3]! += d;
        PART[4 + (j & 3)]! += d * h;
        sums[j]! += g;
        sums[padded + j]! += g * h;
      }
      const sumD = PART[0]! + PART[2]! + (PART[1]! + PART[3]!);
      const sumDX = PART[4]! + PART[6]! + (PART[5]! + PART[7]!);
      const scale = mem[invStd + m * rows + r]! / units;
      for (let j = 0; j < units; j++) mem[dx + row + j] = scale * (units * (mem[dy + row + j]! * mem[g0 + j]!) - sumD - mem[xhat + row + j]! * sumDX);
    }
    for (let j = 0; j < units; j++) {
      mem[dGamma + m * units + j] = sums[padded + j]!;
      mem[dBeta + m * units + j] = sums[j]!;
    }
  }
}

function jsBatchNormTrain(mem: Float32Array, x: number, gamma: number, beta: number, y: number, xhat: number, meanOut: number, varOut: number, invOut: number, k: number, rows: number, units: number, epsilon: number): void {
  // unit by unit, down the rows (stride `units`): each unit's sums one chain in row order
  for (let m = 0; m < k; m++) {
    const base = m * rows * units;
    const end = base + rows * units;
    for (let j = 0; j < units; j++) {
      let s = 0;
      for (let i = base + j; i < end; i += units) s += mem[x + i]!;
      const mean = s / rows;
      let q = 0;
      for (let i = base + j; i < end; i += units) {
        const d = mem[x + i]! - mean;
        q += d * d;
      }
      const variance = q / rows;
      const inv = 1 / Math.sqrt(variance + epsilon);
      const p = m * units + j;
      mem[meanOut + p] = mean;
      mem[varOut + p] = variance;
      mem[invOut + p] = inv;
      const g = mem[gamma + p]!;
      const bt = mem[beta + p]!;
      for (let i = base + j; i < end; i += units) {
        const h = (mem[x + i]! - mean) * inv;
        mem[xhat + i] = h;
        mem[y + i] = g * h + bt;
      }
    }
  }
}

function jsBatchNormBackward(mem: Float32Array, dy: number, xhat: number, gamma: number, invStd: number, dx: number, dGamma: number, dBeta: number, k: number, rows: number, units: number): void {
  for (let m = 0; m < k; m++) {
    const base = m * rows * units;
    const end = base + rows * units;
    for (let j = 0; j < units; j++) {
      const p = m * units + j;
      const g = mem[gamma + p]!;
      let sumDy = 0;
      let sumDyX = 0;
      let sumD = 0;
      let sumDX = 0;
      for (let i = base + j; i < end; i += units) {
        const gi = mem[dy + i]!;
        const h = mem[xhat + i]!;
        const d = gi * g;
        sumDy += gi;
        sumDyX += gi * h;
        sumD += d;
        sumDX += d * h;
      }
      const scale = mem[invStd + p]! / rows;
      for (let i = base + j; i < end; i += units) mem[dx + i] = scale * (rows * (mem[dy + i]! * g) - sumD - mem[xhat + i]! * sumDX);
      mem[dGamma + p] = sumDyX;
      mem[dBeta + p] = sumDy;
    }
  }
}

function jsBatchNormEval(mem: Float32Array, x: number, gamma: number, beta: number, movingMean: number, movingVariance: number, y: number, k: number, rows: number, units: number, epsilon: number): void {
  for (let m = 0; m < k; m++) {
    const p = m * units;
    for (let j = 0; j < units; j++) {
      const scale = mem[gamma + p + j]! / Math.sqrt(mem[movingVariance + p + j]! + epsilon);
      const mm = mem[movingMean + p + j]!;
      const bt = mem[beta + p + j]!;
      for (let r = 0, i = m * rows * units + j; r < rows; r++, i += units) mem[y + i] = (mem[x + i]! - mm) * scale + bt;
    }
  }
}

// --------------------------------------------------------------------------------------------

const PAGE_FLOATS = 65536 / 4;

type Routine = (...args: number[]) => void;

/** The routines of a WebAssembly instance of the normalization module. */
function wasmNormKernels({ exports, memory }: WasmInstance): NormKernels {
  const r = (name: string) => exports[name] as Routine;
  let heap = new Float32Array(memory.buffer);
  return {
    wasm: true,
    // another module on the same memory may have grown it
    memory: () => (heap.buffer === memory.buffer ? heap : (heap = new Float32Array(memory.buffer))),
    reserve(elements) {
      const needed = elements + NORM_MEMORY_SLACK;
      const have = memory.buffer.byteLength / 4;
      if (needed > have) memory.grow(Math.ceil((needed - have) / PAGE_FLOATS));
    },
    lnForward: r('layerNormForward'),
    lnBackward: r('layerNormBackward'),
    bnTrain: r('batchNormTrain'),
    bnBackward: r('batchNormBackward'),
    bnEval: r('batchNormEval'),
  };
}

const normOn = moduleOnMemory(buildNormModule, 'norm');

/**
 * The WebAssembly normalization routines on an existing memory (`isShared` for a shared one): the resident
 * training step runs them on its dense kernels' memory. Null where the JavaScript routines are in use.
 */
export function normKernelsOn(memory: WasmMemory, isShared: boolean): NormKernels | null {
  if (!shared.current().wasm) return null;
  const instance = normOn(memory, isShared);
  return instance === null ? null : wasmNormKernels(instance);
}

function createKernels(useWasm: boolean): NormKernels {
  const compiled = useWasm ? compile(buildNormModule(), 'norm') : null;
  const instance = compiled === null ? null : instantiate(compiled, 1);
  if (instance !== null) return wasmNormKernels(instance);
  let view = new Float32Array(PAGE_FLOATS);
  return {
    wasm: false,
    memory: () => view,
    reserve(elements) {
      const needed = elements + NORM_MEMORY_SLACK;
      if (needed > view.length) {
        const grown = new Float32Array(Math.max(needed, 2 * view.length));
        grown.set(view);
        view = grown;
      }
    },
    lnForward: (...a) => jsLayerNormForward(view, ...a),
    lnBackward: (...a) => jsLayerNormBackward(view, ...a),
    bnTrain: (...a) => jsBatchNormTrain(view, ...a),
    bnBackward: (...a) => jsBatchNormBackward(view, ...a),
    bnEval: (...a) => jsBatchNormEval(view, ...a),
  };
}

const shared = sharedKernels(createKernels);

/** The normalization routines: WebAssembly SIMD where available, else JavaScript. */
export function normKernels(): NormKernels {
  return shared.current();
}

/** Makes the normalization use one implementation; returns whether it is WebAssembly. For tests. */
export function selectNormKernels(implementation: 'wasm' | 'js'): boolean {
  return shared.select(implementation);
}
