/**
 * Shared machinery of the functional transforms (grad, vjp, jvp, jacobian, hessian, hvp).
 *
 * A transform never calls `.backward()`: it differentiates with `gradients`, with respect to fresh
 * stand-ins for the arguments, so no user tensor's `.grad` changes. Transforms nest because, when the
 * caller is recording (grad mode on), the stand-in of an argument that is in the caller's graph is an
 * identity op on it, and whenever f's output depends on requires-grad tensors outside the call (which
 * includes an enclosing transform's stand-ins) the sweep records itself (createGraph). Results that depend
 * only on the call's own fresh leaves are detached before they are returned. Under vmap or forward-mode jvp
 * the stand-ins and detached results keep their batch and tangent (`detachTop`): only this level's graph is cut.
 */
import { DTypeError, ShapeError, ValueError, describe, fmtShape } from '../errors.js';
import { clone } from '../ops/elementwise.js';
import { isFloat } from '../tensor/dtype.js';
import { Tensor } from '../tensor/tensor.js';
import { detachTop } from '../transforms/levels.js';
import { enableGrad, isGradEnabled } from './grad-mode.js';

/** Options of the transforms that pick which arguments to differentiate. */
export interface ArgnumsOptions<N extends number | readonly number[] = number | readonly number[]> {
  /** The argument index (or indices) to differentiate with respect to. Default 0. */
  argnums?: N;
}

/** One transform call: the arguments with differentiable stand-ins and the fresh leaves it owns. */
export interface Trace {
  /** The arguments as f receives them: stand-ins at the differentiated positions, the rest unchanged. */
  readonly args: Tensor[];
  /** The stand-ins, in argnums order. */
  readonly inputs: Tensor[];
  /** Leaves created by this call; a result reaching no other requires-grad tensor is detached. */
  readonly own: Set<Tensor>;
}

export function checkFunction(op: string, f: unknown): void {
  if (typeof f !== 'function') throw new ValueError(`${op}: expected a function of Tensors, got ${describe(f)}`);
}

/** Validates argnums against the argument count; returns the indices as a list. */
export function checkArgnums(op: string, argnums: unknown, count: number): number[] {
  const list = Array.isArray(argnums) ? (argnums as unknown[]) : [argnums ?? 0];
  if (Array.isArray(argnums) && list.length === 0) throw new ValueError(`${op}: argnums is an empty array`);
  list.forEach((a) => {
    if (typeof a !== 'number' || !Number.isInteger(a) || a < 0 || a >= count) {
      throw new ValueError(`${op}: argnums entry ${describe(a)} is not an argument index; f was called with ${count} argument(s)`);
    }
  });
  if (new Set(list).size !== list.length) throw new ValueError(`${op}: argnums [${list.join(',')}] repeats an index`);
  return list as number[];
}

/** Throws unless every argument is a Tensor and those at `nums` are float (differentiable). */
export function checkDifferentiable(op: string, args: readonly unknown[], nums: readonly number[]): asserts args is readonly Tensor[] {
  args.forEach((x, i) => {
    if (!(x instanceof Tensor)) throw new ValueError(`${op}: argument ${i} must be a Tensor, got ${describe(x)}`);
  });
  for (const i of nums) {
    const x = args[i] as Tensor;
    if (!isFloat(x.dtype)) {
      throw new DTypeError(`${op}: argument ${i} is ${x.dtype} of shape ${fmtShape(x._shape)}; only float tensors can be differentiated`);
    }
  }
}

/** Validates the arguments and makes the stand-ins of those at `nums` (see the module comment). */
export function trace(op: string, args: readonly unknown[], nums: readonly number[]): Trace {
  checkDifferentiable(op, args, nums);
  const out = args.slice();
  const own = new Set<Tensor>();
  const inputs = nums.map((i) => {
    const x = out[i]!;
    let s: Tensor;
    if (x.requiresGrad && isGradEnabled()) s = clone(x);
    else own.add((s = detachTop(x).setRequiresGrad()));
    out[i] = s;
    return s;
  });
  return { args: out, inputs, own };
}

/** Calls f with recording on (whatever the caller's mode; restored even if f throws) and checks it gave a float Tensor. */
export function callRecorded(op: string, f: (...args: Tensor[]) => unknown, args: readonly Tensor[]): Tensor {
  const out = enableGrad(() => f(...args));
  if (!(out instanceof Tensor)) throw new ValueError(`${op}: f must return a Tensor, got ${describe(out)}`);
  if (!isFloat(out.dtype)) throw new DTypeError(`${op}: f returned an ${out.dtype} tensor of shape ${fmtShape(out._shape)}; it has no gradient`);
  return out;
}

/** Throws unless `out` has exactly one element (what grad-style transforms differentiate). */
export function checkScalar(op: string, out: Tensor): void {
  if (out.size !== 1) {
    throw new ShapeError(`${op}: f must return a scalar (one-element) Tensor, but it returned shape ${fmtShape(out._shape)}; use jacobian or vjp for other outputs`);
  }
}

/** Throws unless `t` is a Tensor of `shape` (a cotangent or tangent matching what it pairs with). */
export function checkLike(op: string, what: string, t: unknown, shape: readonly number[]): Tensor {
  if (!(t instanceof Tensor)) throw new ValueError(`${op}: ${what} must be a Tensor, got ${describe(t)}`);
  if (t._shape.length !== shape.length || t._shape.some((d, i) => d !== shape[i])) {
    throw new ShapeError(`${op}: ${what} has shape ${fmtShape(t._shape)} but must have shape ${fmtShape(shape)}`);
  }
  return t;
}

/**
 * Whether the caller may differentiate through results derived from `t`: it is recording (grad mode on) and
 * `t` depends on a requires-grad tensor outside this call (an argument in the caller's graph, a tensor f
 * closes over, an enclosing transform's stand-in). Only then does a sweep need `createGraph`, so a plain
 * top-level call records nothing extra.
 */
export function callerDifferentiates(t: Tensor, own: ReadonlySet<Tensor>): boolean {
  return isGradEnabled() && reachesOutside(t, own);
}

/** A result as the caller should see it: detached from the call's internal graph unless `callerDifferentiates`. */
export function release(t: Tensor, own: ReadonlySet<Tensor>): Tensor {
  return t.requiresGrad && !callerDifferentiates(t, own) ? detachTop(t) : t;
}

/**
 * Whether the graph below `t` reaches a requires-grad leaf other than `own` (iterative walk). Under vmap or
 * forward mode it also walks the levels below (a batch's physical tensor, a dual's primal and tangent),
 * whose graphs belong to enclosing transforms.
 */
function reachesOutside(t: Tensor, own: ReadonlySet<Tensor>): boolean {
  const seen = new Set<Tensor>([t]);
  const stack = [t];
  const visit = (x: Tensor): void => {
    if ((x.requiresGrad || x._tracer !== null) && !seen.has(x)) {
      seen.add(x);
      stack.push(x);
    }
  };
  while (stack.length > 0) {
    const u = stack.pop()!;
    const tr = u._tracer;
    if (tr !== null) {
      if (tr.kind === 'batch') visit(tr.phys);
      else {
        visit(tr.primal);
        visit(tr.tangent);
      }
    }
    if (!u.requiresGrad) continue;
    const node = u._node;
    if (node === null) {
      if (!own.has(u)) return true;
      continue;
    }
    // A node freed by an earlier backward belongs to some caller's graph: keep the connection.
    if (node.inputs === null) return true;
    for (const x of node.inputs) visit(x);
  }
  return false;
}
