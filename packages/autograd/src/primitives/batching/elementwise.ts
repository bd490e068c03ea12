import type { ElementwiseParams } from '../elementwise.js';
import { apply } from '../apply.js';
import type { BatchRule, BatchTable, PrimParams } from '../types.js';
import { alignElementwise } from './util.js';

/**
 * Elementwise primitives act on each element alone, so a batch is just a bigger tensor: bring every input to
 * the physical shape [size, ...example shape] (unbatched ones as broadcast views) and run the primitive once.
 */
function elementwise<K extends keyof ElementwiseParams>(name: K): BatchRule<ElementwiseParams[K]> {
  return (inputs, batched, params, size) => apply(name, alignElementwise(inputs, batched, size), params as PrimParams[K]);
}

export const elementwiseBatchRules = {
  add: elementwise('add'),
  sub: elementwise('sub'),
  mul: elementwise('mul'),
  div: elementwise('div'),
  pow: elementwise('pow'),
  maximum: elementwise('maximum'),
  minimum: elementwise('minimum'),
  tanhGrad: elementwise('tanhGrad'),
  sigmoidGrad: elementwise('sigmoidGrad'),
  reluGrad: elementwise('reluGrad'),
  neg: elementwise('neg'),
  exp: elementwise('exp'),
  log: elementwise('log'),
  log1p: elementwise('log1p'),
  expm1: elementwise('expm1'),
  sqrt: elementwise('sqrt'),
  rsqrt: elementwise('rsqrt'),
  abs: elementwise('abs'),
  square: elementwise('square'),
  reciprocal: elementwise('reciprocal'),
  sin: elementwise('sin'),
  cos: elementwise('cos'),
  tanh: elementwise('tanh'),
  sigmoid: elementwise('sigmoid'),
  relu: elementwise('relu'),
  softplus: elementwise('softplus'),
  erf: elementwise('erf'),
  compare: elementwise('compare'),
  mask: elementwise('mask'),
  where: elementwise('where'),
  cast: elementwise('cast'),
} satisfies BatchTable<ElementwiseParams>;
