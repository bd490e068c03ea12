import { Generator, ShapeError, ValueError, randn, tensor, zeros, type Tensor } from '@nabla/autograd';
import { gradcheck } from '@nabla/autograd/testing';
import { describe, expect, it } from 'vitest';
import { MultiheadAttention } from './attention.js';
import { withParameters } from './with-parameters.js';

const generator = new Generator(17);
const rnd = (shape: number[]) => randn(shape, { dtype: 'float64', generator });
type M = number[][];
const mat = (t: Tensor): M => t.toArray() as M;
/** a b^T + bias, row by row. */
const linear = (a: M, b: M, bias: number[] | null): M => a.map((r) => b.map((w, j) => w.reduce((s, v, k) => s + v * r[k]!, bias ? bias[j]! : 0)));
const softmaxRows = (a: M): M => a.map((r) => {
  const m = Math.max(...r);
  const e = r.map((v) => Math.exp(v - m));
  const z = e.reduce((s, v) => s + v, 0);
  return e.map((v) => v / z);
});
const cols = (a: M, from: number, to: number): M => a.map((r) => r.slice(from, to));

/**
 * Hand-written attention for one batch element: per head softmax(Q K^T / sqrt(d) + mask) V, heads
 * concatenated, then out_proj. q [L, E], k and v [S, E] as nested arrays. Returns [out, head-averaged weights].
 */
function reference(mha: MultiheadAttention, q: M, k: M, v: M, mask: M | null): [M, M] {
  const e = mha.embedDim;
  const w = mat(mha.in_proj_weight!);
  const b = Array.from(mha.in_proj_bias!.data());
  const [Q, K, V] = [q, k, v].map((x, i) => linear(x, w.slice(i * e, (i + 1) * e), b.slice(i * e, (i + 1) * e))) as [M, M, M];
  const h = mha.numHeads;
  const d = e / h;
  const heads: M[] = [];
  const avg = q.map(() => k.map(() => 0));
  for (let j = 0; j < h; j++) {
    const scores = linear(cols(Q, j * d, (j + 1) * d), cols(K, j * d, (j + 1) * d), null).map((r, a) => r.map((s, c) => s / Math.sqrt(d) + (mask ? mask[a]![c]! : 0)));
    const p = softmaxRows(scores);
    p.forEach((r, a) => r.forEach((x, c) => (avg[a]![c]! += x / h)));
    heads.push(p.map((r) => Array.from({ length: d }, (_, t) => r.reduce((s, x, c) => s + x * V[c]![j * d + t]!, 0))));
  }
  const mixed = q.map((_, a) => heads.flatMap((hd) => hd[a]!));
  return [linear(mixed, mat(mha.out_proj.weight), Array.from(mha.out_proj.bias!.data())), avg];
}

const close = (a: Tensor, b: M | number[][][]) => {
  const flat = (b as unknown[]).flat(2) as number[];
  expect(a.size).toBe(flat.length);
  a.data().forEach((v, i) => expect(v).toBeCloseTo(flat[i]!, 12));
};

/** A module with random (non-zero) biases, so the reference also checks the bias terms. */
function mhaWithBiases(e: number, h: number, opts = {}): MultiheadAttention {
  const m = new MultiheadAttention(e, h, { dtype: 'float64', generator: new Generator(e * 10 + h), ...opts });
  m.loadStateDict({ ...m.stateDict(), in_proj_bias: rnd([3 * e]), 'out_proj.bias': rnd([e]) });
  return m;
}

