import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DType, TypedArray } from '../../tensor/dtype.js';
import type { UnaryOp } from '../backend.js';
import { unary as cpuUnary } from '../cpu/elementwise.js';
import { fn } from './call.js';
import { kernelsSync } from './instance.js';
import { FLOAT64_ON_TYPESCRIPT, INT32_OPS, unary } from './unary.js';
import { allocElems, copyOut, resetWorkspace, stageArray, view } from './workspace.js';

// Accuracy of the wasm unary kernel. float32: within 2 ulp of the correctly rounded result, Math.fround of
// the TypeScript kernel's double result (V8's Math.*, special.ts for erf), over a sweep of the whole float32
// range by bit pattern plus dense grids where the functions turn; NaN exactly where Math gives NaN, +-0 and
// +-Inf identical. float64: within 1e-14 relative of the TypeScript kernel. int32: bit for bit. (Offline, every
// finite float32 was run through the transcendental ops: at most 1 ulp; this sweep keeps that from regressing.)

const OPS: readonly UnaryOp[] = [
  'neg', 'exp', 'log', 'log1p', 'expm1', 'sqrt', 'rsqrt', 'abs', 'sign', 'square', 'reciprocal',
  'sin', 'cos', 'tanh', 'sigmoid', 'relu', 'softplus', 'erf', 'step',
];
const SPECIAL = [
  NaN, Infinity, -Infinity, 0, -0, 1, -1, 2 ** -149, -(2 ** -149), 2 ** -126, 3.4028234663852886e38, -3.4028234663852886e38,
  88.72283935546875, 88.72284698486328, -87.33654022216797, -103.97207641601562, -104, 400, -400, 9.01, -9.01, 6, -6,
  2.5, -2.5, 0.5, -0.5, -0.9999999403953552, 1e-30, -1e-30, 1.5707963705062866, 3.1415927410125732, 1e10, -1e10,
];

beforeAll(() => {
  expect(kernelsSync()).not.toBeNull();
});

/** Float32 inputs: 2^20 bit patterns spread over all 2^32, grids near the turning points, and the special values. */
function float32Sweep(): Float32Array {
  const grids: [number, number][] = [[-1e-3, 1e-3], [-12, 12], [-110, 100], [-1, 2], [-6.5, 6.5], [-500, 500], [0.9, 1.1]];
  const perGrid = 1 << 15;
  const out = new Float32Array((1 << 20) + grids.length * perGrid + SPECIAL.length);
  const bits = new Uint32Array(out.buffer, 0, 1 << 20);
  for (let i = 0; i < 1 << 20; i++) bits[i] = (i * 4096 + ((i * 2654435761) >>> 20)) >>> 0;
  let k = 1 << 20;
  for (const [lo, hi] of grids) for (let i = 0; i < perGrid; i++) out[k++] = lo + ((hi - lo) * i) / (perGrid - 1);
  for (const s of SPECIAL) out[k++] = s;
  return out;
}

/** Position of a float32 on the number line in ulps (monotone, +-0 both at 0). */
function ordinal(bits: number): number {
  return bits < 0 ? -(bits & 0x7fffffff) : bits;
}

/** The largest ulp distance between got and want (float32), NaN and signed zeros compared exactly. */
function worstUlp(x: Float32Array, got: Float32Array, want: Float32Array): { ulp: number; at: number } {
  const gb = new Int32Array(got.buffer, got.byteOffset, got.length);
  const wb = new Int32Array(want.buffer, want.byteOffset, want.length);
  let worst = { ulp: 0, at: NaN };
  for (let i = 0; i < x.length; i++) {
    const g = got[i]!;
    const w = want[i]!;
    let d: number;
    if (Number.isNaN(w) || Number.isNaN(g)) d = Number.isNaN(w) && Number.isNaN(g) ? 0 : Infinity;
    else if (g === 0 || w === 0 || !Number.isFinite(g) || !Number.isFinite(w)) d = Object.is(g, w) ? 0 : Infinity;
    else d = Math.abs(ordinal(gb[i]!) - ordinal(wb[i]!));
    if (d > worst.ulp) worst = { ulp: d, at: x[i]! };
  }
  return worst;
}

/** Relative distance for float64 parity; NaN, +-0 and +-Inf must match exactly. */
function worstRel(x: Float64Array, got: TypedArray, want: TypedArray): { rel: number; at: number } {
  let worst = { rel: 0, at: NaN };
  for (let i = 0; i < x.length; i++) {
    const g = got[i]!;
    const w = want[i]!;
    let d: number;
    if (Object.is(g, w)) d = 0;
    else if (Number.isNaN(g) || Number.isNaN(w) || g === 0 || w === 0 || !Number.isFinite(g) || !Number.isFinite(w)) d = Infinity;
    else d = Math.abs(g - w) / Math.abs(w);
    if (d > worst.rel) worst = { rel: d, at: x[i]! };
  }
  return worst;
}

