import type { ElementwiseParams } from '../elementwise.js';
import type { JvpTable } from '../types.js';
import { diagonalJvp, noTangent } from './util.js';

/** Every differentiable elementwise primitive has a diagonal Jacobian, so its vjp is its jvp (util.ts). */
export const elementwiseJvpRules = {
  add: diagonalJvp('add'),
  sub: diagonalJvp('sub'),
  mul: diagonalJvp('mul'),
  div: diagonalJvp('div'),
  pow: diagonalJvp('pow'),
  maximum: diagonalJvp('maximum'),
  minimum: diagonalJvp('minimum'),
  tanhGrad: diagonalJvp('tanhGrad'),
  sigmoidGrad: diagonalJvp('sigmoidGrad'),
  reluGrad: diagonalJvp('reluGrad'),
  neg: diagonalJvp('neg'),
  exp: diagonalJvp('exp'),
  log: diagonalJvp('log'),
  log1p: diagonalJvp('log1p'),
  expm1: diagonalJvp('expm1'),
  sqrt: diagonalJvp('sqrt'),
  rsqrt: diagonalJvp('rsqrt'),
  abs: diagonalJvp('abs'),
  square: diagonalJvp('square'),
  reciprocal: diagonalJvp('reciprocal'),
  sin: diagonalJvp('sin'),
  cos: diagonalJvp('cos'),
  tanh: diagonalJvp('tanh'),
  sigmoid: diagonalJvp('sigmoid'),
  relu: diagonalJvp('relu'),
  softplus: diagonalJvp('softplus'),
  erf: diagonalJvp('erf'),
  compare: noTangent,
  mask: noTangent,
  where: diagonalJvp('where'),
  // A cast between float dtypes carries the tangent into the new dtype (to int32 there is none: interpret.ts).
  cast: (tangents, { params: { dtype } }) => tangents[0]?.astype(dtype) ?? null,
} satisfies JvpTable<ElementwiseParams>;
