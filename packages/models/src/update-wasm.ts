/**
 * The optimizers' update of every parameter of every member as one elementwise routine per rule
 * (`sgd`, `adam`, `rmsprop`), over regions that hold all parameters concatenated: W, G and up to
 * three slots. Each element is computed with the float32 operations, in the order, that the tfjs
 * op sequence of `optimizers.ts` applies (one IEEE operation per op), so the fused update gives
 * the same bits as those ops on the cpu backend; the scalars are float32 values the caller
 * rounded, as tfjs rounds a number it multiplies a tensor by.
 *
 * Per element, with the options of `UPDATE_FLAGS` (`x` a constant of {@link UpdateConstants}):
 *
 *   g ← g·factor (scale), then g ← pmax(pmin(g, clip), −clip) (clipValue)
 *   w ← w − (w·wd)·lr (weightDecay)
 *   sgd:     step = folded ? g : g·a;  momentum: m ← m·b + step, w ← w + (nesterov ? step + m·b : m); else w ← w + step
 *   adam:    m ← m + (g − m)·b;  v ← v + (g·g − v)·c;  amsgrad: v̂ ← max(v̂, v);  w ← w − (m·a)/(√(v̂ or v) + d)
 *   rmsprop: v ← v·a + (g·g)·b;  centered: ā ← ā·a + g·b, den = (v − ā·ā) + d; else den = v + d;
 *            inc = (g·lr)/√den;  momentum: m ← m·c + inc, w ← w − m; else w ← w − inc
 *
 * A clip norm needs each member's sum of squares of a gradient: `sumSquares` adds fround(g²) in
 * float64 in index order, which is tfjs cpu's `sum` of `square(g)` to the bit.
 *
 * Two implementations give the same bits: WebAssembly SIMD (four elements at a time; a chunk that
 * straddles `start` or `end` keeps its outside lanes), encoded here with `@initlab/wasm`'s encoder,
 * and plain JavaScript (`Math.fround` after each operation is exactly IEEE float32).
 */
