/** Testing a user's op: gradcheck, gradgradcheck, and property tests over fast-check's random tensors. */
// #region property
import fc from 'fast-check';
import { defineOp, tensor, type Tensor } from '@nabla/autograd';
import { gradcheck, gradgradcheck } from '@nabla/autograd/testing';
import { arbBroadcastableShapes, arbShape, arbTensor } from '@nabla/autograd/testing/arbitraries'; // needs fast-check
import { hypot, hypotBroadcast } from './custom-op.js';
// #endregion property

export function direct(): void {
  // #region direct
  const x = tensor([[3, -1], [0.5, 2]], { dtype: 'float64' }); // float64: see "Why float64" below
  const y = tensor([[4, 2], [-0.25, 1]], { dtype: 'float64' });
  console.log(gradcheck(hypot, [x, y])); // true, or a GradcheckError naming the worst element
  console.log(gradgradcheck(hypot, [x, y])); // second derivatives, through the recorded backward pass
  // #endregion direct
}

// #region buggy
/** hypot with a bug in its rule: it forgot to divide by out. */
const buggyHypot = defineOp({
  name: 'buggyHypot',
  forward: (x, y) => x.square().add(y.square()).sqrt(),
  vjp: (g, { inputs: [x, y] }) => [g.mul(x!), g.mul(y!)], // should be g x / out, g y / out
});
// #endregion buggy

export function caught(): void {
  // #region caught
  try {
    gradcheck(buggyHypot, [tensor([3, 1], { dtype: 'float64' }), tensor([4, 1], { dtype: 'float64' })]);
  } catch (e) {
    console.log((e as Error).message);
  }
  // #endregion caught
}

// #region property
/** Random shapes and values, float64, with x kept at least 0.1 away from 0 so hypot stays smooth. */
const sameShapePair = arbShape({ maxRank: 3 }).chain((shape) =>
  fc.tuple(arbTensor({ shape, avoid: [0] }), arbTensor({ shape })),
);

export function checkHypot(): void {
  fc.assert(
    fc.property(sameShapePair, ([x, y]) => gradcheck(hypot, [x, y]) && gradgradcheck(hypot, [x, y])),
    { seed: 42, numRuns: 25 }, // fixed seed: a failure reproduces; few runs: gradgradcheck is not cheap
  );
}

/** The broadcasting wrapper, over pairs of shapes that broadcast together (rank and size-1 differences). */
export function checkHypotBroadcast(): void {
  const pair = arbBroadcastableShapes({ maxRank: 3 }).chain(([a, b]) =>
    fc.tuple(arbTensor({ shape: a, avoid: [0] }), arbTensor({ shape: b })),
  );
  fc.assert(fc.property(pair, ([x, y]) => gradcheck(hypotBroadcast, [x, y])), { seed: 7, numRuns: 25 });
}
// #endregion property

export function shrinking(): void {
  // #region shrinking
  const property = fc.property(sameShapePair, ([x, y]) => gradcheck(buggyHypot, [x, y]));
  const result = fc.check(property, { seed: 42, numRuns: 25 });
  const [x, y] = result.counterexample![0] as [Tensor, Tensor];
  console.log(`failed after ${result.numRuns} run(s), shrunk ${result.numShrinks} times to:`);
  console.log(`  x = ${JSON.stringify(x.toArray())}, y = ${JSON.stringify(y.toArray())}`);
  // #endregion shrinking
}

/** The property checks run as tests in docs/hypot.test.ts; main shows the rest. */
export function main(): void {
  direct();
  caught();
  shrinking();
}
