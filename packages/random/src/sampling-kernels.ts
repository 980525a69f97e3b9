/**
 * The hot passes of the float32 bulk samplers, in two interchangeable implementations that give
 * bit-identical results:
 *
 * - WebAssembly SIMD, encoded below: the four xoshiro128** lanes step as one i32x4 vector and each
 *   step's four draws are converted at once, in the same loop (the uniform pass in f64x2 pairs, so
 *   its rounding is exactly JavaScript's `low + k·scale` stored to float32; the ziggurat pass loads
 *   the four lanes' table entries whole and computes `mean + m·scaled` in f64x2 pairs likewise);
 * - plain JavaScript, used where WebAssembly SIMD is unavailable (or forbidden by a CSP).
 *
 * A pass gives one draw to each slot of a block of BLOCK and writes `out`; the few slots the fast
 * test cannot settle are listed, in slot order, for the caller's exact (and rare) slow path, which
 * draws more from the same `Lanes`. Every value is computed alone, so the order of the passes
 * changes no bit. Every buffer lives in one WebAssembly memory, shared by all streams: a fill
 * never starts another fill.
 */
import { type BulkDraws, type Lanes, stepLanes } from './lanes.js';
import { type Code, compile, ctl, f32, f64, type FunctionBuilder, i32, instantiate, local, type Local, ModuleBuilder, sharedKernels, v128 } from '@initlab/wasm';

/** Values per pass: the scratch buffers' length (float64 fills take two draws per value). */
export const BLOCK = 4096;
/**
 * Blocks of output kept in WebAssembly memory before one copy to the caller's array: a 1 MB copy
 * writes the destination about 1.5× as fast as sixty-four 16 KB ones (measured on x86-64 Node 20).
 */
export const CHUNK_BLOCKS = 64;

// Byte layout of the scratch memory.
const STATE = 0; // 16 × i32: lane state, word-major (one v128 per xoshiro word)
const REDO_COUNT = 64; // i32 written by the ziggurat pass
// 512 entries of 16 bytes, so the hot loop finds all it needs at one address:
// f64 scaled at +0, i32 first at +8, i32 count at +12.
const ENTRIES_AT = 1024;
const BEYOND_AT = ENTRIES_AT + 8192; // 512 × f64
const BEYOND_M_AT = BEYOND_AT + 4096; // 512 × i32
const DRAWS_AT = 16384; // 2·BLOCK × i32
const PENDING_SLOT_AT = DRAWS_AT + 8 * BLOCK; // BLOCK × i32
const PENDING_DRAW_AT = PENDING_SLOT_AT + 4 * BLOCK;
const REDO_AT = PENDING_DRAW_AT + 4 * BLOCK; // two lists of BLOCK × i32, used in turn
const OUT_AT = REDO_AT + 8 * BLOCK; // CHUNK_BLOCKS × BLOCK × f32
const BYTES = OUT_AT + 4 * BLOCK * CHUNK_BLOCKS;
const PAGE_BYTES = 65536;

