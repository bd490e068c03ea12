import { Tensor, ValueError, describe } from '@nabla/autograd';
import { Module } from './module.js';
import { Parameter } from './parameter.js';

type Entries<T> = Record<string, T> | Iterable<readonly [string, T]>;

function entriesOf<T>(op: string, src: unknown): [string, T][] {
  if (src === undefined) return [];
  if (typeof src === 'object' && src !== null && typeof (src as Partial<Iterable<unknown>>)[Symbol.iterator] === 'function') {
    const out: [string, T][] = [];
    for (const e of src as Iterable<unknown>) {
      if (!Array.isArray(e) || e.length !== 2) throw new ValueError(`${op}: expected [name, value] pairs, got ${describe(e)}`);
      out.push(e as [string, T]);
    }
    return out;
  }
  if (typeof src === 'object' && src !== null && !(src instanceof Module) && !(src instanceof Tensor)) return Object.entries(src) as [string, T][];
  throw new ValueError(`${op}: expected an object or [name, value] pairs, got ${describe(src)}`);
}

/**
 * Shared by ModuleDict and ParameterDict: values live in own enumerable fields named by their keys (so the
 * field walk finds them and `dict.name` works), and a non-enumerable list keeps insertion order, which the
 * walk follows (plain field order would put integer-like keys first).
 */
abstract class KeyedContainer<T extends Module | Parameter, In = T> extends Module {
  declare private readonly order: string[];

  constructor() {
    super();
    Object.defineProperty(this, 'order', { value: [], enumerable: false });
  }

  /** @internal Checks (and converts) a value before it is stored. */
  protected abstract check(op: string, key: string, v: unknown): T;

  private slot(): Record<string, T | undefined> {
    return this as unknown as Record<string, T | undefined>;
  }

  /** Adds or replaces the entry `key`. */
  set(key: string, value: In): this {
    const op = `${this.constructor.name}.set`;
    if (typeof key !== 'string' || key === '' || key.includes('.')) throw new ValueError(`${op}: key must be a non-empty string without '.', got ${describe(key)}`);
    const fresh = !this.order.includes(key);
    // A key may not shadow a member (forward, keys, training, ...), as PyTorch refuses an existing attribute.
    if (fresh && key in this) throw new ValueError(`${op}: key '${key}' clashes with an attribute of ${this.constructor.name}`);
    this.slot()[key] = this.check(op, key, value);
    if (fresh) this.order.push(key);
    return this;
  }

  /** The entry `key`, or undefined. */
  get(key: string): T | undefined {
    return this.order.includes(key) ? this.slot()[key] : undefined;
  }

  /** Whether `key` is present. */
  has(key: string): boolean {
    return this.order.includes(key);
  }

  /** Removes `key` and returns its value (PyTorch's `pop`), or undefined if absent. */
  delete(key: string): T | undefined {
    const i = this.order.indexOf(key);
    if (i < 0) return undefined;
    const v = this.slot()[key];
    this.order.splice(i, 1);
    delete this.slot()[key];
    return v;
  }

  /** Removes every entry. */
  clear(): void {
    for (const k of [...this.order]) this.delete(k);
  }

  /** Adds or replaces every entry of `entries`, in order. */
  update(entries: Entries<In>): this {
    for (const [k, v] of entriesOf<In>(`${this.constructor.name}.update`, entries)) this.set(k, v);
    return this;
  }

  /** Number of entries. */
  get length(): number {
    return this.order.length;
  }

  /** The keys in insertion order. */
  keys(): string[] {
    return [...this.order];
  }

  /** The values in insertion order. */
  values(): T[] {
    return this.order.map((k) => this.slot()[k]!);
  }

  /** [key, value] pairs in insertion order (PyTorch's `items()`). */
  entries(): [string, T][] {
    return this.order.map((k) => [k, this.slot()[k]!]);
  }

  /** Iterates [key, value] pairs, like a Map. */
  [Symbol.iterator](): Iterator<[string, T]> {
    return this.entries()[Symbol.iterator]();
  }

  /** @internal Position of `name` in insertion order (entries not in the order go last). */
  protected rank(name: string): number {
    const i = this.order.indexOf(name);
    return i < 0 ? this.order.length : i;
  }

  forward(): never {
    throw new ValueError(`${this.constructor.name}: has no forward; call its entries in the parent module`);
  }
}

