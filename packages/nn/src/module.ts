import { DTYPES, Tensor, ValueError, describe, noGrad, type DType } from '@nabla/autograd';
import { addHook, type ForwardHook, type ForwardPreHook, type RemovableHandle } from './hooks.js';
import { Parameter } from './parameter.js';
import { checkLoad, type LoadOptions, type LoadResult } from './state-dict.js';
import { summaryTable } from './summary.js';

export type { LoadOptions, LoadResult } from './state-dict.js';
export type { ForwardHook, ForwardPreHook, RemovableHandle } from './hooks.js';

/**
 * Base class of every layer and model. Subclasses store parameters (`Parameter`), sub-modules (`Module`)
 * and arrays of either in plain fields and implement `forward`; the base class finds them by walking the
 * object's own enumerable fields in insertion order and names them the way PyTorch does (`layers.0.weight`),
 * so a state dict maps key for key onto the equivalent PyTorch module.
 *
 * Order follows PyTorch: a module's own parameters, then its buffers, then its children, depth first.
 * Names that are not valid field names (`weight_ih_l0` chosen at run time) go through `registerParameter`.
 *
 * @example
 * class MLP extends Module {
 *   fc1 = new Linear(4, 8);
 *   fc2 = new Linear(8, 1);
 *   forward(x: Tensor): Tensor { return this.fc2.forward(this.fc1.forward(x).relu()); }
 * }
 * new MLP().namedParameters().map(([n]) => n); // ['fc1.weight', 'fc1.bias', 'fc2.weight', 'fc2.bias']
 */
export abstract class Module {
  /** True in training mode (the default); `eval()` clears it, changing Dropout and BatchNorm. */
  training = true;
  // Non-enumerable, so the field walk never sees them.
  declare private readonly _registeredParams: Map<string, Parameter | null>;
  declare private readonly _buffers: Map<string, { tensor: Tensor | null; persistent: boolean }>;

  constructor() {
    Object.defineProperty(this, '_registeredParams', { value: new Map(), enumerable: false });
    Object.defineProperty(this, '_buffers', { value: new Map(), enumerable: false });
  }

  /** The computation; subclasses narrow the arguments and result (usually one Tensor in, one out). */
  abstract forward(...args: unknown[]): unknown;

  /** Adds a parameter under `name` (for names chosen at run time, e.g. `weight_ih_l${k}`); null reserves the name. */
  registerParameter(name: string, param: Parameter | null): void {
    this.checkNewName('registerParameter', name);
    if (param !== null && !(param instanceof Parameter)) {
      throw new ValueError(`registerParameter: '${name}' must be a Parameter or null, got ${describe(param)}`);
    }
    this._registeredParams.set(name, param);
  }

  /**
   * Adds a buffer: state that is saved in the state dict but not trained (BatchNorm's running statistics).
   * A non-persistent buffer is left out of the state dict. Calling it again with a registered name replaces it.
   */
  registerBuffer(name: string, tensor: Tensor | null, opts: { persistent?: boolean } = {}): void {
    if (!this._buffers.has(name)) this.checkNewName('registerBuffer', name);
    if (tensor !== null && !(tensor instanceof Tensor)) {
      throw new ValueError(`registerBuffer: '${name}' must be a Tensor or null, got ${describe(tensor)}`);
    }
    this._buffers.set(name, { tensor, persistent: opts.persistent ?? true });
  }

  /** The buffer registered as `name` (null if registered as null). */
  getBuffer(name: string): Tensor | null {
    const b = this._buffers.get(name);
    if (b === undefined) throw new ValueError(`getBuffer: ${this.constructor.name} has no buffer '${name}'`);
    return b.tensor;
  }

  /** @internal This module's own parameters (fields first, then registered ones), not its children's. */
  _ownParameters(): [string, Parameter][] {
    const out: [string, Parameter][] = [];
    for (const [key, value] of Object.entries(this)) if (value instanceof Parameter) out.push([key, value]);
    for (const [key, value] of this._registeredParams) if (value !== null) out.push([key, value]);
    return out;
  }

  /** @internal This module's own buffers (non-null), with their persistence flag. */
  _ownBuffers(): [string, Tensor, boolean][] {
    const out: [string, Tensor, boolean][] = [];
    for (const [key, b] of this._buffers) if (b.tensor !== null) out.push([key, b.tensor, b.persistent]);
    return out;
  }

