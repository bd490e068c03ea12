import { describe, expect, it } from 'vitest';
import { tensor } from '../creation/tensor.js';
import { GraphError, ValueError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { gradcheck, gradgradcheck } from '../testing/gradcheck.js';
import { AnomalyError, detectAnomaly } from './anomaly.js';
import { defineOp, type CustomOpDefinition } from './custom-op.js';
import { grad } from './functional.js';
import { isGradEnabled, noGrad } from './grad-mode.js';

const leaf = (v: number[]) => tensor(v, { dtype: 'float64', requiresGrad: true });

// x * y with its rule written in Tensor ops: differentiable again.
const mulOp = defineOp({
  name: 'myMul',
  forward: (x, y) => x.mul(y),
  vjp: (g, { inputs: [x, y] }) => [g.mul(y!), g.mul(x!)], // d(xy) = y dx + x dy
});
// exp with its rule using the output, like the built-in.
const expOp = defineOp({ name: 'myExp', forward: (x) => x.exp(), vjp: (g, { out }) => [g.mul(out)] });

/** An op with the given (possibly broken) vjp, forward x -> 2x. */
const withVjp = (vjp: CustomOpDefinition['vjp']) => defineOp({ name: 'broken', forward: (x, y) => x.mul(2).add(y ?? 0), vjp });

describe('defineOp', () => {
  it('computes forward and its own gradient, checked by gradcheck and gradgradcheck', () => {
    const [x, y] = [tensor([0.5, -1.5, 2], { dtype: 'float64' }), tensor([1.2, 0.3, -0.7], { dtype: 'float64' })];
    expect(Array.from(mulOp(x, y).data())).toEqual(Array.from(x.mul(y).data()));
    expect(gradcheck(mulOp, [x, y])).toBe(true);
    expect(gradgradcheck(mulOp, [x, y])).toBe(true);
    expect(gradgradcheck((t) => expOp(t.sin()), [x])).toBe(true);
    expect(grad(grad(grad((t: Tensor) => expOp(t.mul(2)))))(tensor(0.3, { dtype: 'float64' })).item()).toBeCloseTo(8 * Math.exp(0.6), 12);
  });

  it('behaves like a built-in: records only when needed, names itself, runs hooks, obeys noGrad', () => {
    const x = leaf([1, 2]);
    const out = expOp(x);
    expect(out.requiresGrad).toBe(true);
    expect(out.toString()).toContain('gradFn=myExp');
    expect(expOp(tensor([1, 2])).requiresGrad).toBe(false);
    expect(noGrad(() => expOp(x)).requiresGrad).toBe(false);
    const seen: number[][] = [];
    out.registerHook((g) => {
      seen.push(Array.from(g.data()));
      return g.mul(2);
    });
    out.sum().backward();
    expect(seen).toEqual([[1, 1]]);
    expect(Array.from(x.grad!.data())).toEqual([2 * Math.exp(1), 2 * Math.exp(2)]);
  });

  it('does not change an input when forward returns it', () => {
    const identity = defineOp({ name: 'identity', forward: (x) => x, vjp: (g) => [g] });
    const x = leaf([3]);
    const y = identity(x);
    expect(y).not.toBe(x);
    expect(x.isLeaf).toBe(true);
    y.mul(y).sum().backward();
    expect(x.grad!.item()).toBe(6);
  });

  it('frees its saved inputs after backward unless retainGraph, like a built-in', () => {
    const x = leaf([1]);
    const y = expOp(x);
    y.backward(tensor([1], { dtype: 'float64' }));
    expect(() => y.backward(tensor([1], { dtype: 'float64' }))).toThrow(GraphError);
    expect(() => y.backward(tensor([1], { dtype: 'float64' }))).toThrow(/saved inputs of 'myExp'.*retainGraph: true/);
    const z = expOp(x).sum();
    z.backward(undefined, { retainGraph: true });
    z.backward();
    expect(x.grad!.item()).toBeCloseTo(3 * Math.E, 12);
  });

  it('rejects a vjp returning the wrong count, a non-Tensor or a wrong shape, naming op, input and shapes', () => {
    const x = leaf([1, 2, 3]);
    const y = tensor([[1, 1, 1]], { dtype: 'float64', requiresGrad: true });
    const run = (vjp: CustomOpDefinition['vjp']) => () => withVjp(vjp)(x, y).sum().backward();
    expect(run((g) => [g])).toThrow(GraphError);
    expect(run((g) => [g])).toThrow(/broken: vjp returned 1 gradient\(s\) for 2 input\(s\) \(shapes \[3\], \[1,3\]\)/);
    expect(run(() => 'no' as never)).toThrow(/broken: vjp must return an array with one gradient per input \(2: \[3\], \[1,3\]\), got the string "no"/);
    expect(run((g) => [g.sum(0), 5 as never])).toThrow(/broken: vjp returned number 5 as the gradient of input 1 \(shape \[1,3\]\)/);
    expect(run((g) => [g.sum(0), g.sum(0)])).toThrow(/broken: vjp returned a gradient of shape \[3\] for input 1 of shape \[1,3\]/);
    expect(run((g) => [g.sum(), g])).toThrow(/broken: vjp returned a gradient of shape \[\] for input 0 of shape \[3\]/);
    expect(x.grad).toBeNull();
  });

  it('accepts null for an input without gradient and casts a gradient to its input dtype', () => {
    const x = leaf([1, 2]);
    withVjp((g) => [g.mul(2).astype('float32'), null])(x, tensor([1, 1], { dtype: 'float64' })).sum().backward();
    expect(x.grad!.dtype).toBe('float64');
    expect(Array.from(x.grad!.data())).toEqual([2, 2]);
  });

  it('validates its definition and inputs with ValueError', () => {
    expect(() => defineOp({ name: '', forward: (x) => x, vjp: (g) => [g] })).toThrow(/defineOp: name must be a non-empty string/);
    expect(() => defineOp({ name: 'f', forward: 3 as never, vjp: (g) => [g] })).toThrow(/defineOp 'f': forward must be a function, got number 3/);
    expect(() => defineOp(null as never)).toThrow(ValueError);
    expect(() => expOp([1, 2] as never)).toThrow(/myExp: input 0 must be a Tensor, got an array of length 2/);
    const bad = defineOp({ name: 'bad', forward: () => 7 as never, vjp: (g) => [g] });
    expect(() => bad(leaf([1]))).toThrow(/bad: forward must return a Tensor, got number 7/);
  });

  it('lets exceptions from forward and vjp propagate unchanged, then works again', () => {
    const err = new RangeError('user forward failed');
    const failing = defineOp({ name: 'failing', forward: () => { throw err; }, vjp: (g) => [g] });
    expect(() => failing(leaf([1]))).toThrow(err);
    expect(isGradEnabled()).toBe(true);
    const vjpErr = new TypeError('user vjp failed');
    const x = leaf([1]);
    expect(() => withVjp(() => { throw vjpErr; })(x).sum().backward(undefined, { createGraph: true })).toThrow(vjpErr);
    const y = withVjp(() => { throw vjpErr; })(x).sum();
    expect(() => noGrad(() => y.backward())).toThrow(vjpErr);
    expect(isGradEnabled()).toBe(true);
    expect(x.grad).toBeNull();
    expOp(x).sum().backward();
    expect(x.grad!.item()).toBeCloseTo(Math.E, 12);
  });

  it('takes part in anomaly mode under its own name', () => {
    const badLog = defineOp({ name: 'badLog', forward: (x) => x.log(), vjp: (g, { inputs: [x] }) => [g.div(x!)] });
    expect(() => detectAnomaly(() => badLog(tensor([0, 1], { dtype: 'float64' })))).toThrow(AnomalyError);
    expect(() => detectAnomaly(() => badLog(tensor([0, 1], { dtype: 'float64' })))).toThrow(/forward of 'badLog'/);
    const mySqrt = defineOp({ name: 'mySqrt', forward: (x) => x.sqrt(), vjp: (g, { out }) => [g.div(out.mul(2))] });
    const x = leaf([0, 4]);
    expect(() => detectAnomaly(() => mySqrt(x).sum().backward())).toThrow(/backward of 'mySqrt' .* gradient of input 0 \(input shapes \[2\]\)/);
  });
});
