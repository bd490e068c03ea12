/** Two interleaving half circles ("two moons"), the classic small non-linear classification problem. */
import { Generator } from '@nabla/autograd';

/** Points [x, y] and their class (0: upper moon, 1: lower moon). */
export interface Moons {
  points: [number, number][];
  labels: number[];
}

/**
 * `count` points, half per moon, with the angle t uniform in [0, pi] and Gaussian noise of sd `noise` added
 * to both coordinates. Upper moon: (cos t, sin t); lower moon: (1 - cos t, 0.5 - sin t), as scikit-learn's
 * make_moons.
 * @example makeMoons({ seed: 0, count: 200 }).points.length; // 200
 */
export function makeMoons(opts: { seed?: number; count?: number; noise?: number } = {}): Moons {
  const { seed = 0, count = 300, noise = 0.15 } = opts;
  const g = new Generator(seed);
  const points: [number, number][] = [];
  const labels: number[] = [];
  for (let i = 0; i < count; i++) {
    const label = i % 2;
    const t = g.uniform(0, Math.PI);
    const [x, y] = label === 0 ? [Math.cos(t), Math.sin(t)] : [1 - Math.cos(t), 0.5 - Math.sin(t)];
    points.push([x + g.normal(0, noise), y + g.normal(0, noise)]);
    labels.push(label);
  }
  return { points, labels };
}
