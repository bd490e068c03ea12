import { ShapeError, fmtShape, stack, zeros, type DType, type Generator, type Tensor } from '@nabla/autograd';
import { boolArg, dtypeArg, floatArg, generatorArg, intArg, oneOf, options, tensorArg } from '../check.js';
import { checkDropoutP, dropout } from '../functional/dropout.js';
import { rejectUnsupported } from '../functional/window.js';
import { Module } from '../module.js';
import { Parameter } from '../parameter.js';
import { GATES, expectShape, initRecurrent, runDirection, type CellKind } from './rnn-steps.js';

export { RNNCell, LSTMCell, GRUCell, type RNNCellOptions } from './rnn-cells.js';

/** Options of RNN, LSTM and GRU (PyTorch's constructor arguments, camelCase). */
export interface RNNOptions {
  /** Stacked layers; layer k > 0 reads layer k-1's output (default 1). */
  numLayers?: number;
  /** Learn bias_ih and bias_hh (default true). */
  bias?: boolean;
  /** Input and output are [N, T, features] instead of [T, N, features] (states stay [layers, N, hidden]). */
  batchFirst?: boolean;
  /** Dropout on the outputs of every layer but the last, in training mode (default 0). */
  dropout?: number;
  /** Also run each layer backwards in time and concatenate both directions' outputs (default false). */
  bidirectional?: boolean;
  /** Parameter dtype (default 'float32'). */
  dtype?: DType;
  /** Random source for the initial weights and dropout (an extension; PyTorch uses its global RNG). */
  generator?: Generator;
}

/**
 * The shared body of RNN, LSTM and GRU. Parameters are fields named as PyTorch's (`weight_ih_l0`,
 * `bias_hh_l1_reverse`, ...), created layer by layer in PyTorch's order, so state dicts load 1:1.
 */
abstract class RNNBase extends Module {
  /** Features per input step. */
  readonly inputSize: number;
  /** Features of the hidden state. */
  readonly hiddenSize: number;
  /** Number of stacked layers. */
  readonly numLayers: number;
  /** Whether the layers have biases. */
  readonly bias: boolean;
  /** Whether input and output are [N, T, features] (else [T, N, features]). */
  readonly batchFirst: boolean;
  /** Dropout probability between layers in training mode. */
  readonly dropout: number;
  /** Whether each layer also runs backwards in time. */
  readonly bidirectional: boolean;
  /** The per-layer weights under PyTorch's names, e.g. `lstm.weight_ih_l0` or `gru.bias_hh_l1_reverse`. */
  readonly [name: `weight_${string}` | `bias_${string}`]: Parameter;
  declare private readonly kind: CellKind;
  declare private readonly generator: Generator | undefined;

  constructor(name: string, kind: CellKind, inputSize: number, hiddenSize: number, o: RNNOptions) {
    super();
    rejectUnsupported(name, o, { projSize: 0 });
    Object.defineProperty(this, 'kind', { value: kind, enumerable: false });
    this.inputSize = intArg(name, 'inputSize', inputSize, 1);
    this.hiddenSize = intArg(name, 'hiddenSize', hiddenSize, 1);
    this.numLayers = intArg(name, 'numLayers', o.numLayers ?? 1, 1);
    this.bias = boolArg(name, 'bias', o.bias, true);
    this.batchFirst = boolArg(name, 'batchFirst', o.batchFirst, false);
    this.dropout = checkDropoutP(name, o.dropout ?? 0);
    this.bidirectional = boolArg(name, 'bidirectional', o.bidirectional, false);
    const generator = generatorArg(name, o.generator);
    Object.defineProperty(this, 'generator', { value: generator, enumerable: false });
    const dtype = dtypeArg(name, o.dtype);
    const rows = GATES[kind] * hiddenSize;
    const fields = this as unknown as Record<string, Parameter>;
    for (let l = 0; l < this.numLayers; l++) {
      for (const sfx of this.suffixes(l)) {
        const input = l === 0 ? inputSize : hiddenSize * this.directions;
        fields[`weight_ih${sfx}`] = new Parameter(zeros([rows, input], { dtype }));
        fields[`weight_hh${sfx}`] = new Parameter(zeros([rows, hiddenSize], { dtype }));
        if (this.bias) fields[`bias_ih${sfx}`] = new Parameter(zeros([rows], { dtype }));
        if (this.bias) fields[`bias_hh${sfx}`] = new Parameter(zeros([rows], { dtype }));
      }
    }
    initRecurrent(this.parameters(), hiddenSize, generator);
  }

