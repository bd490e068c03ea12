import { Generator, ShapeError, randn, tensor, zeros, type Tensor } from '@nabla/autograd';
import { gradcheck } from '@nabla/autograd/testing';
import { describe, expect, it } from 'vitest';
import { GRUCell, LSTMCell, RNNCell } from './rnn-cells.js';
import { withParameters } from './with-parameters.js';

const generator = new Generator(9);
const rnd = (shape: number[]) => randn(shape, { dtype: 'float64', generator });
const sig = (v: number) => 1 / (1 + Math.exp(-v));
const f64 = (v: number[] | number[][]) => tensor(v, { dtype: 'float64' });

// Fixed weights for a cell with input 2 and hidden 1: one row per gate.
const wIh = [[0.1, 0.2], [0.3, -0.1], [0.5, 0.4], [-0.2, 0.6]];
const wHh = [[0.7], [-0.3], [0.2], [0.5]];
const bIh = [0.1, 0, -0.1, 0.2];
const bHh = [0, 0.2, 0.1, -0.1];
const x = [1, 2];
const h = 0.5;
const c = -0.4;
const rows = (k: number) => ({ weight_ih: f64(wIh.slice(0, k)), weight_hh: f64(wHh.slice(0, k)), bias_ih: f64(bIh.slice(0, k)), bias_hh: f64(bHh.slice(0, k)) });
/** The gate-k pre-activations of the input side and the hidden side. */
const xi = (k: number) => wIh[k]![0]! * x[0]! + wIh[k]![1]! * x[1]! + bIh[k]!;
const hh = (k: number) => wHh[k]![0]! * h + bHh[k]!;

describe('recurrent cells: one step by the gate equations', () => {
  it('LSTMCell: c\' = σ(f) c + σ(i) tanh(g), h\' = σ(o) tanh(c\'), gates (i, f, g, o)', () => {
    const cell = new LSTMCell(2, 1, { dtype: 'float64' });
    cell.loadStateDict(rows(4));
    const [i, f, g, o] = [0, 1, 2, 3].map((k) => xi(k) + hh(k)) as [number, number, number, number];
    const c2 = sig(f) * c + sig(i) * Math.tanh(g);
    const [h1, c1] = cell.forward(f64([x]), [f64([[h]]), f64([[c]])]);
    expect(c1.item()).toBeCloseTo(c2, 12);
    expect(h1.item()).toBeCloseTo(sig(o) * Math.tanh(c2), 12);
  });

  it('GRUCell: n = tanh(W_in x + b_in + r (W_hn h + b_hn)), h\' = (1 - z) n + z h, gates (r, z, n)', () => {
    const cell = new GRUCell(2, 1, { dtype: 'float64' });
    cell.loadStateDict(rows(3));
    const r = sig(xi(0) + hh(0));
    const z = sig(xi(1) + hh(1));
    const n = Math.tanh(xi(2) + r * hh(2));
    expect(cell.forward(f64(x), f64([h])).item()).toBeCloseTo((1 - z) * n + z * h, 12);
  });

  it('RNNCell: h\' = act(x W_ih^T + b_ih + h W_hh^T + b_hh) with tanh or relu', () => {
    const tanhCell = new RNNCell(2, 1, { dtype: 'float64' });
    tanhCell.loadStateDict(rows(1));
    expect(tanhCell.forward(f64([x]), f64([[h]])).item()).toBeCloseTo(Math.tanh(xi(0) + hh(0)), 12);
    const reluCell = new RNNCell(2, 1, { dtype: 'float64', nonlinearity: 'relu' });
    reluCell.loadStateDict({ ...rows(1), bias_ih: f64([-2]) });
    expect(reluCell.forward(f64([x])).item()).toBe(0); // 0.5 - 2 + 0 + 0 < 0; h defaults to zeros
  });
});

describe('recurrent cells: layout, init, gradients, errors', () => {
  it('name and shape their parameters as PyTorch', () => {
    const shapes = (m: LSTMCell | GRUCell | RNNCell) => m.namedParameters().map(([n, p]) => `${n}:${p.shape.join('x')}`);
    expect(shapes(new LSTMCell(3, 5))).toEqual(['weight_ih:20x3', 'weight_hh:20x5', 'bias_ih:20', 'bias_hh:20']);
    expect(shapes(new GRUCell(3, 5, { bias: false }))).toEqual(['weight_ih:15x3', 'weight_hh:15x5']);
    expect(shapes(new RNNCell(3, 5))).toEqual(['weight_ih:5x3', 'weight_hh:5x5', 'bias_ih:5', 'bias_hh:5']);
  });

  it('draw every parameter from U(-1/sqrt(hidden), 1/sqrt(hidden))', () => {
    const cell = new LSTMCell(30, 16, { generator: new Generator(2) });
    const all = cell.parameters().flatMap((p) => Array.from(p.data()));
    expect(Math.max(...all.map(Math.abs))).toBeLessThanOrEqual(0.25);
    const variance = all.reduce((s, v) => s + v * v, 0) / all.length;
    expect(Math.abs(variance / (0.25 ** 2 / 3) - 1)).toBeLessThan(0.06);
  });

  it('pass gradcheck w.r.t. input, state and every parameter', () => {
    const lstm = new LSTMCell(3, 2, { dtype: 'float64' });
    const fl = (a: Tensor, hx: Tensor, cx: Tensor, ...ws: Tensor[]) =>
      withParameters(lstm, ws, () => { const [h1, c1] = lstm.forward(a, [hx, cx]); return h1.concat([c1], 1); });
    expect(gradcheck(fl, [rnd([2, 3]), rnd([2, 2]), rnd([2, 2]), ...lstm.parameters()])).toBe(true);
    const gru = new GRUCell(3, 2, { dtype: 'float64' });
    expect(gradcheck((a, hx, ...ws) => withParameters(gru, ws, () => gru.forward(a, hx)), [rnd([2, 3]), rnd([2, 2]), ...gru.parameters()])).toBe(true);
    const rnn = new RNNCell(3, 2, { dtype: 'float64' });
    expect(gradcheck((a, hx, ...ws) => withParameters(rnn, ws, () => rnn.forward(a, hx)), [rnd([3]), rnd([2]), ...rnn.parameters()])).toBe(true);
  });

  it('name the cell and both shapes on a bad input or state', () => {
    const cell = new GRUCell(3, 2);
    expect(() => cell.forward(zeros([4, 5]))).toThrow(ShapeError);
    expect(() => cell.forward(zeros([4, 5]))).toThrow(/GRUCell\(inputSize=3, hiddenSize=2\): expected input of shape \[N, 3\] or \[3\], got \[4,5\]/);
    expect(() => cell.forward(zeros([4, 3]), zeros([4, 3]))).toThrow(/GRUCell\(inputSize=3, hiddenSize=2\): expected hidden state h of shape \[4,2\], got \[4,3\]/);
    const lstm = new LSTMCell(3, 2);
    expect(() => lstm.forward(zeros([4, 3]), [zeros([4, 2]), zeros([2])])).toThrow(/LSTMCell\(inputSize=3, hiddenSize=2\): expected cell state c of shape \[4,2\], got \[2\]/);
    expect(() => new RNNCell(3, 2, { nonlinearity: 'sigmoid' as 'tanh' })).toThrow(/RNNCell: nonlinearity must be one of 'tanh', 'relu'/);
  });
});
