/**
 * One `product` call computes every product of the dense layers' forward and backward passes for K
 * stacked members, `C[m] = init[m] + A[m]·B[m]` with A and B read through strides (so `aᵀ` and
 * `Wᵀ` need no copy) and C row-major, over a range of C's columns:
 *
 *   C[m][r][c] = init[m][c] + Σ_q A[m](r, q) · B[m](q, c)   (q = 0, 1, …, in this order)
 *
 * in float32, each product rounded and then added (no fused multiply-add), in the same order for
 * every member, every K and every column range, so a member's bits do not depend on its ensemble
 * or on how the columns are split between workers. Two implementations give the same bits:
 * WebAssembly SIMD (register tiles of 4 × 8 over packed operands, or 4 × 4 blocks in place for
 * narrow and small products), encoded here with `@initlab/wasm`'s encoder, and plain JavaScript
 * (`Math.fround` after each operation is exactly IEEE float32), used where WebAssembly SIMD is
 * unavailable.
 */
import { type ActivationKernels, addActivations, jsActivationKernels, wasmActivationKernels } from './activation-wasm.js';
import {
  type Code,
  compile,
  type CompiledModule,
  ctl,
  f32,
  f64,
  type FunctionBuilder,
  i32,
  instantiate,
  local,
  type Local,
  type MemoryImport,
  ModuleBuilder,
  SHARED_MEMORY,
  sharedKernels,
  v128,
  type WasmInstance,
  type WasmMemory,
} from '@initlab/wasm';

/** Where the operands of one call live (float32 element offsets), their shapes and the columns to compute. */
export interface Product {
  /** A(r, q) = a[m·aMember + r·aRow + q·aStep]. */
  a: number;
  aRow: number;
  aStep: number;
  aMember: number;
  /**
   * B(q, c) = b[m·bMember + q·bRow + c·bCol]: `bRow = width, bCol = 1` is a row-major B;
   * `bRow = 1, bCol = depth` reads a row-major `[width, depth]` matrix as its transpose.
   */
  b: number;
  bRow: number;
  bCol: number;
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
  /**
   * Only columns [colStart, colEnd) of C are computed and written (colStart a multiple of 4; a full
   * product is 0 and width), so that workers can split a product by columns without any change of bits.
   */
  colStart: number;
  colEnd: number;
  /**
   * Element offset (a multiple of 4) of this call's own packing area of {@link scratchElements}(p)
   * floats: never shared between calls that run at the same time.
   */
  scratch: number;
}
export interface DenseKernels {
  readonly wasm: boolean;
  /** The float32 memory the products read and write; grows (and is replaced) by `reserve`. */
  memory(): Float32Array;
  reserve(elements: number): void;
  product(p: Product): void;
  /**
   * Two independent products, at once where threads serve (the product threads' kernels), else one after
   * the other; the same bits either way. The callers write neither product's operands with the other.
   */
  productPair?(first: Product, second: Product): void;
  /** dst[i] = src[i] < 0 ? 0 : src[i] (tf.relu: NaN and −0 kept), for i < n rounded up to 4. */
  relu(src: number, dst: number, n: number): void;
  /** x[i] = x[i]·step(a[i]) with step 1 for a > 0, NaN for NaN, else 0 (tf.mul(x, tf.step(a))). */
  stepMask(x: number, a: number, n: number): void;
  /** c[i] = a[i] + b[i] (tf.add's float32 sums), for i < n rounded up to 4. */
  add(a: number, b: number, c: number, n: number): void;
  /** c[i] = a[i]·b[i] (tf.mul's float32 products), for i < n rounded up to 4. */
  multiply(a: number, b: number, c: number, n: number): void;
  /**
   * A gated residual sum: out[m, i] = skip[m, i] + x[m, i]·α[m] (each a float32 operation, as tf.add of
   * tf.mul with α broadcast) for members m < k of `per` floats each, exactly those.
   */
  scaleAdd(skip: number, x: number, alpha: number, out: number, k: number, per: number): void;
  /**
   * A residual gate's backward for members m < k of `per` floats each: grad[m] = Σ_i dSum[m, i]·branch[m, i]
   * with the products and the sum in float64, i ascending, rounded to float32 once (`gateGradientValues`), and
   * dBranch[m, i] = dSum[m, i]·α[m] in float32.
   */
  gateBackward(dSum: number, branch: number, alpha: number, dBranch: number, grad: number, k: number, per: number): void;
  /** The other activations and their derivatives (`activation-wasm.ts`). */
  readonly activations: ActivationKernels;
}

