import { Tensor, ValueError, describe } from '@nabla/autograd';
import { Module } from './module.js';

function checkModule(op: string, m: unknown, where: string): Module {
  if (m instanceof Module) return m;
  throw new ValueError(`${op}: ${where} must be a Module, got ${describe(m)}`);
}

/**
 * A list of sub-modules, registered so that their parameters are found, named `0`, `1`, ... as in PyTorch
 * (`layers.0.weight` when held in a field `layers`). Index it like an array: `list[0]` or `list.at(-1)`.
 * It has no forward of its own; iterate over it in the parent's forward.
 *
 * @example
 * const blocks = new ModuleList([new Linear(4, 4), new Linear(4, 4)]);
 * for (const b of blocks) x = b.forward(x);
 */
export class ModuleList extends Module implements Iterable<Module> {
  // Modules live in own numeric properties, which the field walk visits first and in index order.
  readonly [index: number]: Module;

  constructor(modules: Iterable<Module> = []) {
    super();
    if (modules === null || typeof (modules as Partial<Iterable<Module>>)[Symbol.iterator] !== 'function') {
      throw new ValueError(`ModuleList: expected an array of Modules, got ${describe(modules)}`);
    }
    for (const m of modules) this.append(m);
  }

  /** Number of modules. */
  get length(): number {
    let n = 0;
    while (Object.prototype.hasOwnProperty.call(this, n)) n++;
    return n;
  }

  /** Adds a module at the end. */
  append(m: Module): this {
    const i = this.length;
    (this as unknown as Record<number, Module>)[i] = checkModule('ModuleList.append', m, `module ${i}`);
    return this;
  }

  /** Adds several modules at the end. */
  extend(modules: Iterable<Module>): this {
    for (const m of modules) this.append(m);
    return this;
  }

  /** The module at `i` (negative counts from the end), or undefined. */
  at(i: number): Module | undefined {
    const n = this.length;
    return this[i < 0 ? n + i : i];
  }

  /** The modules in order, for `for (const m of list)`. */
  *[Symbol.iterator](): Iterator<Module> {
    for (let i = 0; i < this.length; i++) yield this[i]!;
  }

  forward(): never {
    throw new ValueError('ModuleList: has no forward; call its modules in the parent module');
  }
}

/**
 * Chains modules: `forward(x)` feeds x through each in order. Children are named `0`, `1`, ... (PyTorch
 * `nn.Sequential`), or by the keys of an object for PyTorch's `OrderedDict` form.
 *
 * @example
 * const mlp = new Sequential(new Linear(2, 8), new ReLU(), new Linear(8, 1));
 * mlp.forward(zeros([5, 2])).shape; // [5, 1]
 * new Sequential({ fc: new Linear(2, 1), act: new Sigmoid() }).namedParameters()[0]![0]; // 'fc.weight'
 */
export class Sequential extends Module implements Iterable<Module> {
  declare private readonly order: readonly string[];

  constructor(...modules: Module[] | [Record<string, Module>]) {
    super();
    const first = modules[0];
    const named = modules.length === 1 && !(first instanceof Module) && typeof first === 'object' && first !== null;
    const entries: [string, unknown][] = named ? Object.entries(first) : modules.map((m, i) => [String(i), m]);
    for (const [key, m] of entries) {
      if (key === '' || key.includes('.')) throw new ValueError(`Sequential: module names must be non-empty without '.', got '${key}'`);
      (this as unknown as Record<string, Module>)[key] = checkModule('Sequential', m, `module '${key}'`);
    }
    // Non-enumerable, so it is not walked; kept for forward's order (integer-like keys would sort first).
    Object.defineProperty(this, 'order', { value: entries.map(([k]) => k), enumerable: false });
  }

  /** Number of modules. */
  get length(): number {
    return this.order.length;
  }

  /** The module at position `i` (negative counts from the end), or undefined. */
  at(i: number): Module | undefined {
    const key = this.order.at(i);
    return key === undefined ? undefined : (this as unknown as Record<string, Module>)[key];
  }

  /** The modules in order, for `for (const m of seq)`. */
  *[Symbol.iterator](): Iterator<Module> {
    for (let i = 0; i < this.order.length; i++) yield this.at(i)!;
  }

  /** Runs the modules in order, each on the previous one's output. */
  forward(x: Tensor): Tensor {
    let out: unknown = x;
    for (const [i, m] of [...this].entries()) {
      out = m.forward(out);
      if (!(out instanceof Tensor) && i < this.length - 1) {
        throw new ValueError(`Sequential: module ${this.order[i]} (${m.constructor.name}) returned ${describe(out)}, not a Tensor`);
      }
    }
    return out as Tensor;
  }
}
