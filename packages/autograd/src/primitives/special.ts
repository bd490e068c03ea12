import type { Backend, Special2Op, SpecialOp } from '../backend/backend.js';
import { zerosLike } from '../creation/fill.js';
import { where } from '../ops/elementwise.js';
import { Tensor } from '../tensor/tensor.js';
import { apply } from './apply.js';
import type { PrimTable } from './types.js';

/** The ops of the `special` kernel. */
export type DiffSpecialOp = SpecialOp;

export type SpecialParams = {
  special: { op: DiffSpecialOp };
  /** psi^(n), n >= 1: digamma's derivatives, each differentiable again. */
  polygamma: { n: number };
  special2: { op: Special2Op };
};

const LN2 = Math.LN2;
const LN10 = Math.LN10;

/** A special op applied inside a rule (differentiable again). */
const sp = (op: DiffSpecialOp, x: Tensor): Tensor => apply('special', [x], { op });

function unaryForward(b: Backend, x: Tensor, op: SpecialOp): Tensor {
  return Tensor._fromData(b.special(op, x._contiguousData(), x.dtype), x._shape.slice(), x.dtype);
}

/** g times the derivative of op at x (out = op(x)); each line is that derivative's formula. */
function specialVjp(op: DiffSpecialOp, g: Tensor, x: Tensor, out: Tensor): Tensor {
  switch (op) {
    case 'tan': return g.mul(out.square().add(1)); // d tan x = (1 + tan^2 x) dx
    case 'asin': return g.mul(x.square().neg().add(1).rsqrt()); // d asin x = dx / sqrt(1 - x^2)
    case 'acos': return g.mul(x.square().neg().add(1).rsqrt()).neg(); // d acos x = -dx / sqrt(1 - x^2)
    case 'atan': return g.div(x.square().add(1)); // d atan x = dx / (1 + x^2)
    case 'sinh': return g.mul(sp('cosh', x)); // d sinh x = cosh x dx
    case 'cosh': return g.mul(sp('sinh', x)); // d cosh x = sinh x dx
    case 'asinh': return g.mul(x.square().add(1).rsqrt()); // d asinh x = dx / sqrt(x^2 + 1)
    case 'acosh': return g.mul(x.square().sub(1).rsqrt()); // d acosh x = dx / sqrt(x^2 - 1)
    case 'atanh': return g.div(x.square().neg().add(1)); // d atanh x = dx / (1 - x^2)
    case 'log2': return g.div(x.mul(LN2)); // d log2 x = dx / (x ln 2)
    case 'log10': return g.div(x.mul(LN10)); // d log10 x = dx / (x ln 10)
    case 'exp2': return g.mul(out).mul(LN2); // d 2^x = 2^x ln 2 dx
    // d erfinv x = sqrt(pi)/2 e^(erfinv(x)^2) dx (the inverse of erf' = 2/sqrt(pi) e^(-y^2))
    case 'erfinv': return g.mul(out.square().exp()).mul(Math.sqrt(Math.PI) / 2);
    case 'lgamma': return g.mul(sp('digamma', x)); // d ln Gamma(x) = psi(x) dx
    case 'digamma': return g.mul(apply('polygamma', [x], { n: 1 })); // d psi(x) = psi'(x) dx
    // Piecewise constant: the derivative is 0 wherever it exists, and PyTorch returns 0 at the jumps too.
    case 'floor': case 'ceil': case 'round': case 'trunc': case 'sign': return zerosLike(x);
  }
}

export const specialPrims = {
  special: {
    forward: (b, [x], { op }) => unaryForward(b, x!, op),
    vjp: (g, { inputs: [x], out, params: { op } }) => [specialVjp(op, g, x!, out)],
  },
  // d psi^(n)(x) = psi^(n+1)(x) dx
  polygamma: {
    forward: (b, [x], { n }) => Tensor._fromData(b.polygamma(n, x!._contiguousData(), x!.dtype), x!._shape.slice(), x!.dtype),
    vjp: (g, { inputs: [x], params: { n } }) => [g.mul(apply('polygamma', [x!], { n: n + 1 }))],
  },
  special2: {
    forward: (b, [x, y], { op }) => {
      const shape = x!.ndim >= y!.ndim ? x!._shape : y!._shape;
      const data = b.special2(op, stridedAs(x!, shape), stridedAs(y!, shape), shape, x!.dtype);
      return Tensor._fromData(data, shape.slice(), x!.dtype);
    },
    vjp: (g, { inputs: [a, b], out, params: { op }, needs }) => {
      switch (op) {
        // atan2(a, b) = angle of (b, a): d = (b da - a db) / (a^2 + b^2); NaN at (0, 0), as PyTorch.
        case 'atan2': {
          const r = a!.square().add(b!.square());
          return [needs[0] ? g.mul(b!).div(r) : null, needs[1] ? g.mul(a!).div(r).neg() : null];
        }
        // d hypot(a, b) = (a da + b db) / hypot; at (0, 0) we pick 0, the minimum-norm subgradient (as norm does),
        // with a double where so the unpicked 0/0 never reaches the gradient.
        case 'hypot': {
          const zero = out.eq(0);
          const safe = where(zero, 1, out);
          return [needs[0] ? where(zero, 0, g.mul(a!).div(safe)) : null, needs[1] ? where(zero, 0, g.mul(b!).div(safe)) : null];
        }
        // fmod(a, b) = a - trunc(a/b) b: d = da - trunc(a/b) db (the trunc term is locally constant).
        case 'fmod': return [needs[0] ? g : null, needs[1] ? g.mul(sp('trunc', a!.div(b!))).neg() : null];
        // remainder(a, b) = a - floor(a/b) b: d = da - floor(a/b) db.
        case 'remainder': return [needs[0] ? g : null, needs[1] ? g.mul(sp('floor', a!.div(b!))).neg() : null];
      }
    },
  },
} satisfies PrimTable<SpecialParams>;

function stridedAs(t: Tensor, shape: readonly number[]) {
  return t.ndim === shape.length ? t._strided() : { data: t._storage.data, offset: t._offset, strides: shape.map(() => 0) };
}
