/**
 * Whether ops record the graph. A module-level flag (not a stack) is enough because JavaScript runs one
 * forward at a time; `noGrad` and `enableGrad` restore it in `finally`, so an exception never leaves it flipped.
 */
import { checkSyncCallback, checkSyncResult } from './sync-scope.js';

let gradEnabled = true;

/** True when new ops record the graph for backward. */
export function isGradEnabled(): boolean {
  return gradEnabled;
}

function withGradMode<T>(op: string, mode: boolean, fn: () => T): T {
  checkSyncCallback(op, fn);
  const saved = gradEnabled;
  gradEnabled = mode;
  let result: T;
  try {
    result = fn();
  } finally {
    gradEnabled = saved;
  }
  return checkSyncResult(op, result);
}

/**
 * Runs `fn` without recording the graph: results do not require grad. Use it for evaluation and updates.
 * `fn` must be synchronous: an async function is a ValueError (the scope could not follow it across
 * `await`); call `noGrad` inside the async function instead.
 * @example
 * const yHat = noGrad(() => model.forward(x));
 */
export function noGrad<T>(fn: () => T): T {
  return withGradMode('noGrad', false, fn);
}

/**
 * Runs `fn` with graph recording switched back on, e.g. inside a `noGrad` block. Synchronous only, like `noGrad`.
 * @example
 * noGrad(() => enableGrad(() => x.mul(2))).requiresGrad; // true when x requires grad
 */
export function enableGrad<T>(fn: () => T): T {
  return withGradMode('enableGrad', true, fn);
}