describe('float32 sweep: within 2 ulp of Math.fround(Math.f(x))', () => {
  const x = float32Sweep();
  const wide = Float64Array.from(x);
  it.each(OPS)('%s', (op) => {
    const want = Float32Array.from(cpuUnary(op, wide, 'float64'));
    const got = unary(op, x, 'float32') as Float32Array;
    expect(got).toBeInstanceOf(Float32Array);
    const { ulp, at } = worstUlp(x, got, want);
    expect({ op, ulp: ulp <= 2 ? 'ok' : ulp, at: ulp <= 2 ? 'ok' : at }).toEqual({ op, ulp: 'ok', at: 'ok' });
  });
  it('pins the special values: overflow, log(0), log(-1), saturation, erf(+-Inf), softplus', () => {
    const at = (op: UnaryOp, v: number): number => unary(op, new Float32Array(2048).fill(v), 'float32')[0]!;
    expect([at('sigmoid', 400), at('sigmoid', -400), at('exp', 89), at('exp', -104), at('log', 0), at('log', -1)]).toEqual([1, 0, Infinity, 0, -Infinity, NaN]);
    expect([at('tanh', 20), at('tanh', -20), at('erf', Infinity), at('erf', -Infinity), at('softplus', 100), at('softplus', -200)]).toEqual([1, -1, 1, -1, 100, 0]);
    expect([at('expm1', -0), at('sin', -0), at('tanh', -0), at('log1p', -1), at('sin', Infinity), at('cos', NaN)]).toEqual([-0, -0, -0, -Infinity, NaN, NaN]);
    expect(at('sin', 3e38)).toBe(Math.fround(Math.sin(Math.fround(3e38))));
  });
  it('tanh and sigmoid (native f32x4): within 1 ulp on every float32 near their branch points', () => {
    // tanh's polynomial/exp cut (0.625), where it reaches 1 (9.01) and its clamp (9.5); exp's reduction switching
    // k (odd multiples of ln2/2); sigmoid's sign switch (0, with the subnormals), subnormal results (-87.34),
    // underflow to 0 (-103.97) and clamp (-110). Each +-4096 float32 steps, both signs.
    const points = [0.625, 9.01, 9.5, Math.LN2 / 4, (3 * Math.LN2) / 4, Math.LN2 / 2, 0, 87.33654, 103.97208, 110];
    const x = new Float32Array(points.length * 2 * 8193);
    const bits = new Int32Array(x.buffer);
    const one = new Float32Array(1);
    const oneBits = new Int32Array(one.buffer);
    let k = 0;
    for (const p of points) for (const sign of [1, -1]) {
      one[0] = p;
      for (let d = -4096; d <= 4096; d++) bits[k++] = (Math.max(0, oneBits[0]! + d) | (sign < 0 ? 0x80000000 : 0)) >> 0;
    }
    const wide = Float64Array.from(x);
    for (const op of ['tanh', 'sigmoid'] as const) {
      const { ulp, at } = worstUlp(x, unary(op, x, 'float32') as Float32Array, Float32Array.from(cpuUnary(op, wide, 'float64')));
      expect({ op, ulp: ulp <= 1 ? 'ok' : ulp, at: ulp <= 1 ? 'ok' : at }).toEqual({ op, ulp: 'ok', at: 'ok' });
    }
  });
});

/** Double thresholds: exp's overflow and underflow edges, fdlibm's small-argument cut-offs, log's subnormal scaling. */
const SPECIAL64 = [
  709.782712893384, 709.7827128933841, -745.1332191019411, -745.1332191019412, -708.4, -744.4, 2 ** -28, -(2 ** -28),
  2 ** -29, 2 ** -54, -(2 ** -55), 5e-324, -5e-324, 2.2250738585072014e-308, 0.34657359027997264, -0.34657359027997264,
  0.3465735902799727, 1.0397207708399179, 22, -22, 21.999999999999996, 2.5, 2.4999999999999996, 6, 6.000000000000001,
  1 - 2 ** -53, 1 + 2 ** -52, -1 + 2 ** -53, 524288, -524288.0000000001, 1647099.3291652855, 1e300, -1e300,
];

