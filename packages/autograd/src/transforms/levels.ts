/**
 * The interpreters behind `vmap` and forward-mode `jvp`, in the style of JAX's tracers.
 *
 * Each call of a transform opens a level (ids grow, so an inner call's level is above its caller's). A tensor
 * traced at a level is an ordinary `Tensor` object whose `_tracer` says what it stands for:
 * - batch: one example of `phys`, a physical tensor with the batch as its axis 0 (the wrapper's shape is
 *   phys's shape without that axis, and it has no elements of its own to read);
 * - dual: `primal` carrying the tangent `tangent` (the wrapper shares primal's elements).
 * `phys`, `primal` and `tangent` may themselves be traced at lower levels. `apply` hands a primitive whose
 * inputs are traced to the interpreter of the highest level (see interpret.ts), which unwraps that level,
 * runs the primitive's batching or jvp rule on the lower-level tensors, and wraps the result again.
 */
import { ValueError, fmtShape } from '../errors.js';
import { setDrawGuard } from '../random.js';
import type { TypedArray } from '../tensor/dtype.js';
import { Storage } from '../tensor/storage.js';
import { Tensor } from '../tensor/tensor.js';

/** What `vmap` does with random ops: throw, draw independently per example, or draw once for the batch. */
export type Randomness = 'error' | 'different' | 'same';

export interface Level {
  readonly id: number;
  readonly kind: 'batch' | 'dual';
  /** The transform that opened it ('vmap', 'jvp', 'jacfwd', ...), for messages. */
  readonly op: string;
  /** Batch size (batch levels). */
  readonly size: number;
  readonly randomness: Randomness;
  /** False once the transform call that opened it has returned. */
  active: boolean;
}

export interface BatchTracer {
  readonly kind: 'batch';
  readonly level: Level;
  /** The batch of values, batch at axis 0. */
  readonly phys: Tensor;
}

export interface DualTracer {
  readonly kind: 'dual';
  readonly level: Level;
  readonly primal: Tensor;
  readonly tangent: Tensor;
}

export type Tracer = BatchTracer | DualTracer;

const open: Level[] = [];
let nextId = 1;

/** Runs `fn` inside a new level, closing it (even if fn throws) when fn returns. */
export function withLevel<R>(kind: Level['kind'], op: string, size: number, randomness: Randomness, fn: (level: Level) => R): R {
  const level: Level = { id: nextId++, kind, op, size, randomness, active: true };
  open.push(level);
  syncDrawGuard();
  try {
    return fn(level);
  } finally {
    level.active = false;
    open.splice(open.indexOf(level), 1);
    syncDrawGuard();
  }
}

/** Random draws are refused while a vmap is open whose randomness is not 'same' (unless sanctioned). */
function syncDrawGuard(): void {
  setDrawGuard(open.some((l) => l.kind === 'batch' && l.randomness !== 'same') ? refuseDraw : null);
}

function refuseDraw(): never {
  const levels = openBatchLevels();
  if (levels.some((l) => l.randomness === 'error')) throw randomnessError('a random op');
  throw new ValueError(
    "vmap: a random op that draws its numbers one by one ran inside vmap with randomness 'different'; it cannot give each example " +
      "its own draw: use rand, randn, randint, randLike or randnLike (or dropout, built on rand), or randomness 'same'",
  );
}

function randomnessError(op: string): ValueError {
  return new ValueError(
    `${op}: drawing random numbers inside vmap, whose randomness is 'error' (the default); pass { randomness: 'different' } to vmap ` +
      "for independent draws per example, or { randomness: 'same' } for one draw shared by the whole batch",
  );
}

/**
 * For a random creation function called under vmap: throws if an open vmap's randomness is 'error', and
 * returns the open 'different' levels (outermost first), whose sizes the draw must be batched over.
 */
function randomBatchLevels(op: string): Level[] {
  const levels = openBatchLevels();
  if (levels.some((l) => l.randomness === 'error')) throw randomnessError(op);
  return levels.filter((l) => l.randomness === 'different');
}

/**
 * For a random op that cannot batch its draws (samplers driven by tensors of parameters): throws under an
 * open vmap whose randomness is 'error' or 'different', naming the op; under 'same' it draws once as usual.
 */
export function checkUnbatchedRandom(op: string): void {
  if (open.length === 0) return;
  if (randomBatchLevels(op).length > 0) {
    throw new ValueError(
      `${op}: cannot give each example of a vmap with randomness 'different' its own draw; draw outside vmap and pass the samples in, ` +
        "use rand/randn (which batch their draws), or pass { randomness: 'same' }",
    );
  }
}