/** The scratch buffers and the passes that fill them. */
export interface SamplingKernels {
  readonly wasm: boolean;
  readonly draws: Int32Array;
  /** The current block's output: block b of `outChunk` after `useBlock(b)`. */
  out: Float32Array;
  /** CHUNK_BLOCKS blocks of output, copied to the caller's array together (`copyChunk`). */
  readonly outChunk: Float32Array;
  /** Makes block b (0 ≤ b < CHUNK_BLOCKS) of `outChunk` the one the passes write and `out` views. */
  useBlock(b: number): void;
  readonly pendingSlot: Int32Array;
  readonly pendingDraw: Int32Array;
  /** The two redo lists; a pass over list `from` lists its redos in the other one. */
  readonly redo: readonly [Int32Array, Int32Array];
  /**
   * Ziggurat tables for the fill in progress, indexed by k, the 9 low bits of a draw:
   * scaled[k] = entries[2k], first[k] = entryLimits[4k + 2], count[k] = entryLimits[4k + 3].
   */
  readonly entries: Float64Array;
  readonly entryLimits: Int32Array;
  readonly beyond: Float64Array;
  /** For the 23-bit abscissa: m > beyond[k] ⇔ m > beyondM[k] (signed), an integer test. */
  readonly beyondM: Int32Array;
  /** Writes `gen`'s next `n` draws (n ≤ 2·BLOCK) to `draws`, whole lane groups in bulk. */
  take(gen: Lanes, n: number): void;
  /**
   * The uniform pass over `gen`'s next n draws (n ≤ BLOCK), draw i for slot i: with
   * k = draw >>> 8, out[i] = fround(low + k·scale); lists in `pendingSlot`, in slot order, each i
   * whose k is outside [first, first + count). Returns how many it listed. (WebAssembly draws
   * and converts in one loop, so the draws never go through memory; `draws` is then unspecified.)
   */
  uniformBlock(gen: Lanes, n: number, low: number, scale: number, first: number, count: number): number;
  /**
   * The ziggurat pass over `gen`'s next n draws (n ≤ BLOCK), draw j for slot j: k = r & 511,
   * m = r >>> 9, out[j] = fround(mean + m·scaled[k]). Unless first[k] ≤ m < first[k] + count[k],
   * the slot is listed in redo[0] when m > beyond[k], else queued in pendingSlot/pendingDraw, in
   * slot order. Returns [queued, redone].
   */
  zigguratBlock(gen: Lanes, n: number, mean: number): [number, number];
  /**
   * The ziggurat pass over the n slots redo[from][j], draw j of `draws` each (after `take`),
   * listing its redos in the other list. Returns [queued, redone].
   */
  zigguratPass(n: number, mean: number, from: 0 | 1): [number, number];
}

// ---------------------------------------------------------------------------------------------
// The WebAssembly kernels.

const u32Bytes = (index: Code): Code => i32.shl(index, i32.const(2));
const get = local.get;
const splat = (c: number): Code => v128.i32x4Splat(i32.const(c));
const rotl = (v: Local, r: number): Code => v128.or(v128.i32x4Shl(get(v), i32.const(r)), v128.i32x4ShrU(get(v), i32.const(32 - r)));
// i8x16.shuffle byte patterns.
const HIGH_TO_LOW = [8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7];
/** The low halves of a and b: two f64 lanes from two 16-byte vectors. */
const JOIN = [0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23];
/** The high halves of a and b. */
const JOIN_HIGH = [8, 9, 10, 11, 12, 13, 14, 15, 24, 25, 26, 27, 28, 29, 30, 31];
/** i32 lanes 0 and 2 of a, then of b; and lanes 1 and 3. */
const EVEN_LANES = [0, 1, 2, 3, 8, 9, 10, 11, 16, 17, 18, 19, 24, 25, 26, 27];
const ODD_LANES = [4, 5, 6, 7, 12, 13, 14, 15, 20, 21, 22, 23, 28, 29, 30, 31];

/** The four xoshiro128** lanes, one v128 per state word, and the step's two temporaries. */
interface LaneLocals {
  readonly s: readonly [Local, Local, Local, Local];
  readonly x: Local;
  readonly t: Local;
}

function laneLocals(f: FunctionBuilder): LaneLocals {
  const { s0, s1, s2, s3, x, t } = f.locals({ s0: 'v128', s1: 'v128', s2: 'v128', s3: 'v128', x: 'v128', t: 'v128' });
  return { s: [s0, s1, s2, s3], x, t };
}

const loadLanes = ({ s }: LaneLocals): Code[] => s.map((w, i) => local.set(w, v128.load(i32.const(STATE + 16 * i))));
const storeLanes = ({ s }: LaneLocals): Code[] => s.map((w, i) => v128.store(i32.const(STATE + 16 * i), get(w)));

/** One step of the four lanes: the group's four draws (one per lane) into `r`. */
function stepLanesInto(lanes: LaneLocals, r: Local): Code[] {
  const [s0, s1, s2, s3] = lanes.s;
  const { x, t } = lanes;
  return [
    local.set(x, v128.i32x4Mul(get(s1), splat(5))),
    local.set(r, v128.i32x4Mul(rotl(x, 7), splat(9))),
    local.set(t, v128.i32x4Shl(get(s1), i32.const(9))),
    local.set(s2, v128.xor(get(s2), get(s0))),
    local.set(s3, v128.xor(get(s3), get(s1))),
    local.set(s1, v128.xor(get(s1), get(s2))),
    local.set(s0, v128.xor(get(s0), get(s3))),
    local.set(s2, v128.xor(get(s2), get(t))),
    local.set(s3, rotl(s3, 11)),
  ];
}

