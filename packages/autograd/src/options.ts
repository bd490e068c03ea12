import { ValueError, describe } from './errors.js';

// Option-key checking shared by @nabla/nn's layers and @nabla/optim's optimizers and schedulers, so a
// misspelled or PyTorch-snake_case option (`biass`, `batch_size`) is an error that names the valid keys.

/**
 * The option names of an options type, listed once in an object the compiler checks: a missing or misspelled
 * name is a type error, so the runtime list cannot drift from the interface.
 * @example
 * const KEYS = keysOf<StepLROptions>({ stepSize: true, gamma: true }); // ['stepSize', 'gamma']
 */
export const keysOf = <O>(keys: { [K in keyof Required<O>]: true }): readonly string[] => Object.keys(keys);

/** Lower-cased with underscores dropped, so PyTorch's `step_size` and a miscased `StepSize` both meet `stepSize`. */
const squash = (k: string): string => k.replaceAll('_', '').toLowerCase();

/** Levenshtein distance, for "did you mean" hints on misspelled option names. */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length]!;
}

/** The valid key closest to `key` (same letters ignoring case and underscores, or at most 2 edits), if any. */
export function closestKey(key: string, valid: readonly string[]): string | undefined {
  const exact = valid.find((v) => squash(v) === squash(key));
  if (exact !== undefined) return exact;
  let best: string | undefined;
  let bestD = 3;
  for (const v of valid) {
    const d = distance(squash(key), squash(v));
    if (d < bestD) [best, bestD] = [v, d];
  }
  return best;
}

/**
 * Checks that `options` is undefined or a plain object whose keys are all in `valid`; throws a ValueError
 * naming the op, the unknown key, a likely intended key and every valid key otherwise. Returns the options
 * (an empty object for undefined) so a constructor can destructure them.
 * @example
 * checkOptionKeys('StepLR', { stepsize: 2 }, ['stepSize', 'gamma']);
 * // ValueError: StepLR: unknown option 'stepsize' (did you mean 'stepSize'?); valid options are stepSize, gamma
 */
export function checkOptionKeys<T extends object>(op: string, options: T | undefined, valid: readonly string[]): T {
  if (options === undefined) return {} as T;
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new ValueError(`${op}: options must be an object with keys among ${valid.join(', ')}, got ${describe(options)}`);
  }
  for (const k of Object.keys(options)) {
    if (valid.includes(k)) continue;
    const near = closestKey(k, valid);
    const hint = near === undefined ? '' : ` (did you mean '${near}'?)`;
    throw new ValueError(`${op}: unknown option '${k}'${hint}; valid options are ${valid.join(', ')}`);
  }
  return options;
}
