import { describe, expect, it } from 'vitest';
import { DTypeError, Generator, ShapeError, Tensor, ValueError, randn, scaledDotProductAttention, tensor, where, zeros } from '../index.js';
import { gradcheck, gradgradcheck } from '../testing/gradcheck.js';

const gen = new Generator(7);
const rnd = (shape: number[], dtype: 'float32' | 'float64' = 'float64') => randn(shape, { dtype, generator: gen });
const bad = (fn: () => unknown, cls: typeof ValueError, message: string) => expect(fn).toThrow(expect.objectContaining({ constructor: cls, message }));

/** The unfused composite: softmax(scale q k^T + mask) v through matmul, add and softmax. */
function composite(q: Tensor, k: Tensor, v: Tensor, mask: Tensor | null, scale = 1 / Math.sqrt(q.shape.at(-1)!)): Tensor {
  const s = q.matmul(k.transpose(-2, -1)).mul(scale);
  return (mask ? s.add(mask) : s).softmax(-1).matmul(v);
}

/** [L, S] additive causal mask: 0 on and below the diagonal, -inf above (what isCausal must reproduce). */
const lowerTri = (l: number, s: number) => tensor(Array.from({ length: l }, (_, i) => Array.from({ length: s }, (_, j) => (j <= i ? 1 : 0))), { dtype: 'int32' });
const causalMask = (l: number, s: number) => where(lowerTri(l, s), 0, -Infinity).astype('float64');

const close = (a: Tensor, b: Tensor, tol = 1e-12) => {
  expect(a.shape).toEqual(b.shape);
  const [x, y] = [a.data(), b.data()];
  x.forEach((v, i) => expect(Math.abs(v - y[i]!)).toBeLessThanOrEqual(tol * (1 + Math.abs(y[i]!))));
};

