import { GraphError, Tensor, ValueError, noGrad, tensor, zeros } from '@nabla/autograd';
import { describe, expect, it } from 'vitest';
import { ModuleList, Sequential } from './containers.js';
import { Linear } from './layers/linear.js';
import { BatchNorm1d } from './layers/normalization.js';
import { ReLU } from './layers/activation.js';
import { Module } from './module.js';
import { Parameter } from './parameter.js';

class Net extends Module {
  scale = new Parameter(tensor([2]));
  layers = new ModuleList([new Linear(3, 4), new Linear(4, 2)]);
  grid = [[new Linear(2, 2, { bias: false })], new Parameter(zeros([5]))];
  head = new Sequential(new Linear(2, 1));
  notAParam = zeros([7]); // plain tensors are neither parameters nor buffers
  forward(x: Tensor): Tensor {
    let h = x;
    for (const l of this.layers) h = (l as Linear).forward(h).relu();
    return this.head.forward((this.grid[0] as Linear[])[0]!.forward(h)).mul(this.scale);
  }
}

const shapes = (m: Module): [string, readonly number[]][] => m.namedParameters().map(([n, p]) => [n, p.shape]);

describe('Module field walking', () => {
  it('names parameters as PyTorch: own first, then children depth first, arrays and ModuleList indexed', () => {
    expect(shapes(new Net())).toEqual([
      ['scale', [1]],
      ['layers.0.weight', [4, 3]],
      ['layers.0.bias', [4]],
      ['layers.1.weight', [2, 4]],
      ['layers.1.bias', [2]],
      ['grid.0.0.weight', [2, 2]],
      ['grid.1', [5]],
      ['head.0.weight', [1, 2]],
      ['head.0.bias', [1]],
    ]);
  });

  it('puts a module\'s own parameters before its children even when declared after them (PyTorch order)', () => {
    class Late extends Module {
      fc = new Linear(1, 1);
      gain = new Parameter(zeros([1]));
      forward(x: Tensor): Tensor { return x; }
    }
    expect(new Late().namedParameters().map(([n]) => n)).toEqual(['gain', 'fc.weight', 'fc.bias']);
  });

  it('lists children and modules with dotted names, each module once', () => {
    const shared = new Linear(2, 2);
    class Twice extends Module {
      a = shared;
      b = shared;
      forward(x: Tensor): Tensor { return x; }
    }
    const t = new Twice();
    expect(t.namedChildren().map(([n]) => n)).toEqual(['a', 'b']);
    expect(t.namedModules().map(([n]) => n)).toEqual(['', 'a']);
    expect(t.parameters()).toHaveLength(2); // shared parameters counted once
    expect(Object.keys(t.stateDict())).toEqual(['a.weight', 'a.bias']); // a module reached twice is walked once
    expect(new Net().children().map((m) => m.constructor.name)).toEqual(['ModuleList', 'Linear', 'Sequential']);
  });

  it('supports registerParameter and registerBuffer (persistent or not) with PyTorch names', () => {
    class Custom extends Module {
      constructor() {
        super();
        this.registerParameter('weight_ih_l0', new Parameter(zeros([2])));
        this.registerParameter('bias_ih_l0', null);
        this.registerBuffer('running', zeros([3]));
        this.registerBuffer('scratch', zeros([1]), { persistent: false });
      }
      forward(x: Tensor): Tensor { return x; }
    }
    const c = new Custom();
    expect(c.namedParameters().map(([n]) => n)).toEqual(['weight_ih_l0']);
    expect(c.namedBuffers().map(([n]) => n)).toEqual(['running', 'scratch']);
    expect(Object.keys(c.stateDict())).toEqual(['weight_ih_l0', 'running']);
    expect(() => c.registerParameter('weight_ih_l0', null)).toThrow(/already has a member named 'weight_ih_l0'/);
    expect(() => c.registerBuffer('a.b', null)).toThrow(ValueError);
    expect(() => c.registerParameter('p', zeros([1]) as Parameter)).toThrow(/must be a Parameter or null/);
    expect(() => c.getBuffer('nope')).toThrow(/has no buffer 'nope'/);
  });

  it('includes BatchNorm buffers in the state dict under PyTorch names but not in parameters()', () => {
    const m = new Sequential(new Linear(2, 3), new BatchNorm1d(3));
    expect(Object.keys(m.stateDict())).toEqual([
      '0.weight', '0.bias', '1.weight', '1.bias', '1.running_mean', '1.running_var', '1.num_batches_tracked',
    ]);
    expect(m.parameters()).toHaveLength(4);
  });

  it('Sequential accepts named modules (PyTorch OrderedDict form) and runs them in order', () => {
    const s = new Sequential({ fc: new Linear(2, 3), act: new ReLU(), out: new Linear(3, 1) });
    expect(s.namedParameters().map(([n]) => n)).toEqual(['fc.weight', 'fc.bias', 'out.weight', 'out.bias']);
    expect(s.length).toBe(3);
    expect(s.at(-1)).toBeInstanceOf(Linear);
    expect(s.forward(zeros([4, 2])).shape).toEqual([4, 1]);
    expect(() => new Sequential(new Linear(1, 1), {} as Module)).toThrow(/module '1' must be a Module/);
  });

  it('ModuleList indexes, iterates, appends and has no forward', () => {
    const l = new ModuleList([new ReLU()]);
    l.append(new Linear(1, 1));
    expect(l.length).toBe(2);
    expect(l[1]).toBeInstanceOf(Linear);
    expect(l.at(-1)).toBe(l[1]);
    expect([...l]).toHaveLength(2);
    expect(() => l.forward()).toThrow(/ModuleList: has no forward/);
    expect(() => new ModuleList([3 as unknown as Module])).toThrow(/module 0 must be a Module, got number 3/);
  });
});