/**
 * Draws `shape` (per example) with `draw(fullShape)` where fullShape has the 'different' levels' batch sizes in
 * front, and wraps the result so each example sees its own draw. Outside vmap: `draw(shape)`.
 */
export function drawBatched(op: string, shape: readonly number[], draw: (fullShape: number[]) => Tensor): Tensor {
  if (open.length === 0) return draw(shape.slice());
  const levels = randomBatchLevels(op);
  const prev = setDrawGuard(null);
  let t: Tensor;
  try {
    t = draw([...levels.map((l) => l.size), ...shape]);
  } finally {
    setDrawGuard(prev);
  }
  for (const l of levels) t = wrapBatch(t, l);
  return t;
}

/** The open batch levels, innermost last. */
function openBatchLevels(): Level[] {
  return open.filter((l) => l.kind === 'batch');
}

/** Elements of a batch wrapper: none (reading them is an error; see `batchedDataError`). */
const NO_ELEMENTS = new Storage(new Float32Array(0));

/** Marks a tensor as one example of `phys` at `level` (phys has the batch as axis 0). */
export function wrapBatch(phys: Tensor, level: Level): Tensor {
  const t = new Tensor(NO_ELEMENTS, phys._shape.slice(1), phys.dtype);
  t._inference = phys._inference;
  t._tracer = { kind: 'batch', level, phys };
  return t;
}

/** A tensor with primal's value (sharing its elements) carrying `tangent` at `level`. */
export function wrapDual(primal: Tensor, tangent: Tensor, level: Level): Tensor {
  const t = new Tensor(primal._storage, primal._shape, primal.dtype, primal._strides, primal._offset);
  t._inference = primal._inference;
  t._tracer = { kind: 'dual', level, primal, tangent };
  return t;
}

/** Whether `t`'s elements exist (no batch level anywhere below it). */
export function hasElements(t: Tensor): boolean {
  return t._storage !== NO_ELEMENTS;
}

/**
 * The values behind `t` for a check that must hold for every value (index bounds, label ranges, integer
 * overflow): t's own elements in row-major order, or inside `vmap` those of every example of the batch, so
 * an op's input validation keeps working under vmap. Do not write to the result.
 * @example
 * if (elementsForCheck(index).some((v) => v < 0)) throw new ValueError('myOp: negative index');
 */
export function elementsForCheck(t: Tensor): TypedArray {
  let u = t;
  while (u._tracer !== null && !hasElements(u)) u = u._tracer.kind === 'batch' ? u._tracer.phys : u._tracer.primal;
  return u._contiguousData();
}

/** The error for code that reads the elements of a batched tensor (item, toArray, data-dependent shapes). */
export function batchedDataError(op: string, t: Tensor): ValueError {
  const tr = t._tracer;
  const levelOp = tr?.kind === 'batch' ? tr.level.op : 'vmap';
  return new ValueError(
    `${op}: cannot read the values of a tensor batched by ${levelOp} (shape ${fmtShape(t._shape)} per example): ` +
      `inside ${levelOp}, ops whose result shape or control flow depends on values (item, toArray, nonzero, maskedSelect, unique, ...) are not supported; ` +
      `compute them outside ${levelOp}`,
  );
}

/**
 * The same tensor at its own level, cut from this level's graph but still connected through the levels below
 * (the stand-in a transform differentiates with respect to). Untraced tensors are simply detached.
 */
export function detachTop(t: Tensor): Tensor {
  const tr = t._tracer;
  if (tr === null) return t.detach();
  return tr.kind === 'batch' ? wrapBatch(tr.phys, tr.level) : wrapDual(tr.primal, tr.tangent, tr.level);
}

/** The inputs at `level`'s primal values, and their tangents there (null for inputs not dual at `level`). */
export function unwrapDual(inputs: readonly Tensor[], level: Level): { primals: Tensor[]; tangents: (Tensor | null)[] } {
  const primals: Tensor[] = [];
  const tangents: (Tensor | null)[] = [];
  for (const x of inputs) {
    const tr = x._tracer;
    const dual = tr !== null && tr.level === level && tr.kind === 'dual';
    primals.push(dual ? tr.primal : x);
    tangents.push(dual ? tr.tangent : null);
  }
  return { primals, tangents };
}

/** The traced input of the highest level, or null when no input is traced (the fast path of `apply`). */
export function topLevel(inputs: readonly Tensor[]): Level | null {
  let top: Level | null = null;
  for (let i = 0; i < inputs.length; i++) {
    const tr = inputs[i]!._tracer;
    if (tr !== null && (top === null || tr.level.id > top.id)) top = tr.level;
  }
  return top;
}
