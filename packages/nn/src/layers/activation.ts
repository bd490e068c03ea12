import type { Tensor } from '@nabla/autograd';
import { floatArg, intArg, numArg, options, oneOf, tensorArg } from '../check.js';
import { Module } from '../module.js';

/** Elementwise max(x, 0); the gradient at 0 is 0. @example new ReLU().forward(tensor([-1, 2])) // [0, 2] */
export class ReLU extends Module {
  forward(x: Tensor): Tensor {
    return tensorArg('ReLU', 'x', x).relu();
  }
}

/** x for x >= 0, negativeSlope * x below (default slope 0.01). @example new LeakyReLU(0.2) */
export class LeakyReLU extends Module {
  /** Slope for x < 0 (default 0.01). */
  readonly negativeSlope: number;
  constructor(negativeSlope: number | { negativeSlope?: number } = 0.01) {
    super();
    const v = typeof negativeSlope === 'object' ? options('LeakyReLU', negativeSlope, ['negativeSlope']).negativeSlope : negativeSlope;
    this.negativeSlope = numArg('LeakyReLU', 'negativeSlope', v, 0.01);
  }
  forward(x: Tensor): Tensor {
    return tensorArg('LeakyReLU', 'x', x).leakyRelu(this.negativeSlope);
  }
  override extraRepr(): string {
    return `negativeSlope=${this.negativeSlope}`;
  }
}

/** x Φ(x), exact ('none', default) or with the tanh approximation. @example new GELU({ approximate: 'tanh' }) */
export class GELU extends Module {
  /** 'none' (exact, with erf; the default) or 'tanh' (the tanh approximation). */
  readonly approximate: 'none' | 'tanh';
  constructor(opts?: { approximate?: 'none' | 'tanh' }) {
    super();
    this.approximate = oneOf('GELU', 'approximate', options('GELU', opts, ['approximate']).approximate, ['none', 'tanh'], 'none');
  }
  forward(x: Tensor): Tensor {
    return tensorArg('GELU', 'x', x).gelu({ approximate: this.approximate });
  }
  override extraRepr(): string {
    return `approximate='${this.approximate}'`;
  }
}

/** x * sigmoid(x) (swish). @example new SiLU().forward(x) */
export class SiLU extends Module {
  forward(x: Tensor): Tensor {
    return tensorArg('SiLU', 'x', x).silu();
  }
}

/** 1 / (1 + e^-x). @example new Sigmoid().forward(x) */
export class Sigmoid extends Module {
  forward(x: Tensor): Tensor {
    return tensorArg('Sigmoid', 'x', x).sigmoid();
  }
}

/** Hyperbolic tangent. @example new Tanh().forward(x) */
export class Tanh extends Module {
  forward(x: Tensor): Tensor {
    return tensorArg('Tanh', 'x', x).tanh();
  }
}

/**
 * Softmax along `axis` (PyTorch's `dim`; default -1, where PyTorch's implicit choice is deprecated anyway).
 * @example new Softmax({ axis: 1 }).forward(logits) // rows sum to 1
 */
export class Softmax extends Module {
  /** The axis along which the outputs sum to 1. */
  readonly axis: number;
  constructor(axis: number | { axis?: number } = -1) {
    super();
    const v = typeof axis === 'object' ? options('Softmax', axis, ['axis']).axis : axis;
    this.axis = intArg('Softmax', 'axis', v ?? -1, -Infinity);
  }
  forward(x: Tensor): Tensor {
    return floatArg('Softmax', 'x', x).softmax(this.axis);
  }
  override extraRepr(): string {
    return `axis=${this.axis}`;
  }
}

/** Options of `Flatten`. */
export interface FlattenOptions {
  /** First axis to merge (default 1). */
  startDim?: number;
  /** Last axis to merge, inclusive (default -1). */
  endDim?: number;
}

/**
 * Merges axes startDim..endDim (default 1..-1, keeping the batch axis).
 * @example new Flatten().forward(zeros([8, 3, 4, 4])).shape // [8, 48]
 */
export class Flatten extends Module {
  /** First axis merged. */
  readonly startDim: number;
  /** Last axis merged (inclusive). */
  readonly endDim: number;
  constructor(startDim: number | FlattenOptions = 1, endDim = -1) {
    super();
    const o = typeof startDim === 'object' ? options('Flatten', startDim, ['startDim', 'endDim']) : { startDim, endDim };
    this.startDim = intArg('Flatten', 'startDim', o.startDim ?? 1, -Infinity);
    this.endDim = intArg('Flatten', 'endDim', o.endDim ?? -1, -Infinity);
  }
  forward(x: Tensor): Tensor {
    return tensorArg('Flatten', 'x', x).flatten(this.startDim, this.endDim);
  }
  override extraRepr(): string {
    return `startDim=${this.startDim}, endDim=${this.endDim}`;
  }
}