/** Doubles of every magnitude: uniform, log-uniform from 1e-320 to 1e308, near multiples of pi/2 up to 1e15, specials. */
function float64Inputs(n: number, seed: number): Float64Array {
  const out = new Float64Array(n);
  let s = seed >>> 0;
  const rnd = (): number => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
  for (let i = 0; i < n; i++) {
    const sign = rnd() < 0.5 ? -1 : 1;
    const k = i % 5;
    out[i] =
      k === 0 ? (rnd() - 0.5) * 20 : k === 1 ? sign * 10 ** (rnd() * 628 - 320) : k === 2 ? (rnd() - 0.5) * 1600 : k === 3 ? (i & 8 ? SPECIAL : SPECIAL64)[(i >> 4) % (i & 8 ? SPECIAL.length : SPECIAL64.length)]! : sign * Math.round(10 ** (rnd() * 15)) * (Math.PI / 2);
  }
  return out;
}

describe('float64 parity with the TypeScript kernel (1e-14 relative)', () => {
  const x = float64Inputs(1 << 16, 7);
  it.each(OPS)('%s (the driver, and the wasm kernel even where the driver keeps the TypeScript loop)', (op) => {
    const want = cpuUnary(op, x, 'float64');
    for (const got of [unary(op, x, 'float64'), rawKernel(op, x, 'float64').out]) {
      const { rel, at } = worstRel(x, got, want);
      expect({ op, rel: rel <= 1e-14 ? 'ok' : rel, at: rel <= 1e-14 ? 'ok' : at }).toEqual({ op, rel: 'ok', at: 'ok' });
    }
  });
  it('keeps exactly these float64 ops on the TypeScript loop (no gain in wasm)', () => {
    expect([...FLOAT64_ON_TYPESCRIPT].sort()).toEqual(['abs', 'erf', 'neg', 'reciprocal', 'square']);
    expect(OPS.filter((op) => !INT32_OPS.has(op))).toEqual(['expm1', 'sin', 'cos']);
  });
});

describe('int32 parity, bit for bit', () => {
  const x = new Int32Array(4101);
  // Every integer in [-1000, 1000] (exp overflows past 709; ToInt32(exp(k)) is sensitive to its last bit for
  // 22 <= k <= 58, tanh reaches 1 near 19), then scattered 32-bit values.
  for (let i = 0; i < x.length; i++) x[i] = i <= 2000 ? i - 1000 : Math.imul(i, 2654435761);
  x.set([0x7fffffff, -0x80000000, 46341, -46341, 1 << 30], 2001);
  it.each(OPS)('%s', (op) => {
    expect(unary(op, x, 'int32')).toEqual(cpuUnary(op, x, 'int32'));
  });
});

/** The raw kernel on n elements (no cut-over), returning the output and whether bytes past it survived. */
function rawKernel(op: UnaryOp, x: TypedArray, dtype: DType): { out: TypedArray; guardIntact: boolean } {
  resetWorkspace();
  const px = stageArray(x, dtype, op);
  const po = allocElems(dtype, x.length, op);
  const guard = allocElems('int32', 8, op);
  view('int32', guard, 8).fill(-7);
  const codes: Record<UnaryOp, number> = Object.fromEntries(OPS.map((o, i) => [o, i])) as Record<UnaryOp, number>;
  fn('unary', dtype)(codes[op], px, po, x.length);
  const guardIntact = (view('int32', guard, 8) as Int32Array).every((v) => v === -7);
  return { out: copyOut(dtype, po, x.length), guardIntact };
}

describe('fast-check parity over random arrays (odd lengths leave a partial vector, either side of the cut-overs)', () => {
  const arb = fc.tuple(
    fc.constantFrom(...OPS),
    fc.constantFrom<DType>('float32', 'float64', 'int32'),
    fc.constantFrom(0, 1, 3, 5, 17, 67, 515, 1025, 1027, 1041, 1100),
    fc.array(fc.double(), { minLength: 1, maxLength: 24 }),
  );
  it('wasm matches the TypeScript kernel', () => {
    fc.assert(
      fc.property(arb, ([op, dtype, n, pool]) => {
        const x = dtype === 'float32' ? new Float32Array(n) : dtype === 'float64' ? new Float64Array(n) : new Int32Array(n);
        for (let i = 0; i < n; i++) x[i] = dtype === 'int32' ? pool[i % pool.length]! * 1e9 : pool[i % pool.length]!;
        const want = cpuUnary(op, x, dtype);
        const raw = rawKernel(op, x, dtype);
        expect(raw.guardIntact).toBe(true);
        for (const got of [unary(op, x, dtype), ...(dtype === 'int32' && !INT32_OPS.has(op) ? [] : [raw.out])]) {
          expect(got.length).toBe(n);
          if (dtype === 'float32') expect(worstUlp(x as Float32Array, got as Float32Array, want as Float32Array).ulp).toBeLessThanOrEqual(2);
          else if (dtype === 'float64') expect(worstRel(x as Float64Array, got, want).rel).toBeLessThanOrEqual(1e-14);
          else expect(got).toEqual(want);
        }
      }),
      { seed: 42, numRuns: 400 },
    );
  });
});
