/**
 * W4: the scalar engines. (a) one training step of a 2-16-16-1 tanh MLP over 100 samples: forward every
 * sample, mean squared error, zero the grads, backward, p -= lr * grad. (b) a chain of 100,000 ops
 * (50,000 x `x * 0.999 + 0.001`), built and then differentiated. nabla's `Value` and `MLP` against a
 * minimal micrograd-style engine.
 */
import { Value } from '@nabla/autograd';
import { MLP } from '@nabla/nn/scalar';
import { prng } from '../data.js';
import { MMLP, MValue } from '../peers/micrograd.js';
import type { Case, Workload } from '../runner.js';

const LR = 0.05;

/** Samples in [-1, 1]^2 labelled +1 inside the unit circle of radius 0.7, else -1. */
function samples(n: number): { xs: [number, number][]; ys: number[] } {
  const r = prng(41);
  const xs = Array.from({ length: n }, (): [number, number] => [r() * 2 - 1, r() * 2 - 1]);
  return { xs, ys: xs.map(([a, b]) => (a * a + b * b < 0.49 ? 1 : -1)) };
}

/** Any engine's values: enough surface for an MSE training step. */
interface Scalar<V> {
  data: number;
  grad: number;
  add(y: V | number): V;
  mul(y: V | number): V;
  sub(y: V | number): V;
  backward(): void;
}

function trainStep<V extends Scalar<V>>(forward: (x: [number, number]) => V, params: V[], data: ReturnType<typeof samples>): () => void {
  return () => {
    let loss: V | undefined;
    data.xs.forEach((x, i) => {
      const d = forward(x).sub(data.ys[i]!);
      loss = loss === undefined ? d.mul(d) : loss.add(d.mul(d));
    });
    const mean = loss!.mul(1 / data.xs.length);
    for (const p of params) p.grad = 0;
    mean.backward();
    for (const p of params) p.data -= LR * p.grad;
  };
}

function mlpCase(n: number): Case {
  const data = samples(n);
  return {
    name: `MLP 2-16-16-1, ${n} samples`,
    metrics: [{ unit: 'ms' }],
    engines: {
      nabla: () => {
        const mlp = new MLP(2, [16, 16, 1], { seed: 0 });
        return trainStep((x) => mlp.forward(x)[0]!, mlp.parameters(), data);
      },
      micrograd: () => {
        const mlp = new MMLP([2, 16, 16, 1], prng(0));
        return trainStep((x) => mlp.forward(x)[0]!, mlp.parameters(), data);
      },
    },
  };
}

function chainCase(ops: number): Case {
  const chain = <V extends Scalar<V>>(leaf: () => V) => () => {
    const x0 = leaf();
    let x = x0;
    for (let i = 0; i < ops / 2; i++) x = x.mul(0.999).add(0.001);
    x.backward();
    if (!Number.isFinite(x0.grad)) throw new Error(`chain: gradient is ${x0.grad}`);
  };
  return {
    name: `chain of ${ops.toLocaleString('en-US')} ops`,
    metrics: [{ unit: 'ms' }],
    engines: {
      nabla: () => chain(() => new Value(0.5)),
      micrograd: () => chain(() => new MValue(0.5)),
    },
  };
}

/** W4: 100 samples and 100,000 ops (quick: 10 and 1,000). */
export const w4: Workload = {
  id: 'W4',
  title: 'scalar engine',
  cases: ({ quick }) => (quick ? [mlpCase(10), chainCase(1000)] : [mlpCase(100), chainCase(100_000)]),
};
