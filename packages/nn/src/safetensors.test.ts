import { ValueError, tensor, zeros, type Tensor } from '@nabla/autograd';
import { describe, expect, it } from 'vitest';
import { Sequential } from './containers.js';
import { ReLU } from './layers/activation.js';
import { Linear } from './layers/linear.js';
import { BatchNorm1d } from './layers/normalization.js';
import { loadSafetensors, saveSafetensors } from './safetensors.js';

/** A file built by hand: 8-byte little-endian length, the header padded with spaces to 8, then raw bytes. */
function file(header: string, data: number[], opts: { pad?: boolean; length?: number } = {}): Uint8Array {
  let h = header;
  if (opts.pad !== false) while (h.length % 8 !== 0) h += ' ';
  const n = opts.length ?? h.length;
  const out = new Uint8Array(8 + h.length + data.length);
  out.set([n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, (n >> 24) & 0xff, 0, 0, 0, 0], 0);
  out.set([...h].map((c) => c.charCodeAt(0)), 8);
  out.set(data, 8 + h.length);
  return out;
}
const bytesOf = (s: string) => [...s].map((c) => c.charCodeAt(0));
const F32_ONE = [0x00, 0x00, 0x80, 0x3f];
const F32_MINUS_TWO = [0x00, 0x00, 0x00, 0xc0];
const F64_HALF = [0, 0, 0, 0, 0, 0, 0xe0, 0x3f];
const I32_MINUS_ONE = [0xff, 0xff, 0xff, 0xff];
const I32_258 = [0x02, 0x01, 0x00, 0x00];

describe('loadSafetensors on hand-built files', () => {
  it('parses F32, F64 and I32 tensors with their shapes and the metadata', () => {
    const header =
      '{"__metadata__":{"format":"pt"},"w":{"dtype":"F32","shape":[1,2],"data_offsets":[8,16]},' +
      '"h":{"dtype":"F64","shape":[],"data_offsets":[0,8]},"n":{"dtype":"I32","shape":[2],"data_offsets":[16,24]}}';
    const { tensors, metadata } = loadSafetensors(file(header, [...F64_HALF, ...F32_ONE, ...F32_MINUS_TWO, ...I32_MINUS_ONE, ...I32_258]));
    expect(metadata).toEqual({ format: 'pt' });
    expect(Object.keys(tensors)).toEqual(['h', 'w', 'n']); // file (offset) order
    expect([tensors.w!.dtype, tensors.w!.shape, tensors.w!.toArray()]).toEqual(['float32', [1, 2], [[1, -2]]]);
    expect([tensors.h!.dtype, tensors.h!.shape, tensors.h!.toArray()]).toEqual(['float64', [], 0.5]);
    expect([tensors.n!.dtype, tensors.n!.toArray()]).toEqual(['int32', [-1, 258]]);
  });

  it('reads I64 into int32 (PyTorch num_batches_tracked), rejecting values outside int32', () => {
    const seven = [7, 0, 0, 0, 0, 0, 0, 0];
    expect(loadSafetensors(file('{"t":{"dtype":"I64","shape":[],"data_offsets":[0,8]}}', seven)).tensors.t!.toArray()).toBe(7);
    const big = [0, 0, 0, 0, 1, 0, 0, 0]; // 2^32
    expect(() => loadSafetensors(file('{"t":{"dtype":"I64","shape":[1],"data_offsets":[0,8]}}', big))).toThrow(/I64 tensor 't' holds 4294967296 at element 0 \(file offset \d+\), outside int32 range/);
  });

  it('accepts an unpadded header and an empty file ({}), with null metadata', () => {
    const h = '{"a":{"dtype":"I32","shape":[1],"data_offsets":[0,4]}}';
    expect(loadSafetensors(file(h, I32_258, { pad: false })).tensors.a!.toArray()).toEqual([258]);
    expect(loadSafetensors(file('{}', []))).toEqual({ tensors: {}, metadata: null });
  });
});

