import { ValueError } from '@nabla/autograd';

export { checkOptionKeys, closestKey, keysOf } from '@nabla/autograd';

/** One value per param group: `v` itself when it is an array (of the right length), else `v` repeated. */
export function perGroup(op: string, name: string, v: unknown, n: number, check: (x: unknown, what: string) => void): number[] {
  const list = Array.isArray(v) ? v : Array.from({ length: n }, () => v);
  if (list.length !== n) throw new ValueError(`${op}: expected ${n} values of ${name} (one per param group), got ${list.length}`);
  list.forEach((x: unknown, i) => check(x, Array.isArray(v) ? `${name}[${i}]` : name));
  return list as number[];
}
