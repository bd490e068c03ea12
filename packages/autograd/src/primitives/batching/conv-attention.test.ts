import { describe, expect, it } from 'vitest';
import { randint, randn } from '../../creation/random.js';
import { tensor } from '../../creation/tensor.js';
import { grad } from '../../autodiff/functional.js';
import { scaledDotProductAttention as sdpa } from '../../ops/attention.js';
import { fold, maxPool2dIndices, unfold } from '../../ops/conv.js';
import { stack } from '../../ops/join.js';
import { Generator } from '../../random.js';
import type { Tensor } from '../../tensor/tensor.js';
import { jvp } from '../../transforms/forward.js';
import { vmap } from '../../transforms/vmap.js';

// vmap and forward-mode rules of the conv primitives (unfold, fold, maxPoolIndex) and the attention
// primitives (attention, attentionProbs), through the public ops built on them. conv2d, maxPool2d and
// avgPool2d are written here from the public unfold / maxPool2dIndices exactly as @nabla/nn builds them.
const gen = new Generator(17);
const rnd = (shape: readonly number[]) => randn(shape, { dtype: 'float64', generator: gen });

/** Cross-correlation x [N, C, H, W] * w [O, C, kh, kw] (nn's conv2d with groups 1): im2col and one matmul. */
function conv2d(x: Tensor, w: Tensor, opts: { stride?: number; padding?: number; dilation?: number } = {}): Tensor {
  const [o, c, kh, kw] = w.shape as [number, number, number, number];
  const cols = unfold(x, [kh, kw], opts);
  const [n, h, wd] = [x.shape[0]!, x.shape[2]!, x.shape[3]!];
  const [s, p, d] = [opts.stride ?? 1, opts.padding ?? 0, opts.dilation ?? 1];
  const oh = Math.floor((h + 2 * p - d * (kh - 1) - 1) / s) + 1;
  const ow = Math.floor((wd + 2 * p - d * (kw - 1) - 1) / s) + 1;
  return w.reshape([o, c * kh * kw]).matmul(cols).reshape([n, o, oh, ow]);
}
/** Max pooling as nn's maxPool2d: the window's argmax indices (maxPoolIndex), then a gather of the values. */
function maxPool2d(x: Tensor, k: number, stride = k, dilation = 1): Tensor {
  const [n, c, h, w] = x.shape as [number, number, number, number];
  const idx = maxPool2dIndices(x, k, { stride, dilation });
  const [oh, ow] = idx.shape.slice(2) as [number, number];
  return x.reshape([n, c, h * w]).gather(2, idx.reshape([n, c, oh * ow])).reshape([n, c, oh, ow]);
}
/** Average pooling (zero padding counted) as nn's avgPool2d: unfold and a mean over the taps. */
function avgPool2d(x: Tensor, k: number, stride: number, padding: number): Tensor {
  const [n, c, h] = x.shape as [number, number, number];
  const o = Math.floor((h + 2 * padding - k) / stride) + 1;
  return unfold(x, k, { stride, padding }).reshape([n, c, k * k, o * o]).mean(2).reshape([n, c, o, o]);
}

/** Stacks f over the examples: slice i of each argument along its axis (null: the argument is shared). */
function loop(f: (...xs: Tensor[]) => Tensor | Tensor[], args: Tensor[], axes: (number | null)[]): Tensor[] {
  const size = args[axes.findIndex((a) => a !== null)]!.shape[axes.find((a) => a !== null)!]!;
  const outs = Array.from({ length: size }, (_, i) => {
    const r = f(...args.map((x, k) => (axes[k] === null ? x : x.select(axes[k]!, i))));
    return Array.isArray(r) ? r : [r];
  });
  return outs[0]!.map((_, j) => stack(outs.map((o) => o[j]!)));
}

/** max |a - b| <= tol * (1 + max |b|), shapes and dtypes equal. */
function close(a: Tensor, b: Tensor, tol: number): void {
  expect(a.shape).toEqual(b.shape);
  expect(a.dtype).toBe(b.dtype);
  const err = a.sub(b).abs().max().item();
  expect(err).toBeLessThanOrEqual(tol * (1 + b.abs().max().item()));
}

/** vmap(f) with these inAxes against the stacked loop, to 1e-12 (every output). */
function checkVmap(f: (...xs: Tensor[]) => Tensor | Tensor[], args: Tensor[], axes: (number | null)[]): void {
  const got = vmap(f, { inAxes: axes })(...args);
  const want = loop(f, args, axes);
  (Array.isArray(got) ? got : [got]).forEach((g, j) => close(g, want[j]!, 1e-12));
}