describe('scaledDotProductAttention (fused primitive)', () => {
  it.each([
    ['one head', [5, 4], [6, 4], [6, 3]],
    ['batched heads', [2, 3, 5, 4], [2, 3, 7, 4], [2, 3, 7, 2]],
    ['broadcast batch (shared keys)', [2, 3, 5, 4], [1, 3, 7, 4], [3, 7, 4]],
  ])('matches the composite softmax(q k^T / sqrt(E)) v: %s', (_n, qs, ks, vs) => {
    const [q, k, v] = [rnd(qs), rnd(ks), rnd(vs)];
    close(scaledDotProductAttention(q, k, v), composite(q, k, v, null));
    close(scaledDotProductAttention(q, k, v, { scale: 0.3 }), composite(q, k, v, null, 0.3));
  });

  it('isCausal equals an explicit lower-triangular mask (also with L != S), float and int32 masks', () => {
    for (const [l, s] of [[5, 5], [4, 6], [6, 4]] as const) {
      const [q, k, v] = [rnd([2, l, 3]), rnd([2, s, 3]), rnd([2, s, 2])];
      close(scaledDotProductAttention(q, k, v, { isCausal: true }), composite(q, k, v, causalMask(l, s)));
      // int32 as PyTorch's boolean mask: 1 = take part.
      close(scaledDotProductAttention(q, k, v, { attnMask: lowerTri(l, s) }), composite(q, k, v, causalMask(l, s)));
    }
    const [q, k, v] = [rnd([2, 3, 4, 5]), rnd([2, 3, 6, 5]), rnd([2, 3, 6, 5])];
    const m = rnd([2, 1, 4, 6]); // broadcast over heads
    close(scaledDotProductAttention(q, k, v, { attnMask: m }), composite(q, k, v, m));
  });

  it('is numerically stable: scores of 1e4 do not overflow, and float32 matches float64 closely', () => {
    const q = rnd([4, 3]).mul(1e3);
    const [k, v] = [rnd([5, 3]).mul(10), rnd([5, 2])];
    const out = scaledDotProductAttention(q, k, v);
    expect(out.data().every(Number.isFinite)).toBe(true);
    close(out, composite(q, k, v, null));
    const [a, b, c] = [rnd([3, 6, 8]), rnd([3, 9, 8]), rnd([3, 9, 8])];
    close(scaledDotProductAttention(a.astype('float32'), b.astype('float32'), c.astype('float32')).astype('float64'), scaledDotProductAttention(a, b, c), 1e-5);
  });

  it('a row that sees no key is NaN (as PyTorch); other rows are unaffected; empty sizes work', () => {
    const [q, k, v] = [rnd([2, 2]), rnd([3, 2]), rnd([3, 2])];
    const out = scaledDotProductAttention(q, k, v, { attnMask: tensor([[0, 0, 0], [1, 0, 1]], { dtype: 'int32' }) });
    expect(Array.from(out.data().slice(0, 2)).every(Number.isNaN)).toBe(true);
    close(out.slice([[1, 2]]), composite(q.slice([[1, 2]]), k.slice([[0, 3, 2]]), v.slice([[0, 3, 2]]), null));
    expect(scaledDotProductAttention(zeros([0, 2]), zeros([3, 2]), zeros([3, 4])).shape).toEqual([0, 4]);
    expect(scaledDotProductAttention(zeros([2, 0, 5, 2]), zeros([2, 0, 3, 2]), zeros([2, 0, 3, 1])).shape).toEqual([2, 0, 5, 1]);
  });

  it('gradcheck and gradgradcheck (float64) in q, k, v and a float mask, plain and causal', () => {
    const [q, k, v, m] = [rnd([2, 3, 2]), rnd([2, 4, 2]), rnd([2, 4, 3]), rnd([3, 4])];
    const f = (a: Tensor, b: Tensor, c: Tensor, d: Tensor) => scaledDotProductAttention(a, b, c, { attnMask: d });
    expect(gradcheck(f, [q, k, v, m])).toBe(true);
    expect(gradgradcheck(f, [q, k, v, m])).toBe(true);
    const causal = (a: Tensor, b: Tensor, c: Tensor) => scaledDotProductAttention(a, b, c, { isCausal: true, scale: 0.7 });
    expect(gradcheck(causal, [q, k.slice([[], [0, 3]]), v.slice([[], [0, 3]])])).toBe(true);
    expect(gradgradcheck(causal, [q, k.slice([[], [0, 3]]), v.slice([[], [0, 3]])])).toBe(true);
    // Broadcast batch: the shared key gets the gradient summed over the batch.
    const shared = (a: Tensor, b: Tensor, c: Tensor) => scaledDotProductAttention(a, b, c);
    expect(gradcheck(shared, [rnd([2, 3, 2]), rnd([4, 2]), rnd([1, 4, 2])])).toBe(true);
  });

  it('gradients equal the composite\'s', () => {
    const leaves = () => [rnd([2, 4, 3]), rnd([2, 5, 3]), rnd([2, 5, 2])].map((t) => t.setRequiresGrad());
    const [a, b, c] = leaves();
    const [x, y, z] = [a, b, c].map((t) => t!.detach().setRequiresGrad());
    const w = rnd([2, 4, 2]);
    scaledDotProductAttention(a!, b!, c!, { isCausal: true }).mul(w).sum().backward();
    composite(x!, y!, z!, causalMask(4, 5)).mul(w).sum().backward();
    [[a, x], [b, y], [c, z]].forEach(([p, r]) => close(p!.grad!, r!.grad!));
  });

  it('rejects bad inputs, naming shapes, and changes nothing', () => {
    const [q, k, v] = [rnd([2, 3, 4]), rnd([2, 5, 4]), rnd([2, 5, 6])];
    const before = q.toArray();
    bad(() => scaledDotProductAttention(q, rnd([2, 5, 3]), v), ShapeError, 'scaledDotProductAttention: expected query [..., L, E], key [..., S, E] and value [..., S, Ev] (E and S shared), got query [2,3,4], key [2,5,3], value [2,5,6]');
    bad(() => scaledDotProductAttention(q, k, rnd([2, 4, 6])), ShapeError, 'scaledDotProductAttention: expected query [..., L, E], key [..., S, E] and value [..., S, Ev] (E and S shared), got query [2,3,4], key [2,5,4], value [2,4,6]');
    bad(() => scaledDotProductAttention(q, rnd([3, 5, 4]), rnd([3, 5, 6])), ShapeError, 'scaledDotProductAttention: the batch axes of query, key and value do not broadcast: query [2,3,4], key [3,5,4], value [3,5,6]');
    bad(() => scaledDotProductAttention(rnd([4]), k, v), ShapeError, 'scaledDotProductAttention: query, key and value need at least 2 dims ([..., L, E], [..., S, E], [..., S, Ev]), got query [4], key [2,5,4], value [2,5,6]');
    bad(() => scaledDotProductAttention(q, k, v, { attnMask: zeros([4, 5]) }), ShapeError, 'scaledDotProductAttention: attnMask of shape [4,5] does not broadcast to the scores [2,3,5] (query [2,3,4], key [2,5,4], value [2,5,6])');
    bad(() => scaledDotProductAttention(q, k, v, { attnMask: zeros([3, 5]), isCausal: true }), ValueError, 'scaledDotProductAttention: pass either attnMask or isCausal, not both (as PyTorch)');
    bad(() => scaledDotProductAttention(q, k, v, { causal: true } as never), ValueError, "scaledDotProductAttention: unknown option 'causal'; valid options are attnMask, isCausal, scale");
    bad(() => scaledDotProductAttention(q, k.astype('float32'), v), DTypeError, 'scaledDotProductAttention: query, key and value must have one dtype, got float64, float32, float64 (query [2,3,4], key [2,5,4], value [2,5,6])');
    bad(() => scaledDotProductAttention(q, k, v, { scale: NaN }), ValueError, 'scaledDotProductAttention: scale must be a finite number, got number NaN');
    bad(() => scaledDotProductAttention(q, k, [1] as never), ValueError, 'scaledDotProductAttention: value must be a Tensor, got an array of length 1');
    expect(q.toArray()).toEqual(before);
  });
});
