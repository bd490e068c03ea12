import { describe, expect, it } from 'vitest';
import { grad } from '../autodiff/functional.js';
import { tensor } from '../creation/tensor.js';
import { ShapeError, ValueError } from '../errors.js';
import { Generator } from '../random.js';
import { gradcheck, gradgradcheck } from '../testing/gradcheck.js';
import type { DType } from '../tensor/dtype.js';
import type { Tensor } from '../tensor/tensor.js';
import { jvp } from '../transforms/forward.js';
import { vmap } from '../transforms/vmap.js';
import { unfold, unfoldMatmul, type WindowOptions } from './conv.js';

// unfoldMatmul(x, w) is weight.matmul(unfold(x)) fused: the same kernels with the same arguments, so forward and
// both gradients must agree with that composition bit for bit on whichever backend runs this file (CI runs it on
// wasm and on cpu), and its gradients of gradients, forward mode and vmap rules must agree with it too.

const gen = new Generator(11);
const rand = (shape: readonly number[], dtype: DType = 'float64'): Tensor => {
  const n = shape.reduce((a, b) => a * b, 1);
  return tensor(Float64Array.from({ length: n }, () => gen.normal()), { dtype, shape });
};

type Case = [string, number[], number, number | [number, number], WindowOptions];
const cases: Case[] = [
  ['3x3 pad 1 (W3 conv2)', [32, 8, 14, 14], 16, 3, { padding: 1 }],
  ['one input channel (W3 conv1)', [6, 1, 28, 28], 8, 3, { padding: 1 }],
  ['stride 2, dilation, uneven padding', [3, 3, 11, 9], 5, [3, 2], { stride: 2, padding: [1, 2], dilation: [2, 1] }],
  ['one window per image (L = 1)', [4, 3, 3, 3], 6, 3, {}],
  ['1x1 kernel, one channel (rows = 1)', [5, 1, 6, 7], 4, 1, {}],
  ['one image', [1, 4, 9, 9], 3, 3, { padding: 2 }],
  ['tiny: below every wasm threshold', [1, 1, 2, 2], 1, 2, {}],
];

/** Elementwise |a - b| <= tol (1 + |b|). */
function expectClose(a: Tensor, b: Tensor, tol: number): void {
  const [u, v] = [a.data(), b.data()];
  expect(u.length).toBe(v.length);
  for (let i = 0; i < u.length; i++) expect(Math.abs(u[i]! - v[i]!)).toBeLessThanOrEqual(tol * (1 + Math.abs(v[i]!)));
}

/** The forward pass and both gradients of sum(r * f(x, w)), for a fixed random r. */
function run(f: (x: Tensor, w: Tensor) => Tensor, x: Tensor, w: Tensor, r: Tensor): number[][] {
  const [xg, wg] = [x.detach().setRequiresGrad(true), w.detach().setRequiresGrad(true)];
  const y = f(xg, wg);
  y.mul(r).sum().backward();
  return [Array.from(y.data()), Array.from(xg.grad!.data()), Array.from(wg.grad!.data())];
}

