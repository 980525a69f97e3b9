/**
 * The hot passes of the float32 bulk samplers, in two interchangeable implementations that give
 * bit-identical results:
 *
 * - WebAssembly SIMD, encoded below: the four xoshiro128** lanes step as one i32x4 vector, and the
 *   uniform pass converts four draws per iteration (in f64x2 pairs, so its rounding is exactly
 *   JavaScript's `low + k·scale` stored to float32);
 * - plain JavaScript, used where WebAssembly SIMD is unavailable (or forbidden by a CSP).
 *
 * A pass reads one draw per slot from `draws` and writes `out` (both scratch buffers of BLOCK
 * entries); the few slots the fast test cannot settle are listed for the caller's exact (and
 * rare) slow path, which draws more from the same `Lanes`. Every buffer lives in one small
 * WebAssembly memory, shared by all streams: a fill never starts another fill.
 */
import { type BulkDraws, type Lanes, stepLanes } from './lanes.js';
import { type Code, compile, ctl, f32, f64, i32, instantiate, local, type Local, ModuleBuilder, sharedKernels, v128 } from '@initlab/wasm';

/** Values per pass: the scratch buffers' length (float64 fills take two draws per value). */
export const BLOCK = 4096;

// Byte layout of the scratch memory.
const STATE = 0; // 16 × i32: lane state, word-major (one v128 per xoshiro word)
const REDO_COUNT = 64; // i32 written by the ziggurat pass
// 512 entries of 16 bytes, so the hot loop finds all it needs at one address:
// f64 scaled at +0, i32 first at +8, i32 count at +12.
const ENTRIES_AT = 1024;
const BEYOND_AT = ENTRIES_AT + 8192; // 512 × f64
const DRAWS_AT = 16384; // 2·BLOCK × i32
const OUT_AT = DRAWS_AT + 8 * BLOCK; // BLOCK × f32
const PENDING_SLOT_AT = OUT_AT + 4 * BLOCK; // BLOCK × i32
const PENDING_DRAW_AT = PENDING_SLOT_AT + 4 * BLOCK;
const REDO_AT = PENDING_DRAW_AT + 4 * BLOCK; // two lists of BLOCK × i32, used in turn
const BYTES = REDO_AT + 8 * BLOCK;
const PAGE_BYTES = 65536;

/** The scratch buffers and the passes that fill them. */
export interface SamplingKernels {
  readonly wasm: boolean;
  readonly draws: Int32Array;
  readonly out: Float32Array;
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
  /** Writes `gen`'s next `n` draws (n ≤ 2·BLOCK) to `draws`, whole lane groups in bulk. */
  take(gen: Lanes, n: number): void;
  /**
   * out[i] = fround(low + (draws[i] >>> 8)·scale) for i < n; lists in `pendingSlot` each i whose
   * k = draws[i] >>> 8 is outside [first, first + count). Returns how many it listed.
   */
  uniformPass(n: number, low: number, scale: number, first: number, count: number): number;
  /**
   * The ziggurat pass over n slots (slot j, or redo[from][j] when `from` is given), draw j each:
   * k = r & 511, m = r >>> 9, out[slot] = fround(mean + m·scaled[k]). Unless first[k] ≤ m <
   * first[k] + count[k], the slot is listed in the redo list (`from` ?? 0, the other one) when
   * m > beyond[k], else queued in pendingSlot/pendingDraw. Returns [queued, redone].
   */
  zigguratPass(n: number, mean: number, from?: 0 | 1): [number, number];
}

// ---------------------------------------------------------------------------------------------
// The WebAssembly kernels.

const u32Bytes = (index: Code): Code => i32.shl(index, i32.const(2));

