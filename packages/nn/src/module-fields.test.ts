import { describe, expect, it } from 'vitest';
import { Tensor, ValueError, tensor } from '@nabla/autograd';
import { Linear } from './layers/linear.js';
import { Module } from './module.js';
import { Parameter } from './parameter.js';

/** A module whose only field is `held`; its forward is never called. */
class Holder extends Module {
  constructor(readonly held: unknown) {
    super();
  }
  forward(x: Tensor): Tensor {
    return x;
  }
}

const msg = (field: string, kind: string, what: string, use: string) =>
  `Holder: field '${field}' holds ${kind} of ${what}, which the parameter walk does not look into ` +
  `(their weights would be missing from parameters() and stateDict()); hold them in a ${use} (or an array, or one field each)`;

describe('fields the walk cannot see into are an error that names the container to use', () => {
  it.each([
    ['a plain object of modules', () => ({ enc: new Linear(2, 2), dec: new Linear(2, 2) }), msg('held', 'a plain object', 'modules', 'ModuleDict')],
    ['a null-prototype object of modules', () => Object.assign(Object.create(null) as object, { a: new Linear(2, 2) }), msg('held', 'a plain object', 'modules', 'ModuleDict')],
    ['a Map of modules', () => new Map([['a', new Linear(2, 2)]]), msg('held', 'a Map', 'modules', 'ModuleDict')],
    ['a plain object of parameters', () => ({ w: new Parameter(tensor([1])) }), msg('held', 'a plain object', 'parameters', 'ParameterDict')],
    ['a Set of modules', () => new Set([new Linear(2, 2)]), msg('held', 'a Set', 'modules', 'ModuleList')],
    ['an array holding a Map of modules', () => [new Linear(2, 2), new Map([['a', new Linear(2, 2)]])], msg('held.1', 'a Map', 'modules', 'ModuleDict')],
  ])('%s', (_name, make, message) => {
    const m = new Holder(make());
    for (const walk of [() => m.parameters(), () => m.stateDict(), () => m.children()]) {
      expect(walk).toThrow(expect.objectContaining({ constructor: ValueError, message }));
    }
  });

  it('plain objects, Maps and Sets of other things are fine and contribute nothing', () => {
    for (const held of [{ hidden: 4, act: 'relu' }, new Map([['k', 1]]), new Set(['a']), { t: tensor([1]) }, {}]) {
      expect(new Holder(held).parameters()).toEqual([]);
    }
  });

  it('arrays of modules are still walked and named like PyTorch', () => {
    const m = new Holder([new Linear(2, 3), new Linear(3, 1)]);
    expect(m.namedParameters().map(([n]) => n)).toEqual(['held.0.weight', 'held.0.bias', 'held.1.weight', 'held.1.bias']);
  });
});
