import { describe, expect, it } from 'vitest';
import { tensor } from '@nabla/autograd';
import { SGD } from '@nabla/optim';
import { loadDigits, splitDigits } from '../lib/digits.js';
import { compareOnRosenbrock, digitsChart, rosenbrockChart, thin } from './compare.js';
import { runDigits } from './digits.js';
import { START, rosenbrock, rosenbrockTensor, runRosenbrock } from './rosenbrock.js';
import { CONTENDERS } from './zoo.js';

describe('Rosenbrock (quick mode: 300 steps)', async () => {
  const entries = await compareOnRosenbrock(300);
  const f0 = rosenbrock(...START);

  it('starts at f(-1.5, 2) = 12.5, and the tensor form has the analytic gradient', () => {
    expect(f0).toBe(12.5);
    const p = tensor([...START], { dtype: 'float64', requiresGrad: true });
    rosenbrockTensor(p).backward();
    // df/dx = -2(1 - x) - 400 x (y - x^2), df/dy = 200 (y - x^2)
    expect(Array.from(p.grad!.data())).toEqual([-2 * 2.5 - 400 * -1.5 * (2 - 2.25), 200 * (2 - 2.25)].map((v) => expect.closeTo(v, 10)));
  });

  it.each(['SGD', 'momentum', 'Nesterov', 'Adam', 'AdamW', 'RMSprop', 'Adagrad', 'Lion'])('%s lowers the loss from its start', (name) => {
    const e = entries.find((x) => x.name === name)!;
    expect(e.result.diverged).toBe(false);
    expect(e.result.losses).toHaveLength(301);
    expect(e.result.losses.at(-1)!).toBeLessThan(f0 / 2);
  });

  it('momentum beats plain SGD at the same learning rate in the curved valley', () => {
    const loss = (name: string): number => entries.find((x) => x.name === name)!.result.losses.at(-1)!;
    expect(loss('momentum')).toBeLessThan(loss('SGD') / 10);
  });

  it('stops and reports divergence when the step size is too large for the curvature', async () => {
    const r = await runRosenbrock((p) => new SGD(p, { lr: 0.01 }), 100);
    expect(r.diverged).toBe(true);
    expect(r.path.length).toBeLessThan(101);
  });

  it('draws both charts with one path and one curve per optimizer', () => {
    const svg = rosenbrockChart(entries);
    expect(svg.match(/data-series="Adam"/g)).toHaveLength(2);
    expect(svg.match(/data-series=/g)).toHaveLength(2 * entries.length);
    expect(thin(entries[0]!.result.path, 50)).toHaveLength(50);
  });
});

describe('digits (quick mode: 100 steps)', () => {
  const { train, test } = splitDigits(loadDigits());

  it('Adam reaches a lower training loss than plain SGD (each at its tuned rate) in the same small budget', async () => {
    const make = (name: string) => CONTENDERS.find((c) => c.name === name)!.digits;
    const sgd = await runDigits(make('SGD'), train, test, { steps: 100 });
    const adam = await runDigits(make('Adam'), train, test, { steps: 100 });
    expect(adam.trainLoss).toBeLessThan(sgd.trainLoss * 0.75);
    expect(adam.trainLoss).toBeLessThan(Math.log(10) / 5); // well below chance, ln 10
    expect(adam.testAccuracy).toBeGreaterThan(0.9);
    expect(digitsChart([{ name: 'SGD', lr: 0.3, result: sgd }, { name: 'Adam', lr: 0.01, result: adam }])).toContain('data-series="Adam"');
  });
});
