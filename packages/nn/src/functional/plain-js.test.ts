import { NablaError, ValueError, randn, tensor } from '@nabla/autograd';
import { describe, expect, it } from 'vitest';
import { snapshot } from '../../../../test-support/snapshot.js';
import { MSELoss } from '../layers/losses.js';
import { LayerNorm } from '../layers/normalization.js';
import { layerNorm } from './normalization.js';
import { avgPool2d, maxPool2d } from './pooling.js';

/** Plain-JS misuse in nn (issue 20 item 6): a NablaError naming the op and the value, never a TypeError. */
const cases: [string, () => unknown, RegExp][] = [
  ['maxPool2d(x, 2, null)', () => maxPool2d(randn([1, 1, 4, 4]), 2, null as never), /^maxPool2d: options must be an object, got null$/],
  ['avgPool2d(x, 2, null)', () => avgPool2d(randn([1, 1, 4, 4]), 2, null as never), /^avgPool2d: options must be an object, got null$/],
  ['layerNorm(x, 10n)', () => layerNorm(randn([2, 3]), 10n as never), /^layerNorm: normalizedShape must be a non-negative integer or a non-empty list of them, got bigint 10$/],
  ["new LayerNorm([3, 'a'])", () => new LayerNorm([3, 'a'] as never), /^LayerNorm: normalizedShape must be .*, got \[3,the string "a"\]$/],
];

describe('nn functional and layers reject plain-JS misuse', () => {
  for (const [name, run, message] of cases) {
    it(name, () => {
      let thrown: unknown;
      try {
        run();
      } catch (e) {
        thrown = e;
      }
      expect(thrown).toBeInstanceOf(ValueError);
      expect(thrown).toBeInstanceOf(NablaError);
      expect((thrown as Error).message).toMatch(message);
    });
  }

  it('a loss module given null as its second constructor argument still works', () => {
    const loss = new MSELoss({ reduction: 'sum' }, null as never);
    const x = tensor([1, 2]);
    const before = snapshot(x);
    expect(loss.forward(x, tensor([0, 0])).item()).toBe(5);
    expect(snapshot(x)).toEqual(before);
  });
});
