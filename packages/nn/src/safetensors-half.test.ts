import { readFileSync } from 'node:fs';
import { Generator, tensor, type Tensor } from '@nabla/autograd';
import { describe, expect, it } from 'vitest';
import { loadSafetensors, saveSafetensors } from './safetensors.js';
import { BF16, F16, decodeHalf, decodeHalves, encodeHalf, encodeHalves } from './safetensors-half.js';

// Made once by fixtures/half.fixture.py with PyTorch 1.13: float32/float64 sources and PyTorch's own
// .half() / .bfloat16() of them, plus those halves widened back by PyTorch.
const fixture = new Uint8Array(readFileSync(new URL('./fixtures/half.fixture.safetensors', import.meta.url)));

/** The raw data bytes of tensor `name` in a safetensors file. */
function rawBytes(file: Uint8Array, name: string): number[] {
  const n = Number(new DataView(file.buffer, file.byteOffset).getBigUint64(0, true));
  const header = JSON.parse(new TextDecoder().decode(file.subarray(8, 8 + n))) as Record<string, { data_offsets: [number, number] }>;
  const [b, e] = header[name]!.data_offsets;
  return Array.from(file.subarray(8 + n + b, 8 + n + e));
}

/** Values compared bit for bit (NaN equals NaN; -0 differs from 0). */
const same = (a: Tensor, b: Tensor): void => {
  expect(a.shape).toEqual(b.shape);
  const x = Array.from(a.data());
  const y = Array.from(b.data());
  expect(x.map((v, i) => Object.is(v, y[i]) || (Number.isNaN(v) && Number.isNaN(y[i])))).toEqual(x.map(() => true));
};

describe('safetensors F16 and BF16 against PyTorch (issue 18 item 14)', () => {
  const { tensors, metadata } = loadSafetensors(fixture);

  it('reads F16 and BF16 exactly into float32 (default) and float64, Infinity, -0 and NaN included', () => {
    expect(metadata?.format).toBe('pt');
    for (const name of ['h16', 'b16']) {
      expect(tensors[name]!.dtype).toBe('float32');
      same(tensors[name]!, tensors[`${name}_up32`]!);
    }
    const wide = loadSafetensors(fixture, { halfDType: 'float64' }).tensors;
    for (const name of ['h16', 'b16']) {
      expect(wide[name]!.dtype).toBe('float64');
      same(wide[name]!, tensors[`${name}_up64`]!);
    }
    const h = Array.from(tensors.h16!.data());
    expect(h.filter((v) => v === Infinity).length).toBeGreaterThan(0);
    expect(h.some(Number.isNaN)).toBe(true);
    expect(h.some((v) => v !== 0 && Math.abs(v) < 2 ** -14)).toBe(true); // subnormals
  });

  it("writes { dtype: 'float16' | 'bfloat16' } with PyTorch's bytes (round to nearest, ties to even)", () => {
    for (const [dtype, name] of [['float16', 'h16'], ['bfloat16', 'b16']] as const) {
      for (const src of ['src32', 'src64']) {
        const out = saveSafetensors({ [name]: tensors[src]! }, { dtype });
        const from = src === 'src32' ? name : `${name}_from64`;
        const ours = rawBytes(out, name);
        const theirs = rawBytes(fixture, from);
        // NaN: PyTorch's vectorised bfloat16 path writes 0xFFFF, its scalar path 0x7FC0; both are quiet NaNs, and we
        // write the canonical 0x7FC0 (0x7E00 for F16). Every other element must match byte for byte.
        const fmt = dtype === 'float16' ? F16 : BF16;
        expect(ours.length).toBe(theirs.length);
        for (let i = 0; i < theirs.length; i += 2) {
          const a = ours[i]! | (ours[i + 1]! << 8);
          const b = theirs[i]! | (theirs[i + 1]! << 8);
          if (Number.isNaN(decodeHalf(b, fmt))) expect(a).toBe(fmt.nan);
          else if (a !== b) expect.fail(`${name} from ${src}, element ${i / 2}: ours 0x${a.toString(16)}, PyTorch 0x${b.toString(16)}`);
        }
        expect(loadSafetensors(out).tensors[name]!.shape).toEqual([8, 9]);
      }
    }
  });

  it('writes the header PyTorch tools expect: dtype names, sizes, and F16 < BF16 < I32 < F32 in the file order', () => {
    const out = saveSafetensors({ a: tensor([1, 2]), n: tensor([3], { dtype: 'int32' }) }, { dtype: 'bfloat16', metadata: { format: 'pt' } });
    const n = Number(new DataView(out.buffer).getBigUint64(0, true));
    expect(new TextDecoder().decode(out.subarray(8, 8 + n)).trimEnd()).toBe(
      '{"__metadata__":{"format":"pt"},"n":{"dtype":"I32","shape":[1],"data_offsets":[0,4]},"a":{"dtype":"BF16","shape":[2],"data_offsets":[4,8]}}',
    );
    const mixed = loadSafetensors(saveSafetensors({ h: tensor([0.5]) }, { dtype: 'float16' })).tensors.h!;
    expect([mixed.dtype, mixed.toArray()]).toEqual(['float32', [0.5]]);
  });

  it('keeps the old saveSafetensors(sd, metadata) form, and options with dtype float64/float32', () => {
    const a = saveSafetensors({ w: tensor([1.5]) }, { framework: 'nabla' });
    expect(loadSafetensors(a).metadata).toEqual({ framework: 'nabla' });
    const b = saveSafetensors({ w: tensor([1.5]) }, { metadata: { dtype: 'float16' } });
    expect(loadSafetensors(b).metadata).toEqual({ dtype: 'float16' });
    expect(loadSafetensors(b).tensors.w!.dtype).toBe('float32');
    const c = loadSafetensors(saveSafetensors({ w: tensor([0.1]) }, { dtype: 'float64' })).tensors.w!;
    expect([c.dtype, c.item()]).toEqual(['float64', Math.fround(0.1)]);
  });

  it('rejects a bad dtype or halfDType naming the value', () => {
    expect(() => saveSafetensors({ w: tensor([1]) }, { dtype: 'float8' as never })).toThrow("saveSafetensors: dtype must be one of float16, bfloat16, float32, float64, got the string \"float8\" (to store a metadata entry named 'dtype'");
    expect(() => loadSafetensors(fixture, { halfDType: 'int32' as never })).toThrow("loadSafetensors: halfDType must be 'float32' or 'float64', got the string \"int32\"");
  });
});