  /**
   * @internal Sub-modules and array-held parameters reached through fields, in field order: a Module field
   * is named after the field, an element of an array field `layers` is `layers.0` (nested: `layers.0.1`).
   */
  _childSlots(): [string, Module | Parameter][] {
    const out: [string, Module | Parameter][] = [];
    const visit = (name: string, value: unknown): void => {
      if (value instanceof Module || value instanceof Parameter) out.push([name, value]);
      else if (Array.isArray(value)) value.forEach((v, i) => visit(`${name}.${i}`, v));
      else checkUnwalked(this, name, value);
    };
    for (const [key, value] of Object.entries(this)) {
      // A Parameter field is an own parameter (see _ownParameters); inside an array it is a slot here.
      if (value instanceof Module) out.push([key, value]);
      else if (Array.isArray(value)) value.forEach((v, i) => visit(`${key}.${i}`, v));
      else checkUnwalked(this, key, value);
    }
    return out;
  }

  /** Direct sub-modules, in field order (array elements included). */
  children(): Module[] {
    return this.namedChildren().map(([, m]) => m);
  }

  /** Direct sub-modules with their names (`fc1`, `layers.0` for an array field). */
  namedChildren(): [string, Module][] {
    const out: [string, Module][] = [];
    for (const [name, value] of this._childSlots()) if (value instanceof Module) out.push([name, value]);
    return out;
  }

  /** This module (named '') and every sub-module, depth first, each once. */
  namedModules(): [string, Module][] {
    const out: [string, Module][] = [];
    const seen = new Set<Module>();
    const visit = (prefix: string, m: Module): void => {
      if (seen.has(m)) return;
      seen.add(m);
      out.push([prefix, m]);
      for (const [name, child] of m.namedChildren()) visit(prefix ? `${prefix}.${name}` : name, child);
    };
    visit('', this);
    return out;
  }

  /** Every module of the tree (this one first). */
  modules(): Module[] {
    return this.namedModules().map(([, m]) => m);
  }

  /**
   * Adds a sub-module under `name` (PyTorch's `add_module`), for names chosen at run time; it then sits in
   * an ordinary field, so it is walked like one. null reserves the name.
   * @example
   * for (let i = 0; i < 3; i++) net.addModule(`block${i}`, new Linear(4, 4));
   */
  addModule(name: string, module: Module | null): void {
    this.checkNewName('addModule', name);
    if (name in this) throw new ValueError(`addModule: ${this.constructor.name} already has an attribute named '${name}'`);
    if (module !== null && !(module instanceof Module)) throw new ValueError(`addModule: '${name}' must be a Module or null, got ${describe(module)}`);
    (this as unknown as Record<string, Module | null>)[name] = module;
  }

  /**
   * Calls `fn` on every sub-module (children first, depth first) and then on this module, as PyTorch's
   * `apply`; typically used to initialise weights. Returns this module.
   * @example
   * net.apply((m) => { if (m instanceof Linear) init.zeros(m.bias!); });
   */
  apply(fn: (m: Module) => void): this {
    if (typeof fn !== 'function') throw new ValueError(`apply: fn must be a function, got ${describe(fn)}`);
    const seen = new Set<Module>();
    const visit = (m: Module): void => {
      if (seen.has(m)) return;
      seen.add(m);
      for (const c of m.children()) visit(c);
      fn(m);
    };
    visit(this);
    return this;
  }

  /**
   * Sets `requiresGrad` on every parameter (false freezes the module for fine-tuning). Returns this module.
   * @example
   * backbone.requiresGrad(false); // optimizers now skip its parameters
   */
  requiresGrad(flag = true): this {
    if (typeof flag !== 'boolean') throw new ValueError(`requiresGrad: flag must be a boolean, got ${describe(flag)}`);
    for (const p of this.parameters()) p.setRequiresGrad(flag);
    return this;
  }

