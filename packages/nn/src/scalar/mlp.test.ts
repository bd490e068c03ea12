import { Generator, Value, ValueError } from '@nabla/autograd';
import { describe, expect, it } from 'vitest';
import { Layer, MLP, Neuron } from './index.js';

const weights = (ps: Value[]): number[] => ps.map((p) => p.data);

describe('scalar MLP shapes and parameters', () => {
  it.each([
    [2, [4, 1], 4 * 3 + 1 * 5],
    [3, [4, 4, 1], 4 * 4 + 4 * 5 + 1 * 5],
    [1, [1], 2],
  ])('MLP(%i, %j) has %i parameters and one output per last-layer neuron', (nin, nouts, count) => {
    const mlp = new MLP(nin, nouts, { seed: 0 });
    expect(mlp.parameters()).toHaveLength(count);
    expect(new Set(mlp.parameters()).size).toBe(count); // no parameter shared by mistake
    expect(mlp.layers.map((l) => [l.nin, l.nout])).toEqual(nouts.map((n, i) => [[nin, ...nouts][i], n]));
    expect(mlp.forward(Array.from({ length: nin }, () => 0.5))).toHaveLength(nouts[nouts.length - 1]!);
  });

  it('Layer and Neuron count nout * (nin + 1) and nin + 1 parameters', () => {
    expect(new Layer(3, 5, { seed: 0 }).parameters()).toHaveLength(20);
    expect(new Layer(3, 5, { seed: 0 }).forward([1, 2, 3])).toHaveLength(5);
    expect(new Neuron(3, { seed: 0 }).parameters()).toHaveLength(4);
  });

  it('uses the hidden nonlinearity everywhere but the last layer, which is linear unless told otherwise', () => {
    expect(new MLP(2, [3, 3, 1], { seed: 0 }).layers.map((l) => l.nonlin)).toEqual(['tanh', 'tanh', 'linear']);
    const relu = new MLP(2, [3, 1], { nonlin: 'relu', outNonlin: 'sigmoid', seed: 0 });
    expect(relu.layers.map((l) => l.nonlin)).toEqual(['relu', 'sigmoid']);
    const [y] = relu.forward([5, -7]);
    expect(y!.data).toBeGreaterThan(0);
    expect(y!.data).toBeLessThan(1);
  });

  it('computes nonlin(w·x + b) for a neuron', () => {
    const n = new Neuron(2, { nonlin: 'tanh', seed: 3 });
    n.b.data = 0.25;
    const [w0, w1] = weights([...n.w]);
    expect(n.forward([0.5, -2]).data).toBeCloseTo(Math.tanh(0.25 + w0! * 0.5 + w1! * -2), 15);
    expect(new Neuron(1, { nonlin: 'linear', seed: 3 }).forward([2]).data).toBe(2 * new Neuron(1, { seed: 3 }).w[0]!.data);
  });

  it('backpropagates into every parameter and zeroGrad clears them', () => {
    const mlp = new MLP(2, [4, 1], { seed: 1 });
    const [y] = mlp.forward([1, -1]);
    y!.backward();
    expect(mlp.parameters().filter((p) => p.grad !== 0).length).toBeGreaterThan(10);
    mlp.zeroGrad();
    expect(mlp.parameters().every((p) => p.grad === 0)).toBe(true);
  });
});

describe('scalar MLP seeded initialisation', () => {
  it('is reproducible for a seed, different across seeds, uniform in [-1, 1) with zero biases', () => {
    const a = weights(new MLP(2, [4, 1], { seed: 7 }).parameters());
    expect(weights(new MLP(2, [4, 1], { seed: 7 }).parameters())).toEqual(a);
    expect(weights(new MLP(2, [4, 1], { seed: 8 }).parameters())).not.toEqual(a);
    const mlp = new MLP(2, [50, 50, 1], { seed: 7 });
    const ws = mlp.layers.flatMap((l) => l.neurons.flatMap((n) => weights([...n.w])));
    expect(ws.every((w) => w >= -1 && w < 1)).toBe(true);
    expect(Math.min(...ws)).toBeLessThan(-0.9);
    expect(Math.max(...ws)).toBeGreaterThan(0.9);
    expect(mlp.layers.flatMap((l) => l.neurons.map((n) => n.b.data)).every((b) => b === 0)).toBe(true);
  });

  it('draws from a shared generator the same weights a seed gives', () => {
    expect(weights(new MLP(2, [3, 1], { generator: new Generator(5) }).parameters())).toEqual(
      weights(new MLP(2, [3, 1], { seed: 5 }).parameters()),
    );
  });
});

describe('scalar MLP bad inputs', () => {
  it('names the module, the expected and the received input length', () => {
    const mlp = new MLP(2, [4, 1], { seed: 0 });
    expect(() => mlp.forward([1, 2, 3])).toThrow(ValueError);
    expect(() => mlp.forward([1, 2, 3])).toThrow('MLP(2 -> [4, 1]).forward: expected an input of length 2, got length 3');
    expect(() => new Layer(3, 2, { seed: 0 }).forward([1])).toThrow(
      'Layer(3 -> 2, tanh).forward: expected an input of length 3, got length 1',
    );
    expect(() => new Neuron(2, { seed: 0 }).forward([])).toThrow('Neuron(2, tanh).forward: expected an input of length 2, got length 0');
  });

  it('refuses non-array inputs and non-numeric elements', () => {
    const mlp = new MLP(2, [1], { seed: 0 });
    expect(() => mlp.forward('12' as unknown as number[])).toThrow('got the string "12"');
    expect(() => mlp.forward([1, '2'] as unknown as number[])).toThrow('input[1] must be a number or a Value, got the string "2"');
  });

  it.each([0, -1, 1.5, NaN, Infinity, '2'])('refuses size %o', (n) => {
    expect(() => new Neuron(n as number)).toThrow('Neuron: nin must be a positive integer');
    expect(() => new Layer(2, n as number)).toThrow('Layer: nout must be a positive integer');
    expect(() => new MLP(2, [3, n as number])).toThrow('MLP: nouts[1] must be a positive integer');
  });

  it('refuses empty nouts, unknown nonlinearities and bad seeding options', () => {
    expect(() => new MLP(2, [])).toThrow('MLP: nouts must be a non-empty array of layer sizes, got an array of length 0');
    expect(() => new MLP(2, [1], { nonlin: 'gelu' as 'tanh' })).toThrow('MLP: nonlin must be one of tanh, relu, sigmoid, linear; got the string "gelu"');
    expect(() => new MLP(2, [1], { seed: 1, generator: new Generator(1) })).toThrow('pass either generator or seed, not both');
    expect(() => new Neuron(2, { seed: NaN })).toThrow('Neuron: seed must be a finite number, got number NaN');
    expect(() => new Neuron(2, { generator: {} as Generator })).toThrow('Neuron: generator must be a Generator, got an object (Object)');
  });
});
