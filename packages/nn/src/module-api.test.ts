import { Tensor, ValueError, ones, tensor, zeros } from '@nabla/autograd';
import { describe, expect, it } from 'vitest';
import { Sequential } from './containers.js';
import { ModuleDict, ParameterDict, ParameterList } from './dict-containers.js';
import { ReLU } from './layers/activation.js';
import { Linear } from './layers/linear.js';
import { Module } from './module.js';
import { Parameter } from './parameter.js';

const names = (m: Module) => m.namedParameters().map(([n, p]) => `${n}:${p.shape.join('x')}`);
const bad = (fn: () => unknown, message: string) => expect(fn).toThrow(expect.objectContaining({ constructor: ValueError, message }));

class Heads extends Module {
  trunk = new Linear(2, 3);
  heads = new ModuleDict({ z: new Linear(3, 1), a: new Linear(3, 2) });
  forward(x: Tensor): Tensor {
    return this.heads.get('a')!.forward(this.trunk.forward(x)) as Tensor;
  }
}

describe('ModuleDict', () => {
  it('registers modules under their keys in insertion order (PyTorch state-dict names)', () => {
    const m = new Heads();
    expect(names(m)).toEqual(['trunk.weight:3x2', 'trunk.bias:3', 'heads.z.weight:1x3', 'heads.z.bias:1', 'heads.a.weight:2x3', 'heads.a.bias:2']);
    expect(m.heads.keys()).toEqual(['z', 'a']);
    expect(m.forward(zeros([4, 2])).shape).toEqual([4, 2]);
  });

  it('keeps insertion order for integer-like keys, supports set/delete/has/update/entries', () => {
    const d = new ModuleDict([['b', new ReLU()], ['10', new Linear(1, 1)], ['2', new Linear(1, 2)]]);
    expect(Object.keys(d.stateDict())).toEqual(['10.weight', '10.bias', '2.weight', '2.bias']);
    const fc = new Linear(1, 3);
    d.set('10', fc);
    expect(d.get('10')).toBe(fc);
    expect(d.delete('b')).toBeInstanceOf(ReLU);
    expect(d.has('b')).toBe(false);
    expect(d.length).toBe(2);
    expect([...d].map(([k]) => k)).toEqual(['10', '2']);
    d.update({ c: new ReLU() });
    expect(d.keys()).toEqual(['10', '2', 'c']);
    expect(d.namedChildren().map(([k]) => k)).toEqual(['10', '2', 'c']);
    d.clear();
    expect(d.parameters()).toEqual([]);
  });

  it('refuses non-modules, dotted keys and keys that shadow members, changing nothing', () => {
    const d = new ModuleDict({ a: new ReLU() });
    bad(() => d.set('b', zeros([1]) as never), "ModuleDict.set: 'b' must be a Module, got an object (Tensor)");
    bad(() => d.set('x.y', new ReLU()), "ModuleDict.set: key must be a non-empty string without '.', got the string \"x.y\"");
    bad(() => d.set('forward', new ReLU()), "ModuleDict.set: key 'forward' clashes with an attribute of ModuleDict");
    bad(() => d.set('training', new ReLU()), "ModuleDict.set: key 'training' clashes with an attribute of ModuleDict");
    bad(() => new ModuleDict(5 as never), 'ModuleDict: expected an object or [name, value] pairs, got number 5');
    expect(d.keys()).toEqual(['a']);
    bad(() => d.forward(), 'ModuleDict: has no forward; call its entries in the parent module');
  });
});

describe('ParameterList and ParameterDict', () => {
  it('name parameters 0, 1, ... and by key; plain tensors become Parameters sharing storage', () => {
    const t = ones([2]);
    const l = new ParameterList([t, new Parameter(zeros([3]))]);
    expect(names(l)).toEqual(['0:2', '1:3']);
    expect(l[0]).toBeInstanceOf(Parameter);
    expect(l[0]!.requiresGrad).toBe(true);
    expect(l.at(-1)!.shape).toEqual([3]);
    l.append(zeros([4])).extend([zeros([5])]);
    expect([...l].map((p) => p.size)).toEqual([2, 3, 4, 5]);
    const d = new ParameterDict({ 1: zeros([1]), w: zeros([2]) });
    d.set('0', zeros([3]));
    expect(names(d)).toEqual(['1:1', 'w:2', '0:3']);
    class Holder extends Module {
      scales = new ParameterList([ones([2])]);
      gains = new ParameterDict({ g: ones([1]) });
      forward(x: Tensor): Tensor { return x.mul(this.scales[0]!); }
    }
    expect(Object.keys(new Holder().stateDict())).toEqual(['scales.0', 'gains.g']);
  });

  it('refuses what is not a tensor', () => {
    const l = new ParameterList();
    bad(() => l.append(3 as never), 'ParameterList.append: parameter 0 must be a Parameter or Tensor, got number 3');
    bad(() => new ParameterList(4 as never), 'ParameterList: expected an array of Parameters, got number 4');
    bad(() => new ParameterDict({ a: 'w' } as never), "ParameterDict.set: 'a' must be a Parameter or Tensor, got the string \"w\"");
    expect(l.length).toBe(0);
  });
});

