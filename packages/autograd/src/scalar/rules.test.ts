import { describe, expect, it } from 'vitest';
import { Value } from './value.js';

// One row per op and point: the forward value and every input's gradient in closed form, written
// independently of rules.ts. Kink and edge points the property test avoids are pinned here.
interface Row {
  name: string;
  inputs: number[];
  f: (...xs: Value[]) => Value;
  out: number;
  grads: number[];
}

const tanh2 = Math.tanh(0.7);
const s = 1 / (1 + Math.exp(-0.3));

const rows: Row[] = [
  { name: 'add', inputs: [2, -3], f: (x, y) => x!.add(y!), out: -1, grads: [1, 1] },
  { name: 'sub', inputs: [2, -3], f: (x, y) => x!.sub(y!), out: 5, grads: [1, -1] },
  { name: 'mul', inputs: [2, -3], f: (x, y) => x!.mul(y!), out: -6, grads: [-3, 2] },
  { name: 'div', inputs: [3, 2], f: (x, y) => x!.div(y!), out: 1.5, grads: [0.5, -0.75] }, // 1/y, -x/y^2
  { name: 'pow, Value exponent', inputs: [2, 3], f: (x, y) => x!.pow(y!), out: 8, grads: [12, 8 * Math.LN2] },
  { name: 'pow, number exponent', inputs: [3], f: (x) => x!.pow(2), out: 9, grads: [6] },
  { name: 'pow, negative base, integer exponent', inputs: [-2], f: (x) => x!.pow(3), out: -8, grads: [12] },
  { name: 'pow, fractional exponent', inputs: [4], f: (x) => x!.pow(0.5), out: 2, grads: [0.25] },
  // d/dy 0^y is 0, not 0 * log 0 = NaN; d/dx 0^2 = 2 * 0 = 0.
  { name: 'pow at base 0', inputs: [0, 2], f: (x, y) => x!.pow(y!), out: 0, grads: [0, 0] },
  // 0^0 = 1, and x^0 is constant in x, so d/dx is 0 (not 0 * 0^-1 = NaN); d/dy is 0 at base 0.
  { name: 'pow 0^0', inputs: [0, 0], f: (x, y) => x!.pow(y!), out: 1, grads: [0, 0] },
  { name: 'neg', inputs: [2], f: (x) => x!.neg(), out: -2, grads: [-1] },
  { name: 'exp', inputs: [1], f: (x) => x!.exp(), out: Math.E, grads: [Math.E] },
  { name: 'log', inputs: [4], f: (x) => x!.log(), out: Math.log(4), grads: [0.25] },
  { name: 'log at 0', inputs: [0], f: (x) => x!.log(), out: -Infinity, grads: [Infinity] },
  { name: 'tanh', inputs: [0.7], f: (x) => x!.tanh(), out: tanh2, grads: [1 - tanh2 * tanh2] },
  { name: 'sigmoid', inputs: [0.3], f: (x) => x!.sigmoid(), out: s, grads: [s * (1 - s)] },
  { name: 'sigmoid at 0', inputs: [0], f: (x) => x!.sigmoid(), out: 0.5, grads: [0.25] },
  // Saturated ends: exactly 1 or 0 and a gradient of exactly 0, not NaN.
  { name: 'sigmoid(400)', inputs: [400], f: (x) => x!.sigmoid(), out: 1, grads: [0] },
  { name: 'sigmoid(1000)', inputs: [1000], f: (x) => x!.sigmoid(), out: 1, grads: [0] },
  { name: 'sigmoid(-1000)', inputs: [-1000], f: (x) => x!.sigmoid(), out: 0, grads: [0] },
  { name: 'relu above 0', inputs: [2], f: (x) => x!.relu(), out: 2, grads: [1] },
  { name: 'relu below 0', inputs: [-2], f: (x) => x!.relu(), out: 0, grads: [0] },
  { name: 'relu at the kink 0 (we pick 0)', inputs: [0], f: (x) => x!.relu(), out: 0, grads: [0] },
];

describe('scalar derivative rules', () => {
  it.each(rows)('$name', ({ inputs, f, out, grads }) => {
    const xs = inputs.map((v) => new Value(v));
    const y = f(...xs);
    y.backward();
    expect(y.data).toBeCloseTo(out, 14);
    xs.forEach((x, i) => expect(x.grad).toBeCloseTo(grads[i]!, 14));
  });

  it('keeps sigmoid(-400) at its true tiny value e^-400 (float64 does not round it to 0)', () => {
    // e^-400 ~ 1.9e-174 is representable in float64, so exactly 0 is only reached below about -745.
    const x = new Value(-400);
    const y = x.sigmoid();
    y.backward();
    expect(y.data).toBe(Math.exp(-400) / (1 + Math.exp(-400)));
    expect(x.grad).toBe(y.data * (1 - y.data));
    expect(x.grad).toBeGreaterThan(0);
  });

  it('gives NaN for a negative base with a fractional exponent, as IEEE does', () => {
    expect(new Value(-8).pow(1 / 3).data).toBeNaN();
  });
});

describe('non-finite numbers propagate (IEEE)', () => {
  it('NaN flows forward and backward', () => {
    const x = new Value(NaN);
    const y = x.mul(2).add(1).tanh();
    y.backward();
    expect(y.data).toBeNaN();
    expect(x.grad).toBeNaN();
    expect(new Value(NaN).relu().data).toBeNaN();
  });

  it('Infinity is allowed: exp overflows to Infinity and division by 0 gives Infinity, without throwing', () => {
    expect(new Value(1000).exp().data).toBe(Infinity);
    expect(new Value(1).div(0).data).toBe(Infinity);
    expect(new Value(Infinity).mul(2).data).toBe(Infinity);
    expect(new Value(-Infinity).tanh().data).toBe(-1);
    const x = new Value(-Infinity);
    const y = x.sigmoid();
    y.backward();
    expect([y.data, x.grad]).toEqual([0, 0]);
  });
});