describe('saveSafetensors writes the reference implementation\'s bytes', () => {
  it('matches the reference serializer byte for byte (its own test fixture for "attn.0")', () => {
    const out = saveSafetensors({ 'attn.0': tensor([[[0, 1, 2], [3, 4, 5]]]) });
    const header = '{"attn.0":{"dtype":"F32","shape":[1,2,3],"data_offsets":[0,24]}}';
    expect(header.length).toBe(64); // already a multiple of 8: no padding
    const data = [0, 1, 2, 3, 4, 5].flatMap((v) => [...new Uint8Array(new Float32Array([v]).buffer)]);
    expect(Array.from(out)).toEqual([64, 0, 0, 0, 0, 0, 0, 0, ...bytesOf(header), ...data]);
  });

  it('pads the header with spaces to a multiple of 8 and writes metadata first', () => {
    expect(Array.from(saveSafetensors({}))).toEqual([8, 0, 0, 0, 0, 0, 0, 0, ...bytesOf('{}      ')]);
    expect(Array.from(saveSafetensors({}, { framework: 'pt' }))).toEqual([40, 0, 0, 0, 0, 0, 0, 0, ...bytesOf('{"__metadata__":{"framework":"pt"}}     ')]);
  });

  it('orders tensors by descending dtype (F64, F32, I32) then name, contiguously', () => {
    const out = saveSafetensors({
      b: tensor([-1, 258], { dtype: 'int32' }), aa: tensor([1]), c: tensor(0.5, { dtype: 'float64' }), a: tensor([[1, -2]]), '10': tensor([1]), '9': tensor([1]),
    });
    const header = '{"c":{"dtype":"F64","shape":[],"data_offsets":[0,8]},"10":{"dtype":"F32","shape":[1],"data_offsets":[8,12]},' +
      '"9":{"dtype":"F32","shape":[1],"data_offsets":[12,16]},"a":{"dtype":"F32","shape":[1,2],"data_offsets":[16,24]},' +
      '"aa":{"dtype":"F32","shape":[1],"data_offsets":[24,28]},"b":{"dtype":"I32","shape":[2],"data_offsets":[28,36]}}';
    const padded = header + ' '.repeat((8 - (header.length % 8)) % 8);
    expect(Array.from(out)).toEqual([
      padded.length & 0xff, padded.length >> 8, 0, 0, 0, 0, 0, 0, ...bytesOf(padded),
      ...F64_HALF, ...F32_ONE, ...F32_ONE, ...F32_ONE, ...F32_MINUS_TWO, ...F32_ONE, ...I32_MINUS_ONE, ...I32_258,
    ]);
  });

  it('round-trips values exactly, including -0, NaN, infinities and subnormals, and non-contiguous views', () => {
    const special = [-0, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 5e-324, 1.5e-45];
    const sd: Record<string, Tensor> = {
      f64: tensor(special, { dtype: 'float64' }),
      f32: tensor(special),
      t: tensor([[1, 2, 3], [4, 5, 6]]).transpose(),
      'naïve ✓': zeros([0, 3]),
    };
    const { tensors, metadata } = loadSafetensors(saveSafetensors(sd, { note: 'ünïcode' }));
    expect(metadata).toEqual({ note: 'ünïcode' });
    for (const k of Object.keys(sd)) {
      expect(tensors[k]!.dtype).toBe(sd[k]!.dtype);
      expect(tensors[k]!.shape).toEqual(sd[k]!.shape);
      expect(Object.is(tensors[k]!.data()[0], sd[k]!.data()[0])).toBe(true);
      expect(tensors[k]!.data()).toEqual(sd[k]!.data());
    }
  });

  it('round-trips a module state dict: a fresh module loads it and gives identical outputs', () => {
    const make = () => new Sequential(new Linear(3, 4), new BatchNorm1d(4), new ReLU(), new Linear(4, 2));
    const a = make();
    a.forward(tensor([[1, 2, 3], [0, -1, 2], [3, 3, 1]])); // moves the BatchNorm running stats
    a.eval();
    const b = make().eval();
    b.loadStateDict(loadSafetensors(saveSafetensors(a)).tensors);
    const x = tensor([[0.5, -2, 1], [1, 1, 1]]);
    expect(b.forward(x).data()).toEqual(a.forward(x).data());
  });

  it('rejects non-tensor values, the reserved key and non-string metadata', () => {
    expect(() => saveSafetensors({ a: [1] as unknown as Tensor })).toThrow("saveSafetensors: value for 'a' must be a Tensor, got an array of length 1");
    expect(() => saveSafetensors({ __metadata__: zeros([1]) })).toThrow(/'__metadata__' is reserved/);
    expect(() => saveSafetensors({}, { epoch: 3 as unknown as string })).toThrow("saveSafetensors: metadata value for 'epoch' must be a string, got number 3");
    expect(() => saveSafetensors(null as never)).toThrow(ValueError);
  });
});

