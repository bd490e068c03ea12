import { describe, expect, it } from 'vitest';
import { snapshot } from '../../../../test-support/snapshot.js';
import { tensor } from '../creation/tensor.js';
import { DTypeError, NablaError, ShapeError, ValueError } from '../errors.js';
import { toDot } from '../scalar/to-dot.js';
import type { Tensor } from '../tensor/tensor.js';
import { astype, elu, gelu, leakyRelu, silu } from './elementwise.js';

/** Plain-JS misuse (no TypeScript to stop it): each call must throw a NablaError, not a TypeError (issue 20 item 6). */
const cases: [string, (x: Tensor) => unknown, typeof NablaError, RegExp][] = [
  ['astype(x, 10n) (function form validates the dtype too)', (x) => astype(x, 10n as never), DTypeError, /^astype: unknown dtype bigint 10; expected one of float32, float64, int32$/],
  ['astype(x, undefined)', (x) => astype(x, undefined as never), DTypeError, /^astype: unknown dtype undefined; expected one of/],
  ['x.astype({})', (x) => x.astype({} as never), DTypeError, /^astype: unknown dtype an object \(Object\)/],
  ['silu(null)', () => silu(null as never), ValueError, /^silu: input must be a Tensor, got null$/],
  ["gelu('x')", () => gelu('x' as never), ValueError, /^gelu: input must be a Tensor, got the string "x"$/],
  ['gelu(x, null)', (x) => gelu(x, null as never), ValueError, /^gelu: options must be an object like \{ approximate: 'tanh' \}, got null$/],
  ["x.gelu({ approximate: 'fast' })", (x) => x.gelu({ approximate: 'fast' as never }), ValueError, /^gelu: approximate must be 'none' or 'tanh', got the string "fast"$/],
  ['elu(5)', () => elu(5 as never), ValueError, /^elu: input must be a Tensor, got number 5$/],
  ['leakyRelu([1])', () => leakyRelu([1] as never), ValueError, /^leakyRelu: input must be a Tensor, got an array of length 1$/],
  ['x.concat(y) with a Tensor instead of an array', (x) => x.concat(x as never), ValueError, /^concat: others must be an array of Tensors, got an object \(Tensor\)$/],
  ["x.permute(Symbol('a'), 0)", (x) => x.permute(Symbol('a') as never), ShapeError, /^permute: expected 2 axes for a tensor of shape \[2,2\], got \[symbol Symbol\(a\)\]$/],
  ['toDot(x, null)', (x) => toDot(x, null as never), ValueError, /^toDot: options must be an object, got null$/],
  ['x.sameShape([2, 2])', (x) => x.sameShape([2, 2] as never), ValueError, /^sameShape: other must be a Tensor, got an array of length 2$/],
];

describe('plain-JS misuse gives a NablaError naming the op and the value (issue 20 item 6)', () => {
  for (const [name, run, cls, message] of cases) {
    it(name, () => {
      const x = tensor([[1, 2], [3, 4]], { requiresGrad: true });
      const before = snapshot(x);
      let thrown: unknown;
      try {
        run(x);
      } catch (e) {
        thrown = e;
      }
      expect(thrown).toBeInstanceOf(cls);
      expect((thrown as Error).message).toMatch(message);
      expect(snapshot(x)).toEqual(before);
    });
  }
});
