import { ShapeError, fmtShape, zeros, type DType, type Generator, type Tensor } from '@nabla/autograd';
import { boolArg, dtypeArg, floatArg, generatorArg, intArg, oneOf, options, tensorArg } from '../check.js';
import { Module } from '../module.js';
import { Parameter } from '../parameter.js';
import { GATES, expectShape, gruStep, initRecurrent, lstmStep, project, rnnStep, type CellKind } from './rnn-steps.js';

/** Options of the recurrent cells (PyTorch's constructor arguments, camelCase). */
export interface RNNCellOptions {
  /** Learn bias_ih and bias_hh (default true). */
  bias?: boolean;
  /** Parameter dtype (default 'float32'). */
  dtype?: DType;
  /** Random source for the initial weights (an extension; PyTorch uses its global RNG). */
  generator?: Generator;
}

/**
 * The shared body of the cells: weight_ih [gates*hidden, input], weight_hh [gates*hidden, hidden] and the
 * two biases, named as PyTorch's so state dicts load 1:1, all drawn from U(-1/sqrt(hidden), 1/sqrt(hidden)).
 */
abstract class CellBase extends Module {
  /** Features per input step. */
  readonly inputSize: number;
  /** Features of the hidden state. */
  readonly hiddenSize: number;
  /** Input-to-hidden weights, shape [gates * hiddenSize, inputSize] (gates: 1 RNN, 4 LSTM, 3 GRU). */
  weight_ih: Parameter;
  /** Hidden-to-hidden weights, shape [gates * hiddenSize, hiddenSize]. */
  weight_hh: Parameter;
  /** Input-to-hidden bias [gates * hiddenSize], or null with `{ bias: false }`. */
  bias_ih: Parameter | null;
  /** Hidden-to-hidden bias [gates * hiddenSize], or null with `{ bias: false }`. */
  bias_hh: Parameter | null;

  constructor(name: string, kind: CellKind, inputSize: number, hiddenSize: number, opts: RNNCellOptions) {
    super();
    this.inputSize = intArg(name, 'inputSize', inputSize, 1);
    this.hiddenSize = intArg(name, 'hiddenSize', hiddenSize, 1);
    const dtype = dtypeArg(name, opts.dtype);
    const rows = GATES[kind] * hiddenSize;
    this.weight_ih = new Parameter(zeros([rows, inputSize], { dtype }));
    this.weight_hh = new Parameter(zeros([rows, hiddenSize], { dtype }));
    const bias = boolArg(name, 'bias', opts.bias, true);
    this.bias_ih = bias ? new Parameter(zeros([rows], { dtype })) : null;
    this.bias_hh = bias ? new Parameter(zeros([rows], { dtype })) : null;
    initRecurrent(this.parameters(), hiddenSize, generatorArg(name, opts.generator));
  }

  /** The layer with its sizes, as error messages name it. */
  protected get label(): string {
    return `${this.constructor.name}(inputSize=${this.inputSize}, hiddenSize=${this.hiddenSize})`;
  }

  /** Checks x ([N, input] or [input]) and a state ([N, hidden] or [hidden], zeros when absent). */
  protected state(x: Tensor, h: Tensor | undefined, what: string): Tensor {
    if (h === undefined) return zeros([...x.shape.slice(0, -1), this.hiddenSize], { dtype: x.dtype });
    expectShape(this.label, what, tensorArg(this.label, what, h), [...x.shape.slice(0, -1), this.hiddenSize]);
    return h;
  }

  /** The input projection x W_ih^T + b_ih, after checking x. */
  protected inputGates(x: Tensor): Tensor {
    floatArg(this.label, 'input', x);
    if ((x.ndim !== 1 && x.ndim !== 2) || x.shape[x.ndim - 1] !== this.inputSize) {
      throw new ShapeError(`${this.label}: expected input of shape [N, ${this.inputSize}] or [${this.inputSize}], got ${fmtShape(x.shape)}`);
    }
    return project(x, this.weight_ih, this.bias_ih);
  }

  override extraRepr(): string {
    return `${this.inputSize}, ${this.hiddenSize}, bias=${this.bias_ih !== null}`;
  }
}

/**
 * Elman RNN cell (PyTorch's nn.RNNCell): h' = act(x W_ih^T + b_ih + h W_hh^T + b_hh), act tanh or relu.
 * @example new RNNCell(4, 8).forward(zeros([2, 4])).shape // [2, 8]
 */
export class RNNCell extends CellBase {
  /** The activation: 'tanh' (default) or 'relu'. */
  readonly nonlinearity: 'tanh' | 'relu';

  constructor(inputSize: number, hiddenSize: number, opts?: RNNCellOptions & { nonlinearity?: 'tanh' | 'relu' }) {
    const o = options('RNNCell', opts, ['bias', 'dtype', 'generator', 'nonlinearity']);
    super('RNNCell', 'rnnTanh', inputSize, hiddenSize, o);
    this.nonlinearity = oneOf('RNNCell', 'nonlinearity', o.nonlinearity, ['tanh', 'relu'], 'tanh');
  }

  /** x [N, input] (or [input]), h [N, hidden] (zeros when omitted) -> h' [N, hidden]. */
  forward(x: Tensor, h?: Tensor): Tensor {
    const gi = this.inputGates(x);
    return rnnStep(gi, this.state(x, h, 'hidden state h'), this.weight_hh, this.bias_hh, this.nonlinearity === 'relu');
  }
}

/**
 * LSTM cell (PyTorch's nn.LSTMCell), gates (i, f, g, o): c' = σ(f) c + σ(i) tanh(g), h' = σ(o) tanh(c').
 * @example const [h, c] = new LSTMCell(4, 8).forward(zeros([2, 4]));
 */
export class LSTMCell extends CellBase {
  constructor(inputSize: number, hiddenSize: number, opts?: RNNCellOptions) {
    super('LSTMCell', 'lstm', inputSize, hiddenSize, options('LSTMCell', opts, ['bias', 'dtype', 'generator']));
  }

  /** x [N, input] (or [input]), state [h, c] each [N, hidden] (zeros when omitted) -> [h', c']. */
  forward(x: Tensor, state?: [Tensor, Tensor]): [Tensor, Tensor] {
    const gi = this.inputGates(x);
    const h = this.state(x, state?.[0], 'hidden state h');
    const c = this.state(x, state?.[1], 'cell state c');
    return lstmStep(gi, h, c, this.weight_hh, this.bias_hh);
  }
}

/**
 * GRU cell (PyTorch's nn.GRUCell), gates (r, z, n): n = tanh(W_in x + b_in + r (W_hn h + b_hn)),
 * h' = (1 - z) n + z h.
 * @example new GRUCell(4, 8).forward(zeros([2, 4])).shape // [2, 8]
 */
export class GRUCell extends CellBase {
  constructor(inputSize: number, hiddenSize: number, opts?: RNNCellOptions) {
    super('GRUCell', 'gru', inputSize, hiddenSize, options('GRUCell', opts, ['bias', 'dtype', 'generator']));
  }

  /** x [N, input] (or [input]), h [N, hidden] (zeros when omitted) -> h' [N, hidden]. */
  forward(x: Tensor, h?: Tensor): Tensor {
    const gi = this.inputGates(x);
    return gruStep(gi, this.state(x, h, 'hidden state h'), this.weight_hh, this.bias_hh);
  }
}
