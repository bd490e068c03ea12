import { ValueError, tensor } from '@nabla/autograd';
import { describe, expect, it } from 'vitest';
import { snapshot } from '../../../test-support/snapshot.js';
import { Linear } from './layers/linear.js';
import { loadSafetensors, saveSafetensors } from './safetensors.js';

/** A file from a header string and data bytes; `length` overrides the declared header length. */
function file(header: string, data: number[] = [], length?: number): Uint8Array {
  const h = new TextEncoder().encode(header);
  const out = new Uint8Array(8 + h.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(length ?? h.length), true);
  out.set(h, 8);
  out.set(data, 8 + h.length);
  return out;
}
const f32 = (...v: number[]) => Array.from(new Uint8Array(new Float32Array(v).buffer));
const entry = (k: string, dtype: string, shape: number[], offsets: [number, number]) =>
  `${JSON.stringify(k)}:{"dtype":"${dtype}","shape":${JSON.stringify(shape)},"data_offsets":${JSON.stringify(offsets)}}`;

describe('safetensors hardening: a corpus of malformed files (issue 20 item 7)', () => {
  const deep = 200_000;
  const corpus: [string, Uint8Array, RegExp][] = [
    ['a header nested 200,000 levels deep (in an entry)', file(`{"a":${'['.repeat(deep)}${']'.repeat(deep)}}`), /^loadSafetensors: header nests deeper than 16 levels \(at character 20\); a valid header needs 3$/],
    ['a top-level array nested 200,000 levels deep', file(`${'['.repeat(deep)}${']'.repeat(deep)}`), /^loadSafetensors: header nests deeper than 16 levels/],
    ['deep nesting inside __metadata__', file(`{"__metadata__":{"a":${'{"b":'.repeat(40)}1${'}'.repeat(40)}}}`), /nests deeper than 16 levels/],
    ['a duplicate tensor name', file(`{${entry('w', 'F32', [1], [0, 4])},${entry('w', 'F32', [1], [4, 8])}}`, f32(1, 2)), /^loadSafetensors: header names 'w' twice \(at character \d+\); each tensor name must be unique$/],
    ['a duplicate name spelled with an escape', file(`{${entry('ab', 'F32', [1], [0, 4])},"a\\u0062":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}`, f32(1, 2)), /header names 'ab' twice/],
    ['a duplicate __metadata__', file('{"__metadata__":{},"__metadata__":{"x":"y"}}'), /header names '__metadata__' twice/],
    ['a truncated file', file(`{${entry('w', 'F32', [2], [0, 8])}}`, f32(1)), /^loadSafetensors: tensor 'w' has data_offsets \[0, 8\] running past the end of the data section \(4 bytes/],
    ['a huge header length', file('{}', [], 2 ** 40), /^loadSafetensors: header length 1099511627776 \(bytes 0-7\) runs past the end of the file: only 2 bytes follow offset 8/],
    ['a header length of 2^64 - 1', (() => { const b = file('{}'); new DataView(b.buffer).setBigUint64(0, 2n ** 64n - 1n, true); return b; })(), /header length 18446744073709551615 \(bytes 0-7\) runs past the end/],
    ['overlapping offsets', file(`{${entry('a', 'F32', [2], [0, 8])},${entry('b', 'F32', [1], [4, 8])}}`, f32(1, 2)), /tensor 'b' \(data_offsets \[4, 8\]\) overlaps 'a', which ends at data offset 8/],
    ['out-of-range offsets', file(`{${entry('a', 'F32', [1], [1e15, 1e15 + 4])}}`, f32(1)), /tensor 'a' has data_offsets \[1000000000000000, 1000000000000004\] running past the end of the data section/],
    ['offsets beyond 2^53', file('{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,1e300]}}', f32(1)), /tensor 'a' has invalid data_offsets \[0,1e\+300\]/],
    ['an unknown dtype', file(`{${entry('a', 'C64', [1], [0, 8])}}`, f32(1, 2)), /tensor 'a' has unsupported dtype 'C64'; supported: F16, BF16, F32, F64, I32, I64/],
    ['a dtype inherited from Object.prototype', file(`{${entry('a', 'toString', [1], [0, 4])}}`, f32(1)), /tensor 'a' has unsupported dtype 'toString'/],
    ['a non-UTF-8 header', (() => { const b = file('{"a":1}'); b[10] = 0xc3; b[11] = 0x28; return b; })(), /^loadSafetensors: header \(file bytes 8 to 15\) is not valid UTF-8$/],
    ['an entry that is a deep-ish object (message stays short)', file(`{"a":${'{"b":'.repeat(10)}1${'}'.repeat(10)}}`), /^loadSafetensors: entry 'a' must be an object with dtype, shape and data_offsets, got an object with keys 'b'$/],
    ['a very long name in an error (shortened)', file(`{${entry('x'.repeat(5000), 'C64', [1], [0, 4])}}`, f32(1)), /^loadSafetensors: tensor 'x{60}\.\.\.' has unsupported dtype 'C64'/],
    ['__metadata__ that is an array', file('{"__metadata__":[1,2]}'), /^loadSafetensors: __metadata__ must be an object of strings, got \[1,2\]$/],
  ];

  for (const [name, bytes, message] of corpus) {
    it(name, () => {
      const model = new Linear(1, 1);
      const before = snapshot(model, bytes);
      let thrown: unknown;
      try {
        model.loadStateDict(loadSafetensors(bytes).tensors);
      } catch (e) {
        thrown = e;
      }
      expect(thrown).toBeInstanceOf(ValueError);
      expect((thrown as Error).message).toMatch(message);
      expect(snapshot(model, bytes)).toEqual(before);
    });
  }

  it("tensors named '__proto__', 'constructor' and 'hasOwnProperty' are ordinary entries", () => {
    const sd: Record<string, ReturnType<typeof tensor>> = {};
    Object.defineProperty(sd, '__proto__', { value: tensor([1]), enumerable: true });
    for (const [k, v] of [['constructor', 2], ['hasOwnProperty', 3]] as const) sd[k as string] = tensor([v]);
    const { tensors, metadata } = loadSafetensors(saveSafetensors(sd));
    expect(Object.getPrototypeOf(tensors)).toBeNull();
    expect(Object.keys(tensors).sort()).toEqual(['__proto__', 'constructor', 'hasOwnProperty']);
    expect(tensors['__proto__']!.toArray()).toEqual([1]);
    const name: string = 'constructor';
    expect(tensors[name]!.toArray()).toEqual([2]);
    expect(metadata).toBeNull();
    // And a file written by another tool with a '__proto__' entry and metadata key:
    const raw = file(`{"__metadata__":{"__proto__":"x"},${entry('__proto__', 'F32', [1], [0, 4])}}`, f32(5));
    const got = loadSafetensors(raw);
    expect(Object.getPrototypeOf(got.tensors)).toBeNull();
    expect(got.tensors['__proto__']!.toArray()).toEqual([5]);
    expect(Object.keys(got.metadata!)).toEqual(['__proto__']);
    expect(got.metadata!['__proto__']).toBe('x');
  });

  it('a state dict from a file with a __proto__ tensor is refused by loadStateDict as an unexpected key, naming it', () => {
    const raw = file(`{${entry('__proto__', 'F32', [1], [0, 4])},${entry('bias', 'F32', [1], [4, 8])},${entry('weight', 'F32', [1, 1], [8, 12])}}`, f32(9, 1, 2));
    const model = new Linear(1, 1);
    const before = snapshot(model);
    expect(() => model.loadStateDict(loadSafetensors(raw).tensors)).toThrow(/__proto__/);
    expect(snapshot(model)).toEqual(before);
  });
});