import {
  type Code,
  compile,
  ctl,
  f32,
  f64,
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

/** The update rules, one routine each. */
export const UPDATE_RULES = ['sgd', 'adam', 'rmsprop'] as const;
export type UpdateRule = (typeof UPDATE_RULES)[number];

/** The options of one step, bits of {@link UpdateConstants.flags}. */
export const UPDATE_FLAGS = {
  weightDecay: 1,
  /** Multiply g by the call's `factor` (a clip norm's c / max(‖g‖, c)). */
  scale: 2,
  clipValue: 4,
  /** sgd: g already is the step −lr·g. */
  folded: 8,
  /** sgd, rmsprop. */
  momentum: 16,
  nesterov: 32,
  amsgrad: 64,
  centered: 128,
} as const;

/**
 * Element offsets of the regions, each holding every parameter concatenated, in the same order:
 * weights, gradients and the slots by role — sgd s0 = m; adam s0 = m, s1 = v, s2 = v̂; rmsprop
 * s0 = v, s1 = m, s2 = ā. A role the options leave unused is never read.
 */
export interface UpdateRegions {
  w: number;
  g: number;
  s0: number;
  s1: number;
  s2: number;
}

/**
 * One step's constants, each a float32 value: `clip` (clipValue), `wd`, `lr`, and per rule
 * sgd a = −lr, b = μ; adam a = α, b = 1 − β₁, c = 1 − β₂, d = ε; rmsprop a = ρ, b = 1 − ρ, c = μ, d = ε.
 */
export interface UpdateConstants {
  flags: number;
  clip: number;
  wd: number;
  lr: number;
  a: number;
  b: number;
  c: number;
  d: number;
}

export interface UpdateKernels {
  readonly wasm: boolean;
  /** The float32 memory the routines read and write; grows (and is replaced) by `reserve`. */
  memory(): Float32Array;
  reserve(elements: number): void;
  /** Σ fround(x[j]²) over from ≤ j < to, in float64, j ascending. */
  sumSquares(from: number, to: number): number;
  /** Updates elements start ≤ i < end of the regions in place (G is only read). */
  update(rule: UpdateRule, regions: UpdateRegions, start: number, end: number, factor: number, k: UpdateConstants): void;
}

// --------------------------------------------------------------------------------------------
// The WebAssembly routines: rule(w, g, s0, s1, s2, start, end, flags, factor, clip, wd, lr, a, b, c, d).

const get = local.get;

function addRule(module: ModuleBuilder, rule: UpdateRule): void {
  const f = module.function(rule);
  const p = f.params({
    w: 'i32', g: 'i32', s0: 'i32', s1: 'i32', s2: 'i32', start: 'i32', end: 'i32', flags: 'i32',
    factor: 'f32', clip: 'f32', wd: 'f32', lr: 'f32', a: 'f32', b: 'f32', c: 'f32', d: 'f32',
  }); // prettier-ignore
  const { i, full } = f.locals({ i: 'i32', full: 'i32' });
  // each scalar parameter splat to four lanes, as local `factor4`, `clip4`, …
  const scalars = ['factor', 'clip', 'wd', 'lr', 'a', 'b', 'c', 'd'] as const;
  const splats = Object.fromEntries(scalars.map((name) => [name, f.local(`${name}4`, 'v128')])) as Record<(typeof scalars)[number], Local>;
  const v = {
    ...splats,
    ...f.locals({ negClip4: 'v128', grad: 'v128', weight: 'v128', step: 'v128', n0: 'v128', n1: 'v128', n2: 'v128', den: 'v128', mask: 'v128' }),
  };
  const F = UPDATE_FLAGS;
  const on = (flag: number): Code => i32.and(get(p.flags), i32.const(flag));
  const addr = (region: Local): Code => i32.shl(i32.add(get(region), get(i)), i32.const(2));
  const load = (region: Local): Code => v128.load(addr(region));
  const set = (l: Local, value: Code): Code => local.set(l, value);
  const { f32x4Add: add, f32x4Sub: sub, f32x4Mul: mul, f32x4Div: div } = v128;

  let body: Code;
  /** The slots this rule writes, with the flag that makes each exist (0: always). */
  let slots: [Local, Local, number][];
  switch (rule) {
    case 'sgd':
      body = ctl.seq(
        ctl.ifElse(on(F.folded), set(v.step, get(v.grad)), set(v.step, mul(get(v.grad), get(v.a)))),
        ctl.ifElse(
          on(F.momentum),
          ctl.seq(
            set(v.n0, add(mul(load(p.s0), get(v.b)), get(v.step))),
            ctl.ifElse(
              on(F.nesterov),
              set(v.weight, add(get(v.weight), add(get(v.step), mul(get(v.n0), get(v.b))))),
              set(v.weight, add(get(v.weight), get(v.n0))),
            ),
          ),
          set(v.weight, add(get(v.weight), get(v.step))),
        ),
      );
      slots = [[p.s0, v.n0, F.momentum]];
      break;
    case 'adam':
      body = ctl.seq(
        set(v.n0, load(p.s0)),
        set(v.n0, add(get(v.n0), mul(sub(get(v.grad), get(v.n0)), get(v.b)))),
        set(v.n1, load(p.s1)),
        set(v.n1, add(get(v.n1), mul(sub(mul(get(v.grad), get(v.grad)), get(v.n1)), get(v.c)))),
        set(v.den, get(v.n1)),
        ctl.if(on(F.amsgrad), set(v.n2, v128.f32x4Max(load(p.s2), get(v.n1))), set(v.den, get(v.n2))),
        set(v.weight, sub(get(v.weight), div(mul(get(v.n0), get(v.a)), add(v128.f32x4Sqrt(get(v.den)), get(v.d))))),
      );
      slots = [[p.s0, v.n0, 0], [p.s1, v.n1, 0], [p.s2, v.n2, F.amsgrad]];
      break;
    case 'rmsprop':
      body = ctl.seq(
        set(v.n0, add(mul(load(p.s0), get(v.a)), mul(mul(get(v.grad), get(v.grad)), get(v.b)))),
        ctl.ifElse(
          on(F.centered),
          ctl.seq(
            set(v.n2, add(mul(load(p.s2), get(v.a)), mul(get(v.grad), get(v.b)))),
            set(v.den, add(sub(get(v.n0), mul(get(v.n2), get(v.n2))), get(v.d))),
          ),
          set(v.den, add(get(v.n0), get(v.d))),
        ),
        // step holds the increment (g·lr)/√den
        set(v.step, div(mul(get(v.grad), get(v.lr)), v128.f32x4Sqrt(get(v.den)))),
        ctl.ifElse(
          on(F.momentum),
          ctl.seq(set(v.n1, add(mul(load(p.s1), get(v.c)), get(v.step))), set(v.weight, sub(get(v.weight), get(v.n1)))),
          set(v.weight, sub(get(v.weight), get(v.step))),
        ),
      );
      slots = [[p.s0, v.n0, 0], [p.s1, v.n1, F.momentum], [p.s2, v.n2, F.centered]];
      break;
  }

  const outputs: [Local, Local, number][] = [[p.w, v.weight, 0], ...slots];
  const stores = (masked: boolean): Code =>
    ctl.seq(
      ...outputs.map(([region, value, flag]) => {
        const stored = masked ? v128.bitselect(get(value), load(region), get(v.mask)) : get(value);
        const store = v128.store(addr(region), stored);
        return flag === 0 ? store : ctl.if(on(flag), store);
      }),
    );
  const lanes = v128.i32x4Const([0, 1, 2, 3]);
  const splatOffset = (bound: Local): Code => v128.i32x4Splat(i32.sub(get(bound), get(i)));

  f.body(
    ...scalars.map((name) => set(splats[name], v128.f32x4Splat(get(p[name])))),
    // 0 − clip is exactly −clip
    set(v.negClip4, sub(v128.zero(), get(v.clip))),
    set(i, i32.and(get(p.start), i32.const(-4))),
    ctl.block(
      ctl.loop(
        ctl.brIf(1, i32.geU(get(i), get(p.end))),
        set(v.grad, load(p.g)),
        ctl.if(on(F.scale), set(v.grad, mul(get(v.grad), get(v.factor)))),
        ctl.if(on(F.clipValue), set(v.grad, v128.f32x4Pmax(v128.f32x4Pmin(get(v.grad), get(v.clip)), get(v.negClip4)))),
        set(v.weight, load(p.w)),
        ctl.if(on(F.weightDecay), set(v.weight, sub(get(v.weight), mul(mul(get(v.weight), get(v.wd)), get(v.lr))))),
        body,
        // a chunk inside [start, end) is stored whole; one across a bound keeps its outside lanes
        local.set(full, i32.and(i32.eqz(i32.ltU(get(i), get(p.start))), i32.eqz(i32.ltU(get(p.end), i32.add(get(i), i32.const(4)))))),
        ctl.ifElse(
          get(full),
          stores(false),
          ctl.seq(set(v.mask, v128.xor(v128.i32x4LtS(lanes, splatOffset(p.end)), v128.i32x4LtS(lanes, splatOffset(p.start)))), stores(true)),
        ),
        local.set(i, i32.add(get(i), i32.const(4))),
        ctl.br(0),
      ),
    ),
  );
}

function addSumSquares(module: ModuleBuilder): void {
  const f = module.function('sumSquares', 'f64');
  const { from, to } = f.params({ from: 'i32', to: 'i32' });
  const { j, x, acc } = f.locals({ j: 'i32', x: 'f32', acc: 'f64' });
  f.body(
    local.set(j, get(from)),
    ctl.block(
      ctl.loop(
        ctl.brIf(1, i32.geU(get(j), get(to))),
        local.set(x, f32.load(i32.shl(get(j), i32.const(2)))),
        // one chain in index order: tfjs cpu's sum, whose accumulator is a float64
        local.set(acc, f64.add(get(acc), f64.promoteF32(f32.mul(get(x), get(x))))),
        local.set(j, i32.add(get(j), i32.const(1))),
        ctl.br(0),
      ),
    ),
    get(acc),
  );
}

/** The update module; with `memory`, importing a shared memory (the resident step's on the product threads' memory). */
export function buildUpdateModule(memory?: MemoryImport): Uint8Array {
  const m = new ModuleBuilder('update');
  for (const rule of UPDATE_RULES) addRule(m, rule);
  addSumSquares(m);
  return m.encode(memory);
}

// --------------------------------------------------------------------------------------------
// The JavaScript twin, element by element.

function jsSumSquares(mem: Float32Array, from: number, to: number): number {
  let acc = 0;
  for (let j = from; j < to; j++) {
    const x = mem[j]!;
    acc += Math.fround(x * x);
  }
  return acc;
}

function jsUpdate(mem: Float32Array, rule: UpdateRule, r: UpdateRegions, start: number, end: number, factor: number, k: UpdateConstants): void {
  const f = Math.fround;
  const F = UPDATE_FLAGS;
  const has = (flag: number): boolean => (k.flags & flag) !== 0;
  const [scale, clipValue, decay, folded, momentum, nesterov, amsgrad, centered] = [
    has(F.scale), has(F.clipValue), has(F.weightDecay), has(F.folded), has(F.momentum), has(F.nesterov), has(F.amsgrad), has(F.centered),
  ]; // prettier-ignore
  const { clip, wd, lr, a, b, c, d } = k;
  const negClip = -clip;
  for (let i = start; i < end; i++) {
    let g = mem[r.g + i]!;
    if (scale) g = f(g * factor);
    if (clipValue) {
      // pmax(pmin(g, clip), −clip), NaN kept
      g = clip < g ? clip : g;
      g = g < negClip ? negClip : g;
    }
    let w = mem[r.w + i]!;
    if (decay) w = f(w - f(f(w * wd) * lr));
    switch (rule) {
      case 'sgd': {
        const step = folded ? g : f(g * a);
        if (momentum) {
          const m = f(f(mem[r.s0 + i]! * b) + step);
          mem[r.s0 + i] = m;
          w = nesterov ? f(w + f(step + f(m * b))) : f(w + m);
        } else {
          w = f(w + step);
        }
        break;
      }
      case 'adam': {
        const m0 = mem[r.s0 + i]!;
        const m = f(m0 + f(f(g - m0) * b));
        const v0 = mem[r.s1 + i]!;
        const v = f(v0 + f(f(f(g * g) - v0) * c));
        mem[r.s0 + i] = m;
        mem[r.s1 + i] = v;
        let den = v;
        if (amsgrad) {
          den = Math.max(mem[r.s2 + i]!, v);
          mem[r.s2 + i] = den;
        }
        w = f(w - f(f(m * a) / f(f(Math.sqrt(den)) + d)));
        break;
      }
      case 'rmsprop': {
        const v = f(f(mem[r.s0 + i]! * a) + f(f(g * g) * b));
        mem[r.s0 + i] = v;
        let den: number;
        if (centered) {
          const avg = f(f(mem[r.s2 + i]! * a) + f(g * b));
          mem[r.s2 + i] = avg;
          den = f(f(v - f(avg * avg)) + d);
        } else {
          den = f(v + d);
        }
        const increment = f(f(g * lr) / f(Math.sqrt(den)));
        if (momentum) {
          const m = f(f(mem[r.s1 + i]! * c) + increment);
          mem[r.s1 + i] = m;
          w = f(w - m);
        } else {
          w = f(w - increment);
        }
        break;
      }
    }
    mem[r.w + i] = w;
  }
}

// --------------------------------------------------------------------------------------------

/** A WebAssembly page in floats. */
const PAGE_FLOATS = 65536 / 4;

type RuleFunction = (...args: number[]) => void;

/** The routines of a WebAssembly instance of the update module. */
function wasmUpdateKernels({ exports, memory }: WasmInstance): UpdateKernels {
  const rules = Object.fromEntries(UPDATE_RULES.map((rule) => [rule, exports[rule] as RuleFunction])) as Record<UpdateRule, RuleFunction>;
  const sumSquares = exports['sumSquares'] as (from: number, to: number) => number;
  let heap = new Float32Array(memory.buffer);
  return {
    wasm: true,
    // another module on the same memory may have grown it
    memory: () => (heap.buffer === memory.buffer ? heap : (heap = new Float32Array(memory.buffer))),
    reserve(elements) {
      if (elements > memory.buffer.byteLength / 4) memory.grow(Math.ceil((elements - memory.buffer.byteLength / 4) / PAGE_FLOATS));
    },
    sumSquares,
    update: (rule, r, start, end, factor, k) =>
      rules[rule](r.w, r.g, r.s0, r.s1, r.s2, start, end, k.flags, factor, k.clip, k.wd, k.lr, k.a, k.b, k.c, k.d),
  };
}

const updateOn = moduleOnMemory(buildUpdateModule, 'update');

/**
 * The WebAssembly update routines on an existing memory (`shared` for a shared one): the resident
 * training step runs them on its dense kernels' memory, so the parameters never leave it. Null where
 * the JavaScript routines are in use.
 */
export function updateKernelsOn(memory: WasmMemory, isShared: boolean): UpdateKernels | null {
  if (!shared.current().wasm) return null;
  const instance = updateOn(memory, isShared);
  return instance === null ? null : wasmUpdateKernels(instance);
}

function createKernels(useWasm: boolean): UpdateKernels {
  const compiled = useWasm ? compile(buildUpdateModule(), 'update') : null;
  const instance = compiled === null ? null : instantiate(compiled, 1);
  if (instance !== null) return wasmUpdateKernels(instance);
  let view = new Float32Array(PAGE_FLOATS);
  return {
    wasm: false,
    memory: () => view,
    reserve(elements) {
      if (elements > view.length) {
        const grown = new Float32Array(Math.max(elements, 2 * view.length));
        grown.set(view);
        view = grown;
      }
    },
    sumSquares: (from, to) => jsSumSquares(view, from, to),
    update: (rule, r, start, end, factor, k) => jsUpdate(view, rule, r, start, end, factor, k),
  };
}

const shared = sharedKernels(createKernels);

/** The update routines: WebAssembly SIMD where available, else JavaScript. */
export function updateKernels(): UpdateKernels {
  return shared.current();
}

/** Makes the update use one implementation; returns whether it is WebAssembly. For tests. */
export function selectUpdateKernels(implementation: 'wasm' | 'js'): boolean {
  return shared.select(implementation);
}
