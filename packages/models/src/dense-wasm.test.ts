import { Rng } from '@initlab/random';
import { afterAll, describe, expect, it } from 'vitest';
import { denseKernels, type Product, PRODUCT_COLUMNS, PRODUCT_ROWS, productRoutine, scratchElements, selectDenseKernels } from './dense-wasm.js';

const IMPLEMENTATIONS = ['wasm', 'js'] as const;
const f = Math.fround;
const roundUp4 = (n: number): number => (n + 3) & ~3;

/** How a case reads A and B, as the callers do: z = a·W, ∂W = aᵀ·dZ, ∂b = 1ᵀ·dZ, dA = dZ·Wᵀ. */
type Reading = 'a·B' | 'aᵀ·B' | '1ᵀ·B' | 'a·Wᵀ';

interface Case {
  members: number;
  rows: number;
  depth: number;
  width: number;
  reading: Reading;
  init: boolean;
}

/** The product's definition in the order the kernels state: C = ((init + A₀B₀) + A₁B₁) + …, each operation rounded to float32. */
function reference(mem: Float32Array, p: Product): Float32Array {
  const out = new Float32Array(p.members * p.rows * p.width);
  for (let m = 0; m < p.members; m++) {
    for (let r = 0; r < p.rows; r++) {
      for (let col = 0; col < p.width; col++) {
        let s = p.init < 0 ? 0 : mem[p.init + m * p.initMember + col]!;
        for (let q = 0; q < p.depth; q++) {
          const product = f(mem[p.a + m * p.aMember + r * p.aRow + q * p.aStep]! * mem[p.b + m * p.bMember + q * p.bRow + col * p.bCol]!);
          s = f(s + product);
        }
        out[(m * p.rows + r) * p.width + col] = s;
      }
    }
  }
  return out;
}

/** The same sums taken q = depth − 1 down to 0: bits that differ show the cases are sensitive to the order. */
function reversed(mem: Float32Array, p: Product): Float32Array {
  const out = new Float32Array(p.members * p.rows * p.width);
  for (let m = 0; m < p.members; m++) {
    for (let r = 0; r < p.rows; r++) {
      for (let col = 0; col < p.width; col++) {
        let s = p.init < 0 ? 0 : mem[p.init + m * p.initMember + col]!;
        for (let q = p.depth - 1; q >= 0; q--) s = f(s + f(mem[p.a + m * p.aMember + r * p.aRow + q * p.aStep]! * mem[p.b + m * p.bMember + q * p.bRow + col * p.bCol]!));
        out[(m * p.rows + r) * p.width + col] = s;
      }
    }
  }
  return out;
}

const SENTINEL = -12345.5;

/**
 * Lays a case out in a fresh region of the current kernels' memory (operands random, with magnitudes
 * spread over 2⁻⁸…2⁸ so that every rounding shows, C and a guard band after every region set to a
 * sentinel), and returns the product description.
 */
function layOut(c: Case, seed: number, colStart = 0, colEnd = c.width): { p: Product; mem: Float32Array; end: number } {
  const { members, rows, depth, width, reading } = c;
  const aRows = reading === '1ᵀ·B' ? 1 : rows;
  const aSize = reading === '1ᵀ·B' ? 1 : members * rows * depth;
  const sizes = [aSize, members * depth * width, members * width, members * rows * width, scratchElements({ rows, depth, colStart, colEnd })];
  const GUARD = 16;
  const offsets: number[] = [];
  let total = 0;
  for (const n of sizes) {
    offsets.push(total);
    total += roundUp4(n) + GUARD;
  }
  const kernels = denseKernels();
  kernels.reserve(total);
  const mem = kernels.memory();
  mem.fill(SENTINEL, 0, total);
  const rng = new Rng(seed, 'dense-wasm');
  const fill = (at: number, n: number): void => {
    for (let i = 0; i < n; i++) mem[at + i] = rng.normal() * 2 ** Math.round(rng.uniform(-8, 8));
  };
  const [A, B, INIT, C, SCRATCH] = offsets as [number, number, number, number, number];
  if (reading === '1ᵀ·B') mem[A] = 1;
  else fill(A, aSize);
  fill(B, members * depth * width);
  fill(INIT, members * width);
  const a =
    reading === 'aᵀ·B'
      ? { aRow: 1, aStep: aRows, aMember: rows * depth } // A = aᵀ for a stored [depth, rows]
      : reading === '1ᵀ·B'
        ? { aRow: 0, aStep: 0, aMember: 0 }
        : { aRow: depth, aStep: 1, aMember: rows * depth };
  const b = reading === 'a·Wᵀ' ? { bRow: 1, bCol: depth } : { bRow: width, bCol: 1 };
  const p: Product = {
    a: A,
    ...a,
    b: B,
    ...b,
    bMember: depth * width,
    c: C,
    cMember: rows * width,
    init: c.init ? INIT : -1,
    initMember: c.init ? width : 0,
    members,
    rows,
    depth,
    width,
    colStart,
    colEnd,
    scratch: SCRATCH,
  };
  return { p, mem, end: total };
}