/** f32x4 of fround(base + convert(ints lane)·factor lane) for the four u32 lanes of `ints`: f64 arithmetic, exactly as JavaScript's. */
function affineF32x4(ints: Local, base: Local, factorLow: Code, factorHigh: Code): Code {
  const half = (lanes: Code, factor: Code): Code => v128.f32x4DemoteF64x2Zero(v128.f64x2Add(get(base), v128.f64x2Mul(v128.f64x2ConvertLowI32x4U(lanes), factor)));
  return v128.shuffle(half(get(ints), factorLow), half(v128.shuffle(get(ints), get(ints), HIGH_TO_LOW), factorHigh), JOIN);
}

/** draws(out, groups): `groups` steps of the four lanes, state at STATE. */
function addDraws(m: ModuleBuilder): void {
  const f = m.function('draws');
  const { out: pOut, groups: pGroups } = f.params({ out: 'i32', groups: 'i32' });
  const lanes = laneLocals(f);
  const { r, end } = f.locals({ r: 'v128', end: 'i32' });
  f.body(
    ...loadLanes(lanes),
    local.set(end, i32.add(get(pOut), i32.shl(get(pGroups), i32.const(4)))),
    ctl.block(
      ctl.loop(
        ctl.brIf(1, i32.geU(get(pOut), get(end))),
        ...stepLanesInto(lanes, r),
        v128.store(get(pOut), get(r)),
        local.set(pOut, i32.add(get(pOut), i32.const(16))),
        ctl.br(0),
      ),
    ),
    ...storeLanes(lanes),
  );
}

/**
 * uniformDraws(out, slot, groups, low, scale, first, count, list, listed) → listed: `groups` steps
 * of the lanes, the group's four draws converted at once into out[0..4) (the address of `slot`),
 * then the next four; a slot whose k = draw >>> 8 is outside [first, first + count) is appended
 * to `list` (after `listed` entries).
 */
function addUniformDraws(m: ModuleBuilder): void {
  const f = m.function('uniformDraws', 'i32');
  const params = { out: 'i32', slot: 'i32', groups: 'i32', low: 'f64', scale: 'f64', first: 'i32', count: 'i32', list: 'i32', listed: 'i32' } as const;
  const { out: pOut, slot: pSlot, groups: pGroups, low: pLow, scale: pScale, first: pFirst, count: pCount, list: pList, listed: pListed } = f.params(params);
  const lanes = laneLocals(f);
  const { r, kv, ok, vLow, vScale, vFirst, vCount } = f.locals({ r: 'v128', kv: 'v128', ok: 'v128', vLow: 'v128', vScale: 'v128', vFirst: 'v128', vCount: 'v128' });
  const end = f.local('end', 'i32');
  const list = (slot: Code): Code =>
    ctl.seq(i32.store(i32.add(get(pList), u32Bytes(get(pListed))), slot), local.set(pListed, i32.add(get(pListed), i32.const(1))));
  f.body(
    ...loadLanes(lanes),
    local.set(end, i32.add(get(pOut), i32.shl(get(pGroups), i32.const(4)))),
    local.set(vLow, v128.f64x2Splat(get(pLow))),
    local.set(vScale, v128.f64x2Splat(get(pScale))),
    local.set(vFirst, v128.i32x4Splat(get(pFirst))),
    local.set(vCount, v128.i32x4Splat(get(pCount))),
    ctl.block(
      ctl.loop(
        ctl.brIf(1, i32.geU(get(pOut), get(end))),
        ...stepLanesInto(lanes, r),
        local.set(kv, v128.i32x4ShrU(get(r), i32.const(8))),
        v128.store(get(pOut), affineF32x4(kv, vLow, get(vScale), get(vScale))),
        local.set(ok, v128.i32x4LtU(v128.i32x4Sub(get(kv), get(vFirst)), get(vCount))),
        ctl.if(
          i32.eqz(v128.i32x4AllTrue(get(ok))),
          ...[0, 1, 2, 3].map((lane) => ctl.if(i32.eqz(v128.i32x4ExtractLane(get(ok), lane)), list(i32.add(get(pSlot), i32.const(lane))))),
        ),
        local.set(pOut, i32.add(get(pOut), i32.const(16))),
        local.set(pSlot, i32.add(get(pSlot), i32.const(4))),
        ctl.br(0),
      ),
    ),
    ...storeLanes(lanes),
    get(pListed),
  );
}