  private get directions(): number {
    return this.bidirectional ? 2 : 1;
  }

  private suffixes(layer: number): string[] {
    return this.bidirectional ? [`_l${layer}`, `_l${layer}_reverse`] : [`_l${layer}`];
  }

  /** The parameter field `name` (null for an absent bias). */
  private param(name: `weight_${string}` | `bias_${string}`): Tensor | null {
    return this[name] ?? null;
  }

  /** The layer with its sizes, as error messages name it. */
  protected get label(): string {
    return `${this.constructor.name}(inputSize=${this.inputSize}, hiddenSize=${this.hiddenSize}, numLayers=${this.numLayers})`;
  }

  /**
   * Runs the whole stack. x is [T, N, input] ([N, T, input] with batchFirst) or unbatched [T, input];
   * states are [layers * directions, N, hidden] (unbatched: without N). Returns output, hN and cN (LSTM).
   */
  protected run(x: Tensor, h0: Tensor | undefined, c0: Tensor | undefined): [Tensor, Tensor, Tensor] {
    const op = this.label;
    floatArg(op, 'input', x);
    if ((x.ndim !== 2 && x.ndim !== 3) || x.shape[x.ndim - 1] !== this.inputSize || x.shape[x.ndim === 3 && this.batchFirst ? 1 : 0] === 0) {
      const layout = this.batchFirst ? 'N, T' : 'T, N';
      throw new ShapeError(`${op}: expected input of shape [${layout}, ${this.inputSize}] or unbatched [T, ${this.inputSize}] with T >= 1, got ${fmtShape(x.shape)}`);
    }
    const batched = x.ndim === 3;
    let seq = batched ? (this.batchFirst ? x.transpose(0, 1) : x) : x.unsqueeze(1);
    const n = seq.shape[1]!;
    const stateShape = [this.numLayers * this.directions, ...(batched ? [n] : []), this.hiddenSize];
    const initial = (s: Tensor | undefined, what: string): Tensor[] => {
      if (s === undefined) return new Array<Tensor>(stateShape[0]!).fill(zeros([n, this.hiddenSize], { dtype: x.dtype }));
      expectShape(op, what, tensorArg(op, what, s), stateShape);
      return (batched ? s : s.unsqueeze(1)).split(1, 0).map((t) => t.squeeze(0));
    };
    const hs = initial(h0, 'initial hidden state h0');
    const cs = this.kind === 'lstm' ? initial(c0, 'initial cell state c0') : hs;
    const hN: Tensor[] = [];
    const cN: Tensor[] = [];
    for (let l = 0; l < this.numLayers; l++) {
      const outs = this.suffixes(l).map((sfx, d) => {
        const k = l * this.directions + d;
        const w = { wIh: this.param(`weight_ih${sfx}`)!, wHh: this.param(`weight_hh${sfx}`)!, bIh: this.param(`bias_ih${sfx}`), bHh: this.param(`bias_hh${sfx}`) };
        const [ys, h, c] = runDirection(this.kind, seq, w, d === 1, hs[k]!, cs[k]!);
        hN.push(h);
        cN.push(c);
        return ys;
      });
      seq = outs.length === 1 ? outs[0]! : outs[0]!.concat([outs[1]!], 2);
      if (this.dropout > 0 && l < this.numLayers - 1) seq = dropout(seq, { p: this.dropout, training: this.training, generator: this.generator });
    }
    const out = batched ? (this.batchFirst ? seq.transpose(0, 1) : seq) : seq.squeeze(1);
    const finish = (states: Tensor[]) => (batched ? stack(states, 0) : stack(states, 0).squeeze(1));
    return [out, finish(hN), finish(cN)];
  }

