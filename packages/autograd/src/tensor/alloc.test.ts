import { describe, expect, it } from 'vitest';
import { full, ones, zeros, zerosLike } from '../creation/fill.js';
import { rand, randint, randn } from '../creation/random.js';
import { arange, eye, linspace } from '../creation/ranges.js';
import { ValueError } from '../errors.js';
import { allocateFor, MAX_ELEMENTS } from './alloc.js';
import { getBackend, setBackend } from '../backend/registry.js';
import { NablaError } from '../errors.js';

function errorOf(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a throw');
}

describe('huge shapes are a ValueError naming the op, the shape and the bytes (issue 20 item 8)', () => {
  const cases: [string, () => unknown, RegExp][] = [
    ['zeros', () => zeros([1e9, 1e9]), /^zeros: shape \[1000000000,1000000000\] has 1000000000000000000 elements, which would need 4\.00e\+18 bytes \(3\.5 EiB\) as float32; a tensor holds at most 4294967296 elements$/],
    ['ones float64', () => ones([1e5, 1e5], { dtype: 'float64' }), /^ones: shape \[100000,100000\] has 10000000000 elements, which would need 80000000000 bytes \(74\.5 GiB\) as float64/],
    ['full', () => full([2 ** 20, 2 ** 20], 1), /^full: shape \[1048576,1048576\] has 1099511627776 elements/],
    ['arange', () => arange(0, 1e10, 1, { dtype: 'float64' }), /^arange: shape \[10000000000\] has 10000000000 elements, which would need 80000000000 bytes/],
    ['arange int32 default', () => arange(0, 1e10), /^arange: the last value 9999999999 is outside the int32 range/],
    ['linspace', () => linspace(0, 1, 2 ** 33), /^linspace: shape \[8589934592\] has 8589934592 elements/],
    ['eye', () => eye(1e5), /^eye: shape \[100000,100000\] has 10000000000 elements/],
    ['rand', () => rand([1e6, 1e6]), /^rand: shape \[1000000,1000000\] has 1000000000000 elements/],
    ['randn', () => randn([1e6, 1e6]), /^randn: shape \[1000000,1000000\]/],
    ['randint', () => randint(0, 2, [1e6, 1e6]), /^randint: shape \[1000000,1000000\]/],
  ];
  for (const [name, fn, message] of cases) {
    it(name, () => {
      const e = errorOf(fn);
      expect(e).toBeInstanceOf(ValueError);
      expect(e.message).toMatch(message);
    });
  }

  it('an allocation the engine refuses becomes a ValueError (not a bare RangeError)', () => {
    // Exactly at the element limit: allowed by the count check, refused by V8 (or out of memory) as float64.
    const e = errorOf(() => allocateFor('zeros', 'float64', [MAX_ELEMENTS]));
    expect(e).toBeInstanceOf(ValueError);
    expect(e.message).toMatch(/^zeros: cannot allocate 34359738368 bytes \(32\.0 GiB\) for shape \[4294967296\] as float64 \(/);
  });

  it('ordinary and empty shapes still work', () => {
    expect(zeros([0, 1e9]).shape).toEqual([0, 1e9]);
    expect(zerosLike(zeros([2, 3])).shape).toEqual([2, 3]);
  });

  it("an op whose result is too large names the op and its input shapes (on both backends), not a bare RangeError", () => {
    const saved = getBackend();
    try {
      for (const backend of ['cpu', 'wasm'] as const) {
        setBackend(backend);
        const huge = zeros([1]).expand([1e5, 1e5]); // a view: no memory yet
        const e = errorOf(() => huge.add(1));
        expect(e).toBeInstanceOf(NablaError);
        expect(e.message).toMatch(/^add: .*(\[100000,100000\]|\d{11} bytes)/);
        const m = errorOf(() => ones([1e5, 1]).matmul(ones([1, 1e5])));
        expect(m).toBeInstanceOf(ValueError);
        expect(m.message).toMatch(/^matmul: /);
      }
    } finally {
      setBackend(saved);
    }
  });
});
