/**
 * Test helper: a deep, plain-data snapshot of everything a user owns (tensors, modules, optimizers, state
 * dicts, schedulers), so a bad-input test can assert that a throw changed nothing:
 *
 *   const before = snapshot(model, opt);
 *   expect(() => opt.loadStateDict(bad)).toThrow(ValueError);
 *   expect(snapshot(model, opt)).toEqual(before);
 *
 * A tensor is captured by its public state (shape, dtype, values, requiresGrad, grad) and its storage
 * version, so an in-place write that happens to restore the old values is still caught. Other objects are
 * walked through their own fields (arrays, Maps and Sets included); shared objects and cycles are recorded
 * once and referenced by path. Functions are recorded by name only. Test-only: not part of any package.
 */
export function snapshot(...roots: unknown[]): unknown {
  const seen = new Map<object, string>();
  return roots.map((r, i) => walk(r, `$${i}`, seen));
}

interface TensorLikeObject {
  shape: readonly number[];
  dtype: string;
  requiresGrad: boolean;
  grad: unknown;
  data(): ArrayLike<number>;
  _storage?: { version?: number };
}

function isTensor(x: object): x is TensorLikeObject {
  const t = x as Partial<TensorLikeObject>;
  return Array.isArray(t.shape) && typeof t.dtype === 'string' && typeof t.data === 'function' && '_storage' in x;
}

function walk(x: unknown, path: string, seen: Map<object, string>): unknown {
  if (typeof x === 'function') return `[function ${x.name}]`;
  if (typeof x !== 'object' || x === null) return typeof x === 'number' && Number.isNaN(x) ? 'NaN' : x;
  const ref = seen.get(x);
  if (ref !== undefined) return { ref };
  seen.set(x, path);
  if (isTensor(x)) {
    return {
      tensor: true,
      shape: [...x.shape],
      dtype: x.dtype,
      data: Array.from(x.data(), (v) => (Number.isNaN(v) ? 'NaN' : Object.is(v, -0) ? '-0' : v)),
      requiresGrad: x.requiresGrad,
      version: x._storage?.version,
      grad: walk(x.grad, `${path}.grad`, seen),
    };
  }
  if (ArrayBuffer.isView(x)) return { typed: x.constructor.name, data: Array.from(x as unknown as ArrayLike<number>) };
  if (Array.isArray(x)) return x.map((v, i) => walk(v, `${path}[${i}]`, seen));
  if (x instanceof Map) return { map: [...x].map(([k, v], i) => [walk(k, `${path}<k${i}>`, seen), walk(v, `${path}<${i}>`, seen)]) };
  if (x instanceof Set) return { set: [...x].map((v, i) => walk(v, `${path}{${i}}`, seen)) };
  const out: Record<string, unknown> = { class: x.constructor?.name ?? 'null-prototype' };
  for (const key of Object.keys(x)) out[key] = walk((x as Record<string, unknown>)[key], `${path}.${key}`, seen);
  return out;
}
