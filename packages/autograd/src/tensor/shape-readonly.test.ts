import { describe, expect, it } from 'vitest';
import { tensor } from '../creation/tensor.js';
import { zeros } from '../creation/fill.js';
import type { Tensor } from './tensor.js';

// Compile-time checks (typecheck.test.ts fails if these lines stop being type errors); never called.
export function shapeIsReadonly(a: Tensor): void {
  // @ts-expect-error shape is readonly number[]: it cannot grow
  a.shape.push(7);
  // @ts-expect-error shape is readonly number[]: its entries cannot be written
  a.shape[0] = 5;
}

describe('tensor.shape', () => {
  it("is the tensor's own copy: changing the array a tensor was made or reshaped from changes nothing", () => {
    const s = [2, 3];
    const t = zeros(s);
    s.push(4);
    const r = [3, 2];
    const v = t.reshape(r);
    r[0] = 1;
    const o = [6];
    const u = tensor([1, 2, 3, 4, 5, 6], { shape: o });
    o.pop();
    expect([t.shape, v.shape, u.shape]).toEqual([[2, 3], [3, 2], [6]]);
    expect(v.size).toBe(6);
  });

  it('readonly shapes (as const, or another tensor\'s shape) are accepted wherever a shape goes', () => {
    const shape = [2, 2] as const;
    const t = zeros(shape);
    expect(t.reshape(shape).expand([3, ...shape]).shape).toEqual([3, 2, 2]);
    expect(tensor([1, 2, 3, 4], { shape }).broadcastTo(t.shape).toArray()).toEqual([[1, 2], [3, 4]]);
  });

  it('is frozen at run time too: a JavaScript caller that pushes to it or writes an entry gets a TypeError and the tensor is unchanged', () => {
    const t = tensor([[1, 2, 3], [4, 5, 6]]);
    const v = t.transpose(0, 1);
    for (const x of [t, v]) {
      const before = { shape: [...x.shape], size: x.size, values: x.toArray() };
      const s = x.shape as number[];
      expect(() => s.push(7)).toThrow(TypeError);
      expect(() => { s[0] = 5; }).toThrow(TypeError);
      expect(() => { s.length = 0; }).toThrow(TypeError);
      expect({ shape: [...x.shape], size: x.size, values: x.toArray() }).toEqual(before);
      expect(x.reshape([-1]).shape).toEqual([6]);
    }
  });

  it('is the same array on every read (safe to compare by identity, as with a cached torch.Size)', () => {
    const t = zeros([4, 5]);
    expect(t.shape).toBe(t.shape);
    expect(Object.isFrozen(t.shape)).toBe(true);
    expect(t.add(1).shape).toEqual([4, 5]);
  });
});
