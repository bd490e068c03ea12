import { describe, expect, it } from 'vitest';
import { toDot } from './to-dot.js';
import { Value } from './value.js';

const count = (text: string, re: RegExp): number => text.match(re)?.length ?? 0;

describe('toDot', () => {
  it('draws one record per Value, one op node per computed Value, and edges input -> op -> output', () => {
    const a = new Value(2, { label: 'a' });
    const b = new Value(-3, { label: 'b' });
    const e = a.mul(b); // computed
    const d = e.add(10); // computed, with a constant leaf
    const L = d.tanh(); // computed
    L.label = 'L';
    L.backward();
    const dot = toDot(L);
    // Values: a, b, e, the constant 10, d, L = 6 records; e, d, L = 3 ops.
    expect(count(dot, /^ {2}n\d+ \[label="\{/gm)).toBe(6);
    expect(count(dot, /^ {2}n\d+_op \[label=/gm)).toBe(3);
    // Edges: two into mul, two into add, one into tanh, plus one op -> output per op.
    expect(count(dot, /->/g)).toBe(5 + 3);
    expect(dot).toMatch(/^digraph G \{/);
    expect(dot).toContain('{ a | data 2 | grad ');
    expect(dot).toContain('label="mul", shape=ellipse');
    expect(dot).toContain(`{ L | data ${Number(Math.tanh(4).toPrecision(4))} | grad 1 }`);
  });

  it('draws a reused node once, with one edge per use', () => {
    const a = new Value(3, { label: 'a' });
    const b = a.add(a);
    const dot = toDot(b.mul(b));
    expect(count(dot, /^ {2}n\d+ \[label="\{/gm)).toBe(3);
    const aId = /^ {2}(n\d+) \[label="\{ a \|/m.exec(dot)?.[1];
    expect(count(dot, new RegExp(`^ {2}${aId} -> `, 'gm'))).toBe(2);
  });

  it('formats numbers with 4 significant digits', () => {
    const x = new Value(Math.PI, { label: 'x' });
    const dot = toDot(x.mul(123456.789).mul(1e-12).add(1.23456e25));
    expect(dot).toContain('data 3.142');
    expect(dot).toContain('data 123500');
    expect(dot).toContain('data 1e-12');
    expect(dot).toContain('data 1.235e+25');
    expect(toDot(new Value(NaN))).toContain('data NaN');
  });

  it('escapes quotes, braces, bars, angle brackets and backslashes in labels', () => {
    const dot = toDot(new Value(1, { label: 'a "b" {c} | <d> \\e' }));
    expect(dot).toContain('{ a \\"b\\" \\{c\\} \\| \\<d\\> \\\\e | data 1 | grad 0 }');
  });

  it('renders a graph 10^5 deep without recursion', () => {
    let y = new Value(0);
    for (let i = 0; i < 100_000; i++) y = y.add(1);
    const dot = toDot(y);
    expect(count(dot, /_op \[label="add"/g)).toBe(100_000);
  });
});
