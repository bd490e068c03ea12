/**
 * Backpropagation one node at a time, for the page's "Step backward" button. The engine's `backward()` does
 * the whole sweep in one call; here the same sweep is unrolled so each step can be shown: the node being
 * processed, the local derivative d(node)/d(input) for each input, and the chain-rule product
 * grad(node) * local that is added to the input's grad. The local derivatives mirror the rules of the
 * engine's scalar table (packages/autograd/src/scalar/rules.ts), including its choices at kinks; the tests
 * check that a full sweep here gives the same grads as `Value.backward()`.
 */
import type { Value } from '@nabla/autograd';
import { topoOrder } from './build.js';

/** d(out)/d(input) at the current data, and how the page writes it (in terms of x, y and out). */
export interface LocalDerivative {
  value: number;
  formula: string;
}

/**
 * The local derivative of `out` with respect to each of its inputs (in `out.prev` order), as the engine's
 * rules define it; empty for a leaf.
 * @example localDerivatives(a.mul(b)); // [{ value: b.data, formula: 'y' }, { value: a.data, formula: 'x' }]
 */
export function localDerivatives(out: Value): LocalDerivative[] {
  const [xv, yv] = out.prev;
  const x = xv?.data ?? NaN;
  const y = yv?.data ?? NaN;
  const o = out.data;
  switch (out.op) {
    case 'add': // d(x + y) = dx + dy
      return [d(1, '1'), d(1, '1')];
    case 'sub': // d(x - y) = dx - dy
      return [d(1, '1'), d(-1, '-1')];
    case 'mul': // d(xy) = y dx + x dy
      return [d(y, 'y'), d(x, 'x')];
    case 'div': // d(x/y) = dx / y - (x / y^2) dy, written with out = x / y
      return [d(1 / y, '1 / y'), d(-o / y, '-out / y')];
    case 'pow': // d(x^y) = y x^(y-1) dx + x^y ln(x) dy; 0 for dx when y = 0 and for dy when x = 0 (the engine's picks)
      return [d(y === 0 ? 0 : y * x ** (y - 1), 'y · x^(y-1)'), d(x === 0 ? 0 : o * Math.log(x), 'out · ln x')];
    case 'neg': // d(-x) = -dx
      return [d(-1, '-1')];
    case 'exp': // d e^x = e^x dx = out dx
      return [d(o, 'out')];
    case 'log': // d ln x = dx / x
      return [d(1 / x, '1 / x')];
    case 'tanh': // d tanh x = (1 - tanh^2 x) dx
      return [d(1 - o * o, '1 - out²')];
    case 'sigmoid': // d sigmoid x = s (1 - s) dx with s = out
      return [d(o * (1 - o), 'out · (1 - out)')];
    case 'relu': // d relu x = [x > 0] dx; 0 at the kink x = 0, as the engine picks
      return [d(x > 0 ? 1 : 0, 'x > 0 ? 1 : 0')];
    case '':
      return [];
    default:
      throw new Error(`step: no local derivative for op '${out.op}'`);
  }
}

const d = (value: number, formula: string): LocalDerivative => ({ value, formula });

/** One input's share of a step: input.grad += g * local. */
export interface Contribution {
  input: Value;
  /** Position of the input among `node.prev` (0 for x, 1 for y). */
  index: number;
  local: LocalDerivative;
  /** g * local, the amount added to `input.grad`. */
  product: number;
  /** input.grad after the addition. */
  gradAfter: number;
}

/** What one press of "Step backward" did. */
export interface Step {
  node: Value;
  /** The node's finished gradient d(root)/d(node) (1 for the root itself). */
  g: number;
  contributions: Contribution[];
}

/**
 * Walks the graph below `root` in reverse topological order, one node per `step()`, writing into each
 * Value's `.grad` exactly what `root.backward()` would, after zeroing them all at the first step.
 * @example
 * const s = new BackwardStepper(loss);
 * while (!s.done) s.step(); // now every .grad equals what loss.backward() gives from zero
 */
export class BackwardStepper {
  /** Nodes in processing order: the root first, each node after every node that uses it. */
  readonly order: readonly Value[];
  private cursor = 0;

  constructor(readonly root: Value) {
    this.order = topoOrder(root).reverse();
  }

  /** How many nodes have been processed. */
  get position(): number {
    return this.cursor;
  }

  get done(): boolean {
    return this.cursor >= this.order.length;
  }

  /** Processes the next node and reports it; null when the sweep is finished. */
  step(): Step | null {
    if (this.done) return null;
    if (this.cursor === 0) {
      for (const v of this.order) v.grad = 0;
      this.root.grad = 1; // d(root)/d(root) = 1 seeds the chain rule
    }
    const node = this.order[this.cursor++] as Value;
    const g = node.grad;
    const contributions = localDerivatives(node).map((local, index): Contribution => {
      const input = node.prev[index] as Value;
      const product = g * local.value;
      input.grad += product;
      return { input, index, local, product, gradAfter: input.grad };
    });
    return { node, g, contributions };
  }
}