/** The forward-mode tangent of f along random directions against central differences (eps 1e-6). */
function checkJvp(f: (...xs: Tensor[]) => Tensor, args: Tensor[]): void {
  const ts = args.map((x) => rnd(x.shape));
  const [y, dy] = jvp(f, args, ts);
  close(y, f(...args), 0);
  const eps = 1e-6;
  const plus = f(...args.map((x, k) => x.add(ts[k]!.mul(eps))));
  const minus = f(...args.map((x, k) => x.sub(ts[k]!.mul(eps))));
  close(dy, plus.sub(minus).div(2 * eps), 1e-6);
}

const smooth = (y: Tensor) => y.tanh().mul(y).sum(); // a scalar loss with a non-constant gradient

describe('conv primitives under vmap and jvp', () => {
  const x = rnd([3, 2, 2, 6, 6]); // 3 examples of [N=2, C=2, 6, 6]
  const w = rnd([4, 2, 3, 3]);

  it('unfold (conv2d): shared weight, batch at axis 0, 2 and with per-example weights', () => {
    const f = (a: Tensor, b: Tensor) => conv2d(a, b, { padding: 1, stride: 2 });
    checkVmap(f, [x, w], [0, null]);
    checkVmap(f, [x.movedim(0, 2), w], [2, null]);
    checkVmap(f, [x, rnd([4, 3, 2, 3, 3])], [0, 1]);
    checkVmap((a: Tensor) => unfold(a, [2, 3], { dilation: [2, 1], padding: [1, 0] }), [x.movedim(0, 4)], [4]);
    // Nested: the outer batch folds into N on top of the inner one.
    checkVmap(vmap(f, { inAxes: [0, null] }), [stack([x, x.mul(-0.5)], 1), w], [1, null]);
  });

  it('unfold (conv2d): jvp matches central differences, vmap(grad) matches a loop of grads', () => {
    checkJvp((a, b) => conv2d(a, b, { padding: 1, dilation: 2 }), [x.select(0, 0), w]);
    // Per-example gradients of the shared weight, and of the input.
    const loss = (a: Tensor, b: Tensor) => smooth(conv2d(a, b, { padding: 1 }));
    checkVmap(grad(loss, { argnums: [0, 1] }), [x, w], [0, null]);
    checkVmap(grad(loss, { argnums: 1 }), [x.movedim(0, 1), w], [1, null]);
  });

  it('fold: vmap over axes 0 and 2, jvp, vmap(grad)', () => {
    const cols = rnd([3, 2, 2 * 4, 9]); // [N=2, C * 2 * 2, L = 3 * 3] per example, overlapping windows
    const f = (c: Tensor) => fold(c, [4, 4], 2, { stride: 1 });
    checkVmap(f, [cols], [0]);
    checkVmap(f, [cols.movedim(0, 2)], [2]);
    checkJvp(f, [cols.select(0, 1)]);
    const g = (c: Tensor, b: Tensor) => smooth(fold(c, [4, 4], 2, { stride: 1 }).mul(b));
    checkVmap(grad(g, { argnums: [0, 1] }), [cols, rnd([2, 2, 4, 4])], [0, null]);
  });

  it('maxPoolIndex (maxPool2d): int32 indices equal the loop exactly, zero jvp of the indices, jvp of the pooled values', () => {
    const xi = x.movedim(0, 1);
    checkVmap((a: Tensor) => maxPool2dIndices(a, 2, { stride: 1, dilation: 2 }), [xi], [1]);
    const got = vmap((a: Tensor) => maxPool2dIndices(a, 3, { stride: 2 }), { inAxes: 0 })(x);
    expect(got.dtype).toBe('int32');
    expect(got.toArray()).toEqual(loop((a) => maxPool2dIndices(a, 3, { stride: 2 }), [x], [0])[0]!.toArray());
    const [, dIdx] = jvp((a: Tensor) => maxPool2dIndices(a, 2), [x.select(0, 0)], [rnd([2, 2, 6, 6])]);
    expect(dIdx.abs().max().item()).toBe(0);
    checkJvp((a) => maxPool2d(a, 3, 2), [x.select(0, 2)]);
  });

  // gather checks the batched index's values over the whole batch (elementsForCheck).
  it('maxPool2d values and per-example gradients under vmap', () => {
    checkVmap((a: Tensor) => maxPool2d(a, 2), [x.movedim(0, 1)], [1]);
    checkVmap(grad((a: Tensor) => smooth(maxPool2d(a, 2, 1))), [x], [0]);
  });

  it('avgPool2d (unfold with padding): vmap at axis 3, jvp, vmap(grad)', () => {
    const f = (a: Tensor) => avgPool2d(a, 3, 2, 1);
    checkVmap(f, [x.movedim(0, 3)], [3]);
    checkJvp(f, [x.select(0, 1)]);
    checkVmap(grad((a: Tensor) => smooth(avgPool2d(a, 2, 1, 1))), [x], [0]);
  });
});

