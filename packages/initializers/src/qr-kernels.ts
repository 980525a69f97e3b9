/**
 * The one hot loop of the orthogonal initializer's QR: apply a Householder reflector
 * `x ← x − τ (vᵀx) v` to a block of columns, in two interchangeable implementations that give
 * bit-identical results:
 *
 * - a WebAssembly SIMD kernel (f64x2, about 2–3× faster than the JS loop in V8), encoded by
 *   {@link buildReflectModule} below with @initlab/wasm's encoder (no toolchain, no binary blob);
 * - a plain JavaScript kernel that performs the same floating-point operations in the same order
 *   (the dot product keeps separate sums of even and odd rows, like the two SIMD lanes), used when
 *   WebAssembly SIMD is unavailable or the matrix is small.
 *
 * Both work on one `Float64Array` (`buf`) and take element offsets into it.
 */
import { type Code, type CompiledModule, compile, ctl, f64, i32, instantiate, local, ModuleBuilder, v128 } from '@initlab/wasm';

/** Applies one reflector to `cols` (1 or 4) columns `stride` elements apart. */
export interface ReflectKernels {
  /** The buffer both kernels read and write. */
  readonly buf: Float64Array;
  /**
   * For `c < cols`: `x_c ← x_c − τ (vᵀ x_c) v`, where `v = buf[vOff .. vOff+len)` and
   * `x_c = buf[xOff + c·stride .. + len)`.
   */
  reflect(cols: 1 | 4, vOff: number, xOff: number, stride: number, len: number, tau: number): void;
}

/** The JavaScript kernels over a caller-supplied buffer. */
export function jsKernels(buf: Float64Array): ReflectKernels {
  return {
    buf,
    reflect(cols, vOff, xOff, stride, len, tau) {
      if (cols === 4) reflect4(buf, vOff, xOff, stride, len, tau);
      else reflect1(buf, vOff, xOff, len, tau);
    },
  };
}

// Each sum is (even rows) + (odd rows) + (last row if len is odd): the order of the SIMD kernel.
function reflect1(b: Float64Array, vOff: number, xOff: number, len: number, tau: number): void {
  const pairsEnd = len & ~1;
  let e = 0;
  let o = 0;
  for (let i = 0; i < pairsEnd; i += 2) {
    e += (b[vOff + i] as number) * (b[xOff + i] as number);
    o += (b[vOff + i + 1] as number) * (b[xOff + i + 1] as number);
  }
  let s = e + o;
  if (len & 1) s += (b[vOff + pairsEnd] as number) * (b[xOff + pairsEnd] as number);
  s *= tau;
  for (let i = 0; i < len; i++) b[xOff + i] = (b[xOff + i] as number) - s * (b[vOff + i] as number);
}

function reflect4(b: Float64Array, vOff: number, xOff: number, stride: number, len: number, tau: number): void {
  const x0 = xOff;
  const x1 = xOff + stride;
  const x2 = x1 + stride;
  const x3 = x2 + stride;
  const pairsEnd = len & ~1;
  let e0 = 0, o0 = 0, e1 = 0, o1 = 0, e2 = 0, o2 = 0, e3 = 0, o3 = 0; // prettier-ignore
  for (let i = 0; i < pairsEnd; i += 2) {
    const ve = b[vOff + i] as number;
    const vo = b[vOff + i + 1] as number;
    e0 += ve * (b[x0 + i] as number);
    o0 += vo * (b[x0 + i + 1] as number);
    e1 += ve * (b[x1 + i] as number);
    o1 += vo * (b[x1 + i + 1] as number);
    e2 += ve * (b[x2 + i] as number);
    o2 += vo * (b[x2 + i + 1] as number);
    e3 += ve * (b[x3 + i] as number);
    o3 += vo * (b[x3 + i + 1] as number);
  }
  let s0 = e0 + o0;
  let s1 = e1 + o1;
  let s2 = e2 + o2;
  let s3 = e3 + o3;
  if (len & 1) {
    const v = b[vOff + pairsEnd] as number;
    s0 += v * (b[x0 + pairsEnd] as number);
    s1 += v * (b[x1 + pairsEnd] as number);
    s2 += v * (b[x2 + pairsEnd] as number);
    s3 += v * (b[x3 + pairsEnd] as number);
  }
  s0 *= tau;
  s1 *= tau;
  s2 *= tau;
  s3 *= tau;
  for (let i = 0; i < len; i++) {
    const v = b[vOff + i] as number;
    b[x0 + i] = (b[x0 + i] as number) - s0 * v;
    b[x1 + i] = (b[x1 + i] as number) - s1 * v;
    b[x2 + i] = (b[x2 + i] as number) - s2 * v;
    b[x3 + i] = (b[x3 + i] as number) - s3 * v;
  }
}

// ---------------------------------------------------------------------------------------------
// WebAssembly SIMD kernels, written with @initlab/wasm's encoder. Exports `reflect1(v, x, len,
// tau)` and `reflect4(v, x, stride, len, tau)`, addresses and stride in bytes, memory imported as
// env.mem.