  /**
   * Registers `fn(module, args)` to run before every `forward`; if it returns something, that becomes the
   * arguments (an array, or one value for a one-argument forward). Hooks run in registration order.
   * @example
   * const h = fc.registerForwardPreHook((m, [x]) => [(x as Tensor).mul(2)]);
   * h.remove();
   */
  registerForwardPreHook(fn: ForwardPreHook<this>): RemovableHandle {
    return addHook(this, 'pre', fn, 'registerForwardPreHook');
  }

  /**
   * Registers `fn(module, args, output)` to run after every `forward`; if it returns something, that
   * replaces the output. Hooks run in registration order.
   * @example
   * const acts: Tensor[] = [];
   * const h = fc.registerForwardHook((m, args, out) => { acts.push(out as Tensor); });
   */
  registerForwardHook(fn: ForwardHook<this>): RemovableHandle {
    return addHook(this, 'post', fn, 'registerForwardHook');
  }

  /** Every parameter with its dotted name, PyTorch order; a shared parameter is listed once (first name). */
  namedParameters(): [string, Parameter][] {
    const seen = new Set<Parameter>();
    return this._stateEntries({ buffers: false }).filter((e): e is [string, Parameter] => {
      const p = e[1] as Parameter;
      return seen.has(p) ? false : (seen.add(p), true);
    });
  }

  /** Every parameter of the tree, each once. */
  parameters(): Parameter[] {
    return this.namedParameters().map(([, p]) => p);
  }

  /** Every registered (non-null) buffer of the tree. */
  buffers(): Tensor[] {
    return this.namedBuffers().map(([, b]) => b);
  }

  /** Every registered (non-null) buffer with its dotted name. */
  namedBuffers(): [string, Tensor][] {
    const out: [string, Tensor][] = [];
    for (const [prefix, m] of this.namedModules()) for (const [key, b] of m._ownBuffers()) out.push([join(prefix, key), b]);
    return out;
  }

  /** Sets training mode on this module and all sub-modules. */
  train(mode = true): this {
    if (typeof mode !== 'boolean') throw new ValueError(`train: mode must be a boolean, got ${describe(mode)}`);
    for (const m of this.modules()) m.training = mode;
    return this;
  }

  /** Evaluation mode: `train(false)`. Dropout becomes the identity and BatchNorm uses its running statistics. */
  eval(): this {
    return this.train(false);
  }

  /** Clears the gradient of every parameter. */
  zeroGrad(): void {
    for (const p of this.parameters()) p.zeroGrad();
  }

  /**
   * Detached copies of every parameter and persistent buffer, keyed by dotted name (PyTorch order: each
   * module's parameters, then its buffers, then its children). A shared parameter appears under each name.
   */
  stateDict(): Record<string, Tensor> {
    const out: Record<string, Tensor> = {};
    for (const [key, t] of this._stateEntries()) out[key] = t.detach().clone();
    return out;
  }

  /**
   * @internal The live tensors behind the state dict, keyed by dotted name, in PyTorch order (a module's
   * parameters, its persistent buffers, then its children depth first; a module reached twice is walked once).
   */
  _stateEntries(opts: { buffers?: boolean } = {}): [string, Tensor][] {
    const out: [string, Tensor][] = [];
    const seen = new Set<Module>();
    const visit = (prefix: string, m: Module): void => {
      if (seen.has(m)) return;
      seen.add(m);
      for (const [key, p] of m._ownParameters()) out.push([join(prefix, key), p]);
      if (opts.buffers !== false) for (const [key, b, persistent] of m._ownBuffers()) if (persistent) out.push([join(prefix, key), b]);
      for (const [name, value] of m._childSlots()) {
        if (value instanceof Module) visit(join(prefix, name), value);
        else out.push([join(prefix, name), value]);
      }
    };
    visit('', this);
    return out;
  }

  /**
   * Copies `sd` into the parameters and buffers. Every key, shape and dtype is checked first; any problem
   * (missing or unexpected key with `strict`, shape or dtype mismatch, a value that is not a Tensor) makes it
   * throw one ValueError listing them all, with nothing written. Unlike PyTorch, which copies matching
   * entries before raising, a failed load leaves the module untouched.
   * @returns the keys that were missing and unexpected (both empty under `strict`).
   */
  loadStateDict(sd: Record<string, unknown>, opts: LoadOptions = {}): LoadResult {
    const entries = this._stateEntries();
    const { result, pairs } = checkLoad(this.constructor.name, entries, sd, opts);
    noGrad(() => {
      for (const [target, source] of pairs) {
        const src = source._contiguousData();
        target.mutate((d) => d.set(src));
      }
    });
    return result;
  }