describe('attention primitives under vmap and jvp', () => {
  // 3 examples of q [H=2, L=4, E=3], k [2, S=5, 3], v [2, 5, Ev=2], float mask [2, 4, 5].
  const q = rnd([3, 2, 4, 3]);
  const k = rnd([3, 2, 5, 3]);
  const v = rnd([3, 2, 5, 2]);
  const m = rnd([3, 2, 4, 5]);
  const plain = (a: Tensor, b: Tensor, c: Tensor) => sdpa(a, b, c);
  const causal = (a: Tensor, b: Tensor, c: Tensor) => sdpa(a, b, c, { isCausal: true, scale: 0.7 });
  const masked = (a: Tensor, b: Tensor, c: Tensor, d: Tensor) => sdpa(a, b, c, { attnMask: d });

  it('attention: vmap with shared inputs, batch at non-zero axes, masks batched or shared, 2-D examples', () => {
    checkVmap(plain, [q, k, v], [0, 0, 0]);
    checkVmap(plain, [q.movedim(0, 2), k.select(0, 0), v.movedim(0, 3)], [2, null, 3]);
    checkVmap(causal, [q, k.movedim(0, 1), v.select(0, 1)], [0, 1, null]);
    checkVmap(masked, [q, k, v, m], [0, 0, 0, 0]);
    checkVmap(vmap(masked, { inAxes: [0, null, 0, 0] }), [stack([q, q.neg()]), k.select(0, 0), stack([v, v]), stack([m, m.mul(2)])], [0, null, 0, 0]);
    checkVmap(masked, [q.movedim(0, 1), k, v, m.select(0, 0)], [1, 0, 0, null]);
    checkVmap(masked, [q.select(0, 0), k.select(0, 0), v.select(0, 0), m.movedim(0, 3)], [null, null, null, 3]);
    // An int32 mask (1 = attend), one per example; key 0 always visible so no row is empty.
    const mask = randint(0, 2, [3, 4, 5], { generator: gen }).maximum(tensor([1, 0, 0, 0, 0], { dtype: 'int32' }));
    expect(mask.dtype).toBe('int32');
    checkVmap(masked, [q.select(1, 0), k.select(1, 0), v.select(1, 0), mask], [0, 0, 0, 0]);
    checkVmap(masked, [q.select(1, 1), k.select(1, 1), v.select(1, 1), mask.select(0, 1)], [0, 0, 0, null]);
  });

  it('attention: forward-mode tangents of q, k, v and the mask match central differences', () => {
    const [a, b, c, d] = [q.select(0, 0), k.select(0, 0), v.select(0, 0), m.select(0, 0)];
    checkJvp(plain, [a, b, c]);
    checkJvp(causal, [a, b, c]);
    checkJvp(masked, [a, b, c, d]);
    checkJvp((a2: Tensor) => sdpa(a2, b, c), [a]); // one input with a tangent, the others constant
  });

  it('attentionProbs: batched in vmap(grad), pushed forward in jvp(grad) (forward over reverse)', () => {
    const loss = (a: Tensor, b: Tensor, c: Tensor, d: Tensor) => smooth(masked(a, b, c, d));
    checkVmap(grad(loss, { argnums: [0, 1, 2, 3] }), [q, k, v, m], [0, null, 0, 0]);
    const closs = (a: Tensor, b: Tensor, c: Tensor) => smooth(causal(a, b, c));
    checkVmap(grad(closs, { argnums: [0, 1, 2] }), [q.movedim(0, 1), k, v.select(0, 0)], [1, 0, null]);
    // The backward pass calls attentionProbs; its jvp rule gives the Hessian-vector product of the loss.
    const args = [q, k, v, m].map((t) => t.select(0, 2));
    for (const j of [0, 1, 2, 3]) checkJvp(grad(loss, { argnums: j }), args);
    checkJvp(grad(closs, { argnums: 0 }), args.slice(0, 3));
  });

  it('jvp composes with vmap: vmap(jvp(attention)) equals a loop of jvps', () => {
    const tq = rnd(q.shape);
    const tan = (a: Tensor, b: Tensor, c: Tensor, d: Tensor, t: Tensor) => jvp((a2: Tensor, d2: Tensor) => masked(a2, b, c, d2), [a, d], [t, d.mul(0.5)])[1];
    checkVmap(tan, [q, k.select(0, 0), v, m, tq], [0, null, 0, 0, 0]);
  });
});