describe('Module state', () => {
  it('train() and eval() set training on every sub-module', () => {
    const n = new Net();
    n.eval();
    expect(n.modules().every((m) => !m.training)).toBe(true);
    n.train();
    expect(n.modules().every((m) => m.training)).toBe(true);
  });

  it('zeroGrad clears every parameter gradient', () => {
    const n = new Net();
    n.forward(tensor([[1, 2, 3]])).sum().backward();
    expect(n.parameters().some((p) => p.grad !== null)).toBe(true);
    n.zeroGrad();
    expect(n.parameters().every((p) => p.grad === null)).toBe(true);
  });

  it('stateDict holds detached copies: changing them does not touch the module', () => {
    const fc = new Linear(2, 2);
    const sd = fc.stateDict();
    expect(sd.weight!.requiresGrad).toBe(false);
    const before = fc.weight.data();
    sd.weight!.mutate((d) => d.fill(42));
    expect(fc.weight.data()).toEqual(before);
  });

  it('round-trips a state dict into a fresh module with identical outputs', () => {
    const a = new Net();
    const b = new Net();
    const x = tensor([[0.5, -1, 2], [1, 1, 1]]);
    expect(b.forward(x).data()).not.toEqual(a.forward(x).data());
    expect(b.loadStateDict(a.stateDict())).toEqual({ missingKeys: [], unexpectedKeys: [] });
    expect(b.forward(x).data()).toEqual(a.forward(x).data());
  });

  it('a failed strict load throws one error listing every problem and changes nothing', () => {
    const n = new Net();
    const before = n.stateDict();
    const versions = n.parameters().map((p) => p._storage.version);
    const sd: Record<string, unknown> = { ...new Net().stateDict() };
    delete sd['head.0.bias'];
    sd['layers.0.weight'] = zeros([3, 4]);
    sd['grid.1'] = zeros([5], { dtype: 'float64' });
    sd.scale = [2];
    sd.extra = zeros([1]);
    let err: unknown;
    try {
      n.loadStateDict(sd);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ValueError);
    const msg = (err as Error).message;
    expect(msg).toMatch(/5 error\(s\) loading state dict into Net; nothing was changed/);
    expect(msg).toContain("missing key 'head.0.bias' (module expects shape [1], float32)");
    expect(msg).toContain("size mismatch for 'layers.0.weight': module has shape [4,3], state dict has [3,4]");
    expect(msg).toContain("dtype mismatch for 'grid.1': module has float32, state dict has float64");
    expect(msg).toContain("'scale' is not a Tensor: got an array of length 1");
    expect(msg).toContain("unexpected key 'extra'");
    for (const [k, t] of Object.entries(n.stateDict())) expect(t.data()).toEqual(before[k]!.data());
    expect(n.parameters().map((p) => p._storage.version)).toEqual(versions);
  });

  it('non-strict load reports missing and unexpected keys but still rejects shape mismatches', () => {
    const fc = new Linear(2, 2);
    const w = zeros([2, 2]);
    expect(fc.loadStateDict({ weight: w, other: w }, { strict: false })).toEqual({ missingKeys: ['bias'], unexpectedKeys: ['other'] });
    expect(fc.weight.data()).toEqual(new Float32Array(4));
    expect(() => fc.loadStateDict({ weight: zeros([3]) }, { strict: false })).toThrow(/size mismatch for 'weight'/);
    expect(() => fc.loadStateDict(null as unknown as Record<string, Tensor>)).toThrow(/state dict must be an object.*got null/);
  });

  it('load bumps the version so a graph recorded before it refuses to backward', () => {
    const fc = new Linear(2, 1);
    const y = fc.forward(tensor([[1, 2]])).sum();
    fc.loadStateDict(new Linear(2, 1).stateDict());
    expect(() => y.backward()).toThrow(GraphError);
  });

  it('to(dtype) converts parameters (keeping their identity), gradients and float buffers', () => {
    const m = new Sequential(new Linear(2, 2), new BatchNorm1d(2));
    const p0 = m.parameters()[0]!;
    const values = Array.from(p0.data());
    m.forward(tensor([[1, 2], [3, 5]])).sum().backward();
    m.to('float64');
    expect(m.parameters()[0]).toBe(p0);
    expect(p0.dtype).toBe('float64');
    expect(Array.from(p0.data())).toEqual(values);
    expect(p0.grad!.dtype).toBe('float64');
    const bn = m.at(1) as BatchNorm1d;
    expect(bn.runningMean!.dtype).toBe('float64');
    expect(bn.numBatchesTracked!.dtype).toBe('int32');
    const y = m.forward(tensor([[1, 2], [3, 4]], { dtype: 'float64' }));
    expect(y.dtype).toBe('float64');
    expect(() => m.to('int8' as 'int32')).toThrow(/to: dtype must be one of/);
    expect(() => m.to('int32')).toThrow(/cannot convert a parameter that requires grad to int32/);
  });

  it('summary lists every module, its parameter shapes and counts, and the totals', () => {
    const s = new Net().summary();
    expect(s).toMatch(/^Layer\s+Type\s+Shapes\s+Params$/m);
    expect(s).toMatch(/^layers\.0\s+Linear\s+\[4,3\] \[4\]\s+16$/m);
    expect(s).toMatch(/^\(root\)\s+Net\s+\[1\] \[5\]\s+6$/m);
    expect(s).toContain('Total params: 39');
    expect(s).toContain('Trainable params: 39');
    const frozen = new Linear(10, 100);
    noGrad(() => frozen.weight.setRequiresGrad(false));
    expect(frozen.summary()).toContain('Trainable params: 100\nNon-trainable params: 1,000');
  });

  it('toString shows the tree with layer configuration', () => {
    expect(new Sequential(new Linear(2, 3), new ReLU()).toString()).toBe(
      'Sequential(\n  (0): Linear(inFeatures=2, outFeatures=3, bias=true)\n  (1): ReLU()\n)',
    );
  });
});

describe('Parameter', () => {
  it('shares storage with its tensor and requires grad', () => {
    const t = zeros([2]);
    const p = new Parameter(t);
    expect(p.requiresGrad).toBe(true);
    expect(p._storage).toBe(t._storage);
    expect(new Parameter(t, false).requiresGrad).toBe(false);
    expect(() => new Parameter([1, 2] as unknown as Tensor)).toThrow(/Parameter: data must be a Tensor, got an array of length 2/);
    expect(() => new Parameter(zeros([1], { dtype: 'int32' }))).toThrow(/only float tensors can require grad/);
    expect(String(p)).toMatch(/^Parameter containing:\ntensor\(/);
  });
});
