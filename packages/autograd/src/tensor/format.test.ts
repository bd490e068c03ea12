/**
 * Printing follows PyTorch's torch/_tensor_str.py: one format per tensor (whole numbers as `3.`, else
 * `precision` decimals, scientific notation when the range needs it), padded columns, summarising above
 * `threshold` elements, rows wrapped at `linewidth`. Expected strings are what PyTorch prints for the same
 * values (our suffixes add shape and dtype).
 */
import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { arange } from '../creation/ranges.js';
import { tensor } from '../creation/tensor.js';
import { ValueError } from '../errors.js';
import { getPrintOptions, setPrintOptions } from './print-options.js';

const body = (t: { toString(): string }) => t.toString().replace(/,\s+shape=.*$/s, '').replace(/^tensor\(/, '');
const f32 = (v: number[]) => body(tensor(v));

afterEach(() => setPrintOptions({ profile: 'default' }));

describe('number format (PyTorch _Formatter)', () => {
  it('keeps every digit PyTorch keeps: fixed point with 4 decimals up to 1e8', () => {
    expect(f32([123456.789])).toBe('[123456.7891]');
    expect(f32([1000.6931])).toBe('[1000.6931]');
    expect(body(tensor([0.1, 2.5, -3.25], { dtype: 'float64' }))).toBe('[ 0.1000,  2.5000, -3.2500]');
  });

  it('whole numbers print as "3." padded to one width; zeros, nan and inf do not widen it', () => {
    expect(f32([1, 2, 300])).toBe('[  1.,   2., 300.]');
    expect(f32([0, 0])).toBe('[0., 0.]');
    expect(f32([NaN, Infinity, 1])).toBe('[nan, inf, 1.]');
    expect(f32([1.5, NaN, -Infinity])).toBe('[1.5000,    nan,   -inf]');
    expect(f32([-0])).toBe('[-0.]');
  });

  it('switches to scientific notation when max/min > 1000, max > 1e8, or a fraction is below 1e-4', () => {
    expect(f32([1e-5, 1e5])).toBe('[1.0000e-05, 1.0000e+05]');
    expect(f32([1, 2000])).toBe('[1.0000e+00, 2.0000e+03]');
    expect(body(tensor([2e8], { dtype: 'float64' }))).toBe('[2.0000e+08]');
    expect(body(tensor([0.00005, 0.5], { dtype: 'float64' }))).toBe('[5.0000e-05, 5.0000e-01]');
    expect(body(tensor([1, 1000], { dtype: 'float64' }))).toBe('[   1., 1000.]');
  });

  it('rounds exact ties to even, as Python does (JavaScript rounds them up)', () => {
    expect(body(tensor([0.03125, 0.5], { dtype: 'float64' }))).toBe('[0.0312, 0.5000]');
    expect(body(tensor([0.09375, 0.5], { dtype: 'float64' }))).toBe('[0.0938, 0.5000]');
    setPrintOptions({ sciMode: true, precision: 1 });
    expect(body(tensor([1.25, 1.75], { dtype: 'float64' }))).toBe('[1.2e+00, 1.8e+00]');
  });

  it('prints int32 as integers and 0-d tensors without brackets', () => {
    expect(body(tensor([1, 22, -3], { dtype: 'int32' }))).toBe('[ 1, 22, -3]');
    expect(body(tensor(0.5))).toBe('0.5000');
    expect(body(tensor(3))).toBe('3.');
    expect(body(tensor(3, { dtype: 'int32' }))).toBe('3');
  });
});

describe('layout', () => {
  it('aligns nested rows under the first bracket, with a blank line between 2-d blocks', () => {
    const t = tensor([[[1, 2], [3, 4]], [[5, 6], [7, 8.5]]]);
    expect(t.toString()).toBe(
      'tensor([[[1.0000, 2.0000],\n         [3.0000, 4.0000]],\n\n        [[5.0000, 6.0000],\n         [7.0000, 8.5000]]], shape=[2,2,2], dtype=float32)',
    );
  });

  it('summarises above 1000 elements with the first and last 3 of each axis, and chooses the format from those', () => {
    expect(arange(2000).toString()).toBe('tensor([   0,    1,    2,  ..., 1997, 1998, 1999], shape=[2000], dtype=int32)');
    const lines = arange(10000).reshape([100, 100]).toString().split('\n');
    expect(lines).toEqual([
      'tensor([[   0,    1,    2,  ...,   97,   98,   99],',
      '        [ 100,  101,  102,  ...,  197,  198,  199],',
      '        [ 200,  201,  202,  ...,  297,  298,  299],',
      '        ...,',
      '        [9700, 9701, 9702,  ..., 9797, 9798, 9799],',
      '        [9800, 9801, 9802,  ..., 9897, 9898, 9899],',
      '        [9900, 9901, 9902,  ..., 9997, 9998, 9999]], shape=[100,100],',
      '       dtype=int32)',
    ]);
  });

  it('wraps long rows at linewidth, as many elements per line as fit', () => {
    const s = arange(30, undefined, undefined, { dtype: 'float32' }).div(7).toString();
    const lines = s.split('\n');
    expect(lines[0]).toBe('tensor([0.0000, 0.1429, 0.2857, 0.4286, 0.5714, 0.7143, 0.8571, 1.0000, 1.1429,');
    expect(lines[1]).toBe('        1.2857, 1.4286, 1.5714, 1.7143, 1.8571, 2.0000, 2.1429, 2.2857, 2.4286,');
    expect(lines.every((l) => l.length <= 80)).toBe(true);
    setPrintOptions({ linewidth: 40 });
    expect(arange(30).div(7).toString().split('\n')[0]).toBe('tensor([0.0000, 0.1429, 0.2857, 0.4286,');
  });

  it('prints empty tensors as [] and a rank-100,000 tensor without overflowing the stack', () => {
    expect(tensor([]).toString()).toBe('tensor([], shape=[0], dtype=float32)');
    expect(body(tensor([]).reshape([2, 0]))).toBe('[]');
    const deep = tensor([7]).reshape(new Array<number>(100_000).fill(1));
    const s = body(deep);
    expect(s.length).toBe(200_002);
    expect(s.slice(99_998, 100_004)).toBe('[[7.]]');
  });
});

describe('setPrintOptions', () => {
  it('sets precision, sciMode, threshold, edgeItems and linewidth; the others keep their value', () => {
    setPrintOptions({ precision: 2 });
    expect(f32([1 / 3, 2 / 3])).toBe('[0.33, 0.67]');
    setPrintOptions({ sciMode: true });
    expect(f32([1 / 3, 2 / 3])).toBe('[3.33e-01, 6.67e-01]');
    setPrintOptions({ sciMode: false, precision: 4 });
    expect(f32([1e-5, 1e5])).toBe('[     0.0000, 100000.0000]');
    setPrintOptions({ threshold: 5, edgeItems: 2 });
    expect(body(arange(10))).toBe('[0, 1,  ..., 8, 9]');
    setPrintOptions({ edgeItems: 0 });
    expect(body(arange(10))).toBe('[...]');
    expect(getPrintOptions()).toEqual({ precision: 4, threshold: 5, edgeItems: 0, linewidth: 80, sciMode: false });
  });

  it("has PyTorch's profiles: short and full, and default to reset", () => {
    setPrintOptions({ profile: 'short' });
    expect(getPrintOptions()).toEqual({ precision: 2, threshold: 1000, edgeItems: 2, linewidth: 80, sciMode: null });
    expect(body(arange(2000))).toBe('[   0,    1,  ..., 1998, 1999]');
    setPrintOptions({ profile: 'full', precision: 1 });
    expect(getPrintOptions()).toEqual({ precision: 1, threshold: Infinity, edgeItems: 3, linewidth: 80, sciMode: null });
    expect(body(arange(2000))).not.toContain('...');
    setPrintOptions({ profile: 'default' });
    expect(f32([123456.789])).toBe('[123456.7891]');
  });

  it.each([
    [{ precision: -1 }, 'setPrintOptions: precision must be an integer in [0, 20], got number -1'],
    [{ precision: 2.5 }, 'setPrintOptions: precision must be an integer in [0, 20], got number 2.5'],
    [{ threshold: NaN }, 'setPrintOptions: threshold must be a number >= 0 (Infinity never summarises), got number NaN'],
    [{ edgeItems: -2 }, 'setPrintOptions: edgeItems must be an integer >= 0, got number -2'],
    [{ linewidth: 0 }, 'setPrintOptions: linewidth must be an integer >= 1, got number 0'],
    [{ sciMode: 'yes' }, 'setPrintOptions: sciMode must be true, false or null (automatic), got the string "yes"'],
    [{ sci_mode: true }, "setPrintOptions: unknown option 'sci_mode' (the options are precision, threshold, edgeItems, linewidth, sciMode and profile)"],
    [{ profile: 'long' }, "setPrintOptions: profile must be 'default', 'short' or 'full', got the string \"long\""],
    [null, 'setPrintOptions: expected an options object, got null'],
  ])('rejects %j and changes nothing', (opts, message) => {
    setPrintOptions({ precision: 3 });
    const before = getPrintOptions();
    // Valid options next to the bad one are not applied either.
    const given = opts === null ? null : { linewidth: 120, ...opts };
    expect(() => setPrintOptions(given as never)).toThrow(expect.objectContaining({ constructor: ValueError, message }));
    expect(getPrintOptions()).toEqual(before);
  });

  it('applies to console.log / util.inspect too', () => {
    setPrintOptions({ precision: 1 });
    expect(inspect(tensor([0.25, 1.5]))).toBe('tensor([0.2, 1.5], shape=[2], dtype=float32)'); // 0.25: a tie, to even
  });
});