const bits = (x: Float32Array): Uint32Array => new Uint32Array(x.buffer.slice(x.byteOffset, x.byteOffset + x.byteLength));

/** Asserts equal bits, naming the first element that differs (a whole-array toEqual is slow at these sizes). */
function expectSameBits(actual: Float32Array, expected: Float32Array, what: string): void {
  expect(actual.length, `${what}: length`).toBe(expected.length);
  const [x, y] = [bits(actual), bits(expected)];
  let i = 0;
  while (i < x.length && x[i] === y[i]) i++;
  expect(i === x.length ? null : { element: i, actual: actual[i], expected: expected[i] }, what).toBeNull();
}

/** Runs a case on one implementation: C's values, and every float outside C and the scratch area (which must be untouched). */
function run(impl: (typeof IMPLEMENTATIONS)[number], c: Case, seed: number, colStart = 0, colEnd = c.width): { c: Float32Array; rest: Float32Array; ref: Product; mem: Float32Array } {
  selectDenseKernels(impl);
  const { p, mem: before, end } = layOut(c, seed, colStart, colEnd);
  const snapshot = before.slice(0, end);
  denseKernels().product(p);
  const mem = denseKernels().memory();
  const out = mem.slice(p.c, p.c + c.members * c.rows * c.width);
  const rest = mem.slice(0, end);
  // C and the scratch area are the kernel's; everything else must be as it was
  const scratchEnd = p.scratch + scratchElements(p);
  rest.fill(0, p.c, p.c + out.length);
  rest.fill(0, p.scratch, scratchEnd);
  snapshot.fill(0, p.c, p.c + out.length);
  snapshot.fill(0, p.scratch, scratchEnd);
  expectSameBits(rest, snapshot, `${impl} wrote outside C and its scratch`);
  return { c: out, rest, ref: p, mem: snapshot };
}

// Rows, depths and widths around the 4 × 8 register tile, the 256-step depth block and the 256-column block.
const CASES: Case[] = [
  { members: 1, rows: 1, depth: 1, width: 1, reading: 'a·B', init: true },
  { members: 2, rows: 3, depth: 5, width: 3, reading: 'a·B', init: true },
  { members: 3, rows: 5, depth: 17, width: 17, reading: 'a·B', init: false },
  { members: 1, rows: 17, depth: 63, width: 63, reading: 'a·B', init: true },
  { members: 2, rows: 9, depth: 257, width: 5, reading: 'a·B', init: true },
  { members: 1, rows: 6, depth: 300, width: 257, reading: 'a·B', init: true },
  { members: 1, rows: 63, depth: 3, width: 264, reading: 'a·B', init: false },
  { members: 2, rows: 17, depth: 5, width: 63, reading: 'aᵀ·B', init: false },
  { members: 1, rows: 257, depth: 17, width: 9, reading: 'aᵀ·B', init: false },
  { members: 2, rows: 63, depth: 33, width: 40, reading: 'aᵀ·B', init: false },
  { members: 3, rows: 1, depth: 63, width: 17, reading: '1ᵀ·B', init: false },
  { members: 1, rows: 1, depth: 257, width: 260, reading: '1ᵀ·B', init: false },
  { members: 2, rows: 5, depth: 17, width: 3, reading: 'a·Wᵀ', init: false },
  { members: 1, rows: 17, depth: 257, width: 63, reading: 'a·Wᵀ', init: true },
  { members: 2, rows: 4, depth: 8, width: 8, reading: 'a·Wᵀ', init: false },
  { members: 1, rows: 3, depth: 0, width: 5, reading: 'a·B', init: true },
];

