import { Value } from '@nabla/autograd';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildGraph, finiteDifferences } from './build.js';
import { parse } from './parser.js';
import { BackwardStepper, localDerivatives } from './step.js';

const env = (o: Record<string, number>): Map<string, number> => new Map(Object.entries(o));

/** Steps a fresh graph to the end and returns the variables' grads. */
function steppedGrads(src: string, values: Record<string, number>): Map<string, number> {
  const g = buildGraph(parse(src), env(values));
  const s = new BackwardStepper(g.root);
  while (s.step()) {
    /* one node per step */
  }
  return new Map([...g.vars].map(([k, v]) => [k, v.grad]));
}

/** The engine's own grads for the same expression and values. */
function engineGrads(src: string, values: Record<string, number>): Map<string, number> {
  const g = buildGraph(parse(src), env(values));
  g.root.backward();
  return new Map([...g.vars].map(([k, v]) => [k, v.grad]));
}

function expectClose(actual: Map<string, number>, expected: Map<string, number>, tol: number): void {
  expect([...actual.keys()]).toEqual([...expected.keys()]);
  for (const [k, want] of expected) {
    const got = actual.get(k) as number;
    expect(Math.abs(got - want), `${k}: ${got} vs ${want}`).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(want)));
  }
}

describe('localDerivatives', () => {
  const a = new Value(2);
  const b = new Value(-3);
  it.each([
    ['add', a.add(b), [1, 1]],
    ['sub', a.sub(b), [1, -1]],
    ['mul', a.mul(b), [-3, 2]],
    ['div', a.div(b), [-1 / 3, -(2 / -3) / -3]],
    ['pow', a.pow(b), [-3 * 2 ** -4, 2 ** -3 * Math.log(2)]],
    ['neg', a.neg(), [-1]],
    ['exp', a.exp(), [Math.exp(2)]],
    ['log', a.log(), [0.5]],
    ['tanh', a.tanh(), [1 - Math.tanh(2) ** 2]],
    ['sigmoid', b.sigmoid(), [Math.exp(3) / (1 + Math.exp(3)) ** 2]],
    ['relu', a.relu(), [1]],
    ['relu below 0', b.relu(), [0]],
    ['leaf', a, []],
  ])('%s', (_name, out, want) => {
    const got = localDerivatives(out).map((l) => l.value);
    expect(got.length).toBe(want.length);
    got.forEach((v, i) => expect(v).toBeCloseTo(want[i] as number, 12));
  });

  it('pins the engine choices at kinks: relu(0), 0^y, x^0', () => {
    expect(localDerivatives(new Value(0).relu())[0]?.value).toBe(0);
    expect(localDerivatives(new Value(0).pow(2))[1]?.value).toBe(0);
    expect(localDerivatives(new Value(0).pow(0))[0]?.value).toBe(0);
  });
});

describe('BackwardStepper', () => {
  it('processes one node per step, root first, seeding the root grad with 1', () => {
    const g = buildGraph(parse('a*b + a'), env({ a: 2, b: -3 }));
    const s = new BackwardStepper(g.root);
    const first = s.step();
    expect(first?.node).toBe(g.root);
    expect(first?.g).toBe(1);
    expect(first?.contributions.map((c) => c.product)).toEqual([1, 1]);
    expect(s.position).toBe(1);
    const second = s.step(); // t1 = a*b: a += 1 * b, b += 1 * a
    expect(second?.node.op).toBe('mul');
    expect(second?.contributions.map((c) => [c.local.formula, c.product, c.gradAfter])).toEqual([
      ['y', -3, -2], // a already had 1 from the root's '+ a'
      ['x', 2, 2],
    ]);
    while (s.step());
    expect(s.done).toBe(true);
    expect(s.step()).toBeNull();
    expect([g.vars.get('a')?.grad, g.vars.get('b')?.grad]).toEqual([-2, 2]);
  });

  it('zeroes stale grads when a sweep starts', () => {
    const g = buildGraph(parse('a*a'), env({ a: 3 }));
    g.root.backward();
    g.root.backward();
    const s = new BackwardStepper(g.root);
    while (s.step());
    expect(g.vars.get('a')?.grad).toBe(6);
  });

  it.each([
    ['a*b + tanh(c) - relu(d)/2', { a: 2, b: -3, c: 0.5, d: 1.5 }],
    ['a*a*a - exp(a)/a', { a: 1.3 }],
    ['sigmoid(w*x + b)^2 + log(x)', { w: 0.7, x: 2.5, b: -0.4 }],
    ['x^y + y^x - (x - y)/(x + y)', { x: 1.7, y: 0.6 }],
    ['-relu(-a) + 3', { a: -2 }],
  ])('a full sweep matches Value.backward() and finite differences: %s', (src, values) => {
    const stepped = steppedGrads(src, values);
    expectClose(stepped, engineGrads(src, values), 1e-12);
    expectClose(stepped, finiteDifferences(parse(src), env(values)), 1e-6);
  });

  it('matches Value.backward() on random inputs (property)', () => {
    const src = 'a*b + tanh(c) - relu(d)/2 + sigmoid(a - c)^2 - exp(b/3) + log(d*d + 1)';
    const val = fc.double({ min: -3, max: 3, noNaN: true });
    fc.assert(
      fc.property(val, val, val, val, (a, b, c, d) => {
        expectClose(steppedGrads(src, { a, b, c, d }), engineGrads(src, { a, b, c, d }), 1e-12);
      }),
      { seed: 8, numRuns: 50 },
    );
  });
});