  /**
   * Converts every parameter (and its gradient) and every buffer to `dtype`, in place. Parameters keep their
   * identity (an optimizer built on them stays valid); buffers are replaced by converted tensors.
   */
  to(dtype: DType): this {
    if (!DTYPES.includes(dtype)) throw new ValueError(`to: dtype must be one of ${DTYPES.join(', ')}, got ${describe(dtype)}`);
    const params = this.parameters();
    const blocked = dtype === 'int32' ? params.find((p) => p.requiresGrad && p.dtype !== 'int32') : undefined;
    if (blocked) throw new ValueError(`to: cannot convert a parameter that requires grad to int32 (shape [${blocked.shape.join(',')}])`);
    noGrad(() => {
      for (const p of params) {
        if (p.dtype === dtype) continue;
        p._replaceData(p.astype(dtype));
        if (p.grad) p.grad = p.grad.astype(dtype);
      }
      for (const m of this.modules()) {
        for (const [key, b, persistent] of m._ownBuffers()) {
          // Integer counters (num_batches_tracked) stay integer, as PyTorch's `to(dtype)` only casts floats.
          if (b.dtype !== dtype && b.dtype !== 'int32') m.registerBuffer(key, b.astype(dtype), { persistent });
        }
      }
    });
    return this;
  }

  /** A table of every module with its own parameter count, and the total (trainable and not). */
  summary(): string {
    return summaryTable(this);
  }

  /** The module's class name and, for layers that define `extraRepr`, its configuration. */
  toString(): string {
    const extra = this.extraRepr();
    const kids = this.namedChildren();
    if (kids.length === 0) return `${this.constructor.name}(${extra})`;
    const lines = kids.map(([n, m]) => `  (${n}): ${m.toString().replaceAll('\n', '\n  ')}`);
    return `${this.constructor.name}(${extra ? `${extra}\n` : '\n'}${lines.join('\n')}\n)`;
  }

  /** The configuration shown by `toString` (e.g. `inFeatures=4, outFeatures=2, bias=true`). */
  extraRepr(): string {
    return '';
  }

  private checkNewName(op: string, name: string): void {
    if (typeof name !== 'string' || name === '' || name.includes('.')) {
      throw new ValueError(`${op}: name must be a non-empty string without '.', got ${describe(name)}`);
    }
    if (Object.prototype.hasOwnProperty.call(this, name) || this._registeredParams.has(name) || this._buffers.has(name)) {
      throw new ValueError(`${op}: ${this.constructor.name} already has a member named '${name}'`);
    }
  }
}

const join = (prefix: string, key: string): string => (prefix ? `${prefix}.${key}` : key);

/**
 * The field walk looks inside arrays only. A plain object, Map or Set holding modules or parameters would be
 * skipped silently (its weights missing from parameters() and the state dict), so it is an error that names
 * the container to use instead.
 */
function checkUnwalked(owner: Module, name: string, value: unknown): void {
  if (typeof value !== 'object' || value === null || value instanceof Tensor) return;
  let kind: string;
  let items: Iterable<unknown>;
  if (value instanceof Map) [kind, items] = ['a Map', value.values()];
  else if (value instanceof Set) [kind, items] = ['a Set', value];
  else if (isPlainObject(value)) [kind, items] = ['a plain object', Object.values(value)];
  else return;
  let modules = 0;
  let params = 0;
  for (const v of items) {
    if (v instanceof Module) modules++;
    else if (v instanceof Parameter) params++;
  }
  if (modules + params === 0) return;
  const what = modules > 0 ? 'modules' : 'parameters';
  const use = value instanceof Set ? (modules > 0 ? 'ModuleList' : 'ParameterList') : modules > 0 ? 'ModuleDict' : 'ParameterDict';
  throw new ValueError(
    `${owner.constructor.name}: field '${name}' holds ${kind} of ${what}, which the parameter walk does not look into ` +
      `(their weights would be missing from parameters() and stateDict()); hold them in a ${use} (or an array, or one field each)`,
  );
}

function isPlainObject(value: object): boolean {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
