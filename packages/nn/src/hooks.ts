import { ValueError, describe } from '@nabla/autograd';
import type { Module } from './module.js';

/** Runs before `forward`; return new arguments (an array, or one value for a one-argument forward) or nothing. */
export type ForwardPreHook<M extends Module = Module> = (module: M, args: unknown[]) => unknown;
/** Runs after `forward`; return a replacement output or nothing to keep it. */
export type ForwardHook<M extends Module = Module> = (module: M, args: unknown[], output: unknown) => unknown;

/** What `registerForwardHook` and `registerForwardPreHook` return; `remove()` twice is a no-op. */
export interface RemovableHandle {
  /** Unregisters the hook. */
  remove(): void;
}

interface HookLists {
  pre: Map<number, ForwardPreHook>;
  post: Map<number, ForwardHook>;
}

const lists = new WeakMap<Module, HookLists>();
let nextId = 0;

/**
 * Installs the hook and, with the first hook of a module, an own non-enumerable `forward` that wraps the
 * class's: modules here are called through `forward` (there is no `__call__`), so that is where the hooks run,
 * and every caller (a parent, Sequential, user code) goes through them. Removing the last hook removes the
 * wrapper, so a module without hooks runs exactly its class's forward.
 */
export function addHook(m: Module, kind: 'pre' | 'post', fn: unknown, op: string): RemovableHandle {
  if (typeof fn !== 'function') throw new ValueError(`${op}: hook must be a function, got ${describe(fn)}`);
  let l = lists.get(m);
  if (l === undefined) {
    l = { pre: new Map(), post: new Map() };
    lists.set(m, l);
  }
  if (!Object.prototype.hasOwnProperty.call(m, 'forward')) install(m, l);
  const id = nextId++;
  const map = kind === 'pre' ? l.pre : l.post;
  map.set(id, fn as ForwardHook);
  const hooks = l;
  return {
    remove(): void {
      map.delete(id);
      if (hooks.pre.size === 0 && hooks.post.size === 0 && lists.get(m) === hooks) {
        lists.delete(m);
        delete (m as unknown as Record<string, unknown>).forward;
      }
    },
  };
}

function install(m: Module, l: HookLists): void {
  const inner = (Object.getPrototypeOf(m) as Module).forward;
  const wrapped = function (this: Module, ...args: unknown[]): unknown {
    let a = args;
    // Copies, so a hook that adds or removes hooks does not change the set running now.
    for (const pre of [...l.pre.values()]) {
      const r = pre(this, a);
      if (r !== undefined) a = Array.isArray(r) ? r : [r];
    }
    let out = inner.apply(this, a);
    for (const post of [...l.post.values()]) {
      const r = post(this, a, out);
      if (r !== undefined) out = r;
    }
    return out;
  };
  Object.defineProperty(m, 'forward', { value: wrapped, enumerable: false, configurable: true, writable: true });
}
