import { Tensor } from '@nabla/autograd';

type Memo = Map<object, unknown>;

/**
 * A deep copy of a model, like Python's `copy.deepcopy` that PyTorch's `AveragedModel` uses: every object
 * reachable through own properties (enumerable or not, so a Module's registered parameters and buffers come
 * along) is copied once with its prototype, so the copy has the same classes and methods, and shared
 * references stay shared (a tied weight stays tied). Typed arrays (tensor storage), arrays, Maps and Sets are
 * copied; functions, WeakMaps, WeakSets and Promises are shared. A tensor becomes a detached leaf with its own
 * storage (its gradient, if any, is copied too).
 *
 * Limits (as for any generic copy in JavaScript): state held in closures (an arrow function field that
 * captures `this`) or in `#private` fields is not copied; pass your own `copy` to `AveragedModel` for such models.
 * @example
 * const twin = deepCopy(model); // same outputs, independent parameters
 */
export function deepCopy<T>(x: T): T {
  return copy(x, new Map()) as T;
}

function copy(x: unknown, memo: Memo): unknown {
  if (x === null || typeof x !== 'object') return x;
  if (memo.has(x)) return memo.get(x);
  if (x instanceof WeakMap || x instanceof WeakSet || x instanceof Promise) return x;
  if (ArrayBuffer.isView(x)) {
    const c = x instanceof DataView ? new DataView(x.buffer.slice(0), x.byteOffset, x.byteLength) : (x as unknown as { slice(): unknown }).slice();
    memo.set(x, c);
    return c;
  }
  if (x instanceof ArrayBuffer) return remember(memo, x, x.slice(0));
  if (x instanceof Date) return remember(memo, x, new Date(x.getTime()));
  if (Array.isArray(x)) {
    const c: unknown[] = remember(memo, x, []);
    x.forEach((v, i) => (c[i] = copy(v, memo)));
    return c;
  }
  if (x instanceof Map) {
    const c = remember(memo, x, new Map<unknown, unknown>());
    for (const [k, v] of x) c.set(copy(k, memo), copy(v, memo));
    return c;
  }
  if (x instanceof Set) {
    const c = remember(memo, x, new Set<unknown>());
    for (const v of x) c.add(copy(v, memo));
    return c;
  }
  const c = remember(memo, x, Object.create(Object.getPrototypeOf(x) as object | null) as object);
  const isTensor = x instanceof Tensor;
  for (const key of Reflect.ownKeys(x)) {
    const d = Object.getOwnPropertyDescriptor(x, key)!;
    // A copied tensor is a leaf: the graph that produced the original stays with the original.
    if ('value' in d) d.value = isTensor && key === '_node' ? null : copy(d.value, memo);
    Object.defineProperty(c, key, d);
  }
  return c;
}

function remember<T>(memo: Memo, from: object, to: T): T {
  memo.set(from, to);
  return to;
}