/** draws(out, groups): `groups` steps of the four lanes, state at STATE. */
function addDraws(m: ModuleBuilder): void {
  const f = m.function('draws');
  const { out: pOut, groups: pGroups } = f.params({ out: 'i32', groups: 'i32' });
  const { s0, s1, s2, s3, x, t } = f.locals({ s0: 'v128', s1: 'v128', s2: 'v128', s3: 'v128', x: 'v128', t: 'v128' });
  const end = f.local('end', 'i32');
  const get = local.get;
  const rotl = (v: Local, r: number): Code => v128.or(v128.i32x4Shl(get(v), i32.const(r)), v128.i32x4ShrU(get(v), i32.const(32 - r)));
  const splat = (c: number): Code => v128.i32x4Splat(i32.const(c));
  f.body(
    ...[s0, s1, s2, s3].map((s, w) => local.set(s, v128.load(i32.const(STATE + 16 * w)))),
    local.set(end, i32.add(get(pOut), i32.shl(get(pGroups), i32.const(4)))),
    ctl.block(
      ctl.loop(
        ctl.brIf(1, i32.geU(get(pOut), get(end))),
        local.set(x, v128.i32x4Mul(get(s1), splat(5))),
        v128.store(get(pOut), v128.i32x4Mul(rotl(x, 7), splat(9))),
        local.set(t, v128.i32x4Shl(get(s1), i32.const(9))),
        local.set(s2, v128.xor(get(s2), get(s0))),
        local.set(s3, v128.xor(get(s3), get(s1))),
        local.set(s1, v128.xor(get(s1), get(s2))),
        local.set(s0, v128.xor(get(s0), get(s3))),
        local.set(s2, v128.xor(get(s2), get(t))),
        local.set(s3, rotl(s3, 11)),
        local.set(pOut, i32.add(get(pOut), i32.const(16))),
        ctl.br(0),
      ),
    ),
    ...[s0, s1, s2, s3].map((s, w) => v128.store(i32.const(STATE + 16 * w), get(s))),
  );
}

/** uniform(draws, out, n, low, scale, first, count, list) → listed. */
function addUniform(m: ModuleBuilder): void {
  const f = m.function('uniform', 'i32');
  const params = { draws: 'i32', out: 'i32', n: 'i32', low: 'f64', scale: 'f64', first: 'i32', count: 'i32', list: 'i32' } as const;
  const { draws: pDraws, out: pOut, n: pN, low: pLow, scale: pScale, first: pFirst, count: pCount, list: pList } = f.params(params);
  const { i, listed, end4, k } = f.locals({ i: 'i32', listed: 'i32', end4: 'i32', k: 'i32' });
  const { kv, ok, vLow, vScale, vFirst, vCount } = f.locals({ kv: 'v128', ok: 'v128', vLow: 'v128', vScale: 'v128', vFirst: 'v128', vCount: 'v128' });
  const get = local.get;
  const list = (slot: Code): Code =>
    ctl.seq(i32.store(i32.add(get(pList), u32Bytes(get(listed))), slot), local.set(listed, i32.add(get(listed), i32.const(1))));
  // Two f64x2 halves of four values, each exactly low + k·scale, demoted and rejoined.
  const half = (ints: Code): Code => v128.f32x4DemoteF64x2Zero(v128.f64x2Add(get(vLow), v128.f64x2Mul(v128.f64x2ConvertLowI32x4U(ints), get(vScale))));
  const HIGH_TO_LOW = [8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7];
  const JOIN = [0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23];
  f.body(
    local.set(end4, i32.and(get(pN), i32.const(-4))),
    local.set(vLow, v128.f64x2Splat(get(pLow))),
    local.set(vScale, v128.f64x2Splat(get(pScale))),
    local.set(vFirst, v128.i32x4Splat(get(pFirst))),
    local.set(vCount, v128.i32x4Splat(get(pCount))),
    ctl.block(
      ctl.loop(
        ctl.brIf(1, i32.geU(get(i), get(end4))),
        local.set(kv, v128.i32x4ShrU(v128.load(i32.add(get(pDraws), u32Bytes(get(i)))), i32.const(8))),
        v128.store(i32.add(get(pOut), u32Bytes(get(i))), v128.shuffle(half(get(kv)), half(v128.shuffle(get(kv), get(kv), HIGH_TO_LOW)), JOIN)),
        local.set(ok, v128.i32x4LtU(v128.i32x4Sub(get(kv), get(vFirst)), get(vCount))),
        ctl.if(
          i32.eqz(v128.i32x4AllTrue(get(ok))),
          ...[0, 1, 2, 3].map((lane) => ctl.if(i32.eqz(v128.i32x4ExtractLane(get(ok), lane)), list(i32.add(get(i), i32.const(lane))))),
        ),
        local.set(i, i32.add(get(i), i32.const(4))),
        ctl.br(0),
      ),
    ),
    ctl.block(
      ctl.loop(
        ctl.brIf(1, i32.geU(get(i), get(pN))),
        local.set(k, i32.shrU(i32.load(i32.add(get(pDraws), u32Bytes(get(i)))), i32.const(8))),
        f32.store(i32.add(get(pOut), u32Bytes(get(i))), f32.demoteF64(f64.add(get(pLow), f64.mul(f64.convertI32U(get(k)), get(pScale))))),
        ctl.if(i32.eqz(i32.ltU(i32.sub(get(k), get(pFirst)), get(pCount))), list(get(i))),
        local.set(i, i32.add(get(i), i32.const(1))),
        ctl.br(0),
      ),
    ),
    get(listed),
  );
}