/**
 * Sub-modules keyed by name (PyTorch's `nn.ModuleDict`): registered so their parameters are found and named
 * `<field>.<key>.weight`, in insertion order. Hold one in a field where a plain object of modules would not
 * be walked.
 * @example
 * const heads = new ModuleDict({ cls: new Linear(8, 3), reg: new Linear(8, 1) });
 * heads.get('cls')!.forward(x); // heads.keys(): ['cls', 'reg']
 */
export class ModuleDict extends KeyedContainer<Module> {
  constructor(modules?: Entries<Module>) {
    super();
    this.update(entriesOf<Module>('ModuleDict', modules));
  }

  /** @internal */
  protected check(op: string, key: string, v: unknown): Module {
    if (v instanceof Module) return v;
    throw new ValueError(`${op}: '${key}' must be a Module, got ${describe(v)}`);
  }

  /** @internal Children in insertion order. */
  override _childSlots(): [string, Module | Parameter][] {
    return super._childSlots().sort((a, b) => this.rank(a[0]) - this.rank(b[0]));
  }
}

/** A Tensor becomes a Parameter sharing its storage (PyTorch wraps plain tensors the same way). */
function asParameter(op: string, where: string, v: unknown): Parameter {
  if (v instanceof Parameter) return v;
  if (v instanceof Tensor) return new Parameter(v.detach(), v.dtype !== 'int32');
  throw new ValueError(`${op}: ${where} must be a Parameter or Tensor, got ${describe(v)}`);
}

/**
 * Parameters keyed by name (PyTorch's `nn.ParameterDict`), in insertion order; a plain Tensor given to it is
 * wrapped in a Parameter.
 * @example
 * const scales = new ParameterDict({ a: new Parameter(ones([4])) });
 * scales.namedParameters(); // [['a', Parameter [4]]]
 */
export class ParameterDict extends KeyedContainer<Parameter, Parameter | Tensor> {
  constructor(params?: Entries<Parameter | Tensor>) {
    super();
    this.update(entriesOf<Parameter | Tensor>('ParameterDict', params));
  }

  /** @internal */
  protected check(op: string, key: string, v: unknown): Parameter {
    return asParameter(op, `'${key}'`, v);
  }

  /** @internal Parameters in insertion order. */
  override _ownParameters(): [string, Parameter][] {
    return super._ownParameters().sort((a, b) => this.rank(a[0]) - this.rank(b[0]));
  }
}

/**
 * A list of parameters (PyTorch's `nn.ParameterList`), named `0`, `1`, ...; a plain Tensor given to it is
 * wrapped in a Parameter. Index it like an array: `list[0]` or `list.at(-1)`.
 * @example
 * const ws = new ParameterList([randn([4, 4]), randn([4, 4])]);
 * ws.namedParameters().map(([n]) => n); // ['0', '1']
 */
export class ParameterList extends Module implements Iterable<Parameter> {
  readonly [index: number]: Parameter;

  constructor(params: Iterable<Parameter | Tensor> = []) {
    super();
    if (params === null || typeof (params as Partial<Iterable<Parameter>>)[Symbol.iterator] !== 'function') {
      throw new ValueError(`ParameterList: expected an array of Parameters, got ${describe(params)}`);
    }
    for (const p of params) this.append(p);
  }

  /** Number of parameters. */
  get length(): number {
    let n = 0;
    while (Object.prototype.hasOwnProperty.call(this, n)) n++;
    return n;
  }

  /** Adds a parameter at the end (a Tensor is wrapped in a Parameter). */
  append(p: Parameter | Tensor): this {
    const i = this.length;
    (this as unknown as Record<number, Parameter>)[i] = asParameter('ParameterList.append', `parameter ${i}`, p);
    return this;
  }

  /** Adds several parameters at the end. */
  extend(params: Iterable<Parameter | Tensor>): this {
    for (const p of params) this.append(p);
    return this;
  }

  /** The parameter at `i` (negative counts from the end), or undefined. */
  at(i: number): Parameter | undefined {
    return this[i < 0 ? this.length + i : i];
  }

  /** The parameters in order. */
  *[Symbol.iterator](): Iterator<Parameter> {
    for (let i = 0; i < this.length; i++) yield this[i]!;
  }

  forward(): never {
    throw new ValueError('ParameterList: has no forward; use its parameters in the parent module');
  }
}
