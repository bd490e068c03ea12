import { ShapeError, fmtShape, noGrad, stack, type Generator, type Tensor } from '@nabla/autograd';
import { uniform } from '../init.js';

/**
 * One time step of the recurrent cells, as pure functions of Tensors (PyTorch's equations and gate order).
 * The input side gi = x W_ih^T + b_ih is passed in already projected, so a whole sequence is projected
 * in one matmul and only the hidden side runs step by step.
 */

/** The recurrent cell kinds (PyTorch's RNN_TANH, RNN_RELU, LSTM, GRU modes). */
export type CellKind = 'rnnTanh' | 'rnnRelu' | 'lstm' | 'gru';
/** Gates per kind: weight_ih has gates * hidden rows. */
export const GATES: Record<CellKind, number> = { rnnTanh: 1, rnnRelu: 1, lstm: 4, gru: 3 };

/** x W^T + b over the last axis (b may be absent). */
export function project(x: Tensor, w: Tensor, b: Tensor | null): Tensor {
  const y = x.matmul(w.transpose());
  return b ? y.add(b) : y;
}

/** Elman step: h' = act(gi + h W_hh^T + b_hh) with act tanh or relu. */
export function rnnStep(gi: Tensor, h: Tensor, wHh: Tensor, bHh: Tensor | null, relu: boolean): Tensor {
  const pre = gi.add(project(h, wHh, bHh));
  return relu ? pre.relu() : pre.tanh();
}

/**
 * LSTM step, gates in PyTorch's order (i, f, g, o) along the last axis of gi + h W_hh^T + b_hh:
 * c' = sigmoid(f) c + sigmoid(i) tanh(g),  h' = sigmoid(o) tanh(c').
 */
export function lstmStep(gi: Tensor, h: Tensor, c: Tensor, wHh: Tensor, bHh: Tensor | null): [Tensor, Tensor] {
  const [i, f, g, o] = gi.add(project(h, wHh, bHh)).split(h.shape[h.ndim - 1]!, -1) as [Tensor, Tensor, Tensor, Tensor];
  const c2 = f.sigmoid().mul(c).add(i.sigmoid().mul(g.tanh()));
  return [o.sigmoid().mul(c2.tanh()), c2];
}

/**
 * GRU step, gates in PyTorch's order (r, z, n): r = sigmoid(gi_r + gh_r), z = sigmoid(gi_z + gh_z),
 * n = tanh(gi_n + r (W_hn h + b_hn)), h' = (1 - z) n + z h, computed as n + z (h - n).
 */
export function gruStep(gi: Tensor, h: Tensor, wHh: Tensor, bHh: Tensor | null): Tensor {
  const hidden = h.shape[h.ndim - 1]!;
  const [ri, zi, ni] = gi.split(hidden, -1) as [Tensor, Tensor, Tensor];
  const [rh, zh, nh] = project(h, wHh, bHh).split(hidden, -1) as [Tensor, Tensor, Tensor];
  const r = ri.add(rh).sigmoid();
  const z = zi.add(zh).sigmoid();
  const n = ni.add(r.mul(nh)).tanh();
  return n.add(z.mul(h.sub(n)));
}

/** The weights of one layer in one direction (`weight_ih_l0`, ...); biases may be absent. */
export interface LayerWeights {
  wIh: Tensor;
  wHh: Tensor;
  bIh: Tensor | null;
  bHh: Tensor | null;
}

/**
 * One layer in one direction over seq [T, N, features] (backwards in time when `reverse`): returns the
 * outputs [T, N, hidden] in time order, the final h and the final c (h again unless LSTM).
 */
export function runDirection(kind: CellKind, seq: Tensor, w: LayerWeights, reverse: boolean, h0: Tensor, c0: Tensor): [Tensor, Tensor, Tensor] {
  // The input side of every step at once: one [T, N, in] x [in, gates * hidden] matmul.
  const steps = project(seq, w.wIh, w.bIh).split(1, 0);
  if (reverse) steps.reverse();
  let h = h0;
  let c = c0;
  const ys: Tensor[] = [];
  for (const step of steps) {
    const gi = step.squeeze(0);
    if (kind === 'lstm') [h, c] = lstmStep(gi, h, c, w.wHh, w.bHh);
    else if (kind === 'gru') h = gruStep(gi, h, w.wHh, w.bHh);
    else h = rnnStep(gi, h, w.wHh, w.bHh, kind === 'rnnRelu');
    ys.push(h);
  }
  if (reverse) ys.reverse();
  return [stack(ys, 0), h, kind === 'lstm' ? c : h];
}

/** PyTorch's recurrent init: every weight and bias U(-1/sqrt(hidden), 1/sqrt(hidden)), in parameter order. */
export function initRecurrent(params: readonly Tensor[], hiddenSize: number, generator?: Generator): void {
  const k = 1 / Math.sqrt(hiddenSize);
  noGrad(() => params.forEach((p) => uniform(p, { a: -k, b: k, generator })));
}

/** Throws a ShapeError naming the layer unless `t` has exactly `shape`. */
export function expectShape(op: string, what: string, t: Tensor, shape: readonly number[]): void {
  if (t.ndim !== shape.length || t.shape.some((d, i) => d !== shape[i])) {
    throw new ShapeError(`${op}: expected ${what} of shape ${fmtShape(shape)}, got ${fmtShape(t.shape)}`);
  }
}
