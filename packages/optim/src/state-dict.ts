import { ValueError, describe, fmtShape, type Tensor } from '@nabla/autograd';
import { checkKeys, copyHyper, type Hyperparams, type ParamGroup } from './param-groups.js';

/** Per-parameter optimizer state: the step count, float64 buffers shaped like the parameter, scalars. */
export interface ParamState {
  /** Number of updates applied so far. */
  step: number;
  /** Float64 buffers with one entry per parameter element (e.g. `expAvg`, `momentumBuffer`). */
  buffers: Record<string, Float64Array>;
  /** Scalar state (e.g. NAdam `muProduct`). */
  scalars: Record<string, number>;
}

/** A saved buffer: the parameter's shape and the values in row-major order (plain numbers, JSON-safe). */
export interface SavedBuffer {
  /** The parameter's shape. */
  shape: number[];
  /** The values in row-major order. */
  data: number[];
}

/** A saved per-parameter state. */
export interface SavedParamState {
  /** Number of updates applied so far. */
  step: number;
  /** The buffers by name. */
  buffers: Record<string, SavedBuffer>;
  /** Scalar state by name. */
  scalars: Record<string, number>;
}

/** A saved param group: hyperparameters plus the ids (global order over groups) of its parameters. */
export type SavedParamGroup<H extends Hyperparams = Hyperparams> = Omit<ParamGroup<H>, 'params'> & {
  /** The ids of the group's parameters (their positions in the order of all groups' parameters). */
  params: number[];
};

/**
 * An optimizer's state as plain data, PyTorch's layout in camelCase: `state` keyed by parameter id (ids
 * number the parameters across groups in order) and `paramGroups`. It survives `JSON.stringify`/`parse`
 * exactly (JavaScript prints doubles with round-trip precision).
 */
export interface OptimizerStateDict<H extends Hyperparams = Hyperparams> {
  /** Per-parameter state, keyed by parameter id; parameters never updated have none. */
  state: Record<string, SavedParamState>;
  /** The groups: hyperparameters and parameter ids. */
  paramGroups: SavedParamGroup<H>[];
}

/** Names an optimizer may keep in a parameter's state. */
export interface StateSchema {
  /** Names of the per-element buffers. */
  buffers: readonly string[];
  /** Names of the scalar entries. */
  scalars: readonly string[];
}

/** Deep-copies groups and state into a state dict. */
export function saveState<H extends Hyperparams>(groups: readonly ParamGroup<H>[], state: Map<Tensor, ParamState>): OptimizerStateDict<H> {
  const out: OptimizerStateDict<H> = { state: {}, paramGroups: [] };
  let id = 0;
  for (const { params, ...hyper } of groups) {
    const ids: number[] = [];
    for (const p of params) {
      const s = state.get(p);
      if (s) {
        const buffers: Record<string, SavedBuffer> = {};
        for (const [k, b] of Object.entries(s.buffers)) buffers[k] = { shape: p.shape.slice(), data: Array.from(b) };
        out.state[String(id)] = { step: s.step, buffers, scalars: { ...s.scalars } };
      }
      ids.push(id++);
    }
    out.paramGroups.push({ ...copyHyper(hyper), params: ids } as SavedParamGroup<H>);
  }
  return out;
}

interface LoadContext<H extends Hyperparams> {
  defaults: H;
  schema: StateSchema;
  validate(h: H, op: string): void;
  initState(p: Tensor, group: ParamGroup<H>): ParamState;
}

/** What a successful load commits: each group's new hyperparameters and the new state. */
export interface LoadPlan<H extends Hyperparams> {
  hypers: Omit<ParamGroup<H>, 'params'>[];
  state: Map<Tensor, ParamState>;
}

const isObj = (x: unknown): x is Record<string, unknown> => x !== null && typeof x === 'object' && !Array.isArray(x);
const sameShape = (a: unknown, b: readonly number[]) => Array.isArray(a) && a.length === b.length && a.every((d, i) => d === b[i]);
const shapeOf = (b: unknown) => (isObj(b) && Array.isArray(b.shape) ? fmtShape(b.shape as number[]) : describe(b));

type Located = { p: Tensor; gi: number; pi: number };

/** Checks saved group `gi`: its size, parameter ids (recorded in `byId`) and hyperparameters (returned if valid). */
function checkGroup<H extends Hyperparams>(
  sg: unknown, gi: number, group: ParamGroup<H>, ctx: LoadContext<H>, byId: Map<number, Located>, problems: string[],
): Omit<ParamGroup<H>, 'params'> | undefined {
  if (!isObj(sg) || !Array.isArray(sg.params)) {
    problems.push(`param group ${gi} is not { params: [...ids], ...options }: got ${describe(sg)}`);
    return undefined;
  }
  if (sg.params.length !== group.params.length) {
    problems.push(
      `loaded state dict contains a parameter group that doesn't match the size of optimizer's group: ` +
        `group ${gi} has ${sg.params.length} params in the state dict and ${group.params.length} in the optimizer`,
    );
  }
  sg.params.forEach((id: unknown, pi) => {
    if (typeof id !== 'number' || !Number.isInteger(id) || id < 0 || byId.has(id)) {
      problems.push(`param group ${gi}: invalid or repeated parameter id ${describe(id)}`);
    } else if (pi < group.params.length) {
      byId.set(id, { p: group.params[pi]!, gi, pi });
    }
  });
  const { params: _ids, initialLr, ...hyper } = sg;
  try {
    checkKeys(`param group ${gi}`, hyper, ctx.defaults);
    const missing = Object.keys(ctx.defaults).filter((k) => !(k in hyper));
    if (missing.length) throw new Error(`param group ${gi} is missing option(s) ${missing.join(', ')}`);
    ctx.validate(hyper as unknown as H, `param group ${gi}`);
    if (initialLr !== undefined && (typeof initialLr !== 'number' || !Number.isFinite(initialLr))) {
      throw new Error(`param group ${gi}: initialLr must be a finite number, got ${describe(initialLr)}`);
    }
  } catch (e) {
    problems.push((e as Error).message);
    return undefined;
  }
  return copyHyper(initialLr === undefined ? hyper : { ...hyper, initialLr }) as Omit<ParamGroup<H>, 'params'>;
}

