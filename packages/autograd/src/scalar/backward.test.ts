import { describe, expect, it } from 'vitest';
import { Value } from './value.js';

describe('Value graph walks', () => {
  it('visits a reused node once and sums its contributions: b = a + a, c = b * b gives dc/da = 8a', () => {
    const a = new Value(3);
    const b = a.add(a);
    const c = b.mul(b);
    c.backward();
    expect(c.data).toBe(36);
    expect(b.grad).toBe(12); // 2b
    expect(a.grad).toBe(24); // 8a
  });

  it('sums a fan-out of 10^5 uses and a diamond exactly', () => {
    const a = new Value(2);
    let s = new Value(0);
    for (let i = 0; i < 100_000; i++) s = s.add(a);
    s.backward();
    expect(a.grad).toBe(100_000);
    const x = new Value(1.5);
    const d = x.tanh().mul(x.exp()); // two paths from x meet again at d
    d.backward();
    expect(x.grad).toBeCloseTo((1 - Math.tanh(1.5) ** 2) * Math.exp(1.5) + Math.tanh(1.5) * Math.exp(1.5), 12);
  });

  it('runs forward and backward through a chain 10^6 ops deep without RangeError', () => {
    const x = new Value(0.5);
    let y = x;
    for (let i = 0; i < 1_000_000; i++) y = i % 2 === 0 ? y.add(1) : y.mul(1);
    y.backward();
    expect(y.data).toBe(500_000.5);
    expect(x.grad).toBe(1);
  });

  it('accumulates into .grad on a second backward, and zeroGrad resets the whole graph', () => {
    const x = new Value(3);
    const t = x.mul(x);
    const y = t.add(1);
    y.backward();
    expect([x.grad, t.grad, y.grad]).toEqual([6, 1, 1]);
    y.backward();
    expect([x.grad, t.grad, y.grad]).toEqual([12, 2, 2]);
    y.zeroGrad();
    expect([x.grad, t.grad, y.grad]).toEqual([0, 0, 0]);
    y.backward();
    expect(x.grad).toBe(6);
  });

  it('gives a leaf gradient 1 with respect to itself and leaves unrelated Values alone', () => {
    const x = new Value(4);
    const unrelated = new Value(1);
    x.backward();
    expect(x.grad).toBe(1);
    expect(unrelated.grad).toBe(0);
  });

  it('records op and inputs in argument order, and constants as leaves', () => {
    const x = new Value(1, { label: 'x' });
    const y = x.sub(2);
    expect(y.op).toBe('sub');
    expect(y.prev[0]).toBe(x);
    expect(y.prev[1]?.data).toBe(2);
    expect(y.prev[1]?.op).toBe('');
    expect(x.prev).toEqual([]);
    expect(String(x)).toBe('Value(x: data=1, grad=0)');
  });
});
