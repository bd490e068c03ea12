import { ShapeError, ValueError, describe, fmtShape } from '../errors.js';
import { checkOptionKeys } from '../options.js';
import { moveAxis, withBatch } from '../primitives/batching/util.js';
import { Tensor } from '../tensor/tensor.js';
import { type Level, type Randomness, withLevel, wrapBatch } from './levels.js';

/** Options of `vmap`. */
export interface VmapOptions {
  /**
   * Which axis of each argument holds the batch: one number for every argument, or one entry per argument,
   * `null` for an argument shared by every example (passed unchanged; it need not be a Tensor). Default 0.
   */
  inAxes?: number | null | readonly (number | null)[];
  /** Where the batch axis goes in each output (one number, or one per output when f returns an array). Default 0. */
  outAxes?: number | readonly number[];
  /**
   * Random ops inside f: 'error' (default) throws, 'different' draws independently for each example, 'same'
   * draws once and shares the draw across the batch (as `torch.func.vmap`).
   */
  randomness?: Randomness;
}

const KEYS = ['inAxes', 'outAxes', 'randomness'];
const RANDOMNESS: readonly Randomness[] = ['error', 'different', 'same'];

/**
 * Vectorizing map: turns f, written for one example, into a function of a batch, like `jax.vmap` and
 * `torch.func.vmap`. `vmap(f)(xs)` equals stacking `f(x)` over the slices x of xs along axis `inAxes`, but runs
 * each op once on the whole batch (by the batching rule of every primitive). Nests (`vmap(vmap(f))`) and
 * composes with `grad`, `vjp`, `jvp` and `hessian` in any order: `vmap(grad(loss), { inAxes: [null, 0, 0] })`
 * gives per-example gradients.
 * @example
 * const dot = (a: Tensor, b: Tensor) => a.mul(b).sum();
 * vmap(dot)(randn([8, 3]), randn([8, 3])); // shape [8]: one dot product per row
 * vmap(dot, { inAxes: [0, null] })(randn([8, 3]), randn([3])); // the second argument is shared
 */
export function vmap<A extends unknown[], R extends Tensor | Tensor[]>(f: (...args: A) => R, opts?: VmapOptions): (...args: A) => R {
  if (typeof f !== 'function') throw new ValueError(`vmap: expected a function, got ${describe(f)}`);
  const o = checkOptionKeys('vmap', opts, KEYS);
  const randomness = o.randomness ?? 'error';
  if (!RANDOMNESS.includes(randomness)) {
    throw new ValueError(`vmap: randomness must be one of ${RANDOMNESS.map((r) => `'${r}'`).join(', ')}, got ${describe(randomness)}`);
  }
  const inAxes = o.inAxes === undefined ? 0 : o.inAxes;
  checkAxesOption('inAxes', inAxes, true);
  const outAxes = o.outAxes === undefined ? 0 : o.outAxes;
  checkAxesOption('outAxes', outAxes, false);
  return (...args: A): R => {
    const axes = perArgument(inAxes, args);
    const size = batchSize(args, axes);
    return withLevel('batch', 'vmap', size, randomness, (level) => {
      const wrapped = args.map((x, i) => {
        const a = axes[i];
        return a === null || a === undefined ? x : wrapBatch(moveAxis(x as Tensor, a, 0), level);
      }) as A;
      const out: unknown = f(...wrapped);
      return unbatchOutputs(out, outAxes, level) as R;
    });
  };
}

function checkAxesOption(name: string, v: unknown, nullable: boolean): void {
  const ok = (a: unknown): boolean => (nullable && a === null) || (typeof a === 'number' && Number.isInteger(a));
  if (Array.isArray(v) ? v.every(ok) : ok(v)) return;
  const what = nullable ? 'an integer axis or null' : 'an integer axis';
  throw new ValueError(`vmap: ${name} must be ${what}, or an array of them (one per ${nullable ? 'argument' : 'output'}), got ${describe(v)}`);
}

/** The batch axis of each argument, normalized to non-negative (null: unbatched), checked against its shape. */
function perArgument(inAxes: number | null | readonly (number | null)[], args: readonly unknown[]): (number | null)[] {
  if (Array.isArray(inAxes) && inAxes.length !== args.length) {
    throw new ValueError(`vmap: inAxes has ${inAxes.length} entries but the function was called with ${args.length} argument(s); give one entry per argument`);
  }
  const axes = args.map((x, i) => {
    const a = Array.isArray(inAxes) ? (inAxes[i] as number | null) : (inAxes as number | null);
    if (a === null) return null;
    const where = Array.isArray(inAxes) ? `inAxes[${i}] = ${a}` : `inAxes = ${a}`;
    if (!(x instanceof Tensor)) throw new ValueError(`vmap: argument ${i} is batched (${where}) but is not a Tensor, got ${describe(x)}; pass null in inAxes for it`);
    if (a < -x.ndim || a >= x.ndim || x.ndim === 0) {
      throw new ShapeError(`vmap: ${where} is out of range for argument ${i} of shape ${fmtShape(x._shape)}${x.ndim === 0 ? ' (a 0-d tensor has no axis to map over)' : ''}`);
    }
    return a < 0 ? a + x.ndim : a;
  });
  if (axes.every((a) => a === null)) throw new ValueError('vmap: inAxes is null for every argument; at least one argument must be batched');
  return axes;
}

/** The common batch size; every batched argument must agree. */
function batchSize(args: readonly unknown[], axes: readonly (number | null)[]): number {
  let size = -1;
  let first = -1;
  axes.forEach((a, i) => {
    if (a === null) return;
    const n = (args[i] as Tensor)._shape[a]!;
    if (size === -1) [size, first] = [n, i];
    else if (n !== size) {
      const s = (k: number) => `argument ${k} has size ${(args[k] as Tensor)._shape[axes[k]!]} along axis ${axes[k]} (shape ${fmtShape((args[k] as Tensor)._shape)})`;
      throw new ShapeError(`vmap: batch sizes differ: ${s(first)}, ${s(i)}`);
    }
  });
  return size;
}

function unbatchOutputs(out: unknown, outAxes: number | readonly number[], level: Level): Tensor | Tensor[] {
  const list = Array.isArray(out);
  const outs = (list ? out : [out]) as unknown[];
  outs.forEach((t, i) => {
    if (!(t instanceof Tensor)) throw new ValueError(`vmap: f must return a Tensor or an array of Tensors, got ${describe(list ? out : t)}${list ? ` (element ${i})` : ''}`);
  });
  if (Array.isArray(outAxes) && outAxes.length !== outs.length) {
    throw new ValueError(`vmap: outAxes has ${outAxes.length} entries but f returned ${outs.length} output(s)`);
  }
  const res = (outs as Tensor[]).map((t, i) => {
    const a = Array.isArray(outAxes) ? (outAxes[i] as number) : (outAxes as number);
    if (a < -(t.ndim + 1) || a > t.ndim) {
      throw new ShapeError(`vmap: outAxes${Array.isArray(outAxes) ? `[${i}]` : ''} = ${a} is out of range for output ${i} of shape ${fmtShape(t._shape)} per example (valid: ${-(t.ndim + 1)}..${t.ndim})`);
    }
    const tr = t._tracer;
    // An output that does not depend on the batch is the same for every example: broadcast it.
    const phys = tr !== null && tr.level === level && tr.kind === 'batch' ? tr.phys : withBatch(t, false, level.size);
    return moveAxis(phys, 0, a < 0 ? a + t.ndim + 1 : a);
  });
  return list ? res : res[0]!;
}