/** ziggurat(draws, slots, out, n, mean, redoOut) → queued (redo count at REDO_COUNT); slot j, or slots[j] when `indirect`. */
function addZiggurat(module: ModuleBuilder, indirect: boolean): void {
  const f = module.function(indirect ? 'zigguratIndirect' : 'ziggurat', 'i32');
  const params = { draws: 'i32', slots: 'i32', out: 'i32', n: 'i32', mean: 'f64', redoOut: 'i32' } as const;
  const { draws: pDraws, slots: pSlots, out: pOut, n: pN, mean: pMean, redoOut: pRedo } = f.params(params);
  const { j, slot, r, entry, m, queued, redone } = f.locals({ j: 'i32', slot: 'i32', r: 'i32', entry: 'i32', m: 'i32', queued: 'i32', redone: 'i32' });
  const get = local.get;
  const bump = (l: Local): Code => local.set(l, i32.add(get(l), i32.const(1)));
  f.body(
    ctl.block(
      ctl.loop(
        ctl.brIf(1, i32.geU(get(j), get(pN))),
        local.set(slot, indirect ? i32.load(i32.add(get(pSlots), u32Bytes(get(j)))) : get(j)),
        local.set(r, i32.load(i32.add(get(pDraws), u32Bytes(get(j))))),
        local.set(entry, i32.add(i32.const(ENTRIES_AT), i32.shl(i32.and(get(r), i32.const(511)), i32.const(4)))),
        local.set(m, i32.shrU(get(r), i32.const(9))),
        f32.store(i32.add(get(pOut), u32Bytes(get(slot))), f32.demoteF64(f64.add(get(pMean), f64.mul(f64.convertI32U(get(m)), f64.load(get(entry)))))),
        ctl.if(
          i32.eqz(i32.ltU(i32.sub(get(m), i32.load(get(entry), 8)), i32.load(get(entry), 12))),
          ctl.ifElse(
            // beyond[k] sits at BEYOND_AT + 8k = BEYOND_AT + (entry − ENTRIES_AT)/2
            f64.gt(f64.convertI32U(get(m)), f64.load(i32.shrU(get(entry), i32.const(1)), BEYOND_AT - ENTRIES_AT / 2)),
            ctl.seq(i32.store(i32.add(get(pRedo), u32Bytes(get(redone))), get(slot)), bump(redone)),
            ctl.seq(
              i32.store(i32.add(i32.const(PENDING_SLOT_AT), u32Bytes(get(queued))), get(slot)),
              i32.store(i32.add(i32.const(PENDING_DRAW_AT), u32Bytes(get(queued))), get(r)),
              bump(queued),
            ),
          ),
        ),
        bump(j),
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
  addUniform(m);
  addZiggurat(m, false);
  addZiggurat(m, true);
  return m.encode();
}

// ---------------------------------------------------------------------------------------------
// Instantiation, with the JavaScript passes as the fallback.

interface Exports {
  draws(out: number, groups: number): void;
  uniform(draws: number, out: number, n: number, low: number, scale: number, first: number, count: number, list: number): number;
  ziggurat(draws: number, slots: number, out: number, n: number, mean: number, redo: number): number;
  zigguratIndirect(draws: number, slots: number, out: number, n: number, mean: number, redo: number): number;
}

function jsUniformPass(k: SamplingKernels, n: number, low: number, scale: number, first: number, count: number): number {
  const { draws, out, pendingSlot } = k;
  let listed = 0;
  for (let i = 0; i < n; i++) {
    const v = draws[i]! >>> 8;
    out[i] = low + v * scale;
    if (!((v - first) >>> 0 < count)) pendingSlot[listed++] = i;
  }
  return listed;
}

function jsZigguratPass(kernels: SamplingKernels, n: number, mean: number, from: 0 | 1 | undefined): [number, number] {
  const { draws, out, pendingSlot, pendingDraw, entries, entryLimits, beyond } = kernels;
  const slots = from === undefined ? null : kernels.redo[from];
  const redo = kernels.redo[from === 0 ? 1 : 0];
  let queued = 0;
  let redone = 0;
  for (let j = 0; j < n; j++) {
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
  const base = {
    wasm: wasm !== null,
    draws: i32s(DRAWS_AT, 2 * BLOCK),
    out: new Float32Array(buffer, OUT_AT, BLOCK),
    pendingSlot: i32s(PENDING_SLOT_AT, BLOCK),
    pendingDraw: i32s(PENDING_DRAW_AT, BLOCK),
    redo: [i32s(REDO_AT, BLOCK), i32s(REDO_AT + 4 * BLOCK, BLOCK)] as const,
    entries: f64s(ENTRIES_AT, 1024),
    entryLimits: i32s(ENTRIES_AT, 2048),
    beyond: f64s(BEYOND_AT, 512),
  };
  if (wasm === null) {
    const bulk: BulkDraws = (lanes, out, offset, groups) => stepLanes(lanes.s, out, offset, groups);
    const kernels: SamplingKernels = {
      ...base,
      take: (gen, n) => gen.take(base.draws, n, bulk),
      uniformPass: (n, low, scale, first, count) => jsUniformPass(kernels, n, low, scale, first, count),
      zigguratPass: (n, mean, from) => jsZigguratPass(kernels, n, mean, from),
    };
    return kernels;
  }
  const x = wasm.exports;
  const redoCount = new Int32Array(buffer, REDO_COUNT, 1);
  // `take` only ever fills `draws`, so the kernel writes at DRAWS_AT
  const bulk: BulkDraws = (lanes, _out, offset, groups) => {
    state.set(lanes.s);
    x.draws(DRAWS_AT + 4 * offset, groups);
    lanes.s.set(state);
  };
  return {
    ...base,
    take: (gen, n) => gen.take(base.draws, n, bulk),
    uniformPass: (n, low, scale, first, count) => x.uniform(DRAWS_AT, OUT_AT, n, low, scale, first, count, PENDING_SLOT_AT),
    zigguratPass(n, mean, from) {
      const queued =
        from === undefined
          ? x.ziggurat(DRAWS_AT, 0, OUT_AT, n, mean, REDO_AT)
          : x.zigguratIndirect(DRAWS_AT, REDO_AT + 4 * BLOCK * from, OUT_AT, n, mean, REDO_AT + 4 * BLOCK * (from === 0 ? 1 : 0));
      return [queued, redoCount[0]!];
    },
  };
}

const shared = sharedKernels(createKernels);

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
