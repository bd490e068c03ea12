import { describe, expect, it } from 'vitest';
import { defineOp } from '../autodiff/custom-op.js';
import { zeros } from '../creation/fill.js';
import { tensor } from '../creation/tensor.js';
import { ValueError } from '../errors.js';
import { toDot } from '../scalar/to-dot.js';
import { Value } from '../scalar/value.js';

const count = (text: string, re: RegExp): number => text.match(re)?.length ?? 0;

describe('toDot on Tensor graphs', () => {
  it('draws one record per tensor (leaf, constant or computed) with shape and dtype, one ellipse per op', () => {
    const w = tensor([[1, -2], [3, 4]], { requiresGrad: true });
    const c = tensor([[0.5, 2], [-1, 3]]);
    const loss = w.matmul(w).mul(c).relu().sum();
    const dot = toDot(loss);
    expect(dot).toMatch(/^digraph G \{\n {2}rankdir=LR;/);
    expect(dot).toContain('{ leaf | [2,2] float32 }');
    expect(dot).toContain('{ constant | [2,2] float32 }');
    expect(dot).toContain('{ [] float32 }');
    for (const op of ['matmul', 'mul', 'relu', 'sum']) expect(dot).toContain(`label="${op}", shape=ellipse`);
    // Every computed tensor has exactly one op node, and every op node one edge to its output.
    expect(count(dot, /_op \[label=/g)).toBe(count(dot, /_op -> n\d+;/g));
    expect(dot).not.toContain('data ');
  });

  it('shows values and grads of small tensors with showValues, 4 significant digits', () => {
    const w = tensor([[1, -2], [3, 4]], { requiresGrad: true, dtype: 'float64' });
    const big = zeros([5, 5], { requiresGrad: true });
    const y = w.mul(Math.PI).sum().add(big.sum());
    y.backward(undefined, { retainGraph: true });
    const dot = toDot(y, { showValues: true });
    expect(dot).toContain('{ leaf | [2,2] float64 | data [[1, -2], [3, 4]] | grad [[3.142, 3.142], [3.142, 3.142]] }');
    expect(dot).toContain('{ leaf | [5,5] float32 }'); // 25 elements > the default 16
    expect(toDot(y, { showValues: true, maxValues: 25 })).toContain('{ leaf | [5,5] float32 | data [[0, 0, 0, 0, 0], ');
    expect(toDot(y, { rankdir: 'TB' })).toContain('rankdir=TB;');
  });

  it('draws an input used twice once, with two edges, and names custom ops and freed nodes', () => {
    const x = tensor([2], { requiresGrad: true });
    const square = defineOp({ name: 'mySquare', forward: (t) => t.square(), vjp: (g, { inputs: [t] }) => [g.mul(t!).mul(2)] });
    const y = x.mul(x).add(square(x));
    let dot = toDot(y);
    const xId = /^ {2}(n\d+) \[label="\{ leaf \|/m.exec(dot)?.[1];
    expect(count(dot, new RegExp(`^ {2}${xId} -> `, 'gm'))).toBe(3);
    expect(dot).toContain('label="mySquare", shape=ellipse');
    y.backward(tensor([1]));
    dot = toDot(y);
    expect(dot).toContain('label="add (freed)"');
  });

  it('renders a chain 20,000 ops deep without recursion (a recursive walk dies near 11k frames)', () => {
    let y = tensor([0], { requiresGrad: true });
    for (let i = 0; i < 20_000; i++) y = y.add(1);
    expect(count(toDot(y), /_op \[label="add"/g)).toBe(20_000);
  });

  it('still draws Value graphs, and rejects anything else naming both kinds', () => {
    expect(toDot(new Value(2, { label: 'a' }).mul(3))).toContain('label="mul", shape=ellipse');
    expect(() => toDot([1, 2] as never)).toThrow(ValueError);
    expect(() => toDot([1, 2] as never)).toThrow(/toDot: root must be a Value or a Tensor, got an array of length 2/);
  });
});
