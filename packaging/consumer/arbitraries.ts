// The fast-check entry point, typechecked once fast-check is installed.
import fc from 'fast-check';
import { gradcheck } from '@nabla/autograd/testing';
import { arbShape, arbTensor } from '@nabla/autograd/testing/arbitraries';

fc.assert(fc.property(arbShape({ maxRank: 2 }).chain((shape) => arbTensor({ shape })), (t) => gradcheck((u) => u.square().sum(), [t])), { numRuns: 5, seed: 1 });