describe('loadSafetensors rejects corrupted files naming the problem', () => {
  const ok = '{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}';
  const okData = [...F32_ONE, ...F32_MINUS_TWO];
  const entry = (k: string, dtype: string, shape: string, offsets: string) => `"${k}":{"dtype":"${dtype}","shape":${shape},"data_offsets":${offsets}}`;

  it.each([
    ['a file shorter than 8 bytes', new Uint8Array(5), 'file has 5 bytes, too short for the 8-byte header length at offset 0'],
    ['a header length past the end', file(ok, okData, { length: 1000 }), 'header length 1000 (bytes 0-7) runs past the end of the file: only 64 bytes follow offset 8'],
    ['a truncated file', file(ok, okData).subarray(0, 68), "tensor 'a' has data_offsets [0, 8] running past the end of the data section (4 bytes, file offsets 64 to 68)"],
    ['invalid UTF-8', file('{"\xff":1}', []), 'header (file bytes 8 to 16) is not valid UTF-8'],
    ['invalid JSON', file('{"a":', []), /header \(file bytes 8 to 16\) is not valid JSON/],
    ['a non-object header', file('[1,2]', []), 'header must be a JSON object, got [1,2]'],
    ['an unknown dtype', file(`{${entry('x', 'F8_E4M3', '[4]', '[0,4]')}}`, [0, 0, 0, 0]), `tensor 'x' has unsupported dtype 'F8_E4M3'; supported: F16, BF16, F32, F64, I32, I64`],
    ['a negative dimension', file(`{${entry('x', 'F32', '[-1]', '[0,4]')}}`, F32_ONE), "tensor 'x' has invalid shape [-1]; expected an array of non-negative integers"],
    ['malformed offsets', file(`{${entry('x', 'F32', '[1]', '[0]')}}`, F32_ONE), "tensor 'x' has invalid data_offsets [0]; expected [begin, end]"],
    ['end before begin', file(`{${entry('x', 'F32', '[0]', '[4,0]')}}`, F32_ONE), "tensor 'x' has data_offsets [4, 0] with end before begin"],
    ['a size that does not match the shape', file(`{${entry('x', 'F32', '[3]', '[0,8]')}}`, okData), "tensor 'x': shape [3] of F32 needs 12 bytes but data_offsets [0, 8] span 8"],
    ['overlapping tensors', file(`{${entry('x', 'F32', '[2]', '[0,8]')},${entry('y', 'F32', '[1]', '[4,8]')}}`, okData), "tensor 'y' (data_offsets [4, 8]) overlaps 'x', which ends at data offset 8"],
    ['a gap between tensors', file(`{${entry('x', 'F32', '[1]', '[0,4]')},${entry('y', 'F32', '[1]', '[8,12]')}}`, [...okData, 0, 0, 0, 0]), /tensor 'y' starts at data offset 8 \(file offset \d+\) but 'x' ends at 4: a gap of 4 bytes/],
    ['trailing bytes', file(ok, [...okData, 1, 2]), /tensors cover data offsets \[0, 8\) but the data section has 10 bytes \(file offsets 64 to 74\): 2 trailing bytes/],
    ['non-string metadata', file(`{"__metadata__":{"epoch":3}}`, []), "__metadata__ value for 'epoch' must be a string, got 3"],
  ])('%s', (_, bytes, message) => {
    expect(() => loadSafetensors(bytes)).toThrow(ValueError);
    expect(() => loadSafetensors(bytes)).toThrow(message);
  });

  it('rejects a non-Uint8Array argument', () => {
    expect(() => loadSafetensors([1, 2, 3] as unknown as Uint8Array)).toThrow('loadSafetensors: expected a Uint8Array, got an array of length 3');
  });
});
