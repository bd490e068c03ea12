import { describe, expect, it } from 'vitest';
import { tensor } from '../creation/tensor.js';
import type { Tensor } from '../tensor/tensor.js';
import { AnomalyError, anomalyEnabled, detectAnomaly } from './anomaly.js';

const leaf = (v: number[][]) => tensor(v, { dtype: 'float64', requiresGrad: true });
const data = [[1, 2, 3], [4, 5, 6]];

/** Caught error of `fn` (fails the test if it does not throw). */
function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a throw');
}

// Named functions, so the tests can tell the creation site (forward) from the call site of backward.
function forwardLogChain(x: Tensor): Tensor {
  return x.mul(0).log().mul(2).exp();
}
function forwardSqrtChain(x: Tensor): Tensor {
  return x.mul(0).sqrt().sum();
}
function runBackward(y: Tensor, createGraph = false): void {
  y.backward(undefined, { createGraph });
}

describe('detectAnomaly', () => {
  it('finds log(0 * x) in the forward: names the op, its input shapes and its creation site', () => {
    const e = thrown(() => detectAnomaly(() => forwardLogChain(leaf(data))));
    expect(e).toBeInstanceOf(AnomalyError);
    expect(e.message).toMatch(/^detectAnomaly: forward of 'log' turned finite inputs \(shapes \[2,3\]\) into NaN\/Infinity/);
    expect(e.message).toMatch(/created at:\n.*forwardLogChain.*anomaly\.test\.ts/);
    // The site starts at the caller's code, not inside nabla's dispatch.
    expect(e.message).not.toMatch(/primitives[\\/]apply/);
  });

  it('finds the backward NaN of sqrt at 0 (inf * 0), naming sqrt and where it was created', () => {
    for (const createGraph of [false, true]) {
      const x = leaf(data);
      const e = thrown(() => detectAnomaly(() => runBackward(forwardSqrtChain(x), createGraph)));
      expect(e).toBeInstanceOf(AnomalyError);
      expect(e.message).toMatch(/^detectAnomaly: backward of 'sqrt' turned a finite gradient \(shape \[2,3\]\) into NaN\/Infinity in the gradient of input 0 \(input shapes \[2,3\]\)/);
      const site = e.message.split('created at:\n')[1]!;
      expect(site).toMatch(/forwardSqrtChain/);
      expect(site.split('\n')[0]).not.toMatch(/runBackward/);
      expect(x.grad).toBeNull();
    }
  });

  it('says how to get the site when the forward ran outside anomaly mode', () => {
    const y = forwardSqrtChain(leaf(data));
    expect(() => detectAnomaly(() => runBackward(y))).toThrow(/backward of 'sqrt'[^]*run the forward pass inside detectAnomaly/);
  });

  it('is off by default and outside the block: the same code gives IEEE values and captures no site', () => {
    expect(anomalyEnabled()).toBe(false);
    const out = forwardLogChain(leaf(data));
    expect(Array.from(out.data())).toEqual([0, 0, 0, 0, 0, 0]); // exp(2 log 0) = exp(-inf) = 0
    expect(out._node!.site).toBeUndefined();
    const x = leaf(data);
    runBackward(forwardSqrtChain(x));
    expect(Array.from(x.grad!.data()).every(Number.isNaN)).toBe(true); // inf * 0
    expect(() => detectAnomaly(() => forwardLogChain(leaf(data)))).toThrow(AnomalyError);
    expect(anomalyEnabled()).toBe(false);
    expect(detectAnomaly(() => leaf(data).mul(2)._node!.site)).toMatch(/anomaly\.test\.ts/);
  });

  it('does not blame ops whose inputs were already non-finite, and passes finite work through', () => {
    const y = detectAnomaly(() => tensor([NaN, Infinity, 1], { dtype: 'float64' }).add(1).log());
    expect(Array.from(y.data())).toEqual([NaN, Infinity, Math.log(2)]);
    const x = leaf(data);
    expect(detectAnomaly(() => {
      x.square().sum().backward();
      return x.grad!.sum().item();
    })).toBe(42);
  });

  it('nests and returns the block value', () => {
    expect(detectAnomaly(() => detectAnomaly(() => 7) + 1)).toBe(8);
    expect(anomalyEnabled()).toBe(false);
  });
});