/**
 * The ziggurat's handling of a slot given `miss` (1 if it failed the fast test, else 0), its draw
 * `r` and its entry's byte offset `offset` = 16k: a miss is listed in `redo` when m > beyondM[k],
 * else queued. Without branches: the slot is written at both lists' ends and only the right count
 * moves, so a 4-lane group's misses cost no unpredictable jumps (a list never outgrows BLOCK: it
 * is written at index count ≤ slots seen − 1).
 */
function zigguratMiss(slot: Local, r: Local, offset: Local, miss: Local, far: Local, q: { pRedo: Local; redone: Local; queued: Local }): Code {
  return ctl.seq(
    // beyondM[k] sits at BEYOND_M_AT + 4k = BEYOND_M_AT + offset/4
    local.set(far, i32.and(get(miss), i32.ltS(i32.load(i32.shrU(get(offset), i32.const(2)), BEYOND_M_AT), i32.shrU(get(r), i32.const(9))))),
    i32.store(i32.add(get(q.pRedo), u32Bytes(get(q.redone))), get(slot)),
    local.set(q.redone, i32.add(get(q.redone), get(far))),
    i32.store(i32.add(i32.const(PENDING_SLOT_AT), u32Bytes(get(q.queued))), get(slot)),
    i32.store(i32.add(i32.const(PENDING_DRAW_AT), u32Bytes(get(q.queued))), get(r)),
    local.set(q.queued, i32.add(get(q.queued), i32.sub(get(miss), get(far)))),
  );
}

/**
 * zigguratDraws(out, slot, groups, mean, redo, queued, redone) → queued (redo count at REDO_COUNT):
 * `groups` steps of the lanes, the four draws of a group for slots slot … slot + 3 of `out` at once
 * (their four table entries loaded whole and regrouped), misses appended after `queued`/`redone`.
 */
function addZigguratDraws(module: ModuleBuilder): void {
  const f = module.function('zigguratDraws', 'i32');
  const params = { out: 'i32', slot: 'i32', groups: 'i32', mean: 'f64', redo: 'i32', queued: 'i32', redone: 'i32' } as const;
  const { out: pOut, slot: pSlot, groups: pGroups, mean: pMean, redo: pRedo, queued, redone } = f.params(params);
  const lanes = laneLocals(f);
  const { r, offsets, mv, e0, e1, e2, e3, fc01, fc23, ok, vMean } = f.locals({
    r: 'v128', offsets: 'v128', mv: 'v128', e0: 'v128', e1: 'v128', e2: 'v128', e3: 'v128', fc01: 'v128', fc23: 'v128', ok: 'v128', vMean: 'v128', // prettier-ignore
  });
  const { at, end, laneSlot, laneR, laneOffset, miss, far } = f.locals({ at: 'i32', end: 'i32', laneSlot: 'i32', laneR: 'i32', laneOffset: 'i32', miss: 'i32', far: 'i32' });
  const entry = [e0, e1, e2, e3] as const;
  f.body(
    ...loadLanes(lanes),
    local.set(at, i32.add(get(pOut), u32Bytes(get(pSlot)))),
    local.set(end, i32.add(get(at), i32.shl(get(pGroups), i32.const(4)))),
    local.set(vMean, v128.f64x2Splat(get(pMean))),
    ctl.block(
      ctl.loop(
        ctl.brIf(1, i32.geU(get(at), get(end))),
        ...stepLanesInto(lanes, r),
        // 16k for k = r & 511 in each lane; lane l's entry {scaled, first, count} is one 16-byte load.
        local.set(offsets, v128.i32x4Shl(v128.and(get(r), splat(511)), i32.const(4))),
        ...entry.map((e, lane) => local.set(e, v128.load(i32.add(v128.i32x4ExtractLane(get(offsets), lane), i32.const(ENTRIES_AT))))),
        local.set(mv, v128.i32x4ShrU(get(r), i32.const(9))),
        v128.store(get(at), affineF32x4(mv, vMean, v128.shuffle(get(e0), get(e1), JOIN), v128.shuffle(get(e2), get(e3), JOIN))),
        local.set(fc01, v128.shuffle(get(e0), get(e1), JOIN_HIGH)), // first0 count0 first1 count1
        local.set(fc23, v128.shuffle(get(e2), get(e3), JOIN_HIGH)),
        local.set(
          ok,
          v128.i32x4LtU(v128.i32x4Sub(get(mv), v128.shuffle(get(fc01), get(fc23), EVEN_LANES)), v128.shuffle(get(fc01), get(fc23), ODD_LANES)),
        ),
        ctl.if(
          i32.eqz(v128.i32x4AllTrue(get(ok))),
          ...[0, 1, 2, 3].map((lane) =>
            ctl.seq(
              local.set(miss, i32.add(v128.i32x4ExtractLane(get(ok), lane), i32.const(1))), // ok lanes are −1
              local.set(laneSlot, i32.add(get(pSlot), i32.const(lane))),
              local.set(laneR, v128.i32x4ExtractLane(get(r), lane)),
              local.set(laneOffset, v128.i32x4ExtractLane(get(offsets), lane)),
              zigguratMiss(laneSlot, laneR, laneOffset, miss, far, { pRedo, redone, queued }),
            ),
          ),
        ),
        local.set(at, i32.add(get(at), i32.const(16))),
        local.set(pSlot, i32.add(get(pSlot), i32.const(4))),
        ctl.br(0),
      ),
    ),
    ...storeLanes(lanes),
    i32.store(i32.const(REDO_COUNT), get(redone)),
    get(queued),
  );
}

