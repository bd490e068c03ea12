import { describe, expect, it } from 'vitest';
import { topoSort } from './topo.js';

interface Node {
  name: string;
  inputs: Node[];
}
const node = (name: string, ...inputs: Node[]): Node => ({ name, inputs });

describe('topoSort', () => {
  it('places every node once, after all of its inputs, with the root last', () => {
    const a = node('a');
    const b = node('b', a);
    const c = node('c', a, b);
    const d = node('d', b, c, c);
    const order = topoSort(d, (n) => n.inputs).map((n) => n.name);
    expect(order).toEqual(['a', 'b', 'c', 'd']);
  });

  it('walks a chain 10^6 deep without recursion', () => {
    let n = node('0');
    for (let i = 1; i <= 1_000_000; i++) n = node(String(i), n);
    const order = topoSort(n, (x) => x.inputs);
    expect(order).toHaveLength(1_000_001);
    expect(order[0]?.name).toBe('0');
  });
});
