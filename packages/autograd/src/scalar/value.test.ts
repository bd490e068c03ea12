import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Value } from './value.js';

// Random expression trees over every scalar op, evaluated twice: on Values (analytic gradients by backward)
// and on plain numbers (central finite differences). Domains are kept safe by construction: log, pow bases
// and divisors see pos(x) = x^2 + 0.5 > 0, and trees whose relu input comes near the kink are discarded.

type Unary = 'neg' | 'exp' | 'log' | 'tanh' | 'sigmoid' | 'relu' | 'powConst' | 'powInt';
type Binary = 'add' | 'sub' | 'mul' | 'div' | 'pow';
type Expr =
  | { k: 'leaf'; i: number }
  | { k: 'const'; c: number }
  | { k: 'unary'; op: Unary; x: Expr; e: number }
  | { k: 'binary'; op: Binary; x: Expr; y: Expr };

/** The ops an evaluator needs; the number version is the plain reference, written without the engine. */
interface Algebra<T> {
  lift(c: number): T;
  add(x: T, y: T | number): T;
  sub(x: T, y: T): T;
  mul(x: T, y: T): T;
  div(x: T, y: T): T;
  pow(x: T, y: T | number): T;
  neg(x: T): T;
  exp(x: T): T;
  log(x: T): T;
  tanh(x: T): T;
  sigmoid(x: T): T;
  relu(x: T): T;
}

const values: Algebra<Value> = {
  lift: (c) => new Value(c),
  add: (x, y) => x.add(y),
  sub: (x, y) => x.sub(y),
  mul: (x, y) => x.mul(y),
  div: (x, y) => x.div(y),
  pow: (x, y) => x.pow(y),
  neg: (x) => x.neg(),
  exp: (x) => x.exp(),
  log: (x) => x.log(),
  tanh: (x) => x.tanh(),
  sigmoid: (x) => x.sigmoid(),
  relu: (x) => x.relu(),
};

/** Plain-number reference that also records the largest intermediate and the relu input nearest 0. */
function numbers(stats: { maxAbs: number; minRelu: number }): Algebra<number> {
  const r = (v: number): number => {
    stats.maxAbs = Math.max(stats.maxAbs, Math.abs(v));
    return v;
  };
  return {
    lift: (c) => c,
    add: (x, y) => r(x + y),
    sub: (x, y) => r(x - y),
    mul: (x, y) => r(x * y),
    div: (x, y) => r(x / y),
    pow: (x, y) => r(x ** y),
    neg: (x) => -x,
    exp: (x) => r(Math.exp(x)),
    log: (x) => r(Math.log(x)),
    tanh: (x) => Math.tanh(x),
    sigmoid: (x) => 1 / (1 + Math.exp(-x)),
    relu: (x) => {
      stats.minRelu = Math.min(stats.minRelu, Math.abs(x));
      return x > 0 ? x : 0;
    },
  };
}

function evaluate<T>(e: Expr, leaves: readonly T[], A: Algebra<T>): T {
  const pos = (x: T): T => A.add(A.mul(x, x), 0.5);
  switch (e.k) {
    case 'leaf':
      return leaves[e.i % leaves.length] as T;
    case 'const':
      return A.lift(e.c);
    case 'unary': {
      const x = evaluate(e.x, leaves, A);
      if (e.op === 'log') return A.log(pos(x));
      if (e.op === 'powConst') return A.pow(pos(x), e.e);
      if (e.op === 'powInt') return A.pow(x, Math.round(Math.abs(e.e)) + 1); // negative bases, integer exponents
      return A[e.op](x);
    }
    case 'binary': {
      const x = evaluate(e.x, leaves, A);
      const y = evaluate(e.y, leaves, A);
      if (e.op === 'div') return A.div(x, pos(y));
      if (e.op === 'pow') return A.pow(pos(x), y);
      return A[e.op](x, y);
    }
  }
}

const UNARY: Unary[] = ['neg', 'exp', 'log', 'tanh', 'sigmoid', 'relu', 'powConst', 'powInt'];
const BINARY: Binary[] = ['add', 'sub', 'mul', 'div', 'pow'];

function arbExpr(depth: number): fc.Arbitrary<Expr> {
  const leaf = fc.oneof(
    { arbitrary: fc.record({ k: fc.constant('leaf' as const), i: fc.nat(3) }), weight: 3 },
    { arbitrary: fc.record({ k: fc.constant('const' as const), c: fc.double({ min: -2, max: 2, noNaN: true }) }), weight: 1 },
  );
  if (depth === 0) return leaf;
  const sub = arbExpr(depth - 1);
  return fc.oneof(
    { arbitrary: leaf, weight: 1 },
    {
      arbitrary: fc.record({
        k: fc.constant('unary' as const),
        op: fc.constantFrom(...UNARY),
        x: sub,
        e: fc.constantFrom(-1.5, -1, 0.5, 2, 3),
      }),
      weight: 2,
    },
    { arbitrary: fc.record({ k: fc.constant('binary' as const), op: fc.constantFrom(...BINARY), x: sub, y: sub }), weight: 2 },
  );
}

describe('Value gradients on random expression trees', () => {
  it('match central finite differences for every leaf', () => {
    const h = 1e-6;
    const xs = fc.array(fc.double({ min: -1.5, max: 1.5, noNaN: true }), { minLength: 1, maxLength: 4 });
    fc.assert(
      fc.property(arbExpr(4), xs, (expr, x) => {
        const stats = { maxAbs: 0, minRelu: Infinity };
        const f0 = evaluate(expr, x, numbers(stats));
        // Finite differences lose digits once intermediates are large (round-off ~ 1e-16 |f| / h) or a relu
        // input sits near its kink, so such trees say nothing about the engine.
        fc.pre(Number.isFinite(f0) && stats.maxAbs <= 100 && stats.minRelu > 0.1);
        const leaves = x.map((v) => new Value(v));
        const out = evaluate(expr, leaves, values);
        expect(Math.abs(out.data - f0)).toBeLessThanOrEqual(1e-12 * (1 + Math.abs(f0)));
        out.backward();
        const f = (xi: number[]): number => evaluate(expr, xi, numbers({ maxAbs: 0, minRelu: Infinity }));
        leaves.forEach((leaf, i) => {
          const numeric = (f(x.with(i, x[i]! + h)) - f(x.with(i, x[i]! - h))) / (2 * h);
          const ok = Math.abs(leaf.grad - numeric) <= 1e-5 + 1e-3 * Math.abs(numeric);
          if (!ok) throw new Error(`leaf ${i}: analytic ${leaf.grad} vs numeric ${numeric}`);
        });
      }),
      { seed: 42, numRuns: 200 },
    );
  });
});
