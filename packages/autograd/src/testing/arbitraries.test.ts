import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { broadcastShapes } from '../tensor/shape.js';
import { arbBroadcastableShapes, arbShape, arbTensor } from './arbitraries.js';

describe('arbitraries', () => {
  it('arbShape respects rank and dim bounds', () => {
    fc.assert(
      fc.property(arbShape({ minRank: 1, maxRank: 3, minDim: 2, maxDim: 5 }), (s) =>
        s.length >= 1 && s.length <= 3 && s.every((d) => d >= 2 && d <= 5),
      ),
      { seed: 1, numRuns: 100 },
    );
  });

  it('arbBroadcastableShapes always broadcast', () => {
    fc.assert(fc.property(arbBroadcastableShapes(), ([a, b]) => Array.isArray(broadcastShapes('t', a, b))), { seed: 2, numRuns: 200 });
  });

  it('arbTensor honours shape, range and avoid zones', () => {
    fc.assert(
      fc.property(arbTensor({ shape: [3, 2], min: -1, max: 1, avoid: [0] }), (t) => {
        expect(t.shape).toEqual([3, 2]);
        for (const v of t.data()) expect(Math.abs(v) >= 0.1 && Math.abs(v) <= 1.1).toBe(true);
      }),
      { seed: 3, numRuns: 50 },
    );
  });
});