describe('Module API: addModule, apply, requiresGrad, buffers', () => {
  it('addModule registers a module under a run-time name', () => {
    const s = new Sequential();
    class Net extends Module {
      constructor() {
        super();
        for (let i = 0; i < 2; i++) this.addModule(`block${i}`, new Linear(2, 2));
      }
      forward(x: Tensor): Tensor { return x; }
    }
    expect(names(new Net())).toEqual(['block0.weight:2x2', 'block0.bias:2', 'block1.weight:2x2', 'block1.bias:2']);
    s.addModule('fc', new Linear(1, 1));
    bad(() => s.addModule('fc', new ReLU()), "addModule: Sequential already has a member named 'fc'");
    bad(() => s.addModule('forward', new ReLU()), "addModule: Sequential already has an attribute named 'forward'");
    bad(() => s.addModule('x', {} as never), "addModule: 'x' must be a Module or null, got an object (Object)");
    expect(s.namedChildren().map(([n]) => n)).toEqual(['fc']);
  });

  it('apply visits children before parents, each module once, and returns the module', () => {
    const shared = new Linear(1, 1);
    const net = new Sequential(shared, new Sequential(new ReLU(), shared));
    const seen: string[] = [];
    expect(net.apply((m) => seen.push(m.constructor.name))).toBe(net);
    expect(seen).toEqual(['Linear', 'ReLU', 'Sequential', 'Sequential']);
    bad(() => net.apply(3 as never), 'apply: fn must be a function, got number 3');
  });

  it('requiresGrad(false) freezes every parameter and requiresGrad() unfreezes', () => {
    const net = new Heads();
    net.requiresGrad(false);
    expect(net.parameters().every((p) => !p.requiresGrad)).toBe(true);
    net.heads.requiresGrad();
    expect(net.parameters().map((p) => p.requiresGrad)).toEqual([false, false, true, true, true, true]);
    bad(() => net.requiresGrad('no' as never), 'requiresGrad: flag must be a boolean, got the string "no"');
  });

  it('buffers and namedBuffers list registered buffers, persistent or not', () => {
    class B extends Module {
      inner = new Sequential(new Linear(1, 1));
      constructor() {
        super();
        this.registerBuffer('mean', zeros([2]));
        this.registerBuffer('cache', ones([1]), { persistent: false });
        this.inner.registerBuffer('count', tensor([0], { dtype: 'int32' }));
      }
      forward(x: Tensor): Tensor { return x; }
    }
    const b = new B();
    expect(b.namedBuffers().map(([n]) => n)).toEqual(['mean', 'cache', 'inner.count']);
    expect(b.buffers()).toHaveLength(3);
    expect(Object.keys(b.stateDict())).toEqual(['mean', 'inner.count', 'inner.0.weight', 'inner.0.bias']);
  });
});

describe('forward hooks', () => {
  it('run in registration order around forward, may replace args and output, and remove cleanly', () => {
    const fc = new Linear(2, 2);
    const x = ones([1, 2]);
    const base = fc.forward(x).toArray();
    const log: string[] = [];
    const h1 = fc.registerForwardPreHook((_m, args) => { log.push('pre1'); return [(args[0] as Tensor).mul(0)]; });
    const h2 = fc.registerForwardPreHook(() => { log.push('pre2'); });
    const h3 = fc.registerForwardHook((m, args, out) => {
      log.push(`post ${m === fc} ${(args[0] as Tensor).sum().item()}`);
      return (out as Tensor).add(1);
    });
    // Through a parent container too, since Sequential calls forward.
    const out = new Sequential(fc).forward(x);
    expect(log).toEqual(['pre1', 'pre2', 'post true 0']);
    expect(out.toArray()).toEqual(fc.bias!.add(1).unsqueeze(0).toArray());
    h1.remove();
    h1.remove(); // twice is a no-op
    h3.remove();
    expect(fc.forward(x).toArray()).toEqual(base);
    h2.remove();
    expect(Object.prototype.hasOwnProperty.call(fc, 'forward')).toBe(false);
    expect(fc.forward(x).toArray()).toEqual(base);
  });

  it('a pre-hook may return a single value for a one-argument forward; an error inside propagates unchanged', () => {
    const fc = new Linear(2, 1, { bias: false });
    fc.registerForwardPreHook(() => zeros([3, 2]));
    expect(fc.forward(ones([1, 2])).shape).toEqual([3, 1]);
    const boom = new Error('boom');
    const h = fc.registerForwardHook(() => { throw boom; });
    expect(() => fc.forward(ones([1, 2]))).toThrow(boom);
    h.remove();
    expect(fc.forward(ones([1, 2])).shape).toEqual([3, 1]);
    bad(() => fc.registerForwardHook('f' as never), 'registerForwardHook: hook must be a function, got the string "f"');
    bad(() => fc.registerForwardPreHook(null as never), 'registerForwardPreHook: hook must be a function, got null');
  });
});
