/**
 * The scalar engine's table of operations: a forward formula and a vector-Jacobian product per op, in the
 * house vocabulary (`g` incoming gradient, `out` forward result, `x, y` inputs). `Value` looks rules up
 * here; the `satisfies` clause makes the compiler check the table covers every op name.
 */

/** One-input rule: `vjp` returns g * d out / d x. */
export interface UnaryRule {
  readonly arity: 1;
  readonly forward: (x: number) => number;
  readonly vjp: (g: number, x: number, out: number) => number;
}

/** Two-input rule: `vjp` returns [g * d out / d x, g * d out / d y]. */
export interface BinaryRule {
  readonly arity: 2;
  readonly forward: (x: number, y: number) => number;
  readonly vjp: (g: number, x: number, y: number, out: number) => readonly [number, number];
}

export type UnaryOp = 'neg' | 'exp' | 'log' | 'tanh' | 'sigmoid' | 'relu';
export type BinaryOp = 'add' | 'sub' | 'mul' | 'div' | 'pow';
export type OpName = UnaryOp | BinaryOp;
export type Rule = UnaryRule | BinaryRule;

const unary = (forward: UnaryRule['forward'], vjp: UnaryRule['vjp']): UnaryRule => ({ arity: 1, forward, vjp });
const binary = (forward: BinaryRule['forward'], vjp: BinaryRule['vjp']): BinaryRule => ({ arity: 2, forward, vjp });

/**
 * Sigmoid computed through e^-|x|, whose argument is never positive, so no intermediate overflows (the other
 * textbook form e^x / (1 + e^x) gives Infinity / Infinity = NaN at x = 1000). In float64 sigmoid(400) rounds
 * to exactly 1 while sigmoid(-400) = e^-400 ~ 1.9e-174 is still representable; it reaches exactly 0 below
 * about -745, where e^x underflows.
 */
export function stableSigmoid(x: number): number {
  const e = Math.exp(-Math.abs(x));
  return x >= 0 ? 1 / (1 + e) : e / (1 + e);
}

// sub and div are rules of their own rather than compositions (x + -y, x * y^-1), so a DOT picture shows the
// op the user wrote, and x / y does not compute a pow exponent-gradient that is NaN for negative y.
export const rules = {
  add: binary((x, y) => x + y, (g) => [g, g]), // d(x + y) = dx + dy
  sub: binary((x, y) => x - y, (g) => [g, -g]), // d(x - y) = dx - dy
  mul: binary((x, y) => x * y, (g, x, y) => [g * y, g * x]), // d(xy) = y dx + x dy
  div: binary((x, y) => x / y, (g, _x, y, out) => [g / y, (-g * out) / y]), // d(x/y) = dx / y - (x / y^2) dy
  // d(x^y) = y x^(y-1) dx + x^y ln(x) dy. Two pinned choices (as PyTorch): the dx term is 0 when y = 0 (x^0 is
  // constant, even at x = 0 where 0 * 0^-1 would be NaN), and the dy term is 0 when x = 0 and y >= 0 (not
  // 0 * ln 0 = NaN; 0^y is constant for y > 0); for y < 0 it is inf * -inf = -inf. JavaScript gives 0 ** 0 = 1.
  pow: binary(
    (x, y) => x ** y,
    (g, x, y, out) => [y === 0 ? 0 : g * y * x ** (y - 1), x === 0 && y >= 0 ? 0 : g * out * Math.log(x)],
  ),
  neg: unary((x) => -x, (g) => -g), // d(-x) = -dx
  exp: unary(Math.exp, (g, _x, out) => g * out), // d e^x = e^x dx = out dx
  log: unary(Math.log, (g, x) => g / x), // d ln x = dx / x (log 0 = -Inf with gradient +Inf, by continuity)
  tanh: unary(Math.tanh, (g, _x, out) => g * (1 - out * out)), // d tanh x = (1 - tanh^2 x) dx
  // d sigmoid x = s (1 - s) dx with s = out; exactly 0 where s rounds to 0 or 1, never NaN.
  sigmoid: unary(stableSigmoid, (g, _x, out) => g * out * (1 - out)),
  // d relu x = [x > 0] dx; at x = 0 we pick 0, the minimum-norm subgradient (as JAX and micrograd do).
  // Math.max keeps relu(NaN) = NaN, so a NaN input propagates instead of being hidden as 0.
  relu: unary((x) => Math.max(x, 0), (g, x) => (x > 0 ? g : 0)),
} satisfies { [K in UnaryOp]: UnaryRule } & { [K in BinaryOp]: BinaryRule };
