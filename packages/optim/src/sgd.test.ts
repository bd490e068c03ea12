import { describe, expect, it } from 'vitest';
import { tensor } from '@nabla/autograd';
import { SGD, SGD_DEFAULTS, sgdUpdate, type SGDOptions } from './sgd.js';
import { C, P0, S, gradOf, maxDiff, runQuadratic, runReference } from './test-utils.js';

// Reference: PyTorch's SGD algorithm box, written independently with plain numbers.
function sgdRef(o: SGDOptions) {
  const { lr = 1e-3, momentum = 0, dampening = 0, nesterov = false, weightDecay = 0, maximize = false } = o;
  const b = [0, 0, 0];
  return (p: number[], g: number[], t: number) => {
    for (let i = 0; i < p.length; i++) {
      let d = (maximize ? -g[i]! : g[i]!) + weightDecay * p[i]!;
      if (momentum !== 0) {
        b[i] = t === 1 ? d : momentum * b[i]! + (1 - dampening) * d;
        d = nesterov ? d + momentum * b[i]! : b[i]!;
      }
      p[i] = p[i]! - lr * d;
    }
  };
}

const rows: [string, SGDOptions][] = [
  ['defaults', {}],
  ['lr', { lr: 0.1 }],
  ['momentum', { lr: 0.1, momentum: 0.9 }],
  ['dampening', { lr: 0.1, momentum: 0.9, dampening: 0.5 }],
  ['nesterov', { lr: 0.1, momentum: 0.9, nesterov: true }],
  ['weightDecay', { lr: 0.1, weightDecay: 0.3 }],
  ['maximize', { lr: 0.1, maximize: true }],
  ['everything', { lr: 0.05, momentum: 0.8, nesterov: true, weightDecay: 0.2, maximize: true }],
];

describe('SGD: first three steps against the formula', () => {
  it.each(rows)('%s', (_name, o) => {
    const got = runQuadratic((ps) => new SGD(ps, o));
    expect(maxDiff(got, runReference(sgdRef(o)))).toBeLessThan(1e-12);
  });

  it.each(rows.slice(2))('option row %s changes the trajectory', (_name, o) => {
    expect(maxDiff(runQuadratic((ps) => new SGD(ps, o)), runQuadratic((ps) => new SGD(ps, { lr: 0.1 })))).toBeGreaterThan(1e-4);
  });

  it('starts the momentum buffer as the first gradient, undamped', () => {
    const [first] = runQuadratic((ps) => new SGD(ps, { lr: 0.1, momentum: 0.9, dampening: 0.5 }), 1);
    const g = gradOf(P0);
    expect(first).toEqual(P0.map((p, i) => p - 0.1 * g[i]!));
  });

  it('maximize negates the gradient before weight decay (so decay still shrinks the weights)', () => {
    const [first] = runQuadratic((ps) => new SGD(ps, { lr: 0.1, weightDecay: 0.5, maximize: true }), 1);
    const g = gradOf(P0);
    P0.forEach((p, i) => expect(first![i]).toBeCloseTo(p - 0.1 * (-g[i]! + 0.5 * p), 14));
  });

  it('computes in float64 and rounds once into float32 storage', () => {
    const [first] = runQuadratic((ps) => new SGD(ps, { lr: 0.1 }), 1, 'float32');
    // Every input and the float32 gradient 2c(p − s) are exact here, so only the final store rounds.
    expect(first).toEqual(P0.map((p, i) => Math.fround(p - 0.1 * (2 * C[i]! * (p - S[i]!)))));
  });

  it('plain SGD updates every element, rounding once, on short and long parameters (the backend\'s axpy)', () => {
    // 11 elements: two blocks of four and a tail of three; 5003: past the wasm kernel's cut-over, with a tail.
    for (const n of [11, 5003]) {
      for (const Ctor of [Float32Array, Float64Array]) {
        const [p0, g, want] = [new Ctor(n), new Ctor(n), new Ctor(n)];
        for (let i = 0; i < n; i++) {
          p0[i] = 0.5 + i / 7;
          g[i] = (i % 3) - 1.25 + i / 13;
          want[i] = p0[i]! + -0.3 * g[i]!; // float64 arithmetic, one rounding on the store
        }
        const p = p0.slice();
        sgdUpdate(p, g, null, false, { ...SGD_DEFAULTS, lr: 0.3 });
        expect(Array.from(p)).toEqual(Array.from(want));
      }
    }
    const plain = new Float64Array([1, 2]);
    sgdUpdate(plain, [0.5, -1], null, false, { ...SGD_DEFAULTS, lr: 0.1 }); // a plain-array gradient: the loop
    expect(Array.from(plain)).toEqual([0.95, 2.1]);
  });

  it('defaults are PyTorch\'s', () => {
    const opt = new SGD([tensor([1], { requiresGrad: true })]);
    expect(opt.defaults).toEqual({ lr: 1e-3, momentum: 0, dampening: 0, nesterov: false, weightDecay: 0, maximize: false });
  });
});