// --------------------------------------------------------------------------------------------
// The WebAssembly routine: product(a, aRow, aStep, aMember, b, bRow, bCol, bMember, c, cMember,
// init, initMember, members, rows, depth, width, colStart, colEnd, tile, bPack, aPack), offsets and
// strides in elements (the three scratch areas from `scratchLayout`).
//
// The loops, as in BLIS: for each member, for each block of KC steps of the shared dimension q, A's
// rows are packed into panels of MR rows (`aPack[panel][q][i]`), then for each block of NC columns
// B is packed into panels of NR columns (`bPack[panel][q][j]`, zeros past the last column), and
// every MR × NR tile of C is computed by the register kernel: MR·NR/4 v128 accumulators start from
// init (the first block), zeros, or the tile's partial sums stored by the previous block, then take
// one product per q, in order, and are stored back. Storing a float32 partial sum and loading it
// again changes no bit, so the blocking leaves each element's sum exactly
//   C(r, c) = ((init(c) + A(r,0)·B(0,c)) + A(r,1)·B(1,c)) + …   (each product rounded, no FMA).
// Tiles cut by the last row or column run on a zeroed MR × NR copy in `tile`, so that nothing
// outside rows < rows and columns [colStart, colEnd) is read from C or written.

/** Rows of C per register tile. */
export const PRODUCT_ROWS = 4;
/**
 * Columns of C per register tile (a multiple of 4). 4 × 8 takes 8 accumulators, 2 B vectors, 4
 * broadcast A values (V8 loads a whole step's operands ahead of its arithmetic) and a product: 15,
 * all the XMM registers V8 allocates on x64. 6 × 8 spills (measured half as fast), and so does
 * 4 × 8 with its loop unrolled twice (seen in V8's code).
 */
export const PRODUCT_COLUMNS = 8;
/** Steps of the shared dimension per block: a packed A panel (MR·KC floats) and B panel (KC·NR) stay in L1. */
const KC = 256;
/** Columns per packed B block: KC × NC floats (256 KiB) stay in L2. */
const NC = 256;


