import { NablaError, fmtShape } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import type { Node } from './node.js';

let enabled = false;

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
 * @example
 * detectAnomaly(() => x.mul(0).log().sum().backward()); // throws at 'log'
 */
export function detectAnomaly<T>(fn: () => T): T {
  const saved = enabled;
  enabled = true;
  try {
    return fn();
  } finally {
    enabled = saved;
  }
}

function allFinite(t: Tensor): boolean {
  if (t.dtype === 'int32') return true;
  const d = t._contiguousData();
  for (let i = 0; i < d.length; i++) if (!Number.isFinite(d[i]!)) return false;
  return true;
}

/** @internal The creation site of an op, captured only in anomaly mode. */
export function captureSite(): string | undefined {
  if (!enabled) return undefined;
  const stack = new Error().stack ?? '';
  // Drop the frames inside nabla's own dispatch so the site starts at the caller.
  return stack.split('\n').slice(1).filter((l) => !/autograd[\\/]src[\\/](autodiff|primitives|ops|tensor)[\\/]/.test(l)).join('\n');
}

/** @internal Forward check: throws if finite inputs produced a non-finite output. */
export function checkForward(prim: string, inputs: readonly Tensor[], out: Tensor): void {
  if (!enabled || allFinite(out) || !inputs.every(allFinite)) return;
  throw new AnomalyError(
    `detectAnomaly: forward of '${prim}' turned finite inputs (shapes ${inputs.map((t) => fmtShape(t.shape)).join(', ')}) into NaN/Infinity` +
      `\ncreated at:\n${captureSite() ?? ''}`,
  );
}

/** @internal Backward check: throws if a vjp turned a finite gradient into a non-finite one. */
export function checkBackwardOutput(node: Node, gs: readonly (Tensor | null)[]): void {
  if (!enabled) return;
  for (let k = 0; k < gs.length; k++) {
    const gx = gs[k];
    if (gx && !allFinite(gx)) {
      throw new AnomalyError(
        `detectAnomaly: backward of '${node.prim}' produced NaN/Infinity in the gradient of input ${k} ` +
          `(input shapes ${(node.inputs ?? []).map((t) => fmtShape(t.shape)).join(', ')})\ncreated at:\n${node.site ?? '(unknown)'}`,
      );
    }
  }
}