describe('unfoldMatmul', () => {
  for (const dtype of ['float32', 'float64'] as const) {
    it.each(cases)(`equals weight.matmul(unfold(x)) and its gradients bit for bit (${dtype}): %s`, (_, shape, o, k, opts) => {
      const x = rand(shape, dtype);
      const kk = typeof k === 'number' ? k * k : k[0] * k[1];
      const w = rand([o, shape[1]! * kk], dtype);
      const y = unfold(x, k, opts);
      const r = rand([shape[0]!, o, y.shape[2]!], dtype);
      const fused = run((a, b) => unfoldMatmul(a, b, k, opts), x, w, r);
      const composed = run((a, b) => b.matmul(unfold(a, k, opts)), x, w, r);
      expect(fused[0]!.length).toBe(shape[0]! * o * y.shape[2]!);
      expect(fused).toEqual(composed);
    });
  }

  it('passes gradcheck and gradgradcheck in x and weight (every vjp rule, including those of the two gradients)', () => {
    const opts = { stride: [2, 1] as [number, number], padding: 1, dilation: [1, 2] as [number, number] };
    const x = rand([2, 2, 4, 5]);
    const w = rand([3, 8]);
    const f = (a: Tensor, b: Tensor) => unfoldMatmul(a, b, 2, opts).square();
    expect(gradcheck(f, [x, w])).toBe(true);
    expect(gradgradcheck(f, [x, w])).toBe(true);
  });

  it('pushes tangents forward as the composition does (jvp)', () => {
    const x = rand([2, 3, 5, 4]);
    const w = rand([4, 27]);
    const [tx, tw] = [rand(x.shape), rand(w.shape)];
    const [y, t] = jvp((a: Tensor, b: Tensor) => unfoldMatmul(a, b, 3, { padding: 1 }), [x, w], [tx, tw]);
    const [y0, t0] = jvp((a: Tensor, b: Tensor) => b.matmul(unfold(a, 3, { padding: 1 })), [x, w], [tx, tw]);
    expect(Array.from(y.data())).toEqual(Array.from(y0.data()));
    expectClose(t, t0, 1e-12);
    // and the gradients' rules: the tangent of the input gradient, through a jvp of grad
    const gx = (b: Tensor) => grad((a: Tensor) => unfoldMatmul(a, b, 3, { padding: 1 }).square().sum())(x);
    const gx0 = (b: Tensor) => grad((a: Tensor) => b.matmul(unfold(a, 3, { padding: 1 })).square().sum())(x);
    const [, tg] = jvp(gx, [w], [tw]);
    const [, tg0] = jvp(gx0, [w], [tw]);
    expectClose(tg, tg0, 1e-10);
  });

  it('vmaps over images, over weights and over both, and gives per-example gradients', () => {
    const opts = { stride: 2, padding: 1 };
    const xs = rand([3, 2, 2, 5, 6]); // 3 vmap entries of [2, 2, 5, 6]
    const ws = rand([3, 4, 18]);
    const f = (x: Tensor, w: Tensor) => unfoldMatmul(x, w, 3, opts);
    const loop = (pick: (i: number) => [Tensor, Tensor]) => [0, 1, 2].map((i) => Array.from(f(...pick(i)).data()));
    const stacked = (t: Tensor) => [0, 1, 2].map((i) => Array.from(t.select(0, i).data()));
    const close = (a: number[][], b: number[][]) => a.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(b[i]![j]!, 12)));
    close(stacked(vmap(f, { inAxes: [0, null] })(xs, ws.select(0, 0))), loop((i) => [xs.select(0, i), ws.select(0, 0)]));
    close(stacked(vmap(f, { inAxes: [null, 0] })(xs.select(0, 1), ws)), loop((i) => [xs.select(0, 1), ws.select(0, i)]));
    close(stacked(vmap(f, { inAxes: [0, 0] })(xs, ws)), loop((i) => [xs.select(0, i), ws.select(0, i)]));
    // Per-example weight and input gradients: vmap over grad runs the gradients' batching rules.
    const loss = (x: Tensor, w: Tensor) => f(x, w).square().sum();
    for (const argnums of [0, 1] as const) {
      const g = vmap((x: Tensor, w: Tensor) => grad(loss, { argnums })(x, w), { inAxes: [0, 0] })(xs, ws);
      const each = [0, 1, 2].map((i) => Array.from(grad(loss, { argnums })(xs.select(0, i), ws.select(0, i)).data()));
      close(stacked(g), each);
      const shared = vmap((x: Tensor) => grad(loss, { argnums })(x, ws.select(0, 2)))(xs);
      close(stacked(shared), [0, 1, 2].map((i) => Array.from(grad(loss, { argnums })(xs.select(0, i), ws.select(0, 2)).data())));
    }
  });

  it('rejects a weight that does not fit, naming both shapes, and leaves x and weight unchanged', () => {
    const x = rand([2, 3, 5, 5]);
    const w = rand([4, 26]);
    const before = [Array.from(x.data()), Array.from(w.data())];
    expect(() => unfoldMatmul(x, w, 3)).toThrow(ShapeError);
    expect(() => unfoldMatmul(x, w, 3)).toThrow(
      'unfoldMatmul: weight must be 2-D [O, C * kh * kw] = [O, 27] for x [2,3,5,5] and kernel [3,3], got shape [4,26]',
    );
    expect(() => unfoldMatmul(x, rand([4, 3, 3, 3]), 3)).toThrow(/unfoldMatmul: weight must be 2-D .* got shape \[4,3,3,3\]/);
    expect(() => unfoldMatmul(rand([3, 5, 5]), w, 3)).toThrow(/unfoldMatmul: x must be 4-D \[N, C, H, W\], got shape \[3,5,5\]/);
    expect(() => unfoldMatmul(x, rand([4, 75]), 5, { dilation: 2 })).toThrow(/unfoldMatmul: kernel \[5,5\] .* larger than the padded input/);
    expect(() => unfoldMatmul(x, w, 3, { stride: 0 })).toThrow(ValueError);
    expect(() => unfoldMatmul(x, 'w' as unknown as Tensor, 3)).toThrow(/unfoldMatmul: weight must be a Tensor/);
    expect([Array.from(x.data()), Array.from(w.data())]).toEqual(before);
  });
});
