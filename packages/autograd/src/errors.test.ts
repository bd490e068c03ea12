import { inspect } from 'node:util';
import { describe as group, expect, it, vi } from 'vitest';
import { ValueError, describe, requireOptions } from './errors.js';
import { tensor } from './creation/tensor.js';
import { Tensor } from './tensor/tensor.js';
import { add } from './ops/index.js';

group('describe', () => {
  it('names each kind of value once', () => {
    expect(describe(undefined)).toBe('undefined');
    expect(describe(null)).toBe('null');
    expect(describe(3)).toBe('number 3');
    expect(describe('3')).toBe('the string "3"');
    expect(describe([1, 2])).toBe('an array of length 2');
    expect(describe(new Map())).toBe('an object (Map)');
    expect(describe(function lr() {})).toBe('a function (lr)');
    expect(describe(tensor([1]))).toBe('an object (Tensor)');
  });
});

group('requireOptions', () => {
  it('passes when every required option is there (0 and false count as given)', () => {
    expect(() => requireOptions('op', { a: 0, b: false, c: 1 }, ['a', 'b'])).not.toThrow();
  });

  it('names the missing options, the keys given, and camelCase names for snake_case ones', () => {
    const opts = { max_lr: 0.1, total_steps: 10, momentum: 0.9 };
    expect(() => requireOptions('OneCycleLR', opts, ['maxLr', 'totalSteps'])).toThrow(
      expect.objectContaining({
        constructor: ValueError,
        message: "OneCycleLR: missing options 'maxLr', 'totalSteps' (the options given were: max_lr, total_steps, momentum; did you mean maxLr for max_lr, totalSteps for total_steps?)",
      }),
    );
    expect(opts).toEqual({ max_lr: 0.1, total_steps: 10, momentum: 0.9 });
    expect(() => requireOptions('StepLR', { stepSize: undefined }, ['stepSize'])).toThrow("StepLR: missing option 'stepSize' (the options given were: stepSize)");
    expect(() => requireOptions('StepLR', {}, ['stepSize'])).toThrow("StepLR: missing option 'stepSize' (no options were given)");
  });

  it('rejects options that are not an object', () => {
    for (const [o, got] of [[undefined, 'undefined'], [null, 'null'], [[1], 'an array of length 1'], [0.1, 'number 0.1']] as const) {
      expect(() => requireOptions('StepLR', o, ['stepSize', 'gamma'])).toThrow(
        expect.objectContaining({ constructor: ValueError, message: `StepLR: expected an options object with stepSize, gamma, got ${got}` }),
      );
    }
  });
});

group('a Tensor from a second loaded copy of the library', () => {
  it('is named as such, so a duplicate install is diagnosed instead of "got an object (Tensor)"', async () => {
    vi.resetModules(); // the next import evaluates every module again: a second copy, as two installs give
    const other = (await import('./index.js')) as typeof import('./index.js');
    const foreign = other.tensor([1, 2]);
    expect(foreign).not.toBeInstanceOf(Tensor);
    expect(describe(foreign)).toMatch(/^a Tensor from another copy of @nabla\/autograd: two copies of the library are loaded/);
    expect(() => add(tensor([1, 2]), foreign)).toThrow(
      expect.objectContaining({ constructor: ValueError, message: expect.stringContaining('add: y must be a Tensor or a number, got a Tensor from another copy of @nabla/autograd') }),
    );
    // The second copy recognises its own tensors and names ours as foreign.
    expect(other.describe(foreign)).toBe('an object (Tensor)');
    expect(other.describe(tensor([1]))).toMatch(/^a Tensor from another copy/);
    expect(foreign.toArray()).toEqual([1, 2]);
  });
});

group('Node inspection', () => {
  it('console.log and util.inspect show toString(), not the internal fields', () => {
    const t = tensor([[1, 2], [3, 4]], { requiresGrad: true });
    expect(inspect(t)).toBe(t.toString());
    expect(inspect({ w: t })).toContain('tensor([[1., 2.],');
    expect(inspect(t)).not.toContain('_storage');
  });
});
