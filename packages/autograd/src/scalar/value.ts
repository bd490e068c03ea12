import { ValueError, describe } from '../errors.js';
import { topoSort, type VisitMarks } from '../graph/topo.js';
import { rules, type BinaryOp, type OpName, type UnaryOp } from './rules.js';

/** Options for `new Value`. */
export interface ValueOptions {
  /** A name shown by `toDot` and `toString`; default ''. */
  label?: string;
}

/**
 * A scalar that remembers how it was computed, so `backward()` can fill in d(root)/d(node) for every node
 * of the expression graph below it: micrograd's engine, in TypeScript. Numbers are accepted wherever a
 * Value operand is (`x.mul(2)`) and become constant leaves. Non-finite numbers are allowed and propagate
 * as IEEE arithmetic says; a non-number throws `ValueError`.
 *
 * @example
 * const a = new Value(2, { label: 'a' });
 * const b = new Value(-3, { label: 'b' });
 * const c = a.mul(b).add(a.tanh());
 * c.backward();
 * a.grad; // -3 + (1 - tanh(2)^2)
 */
export class Value {
  /** The forward result. */
  data: number;
  /** d(root)/d(this), summed over every `backward()` call since the last `zeroGrad()`. */
  grad = 0;
  /** A name for pictures and printing. */
  label: string;
  private opName: OpName | '' = '';
  private inputs: readonly Value[] = NO_INPUTS;
  // Scratch space for the gradient of the backward pass in progress (see `backward`).
  private pending = 0;
  // The number of the last graph walk that visited this node: cheaper than a Set (see graph/topo.ts).
  private visit = 0;
  private static readonly marks: VisitMarks<Value> = {
    get: (v) => v.visit,
    set: (v, mark) => {
      v.visit = mark;
    },
  };

  constructor(data: number, opts?: ValueOptions) {
    if (typeof data !== 'number') throw new ValueError(`Value: data must be a number, got ${describe(data)}`);
    // No default `{}` for opts: every op makes a Value, and an options object per node is measurable.
    const label = opts === undefined ? '' : (opts.label ?? '');
    if (typeof label !== 'string') throw new ValueError(`Value: label must be a string, got ${describe(label)}`);
    this.data = data;
    this.label = label;
  }

  /** The op that produced this Value, '' for a leaf (a Value made with `new Value` or from a number). */
  get op(): string {
    return this.opName;
  }

  /** The Values this one was computed from, in argument order (`x.sub(y).prev` is `[x, y]`); empty for a leaf. */
  get prev(): readonly Value[] {
    return this.inputs;
  }

  /** x + y. @example new Value(2).add(3).data; // 5 */
  add(y: Value | number): Value {
    return this.binary('add', y);
  }

  /** x - y. @example new Value(2).sub(3).data; // -1 */
  sub(y: Value | number): Value {
    return this.binary('sub', y);
  }

  /** x * y. @example new Value(2).mul(3).data; // 6 */
  mul(y: Value | number): Value {
    return this.binary('mul', y);
  }

  /** x / y (IEEE: division by 0 gives ±Infinity or NaN). @example new Value(3).div(2).data; // 1.5 */
  div(y: Value | number): Value {
    return this.binary('div', y);
  }

  /**
   * x^y, with a number or Value exponent. 0^0 = 1; a negative base with a fractional exponent is NaN. The
   * gradient w.r.t. the exponent is 0 at base 0 (not NaN), and w.r.t. the base is 0 when the exponent is 0.
   * @example new Value(2).pow(3).data; // 8
   */
  pow(y: Value | number): Value {
    return this.binary('pow', y);
  }

  /** -x. @example new Value(2).neg().data; // -2 */
  neg(): Value {
    return this.unary('neg');
  }

  /** e^x (overflows to Infinity above ~709.78, without throwing). @example new Value(0).exp().data; // 1 */
  exp(): Value {
    return this.unary('exp');
  }

