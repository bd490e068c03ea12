import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { makeMoons } from './data.js';
import { accuracy, makeModel, trainMoons } from './train.js';

describe('two moons data', () => {
  it('is seeded, balanced, and lies near the two half circles', () => {
    const a = makeMoons({ seed: 0, count: 200, noise: 0 });
    expect(makeMoons({ seed: 0, count: 200, noise: 0 })).toEqual(a);
    expect(a.labels.filter((y) => y === 1)).toHaveLength(100);
    a.points.forEach(([x, y], i) => {
      const [cx, cy] = a.labels[i] === 0 ? [0, 0] : [1, 0.5]; // centres of the upper and lower circles
      expect(Math.hypot(x - cx, y - cy)).toBeCloseTo(1, 12);
      expect(a.labels[i] === 0 ? y >= 0 : y <= 0.5).toBe(true);
    });
  });
});

describe('moons example (quick mode)', () => {
  it('an untrained model is near chance; 300 Adam steps reach >= 95% train accuracy', async () => {
    const data = makeMoons({ seed: 0 });
    expect(accuracy(makeModel(0), data)).toBeLessThan(0.9);
    const r = await trainMoons(data, { seed: 0, steps: 300 });
    expect(r.trainAccuracy).toBeGreaterThanOrEqual(0.95);
    expect(accuracy(r.model, makeMoons({ seed: 1000 }))).toBeGreaterThanOrEqual(0.93);
    expect(r.losses.at(-1)![1]).toBeLessThan(r.losses[0]![1] / 10);
  });

  it('main.ts --quick prints its accuracy and writes moons.svg to --out', () => {
    const out = mkdtempSync(join(tmpdir(), 'moons-'));
    try {
      const stdout = execFileSync(process.execPath, ['--import', 'tsx', '--conditions=@nabla/source', 'main.ts', '--quick', '--out', out], { cwd: import.meta.dirname, encoding: 'utf8' });
      const acc = Number(/train accuracy ([\d.]+)%/.exec(stdout)?.[1]);
      expect(acc).toBeGreaterThanOrEqual(95);
      const file = join(out, 'moons.svg');
      expect(existsSync(file)).toBe(true);
      const svg = readFileSync(file, 'utf8');
      expect(svg).toMatch(/^<svg xmlns/);
      expect(svg.match(/<circle /g)!.length).toBeGreaterThanOrEqual(300);
      expect(svg).toContain('class="boundary"');
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