  override extraRepr(): string {
    return `${this.inputSize}, ${this.hiddenSize}, numLayers=${this.numLayers}, bias=${this.bias}, batchFirst=${this.batchFirst}, ` +
      `dropout=${this.dropout}, bidirectional=${this.bidirectional}`;
  }
}

/**
 * Multi-layer Elman RNN (PyTorch's nn.RNN): h_t = act(x_t W_ih^T + b_ih + h_{t-1} W_hh^T + b_hh).
 * @example
 * const rnn = new RNN(4, 8, { numLayers: 2 });
 * const [out, hN] = rnn.forward(zeros([5, 3, 4])); // out [5, 3, 8], hN [2, 3, 8]
 */
export class RNN extends RNNBase {
  /** The activation: 'tanh' (default) or 'relu'. */
  readonly nonlinearity: 'tanh' | 'relu';
  constructor(inputSize: number, hiddenSize: number, opts?: RNNOptions & { nonlinearity?: 'tanh' | 'relu' }) {
    const o = options('RNN', opts, ['numLayers', 'bias', 'batchFirst', 'dropout', 'bidirectional', 'dtype', 'generator', 'projSize', 'nonlinearity']);
    const nonlinearity = oneOf('RNN', 'nonlinearity', o.nonlinearity, ['tanh', 'relu'], 'tanh');
    super('RNN', nonlinearity === 'relu' ? 'rnnRelu' : 'rnnTanh', inputSize, hiddenSize, o);
    this.nonlinearity = nonlinearity;
  }
  /** x [T, N, input] (see RNNOptions.batchFirst), h0 [layers * directions, N, hidden] -> [output, hN]. */
  forward(x: Tensor, h0?: Tensor): [Tensor, Tensor] {
    const [out, h] = this.run(x, h0, undefined);
    return [out, h];
  }
}

/**
 * Multi-layer LSTM (PyTorch's nn.LSTM), gates (i, f, g, o) stacked in weight_ih_l{k} [4 hidden, input].
 * @example const [out, [hN, cN]] = new LSTM(4, 8).forward(zeros([5, 3, 4]));
 */
export class LSTM extends RNNBase {
  constructor(inputSize: number, hiddenSize: number, opts?: RNNOptions) {
    super('LSTM', 'lstm', inputSize, hiddenSize, options('LSTM', opts, ['numLayers', 'bias', 'batchFirst', 'dropout', 'bidirectional', 'dtype', 'generator', 'projSize']));
  }
  /** x [T, N, input], optional [h0, c0] each [layers * directions, N, hidden] -> [output, [hN, cN]]. */
  forward(x: Tensor, state?: [Tensor, Tensor]): [Tensor, [Tensor, Tensor]] {
    const [out, h, c] = this.run(x, state?.[0], state?.[1]);
    return [out, [h, c]];
  }
}

/**
 * Multi-layer GRU (PyTorch's nn.GRU), gates (r, z, n) stacked in weight_ih_l{k} [3 hidden, input].
 * @example const [out, hN] = new GRU(4, 8, { batchFirst: true }).forward(zeros([3, 5, 4]));
 */
export class GRU extends RNNBase {
  constructor(inputSize: number, hiddenSize: number, opts?: RNNOptions) {
    super('GRU', 'gru', inputSize, hiddenSize, options('GRU', opts, ['numLayers', 'bias', 'batchFirst', 'dropout', 'bidirectional', 'dtype', 'generator', 'projSize']));
  }
  /** x [T, N, input] (see RNNOptions.batchFirst), h0 [layers * directions, N, hidden] -> [output, hN]. */
  forward(x: Tensor, h0?: Tensor): [Tensor, Tensor] {
    const [out, h] = this.run(x, h0, undefined);
    return [out, h];
  }
}