function addProduct(module: ModuleBuilder): void {
  const MR = PRODUCT_ROWS;
  const NR = PRODUCT_COLUMNS;
  const VECS = NR / 4;
  const f = module.function('product');
  const P = f.params({
    a: 'i32', aRow: 'i32', aStep: 'i32', aMember: 'i32', b: 'i32', bRow: 'i32', bCol: 'i32', bMember: 'i32', c: 'i32', cMember: 'i32',
    init: 'i32', initMember: 'i32', members: 'i32', rows: 'i32', depth: 'i32', width: 'i32', colStart: 'i32', colEnd: 'i32',
    tile: 'i32', bPack: 'i32', aPack: 'i32',
  }); // prettier-ignore
  // byte addresses and strides unless named otherwise
  const L = f.locals({
    m: 'i32', aBase: 'i32', bBase: 'i32', cBase: 'i32', initBase: 'i32', cStride: 'i32', aStepBytes: 'i32', bRowBytes: 'i32', bColBytes: 'i32',
    pc: 'i32', kc: 'i32', jc: 'i32', nc: 'i32', r0: 'i32', j0: 'i32', i: 'i32', j: 'i32', q: 'i32', validRows: 'i32', validCols: 'i32',
    src: 'i32', srcStride: 'i32', dst: 'i32', dstStride: 'i32', zero: 'i32', full: 'i32', ap: 'i32', bp: 'i32', ap0: 'i32', bp0: 'i32',
    bEnd: 'i32', p: 'i32', t: 'i32', panelBytes: 'i32',
  }); // prettier-ignore
  const aPtr = Array.from({ length: MR }, (_, i) => f.local(`aPtr${i}`, 'i32'));
  const acc = Array.from({ length: MR }, (_, i) => Array.from({ length: VECS }, (_, v) => f.local(`acc${i}_${v}`, 'v128')));
  const bv = Array.from({ length: VECS }, (_, v) => f.local(`b${v}`, 'v128'));
  const av = f.local('av', 'v128');
  const get = local.get;
  const set = local.set;
  const c = i32.const;
  const bytes = (elements: Code): Code => i32.shl(elements, c(2));
  const inc = (l: Local, by: Code): Code => set(l, i32.add(get(l), by));
  const eq = (x: Code, y: Code): Code => i32.eqz(i32.xor(x, y));
  /** l = min(x, y), unsigned */
  const setMin = (l: Local, x: Code, y: Code): Code => ctl.seq(set(l, x), ctl.if(i32.ltU(y, get(l)), set(l, y)));
  /** while (x < end) { body } */
  const whileLt = (x: Local, end: Code, ...body: Code[]): Code => ctl.block(ctl.loop(ctl.brIf(1, i32.geU(get(x), end)), ...body, ctl.br(0)));
  /** for (x = 0; x < end; x++) { body } */
  const count = (x: Local, end: Code, ...body: Code[]): Code => ctl.seq(set(x, c(0)), whileLt(x, end, ...body, inc(x, c(1))));
  const f32Zero: Code = [0x43, 0, 0, 0, 0]; // f32.const 0 (the encoder has none)

  /** Packs the A rows [r0, r0 + MR) of this block into the panel at dst, MR floats per step, zero rows past the last. */
  const packA = ctl.seq(
    set(L.dst, bytes(get(P.aPack))),
    set(L.r0, c(0)),
    whileLt(
      L.r0,
      get(P.rows),
      setMin(L.validRows, c(MR), i32.sub(get(P.rows), get(L.r0))),
      ctl.ifElse(
        eq(get(L.validRows), c(MR)),
        ctl.seq(
          ...aPtr.map((p, i) =>
            set(p, i32.add(get(L.aBase), bytes(i32.add(i32.mul(i32.add(get(L.r0), c(i)), get(P.aRow)), i32.mul(get(L.pc), get(P.aStep)))))),
          ),
          count(
            L.q,
            get(L.kc),
            ...aPtr.map((p, i) => f32.store(i32.add(get(L.dst), c(4 * i)), f32.load(get(p)))),
            ...aPtr.map((p) => inc(p, get(L.aStepBytes))),
            inc(L.dst, c(4 * MR)),
          ),
        ),
        ctl.seq(
          set(L.panelBytes, i32.mul(get(L.kc), c(4 * MR))),
          set(L.i, c(0)),
          whileLt(L.i, get(L.panelBytes), f32.store(i32.add(get(L.dst), get(L.i)), f32Zero), inc(L.i, c(4))),
          count(
            L.i,
            get(L.validRows),
            set(L.p, i32.add(get(L.aBase), bytes(i32.add(i32.mul(i32.add(get(L.r0), get(L.i)), get(P.aRow)), i32.mul(get(L.pc), get(P.aStep)))))),
            set(L.t, i32.add(get(L.dst), bytes(get(L.i)))),
            count(L.q, get(L.kc), f32.store(get(L.t), f32.load(get(L.p))), inc(L.p, get(L.aStepBytes)), inc(L.t, c(4 * MR))),
          ),
          inc(L.dst, get(L.panelBytes)),
        ),
      ),
      inc(L.r0, c(MR)),
    ),
  );

  /** Packs B's columns [jc, jc + nc) of this block into panels of NR, zero columns past the last. */
  const packB = ctl.seq(
    set(L.dst, bytes(get(P.bPack))),
    set(L.j0, c(0)),
    whileLt(
      L.j0,
      get(L.nc),
      setMin(L.validCols, c(NR), i32.sub(get(L.nc), get(L.j0))),
      // p = &B(pc, jc + j0)
      set(L.p, i32.add(get(L.bBase), bytes(i32.add(i32.mul(get(L.pc), get(P.bRow)), i32.mul(i32.add(get(L.jc), get(L.j0)), get(P.bCol)))))),
      ctl.ifElse(
        eq(get(L.validCols), c(NR)),
        ctl.ifElse(
          eq(get(P.bCol), c(1)),
          // a row-major B: NR/4 vectors a step
          count(
            L.q,
            get(L.kc),
            ...Array.from({ length: VECS }, (_, v) => v128.store(get(L.dst), v128.load(get(L.p), 16 * v), 16 * v)),
            inc(L.p, get(L.bRowBytes)),
            inc(L.dst, c(4 * NR)),
          ),
          count(
            L.q,
            get(L.kc),
            set(L.t, get(L.p)),
            ...Array.from({ length: NR }, (_, j) => ctl.seq(f32.store(i32.add(get(L.dst), c(4 * j)), f32.load(get(L.t))), j < NR - 1 ? inc(L.t, get(L.bColBytes)) : [])),
            inc(L.p, get(L.bRowBytes)),
            inc(L.dst, c(4 * NR)),
          ),
        ),
        ctl.seq(
          set(L.panelBytes, i32.mul(get(L.kc), c(4 * NR))),
          set(L.i, c(0)),
          whileLt(L.i, get(L.panelBytes), v128.store(i32.add(get(L.dst), get(L.i)), v128.zero(), 0), inc(L.i, c(16))),
          count(
            L.j,
            get(L.validCols),
            set(L.t, i32.add(get(L.p), i32.mul(get(L.j), get(L.bColBytes)))),
            set(L.i, i32.add(get(L.dst), bytes(get(L.j)))),
            count(L.q, get(L.kc), f32.store(get(L.i), f32.load(get(L.t))), inc(L.t, get(L.bRowBytes)), inc(L.i, c(4 * NR))),
          ),
          inc(L.dst, get(L.panelBytes)),
        ),
      ),
      inc(L.j0, c(NR)),
    ),
  );

  /** One step q: every accumulator takes its product of A's column q and B's row q. */
  const step = ctl.seq(
    ...bv.map((x, v) => set(x, v128.load(get(L.bp), 16 * v))),
    ...acc.map((row, i) =>
      ctl.seq(set(av, v128.load32Splat(get(L.ap), 4 * i)), ...row.map((x, v) => set(x, v128.f32x4Add(get(x), v128.f32x4Mul(get(av), get(bv[v]!)))))),
    ),
  );

  /** The register kernel: the MR × NR tile at src (rows srcStride apart; zeros if `zero`) plus the panels' products, stored at dst. */
  const kernel = ctl.seq(
    ctl.ifElse(
      get(L.zero),
      ctl.seq(...acc.flat().map((x) => set(x, v128.zero()))),
      ctl.seq(
        set(L.t, get(L.src)),
        ...acc.map((row) => ctl.seq(...row.map((x, v) => set(x, v128.load(get(L.t), 16 * v))), inc(L.t, get(L.srcStride)))),
      ),
    ),
    set(L.ap, get(L.ap0)),
    set(L.bp, get(L.bp0)),
    set(L.bEnd, i32.add(get(L.bp0), i32.mul(get(L.kc), c(4 * NR)))),
    // (unrolling spills: V8 hoists every load of a pass ahead of the arithmetic)
    whileLt(L.bp, get(L.bEnd), step, inc(L.ap, c(4 * MR)), inc(L.bp, c(4 * NR))),
    set(L.t, get(L.dst)),
    ...acc.map((row) => ctl.seq(...row.map((x, v) => v128.store(get(L.t), get(x), 16 * v)), inc(L.t, get(L.dstStride)))),
  );

  // element (i, j) of the edge tile and of C
  const tileAt = i32.add(bytes(get(P.tile)), bytes(i32.add(i32.mul(get(L.i), c(NR)), get(L.j))));
  const cAt = i32.add(get(L.dst), i32.add(i32.mul(get(L.i), get(L.cStride)), bytes(get(L.j))));

  /** Every tile of the column block [jc, jc + nc). */
  const tiles = ctl.seq(
    set(L.bp0, bytes(get(P.bPack))),
    set(L.j0, c(0)),
    whileLt(
      L.j0,
      get(L.nc),
      setMin(L.validCols, c(NR), i32.sub(get(L.nc), get(L.j0))),
      set(L.ap0, bytes(get(P.aPack))),
      set(L.r0, c(0)),
      whileLt(
        L.r0,
        get(P.rows),
        setMin(L.validRows, c(MR), i32.sub(get(P.rows), get(L.r0))),
        set(L.full, i32.and(eq(get(L.validRows), c(MR)), eq(get(L.validCols), c(NR)))),
        // dst = &C(r0, jc + j0)
        set(L.dst, i32.add(get(L.cBase), bytes(i32.add(i32.mul(get(L.r0), get(P.width)), i32.add(get(L.jc), get(L.j0)))))),
        set(L.zero, c(0)),
        ctl.ifElse(
          get(L.full),
          ctl.seq(
            set(L.dstStride, get(L.cStride)),
            ctl.ifElse(
              get(L.pc),
              ctl.seq(set(L.src, get(L.dst)), set(L.srcStride, get(L.cStride))),
              ctl.ifElse(
                i32.ltS(get(P.init), c(0)),
                set(L.zero, c(1)),
                ctl.seq(set(L.src, i32.add(get(L.initBase), bytes(i32.add(get(L.jc), get(L.j0))))), set(L.srcStride, c(0))),
              ),
            ),
          ),
          ctl.seq(
            // the cut tile runs on a zeroed copy of its valid part
            ...Array.from({ length: (MR * NR) / 4 }, (_, v) => v128.store(i32.add(bytes(get(P.tile)), c(16 * v)), v128.zero(), 0)),
            ctl.ifElse(
              get(L.pc),
              count(L.i, get(L.validRows), count(L.j, get(L.validCols), f32.store(tileAt, f32.load(cAt)))),
              ctl.if(
                i32.eqz(i32.ltS(get(P.init), c(0))),
                count(
                  L.i,
                  get(L.validRows),
                  count(L.j, get(L.validCols), f32.store(tileAt, f32.load(i32.add(get(L.initBase), bytes(i32.add(i32.add(get(L.jc), get(L.j0)), get(L.j))))))),
                ),
              ),
            ),
            set(L.src, bytes(get(P.tile))),
            set(L.srcStride, c(4 * NR)),
            set(L.dstStride, c(4 * NR)),
            set(L.p, get(L.dst)),
            set(L.dst, bytes(get(P.tile))),
          ),
        ),
        kernel,
        ctl.if(
          i32.eqz(get(L.full)),
          set(L.dst, get(L.p)),
          count(L.i, get(L.validRows), count(L.j, get(L.validCols), f32.store(cAt, f32.load(tileAt)))),
        ),
        inc(L.r0, c(MR)),
        inc(L.ap0, i32.mul(get(L.kc), c(4 * MR))),
      ),
      inc(L.j0, c(NR)),
      inc(L.bp0, i32.mul(get(L.kc), c(4 * NR))),
    ),
  );

  f.body(
    set(L.cStride, bytes(get(P.width))),
    set(L.aStepBytes, bytes(get(P.aStep))),
    set(L.bRowBytes, bytes(get(P.bRow))),
    set(L.bColBytes, bytes(get(P.bCol))),
    whileLt(
      L.m,
      get(P.members),
      set(L.aBase, bytes(i32.add(get(P.a), i32.mul(get(L.m), get(P.aMember))))),
      set(L.bBase, bytes(i32.add(get(P.b), i32.mul(get(L.m), get(P.bMember))))),
      set(L.cBase, bytes(i32.add(get(P.c), i32.mul(get(L.m), get(P.cMember))))),
      set(L.initBase, bytes(i32.add(get(P.init), i32.mul(get(L.m), get(P.initMember))))),
      set(L.pc, c(0)),
      // at least one block, so that depth 0 still writes init
      ctl.loop(
        setMin(L.kc, c(KC), i32.sub(get(P.depth), get(L.pc))),
        packA,
        set(L.jc, get(P.colStart)),
        whileLt(L.jc, get(P.colEnd), setMin(L.nc, c(NC), i32.sub(get(P.colEnd), get(L.jc))), packB, tiles, inc(L.jc, c(NC))),
        inc(L.pc, c(KC)),
        ctl.brIf(0, i32.ltU(get(L.pc), get(P.depth))),
      ),
      inc(L.m, c(1)),
    ),
  );
}

