import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tensor } from '../../creation/tensor.js';
import { Value } from '../../scalar/value.js';

// The Tensor engine and the scalar engine implement the same calculus independently: a small tensor
// expression, decomposed element by element into Value graphs, must give the same gradients.
const arbMatrix = (rows: number, cols: number) =>
  fc.array(fc.double({ min: -1.5, max: 1.5, noNaN: true }), { minLength: rows * cols, maxLength: rows * cols });

describe('Tensor vs Value cross-check', () => {
  it('y = sum(tanh(x W + b) * sigmoid(x W) / (1 + exp(b)))', () => {
    fc.assert(
      fc.property(arbMatrix(2, 3), arbMatrix(3, 2), arbMatrix(1, 2), (xs, ws, bs) => {
        const x = tensor(xs, { dtype: 'float64', shape: [2, 3], requiresGrad: true });
        const w = tensor(ws, { dtype: 'float64', shape: [3, 2], requiresGrad: true });
        const b = tensor(bs, { dtype: 'float64', shape: [2], requiresGrad: true });
        const z = x.matmul(w);
        z.add(b).tanh().mul(z.sigmoid()).div(b.exp().add(1)).sum().backward();

        const X = xs.map((v) => new Value(v));
        const W = ws.map((v) => new Value(v));
        const B = bs.map((v) => new Value(v));
        let total = new Value(0);
        for (let i = 0; i < 2; i++) {
          for (let j = 0; j < 2; j++) {
            let zij = new Value(0);
            for (let k = 0; k < 3; k++) zij = zij.add(X[i * 3 + k]!.mul(W[k * 2 + j]!));
            total = total.add(zij.add(B[j]!).tanh().mul(zij.sigmoid()).div(B[j]!.exp().add(1)));
          }
        }
        total.backward();
        const close = (t: Float64Array | Float32Array | Int32Array, vs: Value[]) =>
          vs.forEach((v, i) => expect(t[i]).toBeCloseTo(v.grad, 10));
        close(x.grad!.data(), X);
        close(w.grad!.data(), W);
        close(b.grad!.data(), B);
      }),
      { seed: 11, numRuns: 25 },
    );
  });

  it('y = sum(relu(x) ** 2 - log(x^2 + 1)) with broadcasting against a row', () => {
    fc.assert(
      fc.property(arbMatrix(3, 2), arbMatrix(1, 2), (xs, rs) => {
        const x = tensor(xs, { dtype: 'float64', shape: [3, 2], requiresGrad: true });
        const r = tensor(rs, { dtype: 'float64', shape: [2], requiresGrad: true });
        const s = x.mul(r);
        s.relu().pow(2).sub(s.square().add(1).log()).sum().backward();
        const X = xs.map((v) => new Value(v));
        const R = rs.map((v) => new Value(v));
        let total = new Value(0);
        X.forEach((xv, i) => {
          const sv = xv.mul(R[i % 2]!);
          total = total.add(sv.relu().pow(2).sub(sv.mul(sv).add(1).log()));
        });
        total.backward();
        X.forEach((v, i) => expect(x.grad!.data()[i]).toBeCloseTo(v.grad, 10));
        R.forEach((v, i) => expect(r.grad!.data()[i]).toBeCloseTo(v.grad, 10));
      }),
      { seed: 12, numRuns: 25 },
    );
  });
});