/** zigguratIndirect(draws, slots, out, n, mean, redoOut) → queued (redo count at REDO_COUNT): slot slots[j], draw j. */
function addZigguratIndirect(module: ModuleBuilder): void {
  const f = module.function('zigguratIndirect', 'i32');
  const params = { draws: 'i32', slots: 'i32', out: 'i32', n: 'i32', mean: 'f64', redoOut: 'i32' } as const;
  const { draws: pDraws, slots: pSlots, out: pOut, n: pN, mean: pMean, redoOut: pRedo } = f.params(params);
  const { j, slot, r, entry, m, queued, redone, miss, far } = f.locals({ j: 'i32', slot: 'i32', r: 'i32', entry: 'i32', m: 'i32', queued: 'i32', redone: 'i32', miss: 'i32', far: 'i32' }); // prettier-ignore
  f.body(
    ctl.block(
      ctl.loop(
        ctl.brIf(1, i32.geU(get(j), get(pN))),
        local.set(slot, i32.load(i32.add(get(pSlots), u32Bytes(get(j))))),
        local.set(r, i32.load(i32.add(get(pDraws), u32Bytes(get(j))))),
        local.set(entry, i32.shl(i32.and(get(r), i32.const(511)), i32.const(4))),
        local.set(m, i32.shrU(get(r), i32.const(9))),
        f32.store(
          i32.add(get(pOut), u32Bytes(get(slot))),
          f32.demoteF64(f64.add(get(pMean), f64.mul(f64.convertI32U(get(m)), f64.load(get(entry), ENTRIES_AT)))),
        ),
        local.set(miss, i32.eqz(i32.ltU(i32.sub(get(m), i32.load(get(entry), ENTRIES_AT + 8)), i32.load(get(entry), ENTRIES_AT + 12)))),
        zigguratMiss(slot, r, entry, miss, far, { pRedo, redone, queued }),
        local.set(j, i32.add(get(j), i32.const(1))),
        ctl.br(0),
      ),
    ),
    i32.store(i32.const(REDO_COUNT), get(redone)),
    get(queued),
  );
}

/** The encoded module. */
export function buildSamplingModule(): Uint8Array {
  const m = new ModuleBuilder('sampling');
  addDraws(m);
  addUniformDraws(m);
  addZigguratDraws(m);
  addZigguratIndirect(m);
  return m.encode();
}

// ---------------------------------------------------------------------------------------------
// Instantiation, with the JavaScript passes as the fallback.

interface Exports {
  draws(out: number, groups: number): void;
  uniformDraws(out: number, slot: number, groups: number, low: number, scale: number, first: number, count: number, list: number, listed: number): number;
  zigguratDraws(out: number, slot: number, groups: number, mean: number, redo: number, queued: number, redone: number): number;
  zigguratIndirect(draws: number, slots: number, out: number, n: number, mean: number, redo: number): number;
}