/** The kernel for `cols` columns, `reflect<cols>(v, x, [stride,] len, tau)`. */
function addReflect(m: ModuleBuilder, cols: number): void {
  const f = m.function(`reflect${cols}`);
  const pV = f.param('v', 'i32');
  const pX = f.param('x', 'i32');
  // Only the multi-column kernel has a stride: reflect1's body never reads it.
  const pStride = cols > 1 ? f.param('stride', 'i32') : undefined;
  const pLen = f.param('len', 'i32');
  const pTau = f.param('tau', 'f64');
  const columns = Array.from({ length: cols }, (_, c) => c);
  // Column c's address: x itself, then one i32 local per further column.
  const xAddr = [pX, ...columns.slice(1).map((c) => f.local(`x${c}`, 'i32'))];
  const lI = f.local('i', 'i32');
  const lEnd = f.local('pairsEnd', 'i32');
  const lAcc = columns.map((c) => f.local(`acc${c}`, 'v128'));
  const lV = f.local('vPair', 'v128');
  const lS = columns.map((c) => f.local(`s${c}`, 'f64'));
  const get = local.get;
  const x = (c: number): Code => get(xAddr[c]!);
  const odd = i32.and(get(pLen), i32.const(1));
  /** i from 0 to pairsEnd in steps of 16 bytes, with v[i..i+1] in lV. */
  const pairs = (...body: Code[]): Code =>
    ctl.seq(
      local.set(lI, i32.const(0)),
      ctl.block(
        ctl.loop(
          ctl.brIf(1, i32.eqz(i32.ltU(get(lI), get(lEnd)))),
          local.set(lV, v128.load(i32.add(get(pV), get(lI)))),
          ...body,
          local.set(lI, i32.add(get(lI), i32.const(16))),
          ctl.br(0),
        ),
      ),
    );
  f.body(
    ...columns.slice(1).map((c) => local.set(xAddr[c]!, i32.add(x(c - 1), get(pStride!)))),
    // pairsEnd = (len & ~1) * 8 bytes
    local.set(lEnd, i32.shl(i32.and(get(pLen), i32.const(-2)), i32.const(3))),
    // acc_c = Σ v[i..i+1] * x_c[i..i+1] over pairs (lane 0: even rows, lane 1: odd rows)
    ...columns.map((c) => local.set(lAcc[c]!, v128.zero())),
    pairs(...columns.map((c) => local.set(lAcc[c]!, v128.f64x2Add(get(lAcc[c]!), v128.f64x2Mul(get(lV), v128.load(i32.add(x(c), get(lI)))))))),
    ...columns.map((c) => local.set(lS[c]!, f64.add(v128.f64x2ExtractLane(get(lAcc[c]!), 0), v128.f64x2ExtractLane(get(lAcc[c]!), 1)))),
    // odd length: the last row
    ctl.if(odd, ...columns.map((c) => local.set(lS[c]!, f64.add(get(lS[c]!), f64.mul(f64.load(i32.add(get(pV), get(lEnd))), f64.load(i32.add(x(c), get(lEnd)))))))),
    // s_c *= tau, broadcast into the (now free) accumulators
    ...columns.map((c) => ctl.seq(local.set(lS[c]!, f64.mul(get(lS[c]!), get(pTau))), local.set(lAcc[c]!, v128.f64x2Splat(get(lS[c]!))))),
    // x_c[i..i+1] -= s_c * v[i..i+1]
    pairs(
      ...columns.map((c) =>
        v128.store(i32.add(x(c), get(lI)), v128.f64x2Sub(v128.load(i32.add(x(c), get(lI))), v128.f64x2Mul(get(lAcc[c]!), get(lV)))),
      ),
    ),
    ctl.if(
      odd,
      ...columns.map((c) =>
        f64.store(
          i32.add(x(c), get(lEnd)),
          f64.sub(f64.load(i32.add(x(c), get(lEnd))), f64.mul(get(lS[c]!), f64.load(i32.add(get(pV), get(lEnd))))),
        ),
      ),
    ),
  );
}

/** The encoded module. */
export function buildReflectModule(): Uint8Array {
  const m = new ModuleBuilder('reflect');
  addReflect(m, 1);
  addReflect(m, 4);
  return m.encode();
}

// Compiled once (null: no WebAssembly SIMD here), instantiated per call.
let compiled: CompiledModule | null | undefined;
const PAGE_BYTES = 65536;

/**
 * SIMD kernels over a fresh WebAssembly memory of at least `elements` doubles, or null when
 * WebAssembly SIMD is unavailable or the memory cannot be allocated. A fresh memory per call lets
 * the garbage collector reclaim it afterwards (a WebAssembly memory never shrinks).
 */
export function wasmKernels(elements: number): ReflectKernels | null {
  const bytes = elements * 8;
  // Byte addresses are i32 in the kernels: stay below 2 GiB.
  if (bytes >= 2 ** 31) return null;
  if (compiled === undefined) compiled = compile(buildReflectModule(), 'reflect');
  if (compiled === null) return null;
  const instance = instantiate(compiled, Math.max(1, Math.ceil(bytes / PAGE_BYTES)));
  if (instance === null) return null;
  const r1 = instance.exports['reflect1'] as (v: number, x: number, len: number, tau: number) => void;
  const r4 = instance.exports['reflect4'] as (v: number, x: number, stride: number, len: number, tau: number) => void;
  return {
    buf: new Float64Array(instance.memory.buffer, 0, elements),
    reflect(cols, vOff, xOff, stride, len, tau) {
      if (cols === 4) r4(vOff * 8, xOff * 8, stride * 8, len, tau);
      else r1(vOff * 8, xOff * 8, len, tau);
    },
  };
}