const label = (c: Case): string => `${c.members} × ${c.rows} × ${c.depth} × ${c.width} ${c.reading}${c.init ? ' + init' : ''}`;

describe('the dense product kernel', () => {
  afterAll(() => {
    selectDenseKernels('wasm');
  });

  it('WebAssembly SIMD is available here, so the wasm cases below test the WebAssembly kernel', () => {
    expect(selectDenseKernels('wasm')).toBe(true);
    expect(denseKernels().wasm).toBe(true);
  });

  it('WebAssembly = JavaScript = the definition in order, bit for bit, over tile- and block-cutting shapes and every reading', () => {
    let sensitive = 0;
    for (const [n, c] of CASES.entries()) {
      const [wasm, js] = IMPLEMENTATIONS.map((impl) => run(impl, c, n));
      const want = reference(wasm!.mem, wasm!.ref);
      expectSameBits(wasm!.c, want, `wasm, ${label(c)}`);
      expectSameBits(js!.c, want, `js, ${label(c)}`);
      const wantBits = bits(want);
      if (c.depth > 1 && bits(reversed(wasm!.mem, wasm!.ref)).some((v, i) => v !== wantBits[i])) sensitive++;
    }
    // the operands make the order visible: most cases change bits when summed backwards
    expect(sensitive).toBeGreaterThanOrEqual(CASES.length - 4);
  });

  it('the cases run both WebAssembly routines (packed tiles and in place) for every reading of a row-major B', () => {
    const routines = new Set(
      CASES.map((c) => `${c.reading} ${productRoutine({ bCol: c.reading === 'a·Wᵀ' ? c.depth : 1, rows: c.rows, depth: c.depth, colStart: 0, colEnd: c.width })}`),
    );
    for (const reading of ['a·B', 'aᵀ·B', '1ᵀ·B']) for (const routine of ['direct', 'packed']) expect(routines).toContain(`${reading} ${routine}`);
    // a transposed B is always packed
    expect(routines).not.toContain('a·Wᵀ direct');
  });

  it('depth 0 gives init (or zeros), in place and packed', () => {
    for (const impl of IMPLEMENTATIONS) {
      for (const [init, reading] of [[true, 'a·B'], [false, 'a·B'], [true, 'a·Wᵀ'], [false, 'a·Wᵀ']] as const) {
        const c: Case = { members: 2, rows: 5, depth: 0, width: 9, reading, init };
        const { c: out, mem, ref } = run(impl, c, 7);
        const want = new Float32Array(out.length);
        for (let m = 0; m < 2; m++) for (let r = 0; r < 5; r++) for (let j = 0; j < 9; j++) want[(m * 5 + r) * 9 + j] = init ? mem[ref.init + m * 9 + j]! : 0;
        expectSameBits(out, want, `${impl} ${reading} depth 0${init ? ' + init' : ''}`);
      }
    }
  });

  it('every column split gives the bits of the full product and writes only its own columns', () => {
    const shapes: Case[] = [
      { members: 2, rows: 7, depth: 19, width: 37, reading: 'a·B', init: true },
      { members: 1, rows: 9, depth: 40, width: 70, reading: 'a·B', init: true },
      { members: 1, rows: 13, depth: 9, width: 300, reading: 'aᵀ·B', init: false },
      { members: 2, rows: 5, depth: 21, width: 29, reading: 'a·Wᵀ', init: false },
    ];
    for (const [n, c] of shapes.entries()) {
      for (const impl of IMPLEMENTATIONS) {
        const full = run(impl, c, 100 + n).c;
        // splits at multiples of 4 (and of the 8-column tile, and neither), and 3-way splits
        const splits = [[4], [8], [12], [20], [c.width - 1 - ((c.width - 1) % 4)], [4, 16], [8, 12], [264]].filter((cuts) => cuts.every((x) => x > 0 && x < c.width));
        for (const cuts of splits) {
          const edges = [0, ...cuts, c.width];
          const combined = new Float32Array(full.length).fill(SENTINEL);
          for (let i = 0; i + 1 < edges.length; i++) {
            const [from, to] = [edges[i]!, edges[i + 1]!];
            const part = run(impl, c, 100 + n, from, to).c;
            for (let row = 0; row < c.members * c.rows; row++) {
              for (let j = 0; j < c.width; j++) {
                const v = part[row * c.width + j]!;
                // outside [from, to) C keeps its sentinel
                if (j >= from && j < to) combined[row * c.width + j] = v;
                else if (v !== SENTINEL) expect.fail(`${impl} ${label(c)} [${from}, ${to}) wrote column ${j}`);
              }
            }
          }
          expectSameBits(combined, full, `${impl} ${label(c)} split at ${cuts.join(', ')}`);
        }
      }
    }
  });

  it('a member gets the same bits alone as in an ensemble', () => {
    for (const reading of ['a·B', 'aᵀ·B', 'a·Wᵀ'] as const) {
      for (const impl of IMPLEMENTATIONS) {
        const c: Case = { members: 4, rows: 11, depth: 27, width: 19, reading, init: reading === 'a·B' };
        const all = run(impl, c, 33);
        selectDenseKernels(impl);
        const kernels = denseKernels();
        for (let m = 0; m < c.members; m++) {
          // member m's operands, moved to the front of the memory and computed as an ensemble of one
          const { p: layout } = layOut({ ...c, members: 1 }, 0);
          const mem = kernels.memory();
          const p = all.ref;
          const copy = (from: number, to: number, n: number): void => {
            for (let i = 0; i < n; i++) mem[to + i] = all.mem[from + i]!;
          };
          copy(p.a + m * p.aMember, layout.a, c.rows * c.depth);
          copy(p.b + m * p.bMember, layout.b, c.depth * c.width);
          if (c.init) copy(p.init + m * p.initMember, layout.init, c.width);
          kernels.product(layout);
          const alone = kernels.memory().slice(layout.c, layout.c + c.rows * c.width);
          expectSameBits(alone, all.c.subarray(m * c.rows * c.width, (m + 1) * c.rows * c.width), `${impl} ${reading} member ${m}`);
        }
      }
    }
  });

  it('the scratch area a call needs grows with its rows, depth block and columns only', () => {
    const base = { rows: 10, depth: 10, colStart: 0, colEnd: 10 };
    expect(scratchElements(base)).toBe(
      PRODUCT_ROWS * PRODUCT_COLUMNS + Math.ceil(10 / PRODUCT_COLUMNS) * PRODUCT_COLUMNS * 10 + Math.ceil(10 / PRODUCT_ROWS) * PRODUCT_ROWS * 10,
    );
    // the depth is blocked: a deeper product needs no more than one block's panels
    expect(scratchElements({ ...base, depth: 10_000 })).toBe(scratchElements({ ...base, depth: 256 }));
    // half the columns, less scratch: each worker of a column split brings its own
    expect(scratchElements({ ...base, colStart: 0, colEnd: 5 })).toBeLessThan(scratchElements(base));
  });
});

