import { ShapeError, fmtShape, full, noGrad, type DType, type Tensor } from '@nabla/autograd';
import { dtypeArg, floatArg, intArg, numArg } from '../check.js';
import { Module } from '../module.js';
import { checkOptionKeys, keysOf } from '../option-keys.js';
import { Parameter } from '../parameter.js';

/**
 * Returns its input unchanged (PyTorch's nn.Identity; constructor arguments are accepted and ignored, as there).
 * @example new Identity().forward(x) === x // true
 */
export class Identity extends Module {
  constructor(..._args: unknown[]) {
    super();
  }
  forward(x: Tensor): Tensor {
    return x;
  }
}

/** An activation without options: `fn` applied to a float tensor, the layer named in errors. */
abstract class Pointwise extends Module {
  /** @internal The activation itself, on a checked float tensor. */
  protected abstract apply1(x: Tensor): Tensor;
  forward(x: Tensor): Tensor {
    return this.apply1(floatArg(this.constructor.name, 'x', x));
  }
}

/** x tanh(softplus(x)). @example new Mish().forward(x) */
export class Mish extends Pointwise {
  /** @internal */
  protected apply1(x: Tensor): Tensor { return x.mish(); }
}
/** x relu6(x + 3) / 6. @example new Hardswish().forward(x) */
export class Hardswish extends Pointwise {
  /** @internal */
  protected apply1(x: Tensor): Tensor { return x.hardswish(); }
}
/** relu6(x + 3) / 6. @example new Hardsigmoid().forward(x) */
export class Hardsigmoid extends Pointwise {
  /** @internal */
  protected apply1(x: Tensor): Tensor { return x.hardsigmoid(); }
}
/** min(max(x, 0), 6). @example new ReLU6().forward(x) */
export class ReLU6 extends Pointwise {
  /** @internal */
  protected apply1(x: Tensor): Tensor { return x.relu6(); }
}
/** scale (max(0, x) + min(0, alpha (e^x - 1))) with PyTorch's fixed alpha and scale. @example new SELU().forward(x) */
export class SELU extends Pointwise {
  /** @internal */
  protected apply1(x: Tensor): Tensor { return x.selu(); }
}
/** x / (1 + |x|). @example new Softsign().forward(x) */
export class Softsign extends Pointwise {
  /** @internal */
  protected apply1(x: Tensor): Tensor { return x.softsign(); }
}
/** log(sigmoid(x)), stable for large |x|. @example new LogSigmoid().forward(x) */
export class LogSigmoid extends Pointwise {
  /** @internal */
  protected apply1(x: Tensor): Tensor { return x.logsigmoid(); }
}

/** Options of `Hardtanh` (PyTorch's min_val, max_val). */
export interface HardtanhLayerOptions {
  /** Lower clamp (default -1). */
  minVal?: number;
  /** Upper clamp (default 1). */
  maxVal?: number;
}

/** clamp(x, minVal, maxVal), default [-1, 1]. @example new Hardtanh({ minVal: -2, maxVal: 2 }) */
export class Hardtanh extends Pointwise {
  /** Lower clamp. */
  readonly minVal: number;
  /** Upper clamp. */
  readonly maxVal: number;
  constructor(opts?: HardtanhLayerOptions) {
    super();
    const o = checkOptionKeys('Hardtanh', opts, keysOf<HardtanhLayerOptions>({ minVal: true, maxVal: true }));
    this.minVal = numArg('Hardtanh', 'minVal', o.minVal, -1);
    this.maxVal = numArg('Hardtanh', 'maxVal', o.maxVal, 1, { min: this.minVal });
  }
  /** @internal */
  protected apply1(x: Tensor): Tensor { return x.hardtanh({ min: this.minVal, max: this.maxVal }); }
  override extraRepr(): string { return `minVal=${this.minVal}, maxVal=${this.maxVal}`; }
}

/** Options of `ELU` and `CELU`. */
export interface AlphaOptions {
  /** Scale of the negative part (default 1). */
  alpha?: number;
}

/** x for x > 0, alpha (e^x - 1) below. @example new ELU({ alpha: 0.5 }) */
export class ELU extends Pointwise {
  /** Scale of the negative part. */
  readonly alpha: number;
  constructor(opts?: AlphaOptions) {
    super();
    this.alpha = numArg('ELU', 'alpha', checkOptionKeys('ELU', opts, ['alpha']).alpha, 1);
  }
  /** @internal */
  protected apply1(x: Tensor): Tensor { return x.elu(this.alpha); }
  override extraRepr(): string { return `alpha=${this.alpha}`; }
}

/** max(0, x) + min(0, alpha (e^(x / alpha) - 1)). @example new CELU({ alpha: 2 }) */
export class CELU extends Pointwise {
  /** Scale of the negative part. */
  readonly alpha: number;
  constructor(opts?: AlphaOptions) {
    super();
    this.alpha = numArg('CELU', 'alpha', checkOptionKeys('CELU', opts, ['alpha']).alpha, 1, { min: 0, exclusiveMin: true });
  }
  /** @internal */
  protected apply1(x: Tensor): Tensor { return x.celu({ alpha: this.alpha }); }
  override extraRepr(): string { return `alpha=${this.alpha}`; }
}

