import { Tensor, ValueError, describe, fmtShape } from '@nabla/autograd';
import { closestKey } from './options.js';

/** Hyperparameters every optimizer has: a learning rate that schedulers can write. */
export interface Hyperparams {
  /** The learning rate (the step size γ). */
  lr: number;
}

/**
 * One parameter group: its tensors and its resolved hyperparameters (the optimizer's defaults overridden
 * by the group's own options). Schedulers write `lr` (and `momentum` or `betas[0]`); `initialLr` is the
 * lr a scheduler started from.
 */
export type ParamGroup<H extends Hyperparams = Hyperparams> = H & {
  /** The tensors this group updates. */
  params: Tensor[];
  /** The lr a scheduler started from (set by the first scheduler attached). */
  initialLr?: number;
};

/** A parameter group as passed in: tensors plus any options that override the optimizer's defaults. */
export type ParamGroupInput<H extends Hyperparams = Hyperparams> = Partial<H> & {
  /** The tensors of this group (an array, any iterable, or one tensor). */
  params: Iterable<Tensor> | Tensor;
};

/** What an optimizer takes: tensors (one group) or a list of param groups. */
export type ParamsInput<H extends Hyperparams = Hyperparams> = Iterable<Tensor> | Iterable<ParamGroupInput<H>>;

const isIterable = (x: unknown): x is Iterable<unknown> =>
  x !== null && typeof x === 'object' && typeof (x as { [Symbol.iterator]?: unknown })[Symbol.iterator] === 'function';

/** Copies a defaults/options object one level deep (arrays such as `betas` are copied too). */
export function copyHyper<T extends object>(h: T): T {
  const out = { ...h } as Record<string, unknown>;
  for (const k of Object.keys(out)) if (Array.isArray(out[k])) out[k] = (out[k] as unknown[]).slice();
  return out as T;
}

/** Rejects keys that are not options of this optimizer (a typo such as `learningRate` would be ignored otherwise). */
export function checkKeys(op: string, given: object, defaults: object, extra: readonly string[] = []): void {
  for (const k of Object.keys(given)) {
    if (!(k in defaults) && !extra.includes(k)) {
      const near = closestKey(k, [...Object.keys(defaults), ...extra]);
      const hint = near === undefined ? '' : ` (did you mean '${near}'?)`;
      throw new ValueError(`${op}: unknown option '${k}'${hint}; valid options are ${Object.keys(defaults).join(', ')}`);
    }
  }
}

/** Merges user options over the defaults after checking the keys; `undefined` values keep the default. */
export function mergeOptions<H extends object>(op: string, options: unknown, defaults: H): H {
  if (options === undefined) return copyHyper(defaults);
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new ValueError(`${op}: options must be an object, got ${describe(options)}`);
  }
  checkKeys(op, options, defaults);
  const given = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
  return { ...copyHyper(defaults), ...copyHyper(given) } as H;
}

/** Turns the `params` argument into a list of raw groups, as PyTorch does (tensors form one group). */
export function normalizeParams(op: string, params: unknown): unknown[] {
  if (params instanceof Tensor) {
    throw new ValueError(
      `${op}: params must be an iterable of Tensors or of param groups, got a single Tensor of shape ${fmtShape(params.shape)}; wrap it in an array`,
    );
  }
  if (!isIterable(params)) {
    throw new ValueError(`${op}: params must be an iterable of Tensors or of param groups ({ params, ...options }), got ${describe(params)}`);
  }
  const items = Array.from(params);
  if (items.length === 0) throw new ValueError(`${op}: optimizer got an empty parameter list`);
  const first = items[0];
  const isGroup = first !== null && typeof first === 'object' && !(first instanceof Tensor) && 'params' in first;
  return isGroup ? items : [{ params: items }];
}

/** Resolves one raw group against the defaults: checks its keys and copies its tensors and options. */
export function resolveGroup<H extends Hyperparams>(op: string, raw: unknown, defaults: H): ParamGroup<H> {
  if (raw === null || typeof raw !== 'object' || !('params' in raw)) {
    throw new ValueError(`${op}: a param group must be an object { params, ...options }, got ${describe(raw)}`);
  }
  checkKeys(op, raw, defaults, ['params']);
  const { params, ...overrides } = raw as { params: unknown };
  if (!(params instanceof Tensor) && !isIterable(params)) {
    throw new ValueError(`${op}: the group's params must be a Tensor or an iterable of Tensors, got ${describe(params)}`);
  }
  const tensors = params instanceof Tensor ? [params] : Array.from(params as Iterable<unknown>);
  const given = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined));
  return { ...copyHyper(defaults), ...copyHyper(given), params: tensors as Tensor[] } as ParamGroup<H>;
}

/**
 * Checks a group's tensors: each must be a Tensor and a leaf, and appear once across all groups (PyTorch only
 * warns about duplicates inside a group; stepping one twice would double its update). A tensor that does not
 * require grad is accepted, as in PyTorch (a frozen layer can stay in the list); `step()` skips it.
 */
export function checkGroupParams(op: string, gi: number, params: readonly unknown[], existing: readonly ParamGroup[]): void {
  const seen = new Map<Tensor, string>();
  existing.forEach((g, i) => g.params.forEach((p, j) => seen.set(p, `param ${j} of group ${i}`)));
  params.forEach((p, j) => {
    const where = `param ${j} of group ${gi}`;
    if (!(p instanceof Tensor)) throw new ValueError(`${op}: ${where} is not a Tensor: got ${describe(p)}`);
    if (!p.isLeaf) throw new ValueError(`${op}: can't optimize a non-leaf Tensor (${where}, shape ${fmtShape(p.shape)}); optimize the leaf it was computed from`);
    const prev = seen.get(p);
    if (prev !== undefined) {
      const inGroup = prev.endsWith(`of group ${gi}`);
      throw new ValueError(
        inGroup
          ? `${op}: ${where} (shape ${fmtShape(p.shape)}) appears twice in the group (also ${prev})`
          : `${op}: some parameters appear in more than one parameter group (${where} is also ${prev})`,
      );
    }
    seen.set(p, where);
  });
}