describe('the elementwise routines of the residual step (add, multiply, scaleAdd, gateBackward)', () => {
  afterAll(() => selectDenseKernels('wasm'));
  const bitsOf = (a: Float32Array): string => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');
  /** Values with the awkward ones mixed in: NaN, ±∞, ±0, subnormals, and magnitudes whose products round. */
  function values(n: number, seed: number): Float32Array {
    const rng = new Rng(seed, 'elementwise');
    const specials = [Number.NaN, Infinity, -Infinity, 0, -0, 1e-40, -3e-39, 3.4e38, 1 / 3];
    return Float32Array.from({ length: n }, (_, i) => (i % 17 === 5 ? specials[i % specials.length]! : rng.normal() * 10 ** Math.floor(rng.uniform() * 6 - 3)));
  }
  // k members of `per` floats each: per not a multiple of 4 (a scalar tail), and one that is
  const SHAPES = [
    { k: 1, per: 1 },
    { k: 3, per: 7 },
    { k: 2, per: 128 },
    { k: 5, per: 333 },
  ];

  /** Runs every routine on the same inputs with one implementation; returns each output's bits. */
  function run(impl: 'wasm' | 'js', k: number, per: number): Record<'add' | 'multiply' | 'scaleAdd' | 'dBranch' | 'grad', string> {
    expect(selectDenseKernels(impl)).toBe(impl === 'wasm');
    const kernels = denseKernels();
    const n = k * per;
    const region = roundUp4(n) + 4;
    const [A, B, ALPHA, C, D, OUT, DB, GRAD] = Array.from({ length: 8 }, (_, i) => i * region);
    kernels.reserve(8 * region + 4);
    const mem = kernels.memory();
    mem.fill(0);
    mem.set(values(n, 1), A!);
    mem.set(values(n, 2), B!);
    mem.set(values(k, 3).map((v, m) => (m === 0 ? 0.5 : v)), ALPHA!);
    // the padding of a region rounded up to 4 is the routines' to write; what follows a member's floats is not
    mem.fill(7, OUT!, OUT! + region);
    kernels.add(A!, B!, C!, n);
    kernels.multiply(A!, B!, D!, n);
    kernels.scaleAdd(A!, B!, ALPHA!, OUT!, k, per);
    kernels.gateBackward(A!, B!, ALPHA!, DB!, GRAD!, k, per);
    const out = kernels.memory();
    return {
      add: bitsOf(out.slice(C!, C! + n)),
      multiply: bitsOf(out.slice(D!, D! + n)),
      scaleAdd: bitsOf(out.slice(OUT!, OUT! + region)),
      dBranch: bitsOf(out.slice(DB!, DB! + n)),
      grad: bitsOf(out.slice(GRAD!, GRAD! + k)),
    };
  }

  it.each(SHAPES)('give the same bits in WebAssembly and JavaScript ($k members of $per floats), writing no float past a member', ({ k, per }) => {
    const wasm = run('wasm', k, per);
    expect(run('js', k, per)).toEqual(wasm);
    // scaleAdd wrote exactly k·per floats: the 7s after them are untouched
    const tail = Buffer.from(wasm.scaleAdd, 'base64');
    const floats = new Float32Array(tail.buffer, tail.byteOffset, tail.byteLength / 4);
    expect(Array.from(floats.slice(k * per))).toEqual(Array.from({ length: floats.length - k * per }, () => 7));
  });

  it('compute each element as the float32 operations, and the gate gradient in float64 in index order', () => {
    const k = 3;
    const per = 7;
    const a = values(k * per, 1);
    const b = values(k * per, 2);
    const alpha = values(k, 3).map((v, m) => (m === 0 ? 0.5 : v));
    const out = run('wasm', k, per);
    const decode = (s: string): Float32Array => {
      const buf = Buffer.from(s, 'base64');
      return new Float32Array(buf.buffer, buf.byteOffset, buf.byteLength / 4);
    };
    const sumRef = a.map((x, i) => f(x + b[i]!));
    const scaleAddRef = a.map((x, i) => f(x + f(b[i]! * alpha[Math.floor(i / per)]!)));
    const dBranchRef = a.map((x, i) => f(x * alpha[Math.floor(i / per)]!));
    const gradRef = Float32Array.from({ length: k }, (_, m) => {
      let s = 0;
      for (let i = m * per; i < (m + 1) * per; i++) s += a[i]! * b[i]!;
      return s;
    });
    expect(bitsOf(decode(out.add))).toBe(bitsOf(sumRef));
    expect(bitsOf(decode(out.scaleAdd).slice(0, k * per))).toBe(bitsOf(scaleAddRef));
    expect(bitsOf(decode(out.dBranch))).toBe(bitsOf(dBranchRef));
    expect(bitsOf(decode(out.grad))).toBe(bitsOf(gradRef));
  });
});
