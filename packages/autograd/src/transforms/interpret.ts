import { ValueError, fmtShape } from '../errors.js';
import type { PrimName, PrimParams } from '../primitives/types.js';
import type { Tensor } from '../tensor/tensor.js';
import { batchRules } from '../primitives/batching/index.js';
import { jvpRules } from '../primitives/jvp/index.js';
import { type Level, unwrapDual, wrapBatch, wrapDual } from './levels.js';
import { apply } from '../primitives/apply.js';

/**
 * Runs primitive `name` on inputs traced at `level` (the highest level among them): unwraps that level, runs
 * the primitive's batching rule (batch level) or the primitive and its jvp rule (dual level) on the tensors
 * below, and wraps the result at `level` again. Lower levels are handled by the `apply` calls inside.
 */
export function applyTraced<K extends PrimName>(name: K, level: Level, inputs: readonly Tensor[], params: PrimParams[K]): Tensor {
  if (!level.active) {
    const shapes = inputs.map((x) => fmtShape(x._shape)).join(', ');
    throw new ValueError(
      `${name}: an input (shapes ${shapes}) is a tensor traced by a ${level.op} call that has already returned; ` +
        `return tensors from the function you pass to ${level.op} instead of keeping them in an outer variable`,
    );
  }
  return level.kind === 'batch' ? applyBatched(name, level, inputs, params) : applyDual(name, level, inputs, params);
}

function applyBatched<K extends PrimName>(name: K, level: Level, inputs: readonly Tensor[], params: PrimParams[K]): Tensor {
  const batched = inputs.map((x) => x._tracer !== null && x._tracer.level === level);
  const phys = inputs.map((x, k) => (batched[k] ? (x._tracer as { phys: Tensor }).phys : x));
  const rule = batchRules[name] as unknown as (xs: readonly Tensor[], b: readonly boolean[], p: PrimParams[K], n: number) => Tensor;
  const out = rule(phys, batched, params, level.size);
  if (out._shape[0] !== level.size) {
    throw new Error(`internal: the batching rule of ${name} returned shape ${fmtShape(out._shape)} for batch size ${level.size}`);
  }
  return wrapBatch(out, level);
}

function applyDual<K extends PrimName>(name: K, level: Level, inputs: readonly Tensor[], params: PrimParams[K]): Tensor {
  const { primals, tangents } = unwrapDual(inputs, level);
  const out = apply(name, primals, params);
  const rule = jvpRules[name] as unknown as (ts: readonly (Tensor | null)[], ctx: { inputs: readonly Tensor[]; out: Tensor; params: PrimParams[K] }) => Tensor | null;
  const tangent = out.dtype === 'int32' ? null : rule(tangents, { inputs: primals, out, params });
  return tangent === null ? out : wrapDual(out, tangent, level);
}