type Buffers = Omit<SamplingKernels, 'take' | 'uniformBlock' | 'zigguratBlock' | 'zigguratPass' | 'useBlock'>;

/** The uniform pass over slots [from, to) of `draws`, listing after `listed`; returns the new count. */
function jsUniformRange(k: Buffers, from: number, to: number, low: number, scale: number, first: number, count: number, listed: number): number {
  const { draws, out, pendingSlot } = k;
  for (let i = from; i < to; i++) {
    const v = draws[i]! >>> 8;
    out[i] = low + v * scale;
    if (!((v - first) >>> 0 < count)) pendingSlot[listed++] = i;
  }
  return listed;
}

/**
 * The ziggurat pass over j in [from, to): slot j (or slots[j]), draw j, redos into `redo`, after
 * `queued` queued and `redone` redone slots. Returns [queued, redone].
 */
function jsZigguratRange(
  kernels: Buffers,
  from: number,
  to: number,
  mean: number,
  slots: Int32Array | null,
  redo: Int32Array,
  queued: number,
  redone: number,
): [number, number] {
  const { draws, out, pendingSlot, pendingDraw, entries, entryLimits, beyond } = kernels;
  for (let j = from; j < to; j++) {
    const slot = slots === null ? j : slots[j]!;
    const r = draws[j]!;
    const k = r & 511;
    const m = r >>> 9;
    out[slot] = mean + m * entries[2 * k]!;
    if (!((m - entryLimits[4 * k + 2]!) >>> 0 < entryLimits[4 * k + 3]!)) {
      if (m > beyond[k]!) redo[redone++] = slot;
      else {
        pendingSlot[queued] = slot;
        pendingDraw[queued++] = r;
      }
    }
  }
  return [queued, redone];
}

