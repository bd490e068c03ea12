import { DTypeError, ShapeError, ValueError, tensor, zeros, type Tensor } from '@nabla/autograd';
import { gradcheck } from '@nabla/autograd/testing';
import { describe, expect, it } from 'vitest';
import type { Module } from '../module.js';
import {
  CELU, ELU, GLU, Hardsigmoid, Hardswish, Hardtanh, Identity, LogSigmoid, LogSoftmax, Mish, PReLU, ReLU6, SELU, Softmin, Softplus, Softsign,
} from './activation-more.js';
import { withParameters } from './with-parameters.js';

// Away from every kink (0, +-2, +-3, 6), so central differences are valid.
const XS = [-4.2, -2.7, -1.3, -0.4, 0.35, 1.1, 2.3, 4.2, 7.5];
const x64 = () => tensor([XS.slice(0, 4), XS.slice(4, 8)], { dtype: 'float64' });
const [A, S] = [1.6732632423543772, 1.0507009873554805];
const clamp = (v: number, lo: number, hi: number) => Math.min(Math.max(v, lo), hi);

type Row = [string, () => Module, (v: number) => number];
const ELEMENTWISE: Row[] = [
  ['Mish', () => new Mish(), (v) => v * Math.tanh(Math.log1p(Math.exp(v)))],
  ['Hardswish', () => new Hardswish(), (v) => (v * clamp(v + 3, 0, 6)) / 6],
  ['Hardsigmoid', () => new Hardsigmoid(), (v) => clamp(v + 3, 0, 6) / 6],
  ['ReLU6', () => new ReLU6(), (v) => clamp(v, 0, 6)],
  ['SELU', () => new SELU(), (v) => S * (v > 0 ? v : A * Math.expm1(v))],
  ['Softsign', () => new Softsign(), (v) => v / (1 + Math.abs(v))],
  ['LogSigmoid', () => new LogSigmoid(), (v) => -Math.log1p(Math.exp(-v))],
  ['Hardtanh', () => new Hardtanh({ minVal: -2, maxVal: 2 }), (v) => clamp(v, -2, 2)],
  ['ELU', () => new ELU({ alpha: 0.5 }), (v) => (v > 0 ? v : 0.5 * Math.expm1(v))],
  ['CELU', () => new CELU({ alpha: 2 }), (v) => Math.max(0, v) + Math.min(0, 2 * Math.expm1(v / 2))],
  ['Softplus', () => new Softplus({ beta: 2 }), (v) => Math.log1p(Math.exp(2 * v)) / 2],
  ['Identity', () => new Identity(3, { anything: true }), (v) => v],
];

/** Row-wise reference over the last axis of a [2, 4] input. */
const rows = (f: (r: number[]) => number[]) => (x: Tensor) => (x.toArray() as number[][]).map(f);
const lse = (r: number[]) => Math.log(r.reduce((s, v) => s + Math.exp(v), 0));
const ALONG: [string, () => Module, (x: Tensor) => number[][]][] = [
  ['GLU', () => new GLU(), rows((r) => [0, 1].map((i) => r[i]! / (1 + Math.exp(-r[i + 2]!))))],
  ['LogSoftmax', () => new LogSoftmax({ axis: 1 }), rows((r) => r.map((v) => v - lse(r)))],
  ['Softmin', () => new Softmin(), rows((r) => r.map((v) => Math.exp(-v - lse(r.map((u) => -u)))))],
];

const bad = (fn: () => unknown, cls: typeof ValueError, message: string) => expect(fn).toThrow(expect.objectContaining({ constructor: cls, message }));

describe('activation layers', () => {
  it.each(ELEMENTWISE)('%s matches its formula and passes gradcheck (float64)', (_name, make, f) => {
    const m = make();
    const x = x64();
    (m.forward(x) as Tensor).data().forEach((v, i) => expect(v).toBeCloseTo(f(x.data()[i]!), 13));
    expect(gradcheck((t: Tensor) => m.forward(t) as Tensor, [x])).toBe(true);
  });

  it.each(ALONG)('%s matches its row-wise formula and passes gradcheck (float64)', (_name, make, ref) => {
    const m = make();
    const x = x64();
    const want = ref(x).flat();
    (m.forward(x) as Tensor).data().forEach((v, i) => expect(v).toBeCloseTo(want[i]!, 13));
    expect(gradcheck((t: Tensor) => m.forward(t) as Tensor, [x])).toBe(true);
  });

  it('PReLU: PyTorch parameter and init, per-channel slopes, gradcheck in x and weight', () => {
    const m = new PReLU({ numParameters: 2, init: 0.1, dtype: 'float64' });
    expect(m.namedParameters().map(([n, p]) => [n, p.shape, Array.from(p.data())])).toEqual([['weight', [2], [0.1, 0.1]]]);
    expect(Array.from(new PReLU().weight.data())).toEqual([0.25]);
    const x = tensor([[[-1, 2], [-3, 4]]], { dtype: 'float64' }); // [1, 2 channels, 2]
    expect(m.forward(x).toArray()).toEqual([[[-0.1, 2], [-0.30000000000000004, 4]]]);
    const f = (t: Tensor, w: Tensor) => withParameters(m, [w], () => m.forward(t));
    expect(gradcheck(f, [x64().reshape([2, 2, 2]), m.weight])).toBe(true);
  });

  it('reject bad inputs and options, naming the layer, the shapes and the valid keys', () => {
    bad(() => new ELU({ alpah: 1 } as never), ValueError, "ELU: unknown option 'alpah' (did you mean 'alpha'?); valid options are alpha");
    bad(() => new Hardtanh({ min: -1 } as never), ValueError, "Hardtanh: unknown option 'min'; valid options are minVal, maxVal");
    bad(() => new Hardtanh({ minVal: 1, maxVal: 0 }), ValueError, 'Hardtanh: maxVal must be >= 1, got 0');
    bad(() => new Softplus({ beta: 0 }), ValueError, 'Softplus: beta must be > 0, got 0');
    bad(() => new LogSoftmax({ dim: 1 } as never), ValueError, "LogSoftmax: unknown option 'dim'; valid options are axis");
    bad(() => new PReLU({ num_parameters: 3 } as never), ValueError, "PReLU: unknown option 'num_parameters' (did you mean 'numParameters'?); valid options are numParameters, init, dtype");
    bad(() => new PReLU({ numParameters: 3 }).forward(zeros([2, 4, 5])), ShapeError, 'PReLU(numParameters=3): input [2,4,5] has 4 channels on axis 1; numParameters must be 1 or 4');
    bad(() => new GLU().forward(zeros([2, 3])), ShapeError, 'GLU(axis=-1): input [2,3] needs an even size along axis -1');
    bad(() => new Mish().forward([1, 2] as never), ValueError, 'Mish: x must be a Tensor, got an array of length 2');
    bad(() => new SELU().forward(zeros([2], { dtype: 'int32' })), DTypeError, 'SELU: x must be float32 or float64, got int32 of shape [2]');
  });
});
