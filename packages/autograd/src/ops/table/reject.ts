import { expect } from 'vitest';
import type { NablaError } from '../../errors.js';
import type { Tensor } from '../../tensor/tensor.js';

/** Expects fn to throw `cls` with a message matching every pattern, and the tensors' data and versions unchanged. */
export function expectRejected(fn: () => unknown, cls: typeof NablaError, patterns: RegExp[], ...owned: Tensor[]): void {
  const before = owned.map((t) => [Array.from(t.data()), t._storage.version] as const);
  let err: unknown;
  try {
    fn();
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(cls);
  for (const p of patterns) expect((err as Error).message).toMatch(p);
  owned.forEach((t, k) => {
    expect(Array.from(t.data())).toEqual(before[k]![0]);
    expect(t._storage.version).toBe(before[k]![1]);
  });
}