describe('MultiheadAttention', () => {
  it('holds PyTorch-named parameters, initialised as PyTorch', () => {
    const m = new MultiheadAttention(8, 2, { generator: new Generator(0) });
    expect(m.namedParameters().map(([n, p]) => `${n}:${p.shape.join('x')}`)).toEqual(['in_proj_weight:24x8', 'in_proj_bias:24', 'out_proj.weight:8x8', 'out_proj.bias:8']);
    expect(Array.from(m.in_proj_bias!.data()).every((v) => v === 0)).toBe(true);
    expect(Array.from(m.out_proj.bias!.data()).every((v) => v === 0)).toBe(true);
    const bound = Math.sqrt(6 / (8 + 24)); // xavier: fanIn 8, fanOut 24
    const w = Array.from(m.in_proj_weight!.data()).map(Math.abs);
    expect(Math.max(...w)).toBeLessThanOrEqual(bound);
    expect(Math.max(...w)).toBeGreaterThan(0.8 * bound);
    const sep = new MultiheadAttention(4, 1, { kdim: 3, vdim: 5, bias: false });
    expect(sep.namedParameters().map(([n, p]) => `${n}:${p.shape.join('x')}`)).toEqual(['q_proj_weight:4x4', 'k_proj_weight:4x3', 'v_proj_weight:4x5', 'out_proj.weight:4x4']);
  });

  it.each([1, 2])('matches hand-written softmax(QK^T/sqrt(d))V with %i head(s)', (h) => {
    const m = mhaWithBiases(4, h);
    const [q, k, v] = [rnd([3, 4]), rnd([5, 4]), rnd([5, 4])];
    const [out, w] = m.forward(q, k, v); // unbatched
    const [refOut, refW] = reference(m, mat(q), mat(k), mat(v), null);
    close(out, refOut);
    close(w!, refW);
  });

  it('hides padded keys and masked positions (int32: 1 = masked out; float: added)', () => {
    const m = mhaWithBiases(4, 2, { batchFirst: true });
    const [q, k, v] = [rnd([2, 3, 4]), rnd([2, 4, 4]), rnd([2, 4, 4])];
    const padding = tensor([[0, 0, 1, 1], [0, 0, 0, 0]], { dtype: 'int32' });
    const causal = tensor([[0, 1, 1, 1], [0, 0, 1, 1], [0, 0, 0, 1]], { dtype: 'int32' });
    const [out, w] = m.forward(q, k, v, { keyPaddingMask: padding, attnMask: causal });
    const inf = (x: number) => (x ? -Infinity : 0);
    [0, 1].forEach((n) => {
      const mask = mat(causal).map((r) => r.map((c, j) => inf(c) + inf(mat(padding)[n]![j]!)));
      const [refOut, refW] = reference(m, (q.toArray() as M[])[n]!, (k.toArray() as M[])[n]!, (v.toArray() as M[])[n]!, mask);
      close(out.split(1, 0)[n]!, refOut);
      close(w!.split(1, 0)[n]!, refW);
    });
    expect(w!.toArray()).toMatchObject([[[1, 0, 0, 0], [expect.any(Number), expect.any(Number), 0, 0], [expect.any(Number), expect.any(Number), 0, 0]], expect.any(Array)]);
    const bias = rnd([3, 4]);
    const [outF] = m.forward(q, k, v, { attnMask: bias });
    close(outF.split(1, 0)[0]!, reference(m, (q.toArray() as M[])[0]!, (k.toArray() as M[])[0]!, (v.toArray() as M[])[0]!, mat(bias))[0]);
  });

  it('agrees across layouts and returns per-head or no weights on request', () => {
    const m = mhaWithBiases(4, 2);
    const x = rnd([3, 2, 4]); // [L, N, E]
    const [out, w] = m.forward(x, x, x, { averageAttnWeights: false });
    expect(w!.shape).toEqual([2, 2, 3, 3]);
    const bf = new MultiheadAttention(4, 2, { batchFirst: true, dtype: 'float64' });
    bf.loadStateDict(m.stateDict());
    const [outB, wB] = bf.forward(x.transpose(0, 1), x.transpose(0, 1), x.transpose(0, 1), { needWeights: true });
    close(outB.transpose(0, 1), out.toArray() as number[][][]);
    close(wB!, w!.mean(1).toArray() as number[][][]);
    expect(m.forward(x, x, x, { needWeights: false })[1]).toBeNull();
    const [, perHead] = m.forward(rnd([3, 4]), rnd([2, 4]), rnd([2, 4]), { averageAttnWeights: false, attnMask: zeros([2, 3, 2]) });
    expect(perHead!.shape).toEqual([2, 3, 2]);
  });

  it('passes gradcheck w.r.t. query, key, value and every parameter', () => {
    const m = mhaWithBiases(4, 2);
    const f = (q: Tensor, k: Tensor, v: Tensor, ...ws: Tensor[]) => withParameters(m, ws, () => m.forward(q, k, v, { attnMask: tensor([[0, 1], [0, 0]], { dtype: 'int32' }) })[0]);
    expect(gradcheck(f, [rnd([2, 1, 4]), rnd([2, 1, 4]), rnd([2, 1, 4]), ...m.parameters()], { fullJacobianLimit: 64 })).toBe(true);
    const sep = new MultiheadAttention(2, 2, { kdim: 3, vdim: 1, dtype: 'float64' });
    const g = (q: Tensor, k: Tensor, v: Tensor, ...ws: Tensor[]) => withParameters(sep, ws, () => sep.forward(q, k, v)[0]);
    expect(gradcheck(g, [rnd([2, 2]), rnd([3, 3]), rnd([3, 1]), ...sep.parameters()])).toBe(true);
  });

  it('applies dropout to the weights only in training mode', () => {
    const m = new MultiheadAttention(4, 1, { dropout: 0.5, dtype: 'float64', generator: new Generator(3) });
    const x = rnd([6, 4]);
    const [, w] = m.forward(x, x, x);
    expect(Array.from(w!.data()).some((p) => p === 0)).toBe(true);
    const [, we] = m.eval().forward(x, x, x);
    we!.sum(-1).data().forEach((s) => expect(s).toBeCloseTo(1, 12));
  });

  it('rejects bad sizes naming the layer and the shapes', () => {
    expect(() => new MultiheadAttention(10, 3)).toThrow(ValueError);
    expect(() => new MultiheadAttention(10, 3)).toThrow(/MultiheadAttention: embedDim \(10\) must be divisible by numHeads \(3\)/);
    const m = new MultiheadAttention(4, 2);
    const x = zeros([3, 2, 4]);
    expect(() => m.forward(zeros([3, 2, 5]), x, x)).toThrow(ShapeError);
    expect(() => m.forward(zeros([3, 2, 5]), x, x)).toThrow(/MultiheadAttention\(embedDim=4, numHeads=2\): expected query \[L, N, 4\], key \[S, N, 4\] .* got query \[3,2,5\], key \[3,2,4\], value \[3,2,4\]/);
    expect(() => m.forward(x, zeros([3, 1, 4]), zeros([3, 1, 4]))).toThrow(/with matching N and S/);
    expect(() => m.forward(x, x, x, { keyPaddingMask: zeros([2, 4], { dtype: 'int32' }) })).toThrow(/keyPaddingMask must have shape \[2,3\] \(batch, source length\), got \[2,4\]/);
    expect(() => m.forward(x, x, x, { attnMask: zeros([3, 4]) })).toThrow(/attnMask must have shape \[3,3\] or \[4,3,3\], got \[3,4\]/);
    expect(() => new MultiheadAttention(4, 2, { addBiasKv: true } as never)).toThrow(/MultiheadAttention: option addBiasKv is not supported/);
  });
});