/** Checks one saved per-parameter state against its parameter and returns it as float64 buffers. */
function checkParamState(st: unknown, where: string, p: Tensor, schema: StateSchema, problems: string[]): ParamState | undefined {
  if (!isObj(st) || !isObj(st.buffers) || !isObj(st.scalars)) {
    problems.push(`${where} is not { step, buffers, scalars }`);
    return undefined;
  }
  if (typeof st.step !== 'number' || !Number.isInteger(st.step) || st.step < 0) {
    problems.push(`${where}: step must be an integer >= 0, got ${describe(st.step)}`);
  }
  const out: ParamState = { step: st.step as number, buffers: {}, scalars: {} };
  for (const [name, b] of Object.entries(st.buffers)) {
    if (!schema.buffers.includes(name)) {
      problems.push(`${where}: unknown buffer '${name}' (expected ${schema.buffers.join(', ')})`);
      continue;
    }
    if (!isObj(b) || !sameShape(b.shape, p.shape)) {
      problems.push(`${where}: buffer '${name}' has shape ${shapeOf(b)}, expected ${fmtShape(p.shape)}`);
      continue;
    }
    const data = b.data as ArrayLike<unknown> | undefined;
    if (!data || typeof data.length !== 'number' || data.length !== p.size) {
      problems.push(`${where}: buffer '${name}' holds ${data?.length ?? describe(data)} values, expected ${p.size}`);
      continue;
    }
    // NaN or Infinity in a loaded buffer would reach the parameters at the next step: refuse it here.
    const bad = Array.from(data).findIndex((v) => typeof v !== 'number' || !Number.isFinite(v));
    if (bad >= 0) problems.push(`${where}: buffer '${name}' element ${bad} is ${describe(data[bad])}, not a finite number`);
    else out.buffers[name] = Float64Array.from(data as ArrayLike<number>);
  }
  for (const [name, v] of Object.entries(st.scalars)) {
    if (!schema.scalars.includes(name) || typeof v !== 'number') problems.push(`${where}: unexpected scalar '${name}' = ${describe(v)}`);
    else if (!Number.isFinite(v)) problems.push(`${where}: scalar '${name}' is ${v}, not a finite number`);
    else out.scalars[name] = v;
  }
  return out;
}

/** Checks every part of `sd` against the optimizer and returns what to commit; throws one ValueError listing all problems. */
export function planLoad<H extends Hyperparams>(op: string, sd: unknown, groups: readonly ParamGroup<H>[], ctx: LoadContext<H>): LoadPlan<H> {
  const fail = (problems: string[]): never => {
    throw new ValueError(`${op}.loadStateDict: the state dict does not fit this optimizer; nothing was loaded:\n  - ${problems.join('\n  - ')}`);
  };
  if (!isObj(sd) || !Array.isArray(sd.paramGroups) || !isObj(sd.state)) fail([`expected { state: {...}, paramGroups: [...] }, got ${describe(sd)}`]);
  const saved = sd as { paramGroups: unknown[]; state: Record<string, unknown> };
  if (saved.paramGroups.length !== groups.length) {
    fail([`the state dict has ${saved.paramGroups.length} parameter groups but the optimizer has ${groups.length}`]);
  }
  const problems: string[] = [];
  const byId = new Map<number, Located>();
  const hypers = saved.paramGroups.map((sg, gi) => checkGroup(sg, gi, groups[gi]!, ctx, byId, problems));
  const state = new Map<Tensor, ParamState>();
  for (const [key, st] of Object.entries(saved.state)) {
    const at = byId.get(Number(key));
    if (!at) {
      problems.push(`state for parameter id ${key}, which no param group lists`);
      continue;
    }
    const where = `state of parameter id ${key} (group ${at.gi} param ${at.pi}, shape ${fmtShape(at.p.shape)})`;
    const s = checkParamState(st, where, at.p, ctx.schema, problems);
    const hyper = hypers[at.gi];
    if (!s || !hyper) continue;
    // The buffers a fresh state would have under the loaded options must all be there (e.g. amsgrad's max).
    const need = ctx.initState(at.p, { ...hyper, params: groups[at.gi]!.params } as ParamGroup<H>);
    const raw = st as { buffers: object; scalars: object };
    for (const k of Object.keys(need.buffers)) if (!(k in raw.buffers)) problems.push(`${where}: missing buffer '${k}'`);
    for (const k of Object.keys(need.scalars)) if (!(k in raw.scalars)) problems.push(`${where}: missing scalar '${k}'`);
    state.set(at.p, s);
  }
  if (problems.length) fail(problems);
  return { hypers: hypers as Omit<ParamGroup<H>, 'params'>[], state };
}