/** Options of `Softplus`. */
export interface SoftplusLayerOptions {
  /** Sharpness (default 1). */
  beta?: number;
  /** Above beta x > threshold the result is x (default 20). */
  threshold?: number;
}

/** (1 / beta) ln(1 + e^(beta x)), linear above the threshold. @example new Softplus({ beta: 2 }) */
export class Softplus extends Pointwise {
  /** Sharpness. */
  readonly beta: number;
  /** Above beta x > threshold the result is x. */
  readonly threshold: number;
  constructor(opts?: SoftplusLayerOptions) {
    super();
    const o = checkOptionKeys('Softplus', opts, keysOf<SoftplusLayerOptions>({ beta: true, threshold: true }));
    this.beta = numArg('Softplus', 'beta', o.beta, 1, { min: 0, exclusiveMin: true });
    this.threshold = numArg('Softplus', 'threshold', o.threshold, 20);
  }
  /** @internal */
  protected apply1(x: Tensor): Tensor { return x.softplus({ beta: this.beta, threshold: this.threshold }); }
  override extraRepr(): string { return `beta=${this.beta}, threshold=${this.threshold}`; }
}

/** Options of the layers that act along one axis (PyTorch's `dim`). */
export interface AxisOptions {
  /** The axis (default -1). */
  axis?: number;
}

abstract class AlongAxis extends Pointwise {
  /** The axis the layer acts along. */
  readonly axis: number;
  constructor(opts?: AxisOptions) {
    super();
    const name = this.constructor.name;
    this.axis = intArg(name, 'axis', checkOptionKeys(name, opts, ['axis']).axis ?? -1, -Infinity);
  }
  override extraRepr(): string { return `axis=${this.axis}`; }
}

/** Gated linear unit: splits `axis` (default -1) in halves a, b and returns a * sigmoid(b). @example new GLU() */
export class GLU extends AlongAxis {
  /** @internal */
  protected apply1(x: Tensor): Tensor {
    const n = x.shape.at(this.axis);
    if (n === undefined || n % 2 !== 0) throw new ShapeError(`GLU(axis=${this.axis}): input ${fmtShape(x.shape)} needs an even size along axis ${this.axis}`);
    return x.glu(this.axis);
  }
}
/** log(softmax(x)) along `axis` (default -1). @example new LogSoftmax({ axis: 1 }) */
export class LogSoftmax extends AlongAxis {
  /** @internal */
  protected apply1(x: Tensor): Tensor { return x.logSoftmax(this.axis); }
}
/** softmax(-x) along `axis` (default -1). @example new Softmin({ axis: 1 }) */
export class Softmin extends AlongAxis {
  /** @internal */
  protected apply1(x: Tensor): Tensor { return x.neg().softmax(this.axis); }
}

/** Options of `PReLU` (PyTorch's num_parameters and init). */
export interface PReLUOptions {
  /** 1 (one slope shared) or the number of channels (axis 1 of the input). Default 1. */
  numParameters?: number;
  /** Initial slope (default 0.25). */
  init?: number;
  /** Parameter dtype (default 'float32'). */
  dtype?: DType;
}

/**
 * x for x > 0, weight * x below, with a learned slope (shared, or one per channel on axis 1). Parameter
 * `weight` [numParameters], as PyTorch's.
 * @example new PReLU({ numParameters: 3 }).forward(zeros([2, 3, 4]))
 */
export class PReLU extends Module {
  /** The slopes, [numParameters] (init 0.25). */
  weight: Parameter;
  /** Number of slopes: 1 (shared) or one per channel. */
  readonly numParameters: number;
  constructor(opts?: PReLUOptions) {
    super();
    const o = checkOptionKeys('PReLU', opts, keysOf<PReLUOptions>({ numParameters: true, init: true, dtype: true }));
    this.numParameters = intArg('PReLU', 'numParameters', o.numParameters ?? 1, 1);
    const init = numArg('PReLU', 'init', o.init, 0.25);
    this.weight = new Parameter(noGrad(() => full([this.numParameters], init, { dtype: dtypeArg('PReLU', o.dtype) })));
  }
  forward(x: Tensor): Tensor {
    const t = floatArg('PReLU', 'x', x);
    const channels = t.ndim >= 2 ? t.shape[1]! : 1;
    if (this.numParameters !== 1 && this.numParameters !== channels) {
      throw new ShapeError(`PReLU(numParameters=${this.numParameters}): input ${fmtShape(t.shape)} has ${channels} channels on axis 1; numParameters must be 1 or ${channels}`);
    }
    return t.prelu(this.weight);
  }
  override extraRepr(): string { return `numParameters=${this.numParameters}`; }
}
