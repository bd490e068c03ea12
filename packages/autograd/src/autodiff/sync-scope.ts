import { ValueError, describe } from '../errors.js';

/**
 * @internal Checks the callback of a scope that sets global state for the duration of a synchronous call
 * (noGrad, enableGrad, detectAnomaly). Such a scope cannot follow an async function across `await`: only
 * the code before the first `await` would run inside it. So an async function is refused before it runs.
 */
export function checkSyncCallback(op: string, fn: unknown): void {
  if (typeof fn !== 'function') throw new ValueError(`${op}: expected a function, got ${describe(fn)}`);
  const kind = (fn as { constructor?: { name?: string } }).constructor?.name;
  if (kind === 'AsyncFunction' || kind === 'AsyncGeneratorFunction') {
    throw new ValueError(asyncMessage(op, 'an async function'));
  }
}

/**
 * @internal Throws (after the scope was restored) when a plain function returned a Promise: its code after
 * the first `await` ran, or will run, outside the scope. The Promise's own rejection is silenced, since
 * this error replaces it.
 */
export function checkSyncResult<T>(op: string, result: T): T {
  const then = (result as { then?: unknown } | null | undefined)?.then;
  if (typeof result === 'object' && result !== null && typeof then === 'function') {
    (result as unknown as Promise<unknown>).then(undefined, () => undefined);
    throw new ValueError(asyncMessage(op, 'a function that returned a Promise'));
  }
  return result;
}

function asyncMessage(op: string, what: string): string {
  return (
    `${op}: got ${what}; ${op} covers synchronous code only (after the first await the scope would already be closed). ` +
    `Call ${op} inside the async function around the synchronous work, e.g. \`const y = ${op}(() => model.forward(x));\``
  );
}
