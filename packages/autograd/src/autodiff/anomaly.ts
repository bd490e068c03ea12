import { NablaError, fmtShape } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import type { Node } from './node.js';
import { checkSyncCallback, checkSyncResult } from './sync-scope.js';
import { elementsForCheck } from '../transforms/levels.js';

let enabled = false;
/** True while a vjp or a custom op's forward runs in anomaly mode: its ops are checked as one step. */
let paused = false;

/** Thrown by `detectAnomaly` at the first op that turns finite inputs into NaN or Infinity. */
export class AnomalyError extends NablaError {}

/** @internal Whether anomaly detection is on (creation sites are captured only then). */
export function anomalyEnabled(): boolean {
  return enabled;
}

/**
 * Runs `fn` with anomaly detection: every op (forward, and backward through `backward()`) checks that
 * finite inputs gave a finite output, and the first one that does not throws an `AnomalyError` naming the
 * op, its input shapes and the stack where it was created. Off by default: when off it costs one boolean test per op.
 * Run the forward pass inside it too, so backward errors can show where the failing op was created.
 * `fn` must be synchronous: an async function is a ValueError (the mode could not follow it across `await`).
 * @example
 * detectAnomaly(() => x.mul(0).log().sum().backward()); // throws at 'log'
 */
export function detectAnomaly<T>(fn: () => T): T {
  checkSyncCallback('detectAnomaly', fn);
  const saved = enabled;
  enabled = true;
  let result: T;
  try {
    result = fn();
  } finally {
    enabled = saved;
  }
  return checkSyncResult('detectAnomaly', result);
}

function allFinite(t: Tensor): boolean {
  if (t.dtype === 'int32') return true;
  const d = elementsForCheck(t);
  for (let i = 0; i < d.length; i++) if (!Number.isFinite(d[i]!)) return false;
  return true;
}

// Frames inside nabla's own dispatch (not its tests), dropped so a site starts at the caller's code.
const INTERNAL_FRAME = /autograd[\\/]src[\\/](autodiff|primitives|ops|tensor)[\\/](?![^:]*\.test\.)/;

/** @internal The creation site of an op, captured only in anomaly mode. */
export function captureSite(): string | undefined {
  if (!enabled) return undefined;
  // The default limit (10 frames) is mostly used up by nabla's own dispatch; keep enough to reach the caller.
  // stackTraceLimit is V8's (Node, Chrome); other engines ignore the assignment.
  const E = Error as ErrorConstructor & { stackTraceLimit?: number };
  const savedLimit = E.stackTraceLimit;
  E.stackTraceLimit = 40;
  const stack = new Error().stack ?? '';
  E.stackTraceLimit = savedLimit;
  return stack.split('\n').slice(1).filter((l) => !INTERNAL_FRAME.test(l)).join('\n');
}

/**
 * @internal Runs `fn` with the forward checks of its ops paused, so the enclosing step (a vjp, a custom op's
 * forward) is checked, and named, as a whole.
 */
export function pausingChecks<T>(fn: () => T): T {
  const saved = paused;
  paused = true;
  try {
    return fn();
  } finally {
    paused = saved;
  }
}

const shapesOf = (ts: readonly Tensor[]): string => ts.map((t) => fmtShape(t._shape)).join(', ');

/** @internal Forward check: throws if finite inputs produced a non-finite output. */
export function checkForward(prim: string, inputs: readonly Tensor[], out: Tensor): void {
  if (!enabled || paused || allFinite(out) || !inputs.every(allFinite)) return;
  throw new AnomalyError(
    `detectAnomaly: forward of '${prim}' turned finite inputs (shapes ${shapesOf(inputs)}) into NaN/Infinity` +
      ` (output shape ${fmtShape(out._shape)})\ncreated at:\n${captureSite() ?? ''}`,
  );
}

/**
 * @internal Backward check, used only in anomaly mode: runs one node's vjp with forward checks paused
 * (its ops belong to this backward step) and throws if a finite gradient and finite saved inputs gave a
 * non-finite input gradient, naming the op, the input, the shapes and the site where the op was created.
 */
export function checkedBackward<T extends readonly (Tensor | null | undefined)[]>(node: Node, g: Tensor, run: () => T): T {
  const gs = pausingChecks(run);
  const inputs = node.inputs ?? [];
  if (!allFinite(g) || !inputs.every(allFinite)) return gs;
  for (let k = 0; k < gs.length; k++) {
    const gx = gs[k];
    if (gx && !allFinite(gx)) {
      throw new AnomalyError(
        `detectAnomaly: backward of '${node.prim}' turned a finite gradient (shape ${fmtShape(g._shape)}) into NaN/Infinity ` +
          `in the gradient of input ${k} (input shapes ${shapesOf(inputs)})\ncreated at:\n` +
          (node.site ?? '(unknown: run the forward pass inside detectAnomaly too to record it)'),
      );
    }
  }
  return gs;
}