// --------------------------------------------------------------------------------------------
// productDirect(a, aRow, aStep, aMember, b, bRow, bMember, c, cMember, init, initMember, members,
// rows, depth, width, colStart, colEnd): the same sums, in the same order, for a row-major B
// (bCol = 1) read in place, 4 rows × 4 columns a pass. Packing costs more than it saves on narrow or
// small products (the wine model's 16 × 11 × 10, an output layer of 4 classes), which take this
// routine (see `productRoutine`). A last chunk of fewer than 4 columns is stored lane by lane.

// Rows are computed four at a time where possible: four independent accumulators hide the add
// latency that one would serialise on, and each load of B serves four rows.
const ROW_BLOCK = 4;

function addProductDirect(module: ModuleBuilder): void {
  const f = module.function('productDirect');
  const {
    a: pA, aRow: pARow, aStep: pAStep, aMember: pAMember, b: pB, bRow: pBRow, bMember: pBMember, c: pC, cMember: pCMember,
    init: pInit, initMember: pInitMember, members: pMembers, rows: pRows, depth: pDepth, width: pWidth, colStart: pColStart, colEnd: pColEnd,
  } = f.params({
    a: 'i32', aRow: 'i32', aStep: 'i32', aMember: 'i32', b: 'i32', bRow: 'i32', bMember: 'i32', c: 'i32', cMember: 'i32',
    init: 'i32', initMember: 'i32', members: 'i32', rows: 'i32', depth: 'i32', width: 'i32', colStart: 'i32', colEnd: 'i32',
  }); // prettier-ignore
  const { m, r, col, q, bAddr, cRow, endBytes, bRowBytes, aStepBytes, rest } = f.locals({
    m: 'i32', r: 'i32', col: 'i32', q: 'i32', bAddr: 'i32', cRow: 'i32', endBytes: 'i32', bRowBytes: 'i32', aStepBytes: 'i32', rest: 'i32',
  }); // prettier-ignore
  const aAddr = Array.from({ length: ROW_BLOCK }, (_, i) => f.local(`aAddr${i}`, 'i32'));
  const acc = Array.from({ length: ROW_BLOCK }, (_, i) => f.local(`acc${i}`, 'v128'));
  const bv = f.local('bv', 'v128');
  const get = local.get;
  const bytes = (elements: Code): Code => i32.shl(elements, i32.const(2));
  const inc = (l: Local, by: Code): Code => local.set(l, i32.add(get(l), by));
  const rowAddr = (i: number): Code => (i === 0 ? get(cRow) : i32.add(get(cRow), i32.mul(bytes(get(pWidth)), i32.const(i))));
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
        local.set(col, bytes(get(pColStart))),
        ctl.block(
          ctl.loop(
            ctl.brIf(1, i32.geU(get(col), get(endBytes))),
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
                inc(bAddr, get(bRowBytes)),
                inc(q, i32.const(1)),
                ctl.br(0),
              ),
            ),
            // a whole chunk of four columns, or the last one, lane by lane
            local.set(rest, i32.sub(get(endBytes), get(col))),
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
    local.set(endBytes, bytes(get(pColEnd))),
    local.set(bRowBytes, bytes(get(pBRow))),
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

function addBinary(m: ModuleBuilder, name: 'add' | 'multiply', op: (x: Code, y: Code) => Code): void {
  const f = m.function(name);
  const { a, b, c: out, n } = f.params({ a: 'i32', b: 'i32', c: 'i32', n: 'i32' });
  elementwise(f, n, (o) => v128.store(at(out, o), op(v128.load(at(a, o)), v128.load(at(b, o)))));
}

/** For each member m < k: `vector(m)` over its whole chunks of four floats, `scalar(m)` over the last per % 4 (byte offsets i). */
function perMember(
  f: FunctionBuilder,
  k: Local,
  per: Local,
  setup: (m: Local) => Code,
  vector: (i: Local) => Code,
  scalar: (i: Local) => Code,
  finish: (m: Local) => Code,
): void {
  const { m, i, full, end, base } = f.locals({ m: 'i32', i: 'i32', full: 'i32', end: 'i32', base: 'i32' });
  const get = local.get;
  const set = local.set;
  const c = i32.const;
  const loop = (until: Code, step: number, body: Code): Code =>
    ctl.block(ctl.loop(ctl.brIf(1, i32.geU(get(i), until)), body, set(i, i32.add(get(i), c(step))), ctl.br(0)));
  f.body(
    set(m, c(0)),
    ctl.block(
      ctl.loop(
        ctl.brIf(1, i32.geU(get(m), get(k))),
        // i runs over member m's bytes: [base, base + 4·(per − per % 4)) in vectors, then the rest one by one
        set(base, i32.shl(i32.mul(get(m), get(per)), c(2))),
        set(full, i32.add(get(base), i32.shl(i32.and(get(per), c(-4)), c(2)))),
        set(end, i32.add(get(base), i32.shl(get(per), c(2)))),
        setup(m),
        set(i, get(base)),
        loop(get(full), 16, vector(i)),
        loop(get(end), 4, scalar(i)),
        finish(m),
        set(m, i32.add(get(m), c(1))),
        ctl.br(0),
      ),
    ),
  );
}

/** The byte address of element `m` of the region at `base` (both element counts). */
const element = (base: Local, m: Local): Code => i32.shl(i32.add(local.get(base), local.get(m)), i32.const(2));

function addScaleAdd(m: ModuleBuilder): void {
  const f = m.function('scaleAdd');
  const { skip, x, alpha, out, k, per } = f.params({ skip: 'i32', x: 'i32', alpha: 'i32', out: 'i32', k: 'i32', per: 'i32' });
  const { a, a4 } = f.locals({ a: 'f32', a4: 'v128' });
  const get = local.get;
  const off = (base: Local, i: Local): Code => i32.add(i32.shl(get(base), i32.const(2)), get(i));
  perMember(
    f,
    k,
    per,
    (mm) => ctl.seq(local.set(a, f32.load(element(alpha, mm))), local.set(a4, v128.f32x4Splat(get(a)))),
    (i) => v128.store(off(out, i), v128.f32x4Add(v128.load(off(skip, i)), v128.f32x4Mul(v128.load(off(x, i)), get(a4)))),
    (i) => f32.store(off(out, i), f32.add(f32.load(off(skip, i)), f32.mul(f32.load(off(x, i)), get(a)))),
    () => [],
  );
}

function addGateBackward(m: ModuleBuilder): void {
  const f = m.function('gateBackward');
  const { dSum, branch, alpha, dBranch, grad, k, per } = f.params({ dSum: 'i32', branch: 'i32', alpha: 'i32', dBranch: 'i32', grad: 'i32', k: 'i32', per: 'i32' });
  const { a, d, s } = f.locals({ a: 'f32', d: 'f32', s: 'f64' });
  const get = local.get;
  const set = local.set;
  const off = (base: Local, i: Local): Code => i32.add(i32.shl(get(base), i32.const(2)), get(i));
  // one element at a time: the float64 sum is one chain in index order (no vector of partial sums);
  // the element `o` bytes past i
  const one = (i: Local, o: number): Code => {
    const at = (base: Local): Code => (o === 0 ? off(base, i) : i32.add(off(base, i), i32.const(o)));
    return ctl.seq(
      set(d, f32.load(at(dSum))),
      set(s, f64.add(get(s), f64.mul(f64.promoteF32(get(d)), f64.promoteF32(f32.load(at(branch)))))),
      f32.store(at(dBranch), f32.mul(get(d), get(a))),
    );
  };
  const single = (i: Local): Code => one(i, 0);
  const unrolled = (i: Local): Code => ctl.seq(...[0, 4, 8, 12].map((o) => one(i, o)));
  perMember(
    f,
    k,
    per,
    (mm) => ctl.seq(set(a, f32.load(element(alpha, mm))), set(s, f64.const(0))),
    unrolled,
    single,
    (mm) => f32.store(element(grad, mm), f32.demoteF64(get(s))),
  );
}

/** The dense module; with `memory`, importing a shared memory, for the product threads. */
export function buildDenseModule(memory?: MemoryImport): Uint8Array {
  const m = new ModuleBuilder('dense');
  addRelu(m);
  addStepMask(m);
  addBinary(m, 'add', v128.f32x4Add);
  addBinary(m, 'multiply', v128.f32x4Mul);
  addScaleAdd(m);
  addGateBackward(m);
  addProduct(m);
  addProductDirect(m);
  addActivations(m);
  return m.encode(memory);
}

// --------------------------------------------------------------------------------------------

/** Slack after the last element: the SIMD loads of a last, partial chunk read up to 3 floats past a row. */
export const MEMORY_SLACK = 4;
const PAGE_FLOATS = 16384;

/** Where a call's scratch areas start, relative to `p.scratch`, and how many floats they take. */
function scratchLayout(p: Pick<Product, 'rows' | 'depth' | 'colStart' | 'colEnd'>): { bPack: number; aPack: number; total: number } {
  const kc = Math.min(KC, p.depth);
  const nc = Math.min(NC, p.colEnd - p.colStart);
  const bPack = PRODUCT_ROWS * PRODUCT_COLUMNS;
  const aPack = bPack + Math.ceil(nc / PRODUCT_COLUMNS) * PRODUCT_COLUMNS * kc;
  return { bPack, aPack, total: aPack + Math.ceil(p.rows / PRODUCT_ROWS) * PRODUCT_ROWS * kc };
}

/**
 * A product with a row-major B runs unpacked (`productDirect`) below this many multiply-adds a member
 * or this many columns, where packing costs more than the register tiles save (measured: 16 × 11 × 10
 * and 32 × 256 × 4 run 1.5–2× faster unpacked, 32 × 64 × 64 1.5× faster packed).
 */
const DIRECT_WORK = 8192;
const DIRECT_COLUMNS = 16;

/** Which WebAssembly routine computes `p` (both give the same bits): exported for the tests that cover both. */
export function productRoutine(p: Pick<Product, 'bCol' | 'rows' | 'depth' | 'colStart' | 'colEnd'>): 'direct' | 'packed' {
  const columns = p.colEnd - p.colStart;
  return p.bCol === 1 && (columns < DIRECT_COLUMNS || p.rows * p.depth * columns < DIRECT_WORK) ? 'direct' : 'packed';
}

/** Floats of scratch memory one `product(p)` call needs at `p.scratch` (the same for both implementations). */
export function scratchElements(p: Pick<Product, 'rows' | 'depth' | 'colStart' | 'colEnd'>): number {
  return scratchLayout(p).total;
}

/** The definition itself, in the stated order: the WebAssembly kernel's bits, and the fallback where it is unavailable. */
function jsProduct(mem: Float32Array, p: Product): void {
  const f = Math.fround;
  for (let m = 0; m < p.members; m++) {
    const bStart = p.b + m * p.bMember;
    const initStart = p.init < 0 ? -1 : p.init + m * p.initMember;
    for (let r = 0; r < p.rows; r++) {
      const cRow = p.c + m * p.cMember + r * p.width;
      const aStart = p.a + m * p.aMember + r * p.aRow;
      for (let col = p.colStart; col < p.colEnd; col++) {
        let acc = initStart < 0 ? 0 : mem[initStart + col]!;
        for (let q = 0, aAt = aStart, bAt = bStart + col * p.bCol; q < p.depth; q++, aAt += p.aStep, bAt += p.bRow) {
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

// A float32 product or sum computed in float64 and stored into a Float32Array is rounded once: the
// float32 operation, as the WebAssembly routines compute it.

function jsAdd(mem: Float32Array, a: number, b: number, c: number, n: number): void {
  for (let i = 0, end = roundUp4(n); i < end; i++) mem[c + i] = mem[a + i]! + mem[b + i]!;
}

function jsMultiply(mem: Float32Array, a: number, b: number, c: number, n: number): void {
  for (let i = 0, end = roundUp4(n); i < end; i++) mem[c + i] = mem[a + i]! * mem[b + i]!;
}

function jsScaleAdd(mem: Float32Array, skip: number, x: number, alpha: number, out: number, k: number, per: number): void {
  for (let m = 0; m < k; m++) {
    const a = mem[alpha + m]!;
    for (let i = m * per, end = i + per; i < end; i++) mem[out + i] = mem[skip + i]! + Math.fround(mem[x + i]! * a);
  }
}

/** The gate's backward (see `DenseKernels.gateBackward`): the rule `gateGradientValues` also follows, through this twin. */
export function jsGateBackward(mem: Float32Array, dSum: number, branch: number, alpha: number, dBranch: number, grad: number, k: number, per: number): void {
  for (let m = 0; m < k; m++) {
    const a = mem[alpha + m]!;
    let s = 0;
    for (let i = m * per, end = i + per; i < end; i++) {
      const d = mem[dSum + i]!;
      s += d * mem[branch + i]!;
      mem[dBranch + i] = d * a;
    }
    mem[grad + m] = s;
  }
}

/** The WebAssembly routines of the product, by the index a {@link ProductCall} names. */
export const PRODUCT_ROUTINES = ['productDirect', 'product'] as const;

/** One WebAssembly product call: the routine (an index into {@link PRODUCT_ROUTINES}) and its arguments in order. */
export interface ProductCall {
  routine: 0 | 1;
  args: number[];
}

/** The call that computes `p`: the one mapping from a {@link Product} to the routines' parameters (the threads post it as is). */
export function productCall(p: Product): ProductCall {
  if (productRoutine(p) === 'direct') {
    return {
      routine: 0,
      args: [p.a, p.aRow, p.aStep, p.aMember, p.b, p.bRow, p.bMember, p.c, p.cMember, p.init, p.initMember, p.members, p.rows, p.depth, p.width, p.colStart, p.colEnd],
    };
  }
  const { bPack, aPack } = scratchLayout(p);
  return {
    routine: 1,
    args: [
      p.a, p.aRow, p.aStep, p.aMember, p.b, p.bRow, p.bCol, p.bMember, p.c, p.cMember, p.init, p.initMember,
      p.members, p.rows, p.depth, p.width, p.colStart, p.colEnd, p.scratch, p.scratch + bPack, p.scratch + aPack,
    ],
  }; // prettier-ignore
}

/** The kernels of a WebAssembly instance of the dense module. */
function wasmKernels({ exports, memory }: WasmInstance): DenseKernels {
  const routines = PRODUCT_ROUTINES.map((name) => exports[name] as (...args: number[]) => void);
  const relu = exports['relu'] as (src: number, dst: number, n: number) => void;
  const stepMask = exports['stepMask'] as (x: number, a: number, n: number) => void;
  const routine = <F>(name: string): F => exports[name] as F;
  let heap = new Float32Array(memory.buffer);
  return {
    wasm: true,
    memory: () => heap,
    reserve(elements) {
      const needed = elements + MEMORY_SLACK;
      if (needed > heap.length) {
        memory.grow(Math.ceil((needed - heap.length) / PAGE_FLOATS));
        heap = new Float32Array(memory.buffer);
      }
    },
    product: (p) => {
      const call = productCall(p);
      routines[call.routine]!(...call.args);
    },
    relu,
    stepMask,
    add: routine('add'),
    multiply: routine('multiply'),
    scaleAdd: routine('scaleAdd'),
    gateBackward: routine('gateBackward'),
    activations: wasmActivationKernels(exports),
  };
}

function createKernels(useWasm: boolean): DenseKernels {
  const compiled = useWasm ? compile(buildDenseModule(), 'dense') : null;
  const instance = compiled === null ? null : instantiate(compiled, 1);
  if (instance !== null) return wasmKernels(instance);
  let view = new Float32Array(PAGE_FLOATS);
  return {
    wasm: false,
    memory: () => view,
    reserve(elements) {
      const needed = elements + MEMORY_SLACK;
      if (needed > view.length) {
        const grown = new Float32Array(Math.max(needed, 2 * view.length));
        grown.set(view);
        view = grown;
      }
    },
    product: (p) => jsProduct(view, p),
    relu: (src, dst, n) => jsRelu(view, src, dst, n),
    stepMask: (x, a, n) => jsStepMask(view, x, a, n),
    add: (a, b, c, n) => jsAdd(view, a, b, c, n),
    multiply: (a, b, c, n) => jsMultiply(view, a, b, c, n),
    scaleAdd: (skip, x, alpha, out, k, per) => jsScaleAdd(view, skip, x, alpha, out, k, per),
    gateBackward: (dSum, branch, alpha, dBranch, grad, k, per) => jsGateBackward(view, dSum, branch, alpha, dBranch, grad, k, per),
    activations: jsActivationKernels(() => view),
  };
}

const shared = sharedKernels(createKernels);
/** Set while the product threads serve the dense layers (see product-threads.ts). */
let threaded: DenseKernels | null = null;

/** The kernels the dense layers use: WebAssembly SIMD where available, else JavaScript. */
export function denseKernels(): DenseKernels {
  return threaded ?? shared.current();
}

/** Makes the dense layers use one implementation; returns whether it is WebAssembly. For tests. */
export function selectDenseKernels(implementation: 'wasm' | 'js'): boolean {
  threaded = null;
  return shared.select(implementation);
}

/**
 * Makes the dense layers use `kernels` (the product threads' set on a shared memory) until
 * called with null. Each call copies its operands in and its results out, so switching between
 * two calls is safe.
 */
export function useThreadedKernels(kernels: DenseKernels | null): void {
  // the JavaScript kernels, where selected, run on one thread
  threaded = kernels !== null && shared.current().wasm ? kernels : null;
}

/** Dense kernels on a shared memory, and what another thread needs to instantiate the same module on it. */
export interface SharedDenseKernels {
  readonly kernels: DenseKernels;
  readonly compiled: CompiledModule;
  readonly memory: WasmMemory;
}

let privateModule: CompiledModule | null | undefined;

/**
 * The WebAssembly kernels on a fresh memory of their own, which no tensor kernel writes: the resident
 * training step keeps its parameters there between steps. Null where the JavaScript kernels are in use.
 */
export function createPrivateDenseKernels(): { kernels: DenseKernels; memory: WasmMemory } | null {
  if (!shared.current().wasm) return null;
  privateModule ??= compile(buildDenseModule(), 'dense_private');
  const instance = privateModule === null ? null : instantiate(privateModule, 1);
  return instance === null ? null : { kernels: wasmKernels(instance), memory: instance.memory };
}

/**
 * The WebAssembly kernels on a fresh shared memory; null where WebAssembly SIMD or shared memory
 * is unavailable, or where the JavaScript kernels are selected (they run on one thread).
 */
export function createSharedDenseKernels(): SharedDenseKernels | null {
  if (!shared.current().wasm) return null;
  const compiled = compile(buildDenseModule(SHARED_MEMORY), 'dense_shared');
  const instance = compiled === null ? null : instantiate(compiled, 1, SHARED_MEMORY);
  return compiled === null || instance === null ? null : { kernels: wasmKernels(instance), compiled, memory: instance.memory };
}