describe('half codecs derived by hand from the IEEE formats', () => {
  it('every one of the 65,536 patterns decodes to a float32 value that encodes back to itself', () => {
    const wrong: string[] = [];
    let nans = 0;
    for (const fmt of [F16, BF16]) {
      for (let b = 0; b < 65536; b++) {
        const v = decodeHalf(b, fmt);
        if (Number.isNaN(v)) {
          nans++;
          if (encodeHalf(v, fmt) !== fmt.nan) wrong.push(`NaN pattern ${b.toString(16)}`);
          continue;
        }
        if (Math.fround(v) !== v) wrong.push(`pattern ${b.toString(16)} decodes to ${v}, not a float32 value`);
        if (encodeHalf(v, fmt) !== b) wrong.push(`pattern ${b.toString(16)} -> ${v} -> ${encodeHalf(v, fmt).toString(16)}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(nans).toBe(2 * 1023 + 2 * 127); // F16: 2 signs x (2^10 - 1) payloads; BF16: 2 x (2^7 - 1)
  });

  it('rounds ties to even, overflows past max + half an ulp, and rounds float64 once (not via float32)', () => {
    expect(encodeHalf(65504, F16)).toBe(0x7bff);
    expect(encodeHalf(65519.99, F16)).toBe(0x7bff);
    expect(encodeHalf(65520, F16)).toBe(0x7c00); // tie between 65504 (odd) and 65536 (Infinity): even wins
    expect(encodeHalf(1 + 2 ** -11, F16)).toBe(0x3c00); // tie: 1 (even)
    expect(encodeHalf(1 + 3 * 2 ** -11, F16)).toBe(0x3c02); // tie: 1 + 2^-9 (even)
    expect(encodeHalf(2 ** -25, F16)).toBe(0x0000); // tie between 0 and the smallest subnormal
    expect(encodeHalf(3 * 2 ** -25, F16)).toBe(0x0002);
    expect(encodeHalf(-0, F16)).toBe(0x8000);
    expect(encodeHalf(-Infinity, BF16)).toBe(0xff80);
    expect(encodeHalf(1 + 2 ** -8, BF16)).toBe(0x3f80);
    expect(encodeHalf(1 + 3 * 2 ** -8, BF16)).toBe(0x3f82);
    // Just above a tie in float64, but exactly a tie once rounded to float32: one rounding goes up (PyTorch's
    // float64 -> float32 -> float16 would go to even, down).
    const v = 1 + 2 ** -11 + 2 ** -40;
    expect(Math.fround(v)).toBe(1 + 2 ** -11);
    expect(encodeHalf(v, F16)).toBe(0x3c01);
  });

  it('the fast bulk paths (float32 bit patterns, decode table) agree with the reference on 200,000 seeded inputs', () => {
    const g = new Generator(7);
    const n = 100_000;
    const f32 = new Float32Array(n);
    const bits = new Uint32Array(f32.buffer);
    for (let i = 0; i < n; i++) bits[i] = g.nextUint32(); // every kind of pattern: NaNs, subnormals, ties
    const f64 = Float64Array.from({ length: n }, () => (g.uniform() - 0.5) * 2 ** (g.uniform() * 300 - 150));
    for (const fmt of [F16, BF16]) {
      for (const src of [f32, f64]) {
        const view = new DataView(new ArrayBuffer(2 * n));
        encodeHalves(src, fmt, view, 0);
        const back = new Float64Array(n);
        decodeHalves(view, 0, n, fmt, back);
        for (let i = 0; i < n; i++) {
          const h = view.getUint16(2 * i, true);
          if (h !== encodeHalf(src[i]!, fmt)) expect.fail(`element ${i} (${src[i]}): bulk 0x${h.toString(16)}, reference 0x${encodeHalf(src[i]!, fmt).toString(16)}`);
          if (!Object.is(back[i], decodeHalf(h, fmt)) && !Number.isNaN(back[i])) expect.fail(`decode of 0x${h.toString(16)}`);
        }
      }
    }
  });
});
