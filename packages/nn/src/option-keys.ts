import { ValueError, describe } from '@nabla/autograd';

/**
 * @internal The option names of an options type, listed once in an object the compiler checks: a missing or
 * misspelled name is a type error, so the runtime list cannot drift from the interface.
 */
export const keysOf = <O>(keys: { [K in keyof Required<O>]: true }): readonly string[] => Object.keys(keys);

/** Lower-cased with underscores dropped, so PyTorch's `batch_size` and a miscased `BatchSize` both meet `batchSize`. */
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
function closestKey(key: string, valid: readonly string[]): string | undefined {
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
 * @internal Checks that `opts` is undefined or a plain object whose keys are all in `valid`; otherwise throws
 * a ValueError naming the op, the unknown key, a likely intended key and every valid key. Returns the options
 * (an empty object for undefined).
 * @example
 * checkOptionKeys('DataLoader', { batch_size: 2 }, ['batchSize', 'shuffle']);
 * // ValueError: DataLoader: unknown option 'batch_size' (did you mean 'batchSize'?); valid options are batchSize, shuffle
 */
export function checkOptionKeys<T extends object>(op: string, opts: T | undefined, valid: readonly string[]): T {
  if (opts === undefined) return {} as T;
  if (opts === null || typeof opts !== 'object' || Array.isArray(opts)) {
    throw new ValueError(`${op}: options must be an object with keys among ${valid.join(', ')}, got ${describe(opts)}`);
  }
  for (const k of Object.keys(opts)) {
    if (valid.includes(k)) continue;
    const near = closestKey(k, valid);
    const hint = near === undefined ? '' : ` (did you mean '${near}'?)`;
    throw new ValueError(`${op}: unknown option '${k}'${hint}; valid options are ${valid.join(', ')}`);
  }
  return opts;
}
