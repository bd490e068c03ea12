import { describe, expect, it } from 'vitest';
import { NablaError, ValueError } from '../errors.js';
import { toDot } from './to-dot.js';
import { Value } from './value.js';

// Plain-JavaScript callers get no type checking, so every kind of wrong operand must be refused at the
// boundary with the op's name and what was received, instead of becoming NaN deep in a graph.
const badOperands: [unknown, string][] = [
  ['3', 'the string "3"'],
  [undefined, 'undefined'],
  [null, 'null'],
  [{ data: 3 }, 'an object (Object)'],
  [[1, 2], 'an array of length 2'],
  [true, 'boolean true'],
  [3n, 'bigint 3'],
];

type BinaryName = 'add' | 'sub' | 'mul' | 'div' | 'pow';
const ops: BinaryName[] = ['add', 'sub', 'mul', 'div', 'pow'];

describe('Value bad inputs', () => {
  for (const op of ops) {
    it.each(badOperands)(`${op} refuses %o, naming the op and what it received`, (bad, received) => {
      const x = new Value(2);
      const call = (): Value => (x[op] as (y: unknown) => Value)(bad);
      expect(call).toThrow(ValueError);
      expect(call).toThrow(`${op}: operand must be a number or a Value, got ${received}`);
    });
  }

  it.each(badOperands)('the constructor refuses %o', (bad, received) => {
    const make = (): Value => new Value(bad as number);
    expect(make).toThrow(ValueError);
    expect(make).toThrow(`Value: data must be a number, got ${received}`);
  });

  it('the constructor refuses a non-string label', () => {
    expect(() => new Value(1, { label: 5 as unknown as string })).toThrow('Value: label must be a string, got number 5');
  });

  it('errors are NablaErrors, and a failed op leaves its operand untouched', () => {
    const x = new Value(2, { label: 'x' });
    const y = x.mul(3);
    expect(() => y.add('1' as unknown as number)).toThrow(NablaError);
    expect([y.data, y.grad, y.op, y.prev.length]).toEqual([6, 0, 'mul', 2]);
  });

  it('toDot refuses a non-Value root', () => {
    expect(() => toDot({} as Value)).toThrow('toDot: root must be a Value or a Tensor, got an object (Object)');
  });
});