  /** Natural log: log 0 = -Infinity, log of a negative number = NaN. @example new Value(1).log().data; // 0 */
  log(): Value {
    return this.unary('log');
  }

  /** tanh x. @example new Value(0).tanh().data; // 0 */
  tanh(): Value {
    return this.unary('tanh');
  }

  /** 1 / (1 + e^-x), computed without overflow; gradient exactly 0 where it rounds to 0 or 1. @example new Value(0).sigmoid().data; // 0.5 */
  sigmoid(): Value {
    return this.unary('sigmoid');
  }

  /** max(x, 0); its gradient at exactly 0 is 0. @example new Value(-1).relu().data; // 0 */
  relu(): Value {
    return this.unary('relu');
  }

  /**
   * Adds d(this)/d(node) to `node.grad` for every node in the graph below this one, this one included
   * (whose own gradient is 1). Gradients ACCUMULATE, as in PyTorch: a second call adds the same amounts
   * again, which is how gradients of a sum of losses are gathered. Call `zeroGrad()` (on this Value, or on
   * the parameters of a model) before the next training step.
   *
   * Both the graph walk and the chain rule are loops over an explicit order, so graphs 10^6 deep work.
   * @example
   * const x = new Value(3);
   * const y = x.mul(x);
   * y.backward(); // x.grad = 6
   * y.backward(); // x.grad = 12: accumulated
   */
  backward(): void {
    const order = topoSort<Value>(this, (v) => v.inputs, Value.marks);
    // This pass's gradients live in `pending`, apart from .grad, so adding into .grad twice never
    // double-counts; a field rather than a Map because hashing 10^6 nodes costs more than the math.
    for (const v of order) v.pending = 0;
    this.pending = 1;
    for (let i = order.length - 1; i >= 0; i--) {
      const out = order[i] as Value;
      const g = out.pending;
      out.grad += g;
      if (out.opName === '') continue;
      const rule = rules[out.opName];
      const x = out.inputs[0] as Value;
      if (rule.arity === 1) {
        x.pending += rule.vjp(g, x.data, out.data);
      } else {
        const y = out.inputs[1] as Value;
        const [gx, gy] = rule.vjp(g, x.data, y.data, out.data);
        x.pending += gx;
        y.pending += gy;
      }
    }
  }

  /**
   * Sets `.grad = 0` on this Value and every node below it (iteratively). To reset only a model's weights,
   * zero its `parameters()` instead, e.g. `mlp.zeroGrad()` in `@nabla/nn/scalar`.
   * @example loss.zeroGrad(); // every .grad in loss's graph is 0 again
   */
  zeroGrad(): void {
    for (const v of topoSort<Value>(this, (n) => n.inputs, Value.marks)) v.grad = 0;
  }

  /** `Value(data=..., grad=...)`, with the label when there is one. */
  toString(): string {
    const name = this.label === '' ? '' : `${this.label}: `;
    return `Value(${name}data=${this.data}, grad=${this.grad})`;
  }

  private unary(op: UnaryOp): Value {
    return Value.node(op, rules[op].forward(this.data), [this]);
  }

  private binary(op: BinaryOp, y: Value | number): Value {
    const other = operand(op, y);
    return Value.node(op, rules[op].forward(this.data, other.data), [this, other]);
  }

  private static node(op: OpName, data: number, inputs: readonly Value[]): Value {
    const out = new Value(data);
    out.opName = op;
    out.inputs = inputs;
    return out;
  }
}

const NO_INPUTS: readonly Value[] = Object.freeze([]);

/** Wraps a number into a constant leaf; rejects anything else, naming the op and what it got. */
function operand(op: string, y: unknown): Value {
  if (y instanceof Value) return y;
  if (typeof y === 'number') return new Value(y);
  throw new ValueError(`${op}: operand must be a number or a Value, got ${describe(y)}`);
}
