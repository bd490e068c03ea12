import type { Backend, BinaryOp, CompareOp, UnaryOp } from '../backend/backend.js';
import type { DType } from '../tensor/dtype.js';
import { Tensor } from '../tensor/tensor.js';
import { where } from '../ops/elementwise.js';
import { apply } from './apply.js';
import type { PrimTable } from './types.js';

/** Primitives without parameters take this empty object. */
export type NoParams = Record<string, never>;
/** The one shared empty parameter object (saves an allocation per op on hot paths). */
export const NO_PARAMS: NoParams = Object.freeze({}) as NoParams;

type BinaryName = BinaryOp;
type UnaryName = Exclude<UnaryOp, 'sign' | 'step'>;

export type ElementwiseParams = { [K in BinaryName | UnaryName]: NoParams } & {
  compare: { op: CompareOp };
  /** Non-differentiable unary kernels (masks). */
  mask: { op: 'sign' | 'step' };
  where: NoParams;
  cast: { dtype: DType };
};

/**
 * Binary primitives take two inputs of one dtype and one shape (ops broadcast and promote first), except
 * that a 0-d constant that does not require grad may stand beside any shape: the kernel reads it with
 * stride 0, which saves an expand view per `x.mul(2)`. Anything that needs a gradient is expanded by the op.
 */
function binaryForward(op: BinaryOp) {
  return (b: Backend, [x, y]: readonly Tensor[]) => {
    const big = x!.ndim >= y!.ndim ? x! : y!;
    const data = b.binary(op, stridedAs(x!, big._shape), stridedAs(y!, big._shape), big._shape, x!.dtype);
    return Tensor._fromData(data, big._shape, x!.dtype, big);
  };
}

function stridedAs(t: Tensor, shape: readonly number[]) {
  return t.ndim === shape.length ? t._strided() : { data: t._storage.data, offset: t._offset, strides: shape.map(() => 0) };
}

function unaryForward(op: UnaryOp) {
  return (b: Backend, [x]: readonly Tensor[]) => Tensor._fromData(b.unary(op, x!._contiguousData(), x!.dtype), x!._shape, x!.dtype, x);
}