function createKernels(useWasm: boolean): SamplingKernels {
  const compiled = useWasm ? compile(buildSamplingModule(), 'sampling') : null;
  const instance = compiled === null ? null : instantiate(compiled, Math.ceil(BYTES / PAGE_BYTES));
  const wasm = instance === null ? null : { buffer: instance.memory.buffer, exports: instance.exports as unknown as Exports };
  const buffer = wasm?.buffer ?? new ArrayBuffer(BYTES);
  const state = new Int32Array(buffer, STATE, 16);
  const i32s = (at: number, n: number): Int32Array => new Int32Array(buffer, at, n);
  const f64s = (at: number, n: number): Float64Array => new Float64Array(buffer, at, n);
  const outBlocks = Array.from({ length: CHUNK_BLOCKS }, (_, b) => new Float32Array(buffer, OUT_AT + 4 * BLOCK * b, BLOCK));
  // The byte address of the current output block, for the WebAssembly passes.
  let outAt = OUT_AT;
  const useBlock = (b: number): void => {
    base.out = outBlocks[b]!;
    outAt = OUT_AT + 4 * BLOCK * b;
  };
  // The passes read `base.out` when they run, so this object becomes the kernels (Object.assign below).
  const base: Buffers = {
    wasm: wasm !== null,
    draws: i32s(DRAWS_AT, 2 * BLOCK),
    out: outBlocks[0]!,
    outChunk: new Float32Array(buffer, OUT_AT, BLOCK * CHUNK_BLOCKS),
    pendingSlot: i32s(PENDING_SLOT_AT, BLOCK),
    pendingDraw: i32s(PENDING_DRAW_AT, BLOCK),
    redo: [i32s(REDO_AT, BLOCK), i32s(REDO_AT + 4 * BLOCK, BLOCK)] as const,
    entries: f64s(ENTRIES_AT, 1024),
    entryLimits: i32s(ENTRIES_AT, 2048),
    beyond: f64s(BEYOND_AT, 512),
    beyondM: i32s(BEYOND_M_AT, 512),
  };
  const redoPass = (n: number, mean: number, from: 0 | 1): [number, number] =>
    jsZigguratRange(base, 0, n, mean, base.redo[from], base.redo[from === 0 ? 1 : 0], 0, 0);
  if (wasm === null) {
    const bulk: BulkDraws = (lanes, out, offset, groups) => stepLanes(lanes.s, out, offset, groups);
    const take = (gen: Lanes, n: number): void => gen.take(base.draws, n, bulk);
    return Object.assign(base, {
      useBlock,
      take,
      uniformBlock(gen: Lanes, n: number, low: number, scale: number, first: number, count: number) {
        take(gen, n);
        return jsUniformRange(base, 0, n, low, scale, first, count, 0);
      },
      zigguratBlock(gen: Lanes, n: number, mean: number) {
        take(gen, n);
        return jsZigguratRange(base, 0, n, mean, null, base.redo[0], 0, 0);
      },
      zigguratPass: redoPass,
    });
  }
  const x = wasm.exports;
  const redoCount = new Int32Array(buffer, REDO_COUNT, 1);
  // `take` only ever fills `draws`, so the kernel writes at DRAWS_AT
  const bulk: BulkDraws = (lanes, _out, offset, groups) => {
    state.set(lanes.s);
    x.draws(DRAWS_AT + 4 * offset, groups);
    lanes.s.set(state);
  };
  // A block's draws are, as `take` gives them: what is left of the current lane group, whole
  // groups, then a few from a fresh group. The fused kernels draw and convert the whole groups in
  // one loop; the JavaScript pass does the few before and after, so values and lists come out in
  // slot order exactly as one pass over `take`'s draws gives them.
  const tailDraws = (gen: Lanes, from: number, n: number): void => {
    for (let j = from; j < n; j++) base.draws[j] = gen.nextInt32();
  };
  return Object.assign(base, {
    useBlock,
    take: (gen: Lanes, n: number) => gen.take(base.draws, n, bulk),
    uniformBlock(gen: Lanes, n: number, low: number, scale: number, first: number, count: number) {
      const head = gen.takeLeftover(base.draws, n);
      let listed = jsUniformRange(base, 0, head, low, scale, first, count, 0);
      const groups = (n - head) >> 2;
      if (groups > 0) {
        state.set(gen.s);
        listed = x.uniformDraws(outAt + 4 * head, head, groups, low, scale, first, count, PENDING_SLOT_AT, listed);
        gen.s.set(state);
      }
      const tail = head + 4 * groups;
      tailDraws(gen, tail, n);
      return jsUniformRange(base, tail, n, low, scale, first, count, listed);
    },
    zigguratBlock(gen: Lanes, n: number, mean: number): [number, number] {
      const head = gen.takeLeftover(base.draws, n);
      let [queued, redone] = jsZigguratRange(base, 0, head, mean, null, base.redo[0], 0, 0);
      const groups = (n - head) >> 2;
      if (groups > 0) {
        state.set(gen.s);
        queued = x.zigguratDraws(outAt, head, groups, mean, REDO_AT, queued, redone);
        redone = redoCount[0]!;
        gen.s.set(state);
      }
      const tail = head + 4 * groups;
      tailDraws(gen, tail, n);
      return jsZigguratRange(base, tail, n, mean, null, base.redo[0], queued, redone);
    },
    zigguratPass(n: number, mean: number, from: 0 | 1): [number, number] {
      const queued = x.zigguratIndirect(DRAWS_AT, REDO_AT + 4 * BLOCK * from, outAt, n, mean, REDO_AT + 4 * BLOCK * (from === 0 ? 1 : 0));
      return [queued, redoCount[0]!];
    },
  });
}

const shared = sharedKernels(createKernels);

/**
 * A fill's loop calls this for its block at `start` (of `len` values) after finishing it: makes
 * the next block the current one and, when the chunk is full or the fill is done, copies the
 * chunk's blocks to out[chunkStart … start + len).
 */
export function nextBlock(kernels: SamplingKernels, out: Float32Array, start: number, len: number): void {
  const b = (start / BLOCK) % CHUNK_BLOCKS;
  const end = start + len;
  if (b === CHUNK_BLOCKS - 1 || end === out.length) {
    const chunkStart = start - b * BLOCK;
    out.set(kernels.outChunk.subarray(0, end - chunkStart), chunkStart);
    kernels.useBlock(0);
  } else {
    kernels.useBlock(b + 1);
  }
}

/** The kernels every fill uses: WebAssembly SIMD where available, else JavaScript. */
export function samplingKernels(): SamplingKernels {
  return shared.current();
}

/**
 * Makes every fill use the WebAssembly or the JavaScript passes; returns whether WebAssembly SIMD
 * is in use. For the tests that prove both give the same bytes.
 */
export function selectSamplingKernels(implementation: 'wasm' | 'js'): boolean {
  return shared.select(implementation);
}
