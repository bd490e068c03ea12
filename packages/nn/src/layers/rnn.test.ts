import { Generator, ShapeError, ValueError, randn, stack, zeros, type Tensor } from '@nabla/autograd';
import { gradcheck } from '@nabla/autograd/testing';
import { describe, expect, it } from 'vitest';
import type { Module } from '../module.js';
import { GRUCell, LSTMCell, RNNCell } from './rnn-cells.js';
import { GRU, LSTM, RNN } from './rnn.js';
import { withParameters } from './with-parameters.js';

const generator = new Generator(21);
const rnd = (shape: number[]) => randn(shape, { dtype: 'float64', generator });
const close = (a: Tensor, b: Tensor) => {
  expect(a.shape).toEqual(b.shape);
  a.data().forEach((v, i) => expect(v).toBeCloseTo(b.data()[i]!, 12));
};

/** A cell holding the weights of one layer/direction (`sfx` like '_l1_reverse') of a multi-layer module. */
function cellOf<C extends Module>(m: Module, sfx: string, cell: C): C {
  const sd = m.stateDict();
  const keys = ['weight_ih', 'weight_hh', 'bias_ih', 'bias_hh'];
  cell.loadStateDict(Object.fromEntries(keys.map((k) => [k, sd[`${k}${sfx}`]!])));
  return cell;
}

/** Runs `step` over the time axis of x [T, N, F] (backwards when `reverse`), returning [outputs, final]. */
function unroll<S>(x: Tensor, s0: S, step: (xt: Tensor, s: S) => S, out: (s: S) => Tensor, reverse = false): [Tensor, S] {
  const xs = x.split(1, 0).map((t) => t.squeeze(0));
  if (reverse) xs.reverse();
  const ys: Tensor[] = [];
  let s = s0;
  for (const xt of xs) ys.push(out((s = step(xt, s))));
  if (reverse) ys.reverse();
  return [stack(ys, 0), s];
}