export const elementwisePrims = {
  add: { forward: binaryForward('add'), vjp: (g) => [g, g] }, // d(x + y) = dx + dy
  sub: { forward: binaryForward('sub'), vjp: (g) => [g, g.neg()] }, // d(x - y) = dx - dy
  mul: { forward: binaryForward('mul'), vjp: (g, { inputs: [x, y], needs }) => [needs[0] ? g.mul(y!) : null, needs[1] ? g.mul(x!) : null] }, // d(xy) = y dx + x dy
  // d(x/y) = dx/y - x/y^2 dy = (dx - out dy) / y
  div: {
    forward: binaryForward('div'),
    vjp: (g, { inputs: [, y], out, needs }) => [needs[0] ? g.div(y!) : null, needs[1] ? g.mul(out).div(y!).neg() : null],
  },
  // d(x^y) = y x^(y-1) dx + x^y ln(x) dy, with PyTorch's values at 0 (pow_backward_self / _exponent): the dx
  // term is 0 where x = y = 0 (x^0 is constant; 0 * 0^-1 would be NaN), and the dy term is 0 where x = 0 and
  // y >= 0 (0^y is constant there; 0 * -inf would be NaN); at x = 0, y < 0 it is inf * -inf = -inf. Only the
  // NaN points are pinned (elsewhere y x^(y-1) is already 0 at y = 0, and stays differentiable in y), each by a
  // double where: the unpicked branch sees x = 1 instead of 0, so second derivatives stay finite.
  pow: {
    forward: binaryForward('pow'),
    vjp: (g, { inputs: [x, y], out, needs }) => {
      const xZero = x!.eq(0);
      const dxPin = needs[0] ? xZero.mul(y!.eq(0)) : null;
      const dyPin = needs[1] ? xZero.mul(y!.ge(0)) : null;
      return [
        dxPin ? g.mul(where(dxPin, 0, y!.mul(where(dxPin, 1, x!).pow(y!.sub(1))))) : null,
        dyPin ? g.mul(where(dyPin, 0, out.mul(where(dyPin, 1, x!).log()))) : null,
      ];
    },
  },
  // At ties x == y the gradient splits 0.5 / 0.5 (PyTorch's minimum-norm joint subgradient).
  maximum: {
    forward: binaryForward('maximum'),
    vjp: (g, { inputs: [x, y] }) => {
      const w = x!.gt(y!).astype(g.dtype).add(x!.eq(y!).astype(g.dtype).mul(0.5));
      return [g.mul(w), g.mul(w.neg().add(1))];
    },
  },
  minimum: {
    forward: binaryForward('minimum'),
    vjp: (g, { inputs: [x, y] }) => {
      const w = x!.lt(y!).astype(g.dtype).add(x!.eq(y!).astype(g.dtype).mul(0.5));
      return [g.mul(w), g.mul(w.neg().add(1))];
    },
  },
  // The fused backward passes of tanh, sigmoid and relu (one kernel each; see BinaryOp), differentiable again:
  // d[g (1 - y^2)] = (1 - y^2) dg - 2 g y dy; d[g s (1 - s)] = s (1 - s) dg + g (1 - 2s) ds; d[g [x > 0]] = [x > 0] dg.
  tanhGrad: {
    forward: binaryForward('tanhGrad'),
    vjp: (G, { inputs: [g, y], needs }) => [needs[0] ? apply('tanhGrad', [G, y!], NO_PARAMS) : null, needs[1] ? G.mul(g!).mul(y!).mul(-2) : null],
  },
  sigmoidGrad: {
    forward: binaryForward('sigmoidGrad'),
    vjp: (G, { inputs: [g, s], needs }) => [
      needs[0] ? apply('sigmoidGrad', [G, s!], NO_PARAMS) : null,
      needs[1] ? G.mul(g!).mul(s!.mul(-2).add(1)) : null,
    ],
  },
  reluGrad: { forward: binaryForward('reluGrad'), vjp: (G, { inputs: [, x] }) => [apply('reluGrad', [G, x!], NO_PARAMS), null] },
  neg: { forward: unaryForward('neg'), vjp: (g) => [g.neg()] }, // d(-x) = -dx
  exp: { forward: unaryForward('exp'), vjp: (g, { out }) => [g.mul(out)] }, // d e^x = e^x dx
  // d ln x = dx / x; at x = 0 that is +inf (by continuity), as PyTorch.
  log: { forward: unaryForward('log'), vjp: (g, { inputs: [x] }) => [g.div(x!)] },
  log1p: { forward: unaryForward('log1p'), vjp: (g, { inputs: [x] }) => [g.div(x!.add(1))] }, // d ln(1+x) = dx / (1+x)
  expm1: { forward: unaryForward('expm1'), vjp: (g, { out }) => [g.mul(out.add(1))] }, // d(e^x - 1) = e^x dx
  // d sqrt(x) = dx / (2 sqrt x); +inf at 0 by continuity.
  sqrt: { forward: unaryForward('sqrt'), vjp: (g, { out }) => [g.div(out.mul(2))] },
  // d x^(-1/2) = -1/2 x^(-3/2) dx = -out^3 / 2 dx
  rsqrt: { forward: unaryForward('rsqrt'), vjp: (g, { out }) => [g.mul(out.pow(3)).mul(-0.5)] },
  // d|x| = sign(x) dx; at x = 0 we pick 0, the minimum-norm subgradient (as PyTorch and JAX do).
  abs: { forward: unaryForward('abs'), vjp: (g, { inputs: [x] }) => [g.mul(maskOf('sign', x!))] },
  square: { forward: unaryForward('square'), vjp: (g, { inputs: [x] }) => [g.mul(x!).mul(2)] }, // d x^2 = 2x dx
  reciprocal: { forward: unaryForward('reciprocal'), vjp: (g, { out }) => [g.mul(out.square()).neg()] }, // d(1/x) = -dx/x^2
  sin: { forward: unaryForward('sin'), vjp: (g, { inputs: [x] }) => [g.mul(x!.cos())] }, // d sin x = cos x dx
  cos: { forward: unaryForward('cos'), vjp: (g, { inputs: [x] }) => [g.mul(x!.sin()).neg()] }, // d cos x = -sin x dx
  tanh: { forward: unaryForward('tanh'), vjp: (g, { out }) => [apply('tanhGrad', [g, out], NO_PARAMS)] }, // d tanh = (1 - tanh^2) dx
  // d s(x) = s (1 - s) dx: written with the output so saturated units give exactly 0, never inf * 0.
  sigmoid: { forward: unaryForward('sigmoid'), vjp: (g, { out }) => [apply('sigmoidGrad', [g, out], NO_PARAMS)] },
  // d relu(x) = [x > 0] dx; relu'(0) = 0 (JAX, micrograd).
  relu: { forward: unaryForward('relu'), vjp: (g, { inputs: [x] }) => [apply('reluGrad', [g, x!], NO_PARAMS)] },
  softplus: { forward: unaryForward('softplus'), vjp: (g, { inputs: [x] }) => [g.mul(x!.sigmoid())] }, // d ln(1+e^x) = s(x) dx
  // d erf(x) = 2/sqrt(pi) e^(-x^2) dx
  erf: { forward: unaryForward('erf'), vjp: (g, { inputs: [x] }) => [g.mul(x!.square().neg().exp()).mul(2 / Math.sqrt(Math.PI))] },
  compare: {
    forward: (b, [x, y], { op }) => {
      const shape = x!.ndim >= y!.ndim ? x!._shape : y!._shape;
      return Tensor._fromData(b.compare(op, stridedAs(x!, shape), stridedAs(y!, shape), shape), shape.slice(), 'int32');
    },
  },
  mask: { forward: (b, [x], { op }) => Tensor._fromData(b.unary(op, x!._contiguousData(), x!.dtype), x!._shape.slice(), x!.dtype) },
  // d where(c, x, y) = where(c, dx, 0) + where(c, 0, dy); the condition gets no gradient.
  where: {
    forward: (b, [c, x, y]) => Tensor._fromData(b.where(c!._strided(), x!._strided(), y!._strided(), x!._shape, x!.dtype), x!._shape.slice(), x!.dtype),
    vjp: (g, { inputs: [c] }) => [null, where(c!, g, 0), where(c!, 0, g)],
  },
  // A cast passes the gradient back in the input's dtype.
  cast: {
    forward: (b, [x], { dtype }) => Tensor._fromData(b.cast(x!._contiguousData(), dtype), x!._shape.slice(), dtype),
    vjp: (g, { inputs: [x] }) => [g.astype(x!.dtype)],
  },
} satisfies PrimTable<ElementwiseParams>;

/** A non-differentiable mask (sign or step) of x, in x's dtype: constant, so its own derivative is 0. */
function maskOf(op: 'sign' | 'step', x: Tensor): Tensor {
  return apply('mask', [x], { op });
}
