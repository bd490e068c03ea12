import { ValueError, describe } from '@nabla/autograd';
import { Optimizer } from '../optimizer.js';

/** Throws the base scheduler's error unless `optimizer` is an Optimizer (for checks that run before `super`). */
export function checkOptimizer(op: string, optimizer: unknown): Optimizer {
  if (!(optimizer instanceof Optimizer)) throw new ValueError(`${op}: expected an Optimizer, got ${describe(optimizer)}`);
  return optimizer;
}