describe('RNN / LSTM / GRU', () => {
  it('name and shape parameters in PyTorch order', () => {
    const lstm = new LSTM(3, 4, { numLayers: 2, bidirectional: true });
    const names = lstm.namedParameters().map(([n, p]) => `${n}:${p.shape.join('x')}`);
    const layer = (l: number, sfx: string, input: number) =>
      [`weight_ih_l${l}${sfx}:16x${input}`, `weight_hh_l${l}${sfx}:16x4`, `bias_ih_l${l}${sfx}:16`, `bias_hh_l${l}${sfx}:16`];
    expect(names).toEqual([...layer(0, '', 3), ...layer(0, '_reverse', 3), ...layer(1, '', 8), ...layer(1, '_reverse', 8)]);
    expect(Object.keys(new GRU(2, 3, { bias: false }).stateDict())).toEqual(['weight_ih_l0', 'weight_hh_l0']);
    expect(new RNN(2, 3).weight_ih_l0!.shape).toEqual([3, 2]); // typed access by PyTorch's name
  });

  it('LSTM (2 layers, batchFirst, given h0 and c0) equals unrolled LSTMCells', () => {
    const lstm = new LSTM(2, 3, { numLayers: 2, batchFirst: true, dtype: 'float64' });
    const x = rnd([4, 5, 2]); // [N, T, F]
    const [h0, c0] = [rnd([2, 4, 3]), rnd([2, 4, 3])];
    const [out, [hN, cN]] = lstm.forward(x, [h0, c0]);
    const at = (t: Tensor, k: number) => t.split(1, 0)[k]!.squeeze(0);
    let seq = x.transpose(0, 1);
    const finals: [Tensor, Tensor][] = [];
    for (const l of [0, 1]) {
      const cell = cellOf(lstm, `_l${l}`, new LSTMCell(l === 0 ? 2 : 3, 3, { dtype: 'float64' }));
      const [ys, s] = unroll(seq, [at(h0, l), at(c0, l)] as [Tensor, Tensor], (xt, st) => cell.forward(xt, st), (st) => st[0]);
      seq = ys;
      finals.push(s);
    }
    close(out, seq.transpose(0, 1));
    close(hN, stack(finals.map((f) => f[0]), 0));
    close(cN, stack(finals.map((f) => f[1]), 0));
  });

  it('bidirectional GRU runs the reverse weights backwards in time and concatenates', () => {
    const gru = new GRU(2, 3, { bidirectional: true, dtype: 'float64' });
    const x = rnd([5, 2, 2]);
    const [out, hN] = gru.forward(x);
    const fwd = cellOf(gru, '_l0', new GRUCell(2, 3, { dtype: 'float64' }));
    const bwd = cellOf(gru, '_l0_reverse', new GRUCell(2, 3, { dtype: 'float64' }));
    const [yf, hf] = unroll(x, zeros([2, 3], { dtype: 'float64' }), (xt, s) => fwd.forward(xt, s), (s) => s);
    const [yb, hb] = unroll(x, zeros([2, 3], { dtype: 'float64' }), (xt, s) => bwd.forward(xt, s), (s) => s, true);
    close(out, yf.concat([yb], 2));
    close(hN, stack([hf, hb], 0));
  });

  it('RNN with relu on an unbatched sequence [T, F] equals the unrolled cell', () => {
    const rnn = new RNN(3, 2, { nonlinearity: 'relu', dtype: 'float64' });
    const x = rnd([4, 3]);
    const h0 = rnd([1, 2]);
    const [out, hN] = rnn.forward(x, h0);
    const cell = cellOf(rnn, '_l0', new RNNCell(3, 2, { nonlinearity: 'relu', dtype: 'float64' }));
    const [ys, h] = unroll(x.unsqueeze(1), h0, (xt, s) => cell.forward(xt, s), (s) => s);
    close(out, ys.squeeze(1));
    close(hN, h);
  });

  it('LSTM passes gradcheck w.r.t. input, initial states and every parameter', () => {
    const lstm = new LSTM(2, 2, { numLayers: 2, bidirectional: true, dtype: 'float64' });
    const fl = (x: Tensor, h0: Tensor, c0: Tensor, ...ws: Tensor[]) =>
      withParameters(lstm, ws, () => { const [o, [h, c]] = lstm.forward(x, [h0, c0]); return o.sum().add(h.mul(c).sum()); });
    // Tensors above 4 elements are probed along 3 random directions each, which keeps this test fast.
    expect(gradcheck(fl, [rnd([2, 1, 2]), rnd([4, 1, 2]), rnd([4, 1, 2]), ...lstm.parameters()], { fullJacobianLimit: 4 })).toBe(true);
  });

  it('GRU and RNN pass gradcheck w.r.t. input, initial state and every parameter', () => {
    const gru = new GRU(2, 2, { numLayers: 2, batchFirst: true, dtype: 'float64' });
    const fg = (x: Tensor, h0: Tensor, ...ws: Tensor[]) => withParameters(gru, ws, () => gru.forward(x, h0)[0]);
    expect(gradcheck(fg, [rnd([2, 3, 2]), rnd([2, 2, 2]), ...gru.parameters()])).toBe(true);
    const rnn = new RNN(2, 3, { dtype: 'float64' });
    expect(gradcheck((x, ...ws) => withParameters(rnn, ws, () => rnn.forward(x)[1]), [rnd([3, 2, 2]), ...rnn.parameters()])).toBe(true);
  });

  it('apply dropout between layers only in training mode, reproducibly with a generator', () => {
    const make = () => new GRU(3, 4, { numLayers: 2, dropout: 0.5, generator: new Generator(4), dtype: 'float64' });
    const x = rnd([3, 2, 3]);
    const plain = new GRU(3, 4, { numLayers: 2, generator: new Generator(4), dtype: 'float64' });
    close(make().eval().forward(x)[0], plain.forward(x)[0]);
    const [a, b] = [make().forward(x)[0], make().forward(x)[0]];
    close(a, b);
    expect(Array.from(a.data())).not.toEqual(Array.from(plain.forward(x)[0].data()));
  });

  it('name the layer and both shapes on bad inputs and states', () => {
    const lstm = new LSTM(3, 2, { numLayers: 2 });
    expect(() => lstm.forward(zeros([5, 4, 2]))).toThrow(ShapeError);
    expect(() => lstm.forward(zeros([5, 4, 2]))).toThrow(
      /LSTM\(inputSize=3, hiddenSize=2, numLayers=2\): expected input of shape \[T, N, 3\] or unbatched \[T, 3\] with T >= 1, got \[5,4,2\]/,
    );
    expect(() => lstm.forward(zeros([5, 4, 3]), [zeros([1, 4, 2]), zeros([2, 4, 2])])).toThrow(/expected initial hidden state h0 of shape \[2,4,2\], got \[1,4,2\]/);
    expect(() => lstm.forward(zeros([5, 4, 3]), [zeros([2, 4, 2]), zeros([2, 2])])).toThrow(/expected initial cell state c0 of shape \[2,4,2\], got \[2,2\]/);
    expect(() => new GRU(3, 2, { batchFirst: true }).forward(zeros([2, 0, 3]))).toThrow(/expected input of shape \[N, T, 3\]/);
    expect(() => new RNN(3, 2, { dropout: 1 })).toThrow(ValueError);
    expect(() => new RNN(3, 2, { numLayers: 0 })).toThrow(/RNN: numLayers must be an integer >= 1, got number 0/);
    expect(() => new LSTM(3, 2, { projSize: 1 } as never)).toThrow(/LSTM: option projSize is not supported; got number 1, only 0/);
  });
});
