/**
 * A minimal micrograd-style scalar engine: the natural baseline for nabla's `Value` (W4). It is what a
 * careful JS programmer writes in an afternoon: one class, a closure per op for the local backward rule,
 * and an iterative topological sort (a recursive one dies near 11k frames on Node's stack).
 */
export class MValue {
  data: number;
  grad = 0;
  readonly prev: readonly MValue[];
  backwardFn: () => void = noop;

  constructor(data: number, prev: readonly MValue[] = []) {
    this.data = data;
    this.prev = prev;
  }

  add(y: MValue | number): MValue {
    const o = lift(y);
    const out = new MValue(this.data + o.data, [this, o]);
    out.backwardFn = () => {
      this.grad += out.grad; // d(x + y) = dx + dy
      o.grad += out.grad;
    };
    return out;
  }

  mul(y: MValue | number): MValue {
    const o = lift(y);
    const out = new MValue(this.data * o.data, [this, o]);
    out.backwardFn = () => {
      this.grad += o.data * out.grad; // d(xy) = y dx + x dy
      o.grad += this.data * out.grad;
    };
    return out;
  }

  sub(y: MValue | number): MValue {
    return this.add(lift(y).mul(-1));
  }

  pow(k: number): MValue {
    const out = new MValue(this.data ** k, [this]);
    out.backwardFn = () => {
      this.grad += k * this.data ** (k - 1) * out.grad; // d(x^k) = k x^(k-1) dx
    };
    return out;
  }

  tanh(): MValue {
    const t = Math.tanh(this.data);
    const out = new MValue(t, [this]);
    out.backwardFn = () => {
      this.grad += (1 - t * t) * out.grad; // d tanh(x) = (1 - tanh(x)^2) dx
    };
    return out;
  }

  /** Reverse sweep from this node: iterative post-order DFS, then the rules in reverse topological order. */
  backward(): void {
    const topo: MValue[] = [];
    const visited = new Set<MValue>();
    const stack: [MValue, number][] = [[this, 0]];
    visited.add(this);
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const [v, i] = top;
      if (i < v.prev.length) {
        top[1] = i + 1;
        const child = v.prev[i]!;
        if (!visited.has(child)) {
          visited.add(child);
          stack.push([child, 0]);
        }
      } else {
        stack.pop();
        topo.push(v);
      }
    }
    this.grad = 1;
    for (let k = topo.length - 1; k >= 0; k--) topo[k]!.backwardFn();
  }
}

function noop(): void {}

function lift(y: MValue | number): MValue {
  return y instanceof MValue ? y : new MValue(y);
}

/** micrograd's Neuron/Layer/MLP in one: tanh hidden layers, linear output. */
export class MMLP {
  readonly layers: { w: MValue[][]; b: MValue[]; act: boolean }[];

  constructor(sizes: readonly number[], rand: () => number) {
    this.layers = sizes.slice(1).map((nout, l) => {
      const nin = sizes[l]!;
      const w = Array.from({ length: nout }, () => Array.from({ length: nin }, () => new MValue(rand() * 2 - 1)));
      const b = Array.from({ length: nout }, () => new MValue(0));
      return { w, b, act: l < sizes.length - 2 };
    });
  }

  forward(x: readonly (number | MValue)[]): MValue[] {
    let h: readonly (number | MValue)[] = x;
    for (const { w, b, act } of this.layers) {
      h = w.map((row, j) => {
        let s = b[j]!;
        for (let i = 0; i < row.length; i++) s = s.add(row[i]!.mul(lift(h[i]!)));
        return act ? s.tanh() : s;
      });
    }
    return h as MValue[];
  }

  parameters(): MValue[] {
    return this.layers.flatMap(({ w, b }) => [...w.flat(), ...b]);
  }
}
