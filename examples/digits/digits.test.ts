import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Generator } from '@nabla/autograd';
import { loadFile } from '@nabla/nn/node';
import { afterAll, describe, expect, it } from 'vitest';
import { loadDigits, splitDigits, type Digits } from '../lib/digits.js';
import type { StepReporter } from '../lib/progress.js';
import { QUICK, runModel, totalSteps } from './experiment.js';
import { makeModel } from './models.js';
import { evaluate, shiftImages, trainClassifier } from './train.js';

const { train, test } = splitDigits(loadDigits());
const out = mkdtempSync(join(tmpdir(), 'nabla-digits-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('digits example, quick mode', () => {
  it('the MLP reaches >= 90 % test accuracy, writes its charts, and its saved weights reload to the same predictions', async () => {
    const r = await runModel('mlp', train, test, QUICK.mlp, out);
    expect(r.test.accuracy).toBeGreaterThanOrEqual(0.9);
    expect(r.curve).toHaveLength(QUICK.mlp.epochs);
    expect(r.curve.at(-1)!.trainLoss).toBeLessThan(r.curve[0]!.trainLoss);
    expect(r.reloaded.accuracy).toBe(r.test.accuracy);
    expect(Array.from(r.reloaded.predictions)).toEqual(Array.from(r.test.predictions));
    for (const svg of [r.files.curves, r.files.confusion]) expect(readFileSync(svg, 'utf8')).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
    const saved = loadFile(r.files.weights);
    expect(Object.keys(saved.tensors).sort()).toEqual(['0.bias', '0.weight', '2.bias', '2.weight']);
    expect(saved.tensors['0.weight']!.shape).toEqual([128, 64]);
    expect(saved.metadata).toMatchObject({ example: 'digits', model: 'mlp', testAccuracy: String(r.test.accuracy) });
  });

  it('the CNN learns in 3 epochs (>= 85 % test accuracy) and round-trips through safetensors', async () => {
    const r = await runModel('cnn', train, test, QUICK.cnn, out);
    expect(r.test.accuracy).toBeGreaterThanOrEqual(0.85);
    expect(Array.from(r.reloaded.predictions)).toEqual(Array.from(r.test.predictions));
    expect(existsSync(join(out, 'cnn-confusion.svg'))).toBe(true);
    expect(loadFile(r.files.weights).tensors['3.weight']!.shape).toEqual([32, 16, 3, 3]);
  });

  it('main.ts --quick --steps 1 trains one epoch of each model, prints both accuracies and writes its files to --out', () => {
    const dir = join(out, 'main');
    const stdout = execFileSync(process.execPath, ['--import', 'tsx', '--conditions=@nabla/source', 'main.ts', '--quick', '--steps', '1', '--out', dir], { cwd: import.meta.dirname, encoding: 'utf8' });
    const [, mlp, cnn] = /Test accuracy: MLP ([\d.]+) %, CNN ([\d.]+) %/.exec(stdout) ?? [];
    expect(Number(mlp)).toBeGreaterThan(50); // one epoch is far above the 10 % of guessing
    expect(Number(cnn)).toBeGreaterThan(20);
    expect(stdout.match(/identical predictions/g)).toHaveLength(2);
    expect(readdirSync(dir).sort()).toEqual(['cnn-confusion.svg', 'cnn-curves.svg', 'cnn.safetensors', 'mlp-confusion.svg', 'mlp-curves.svg', 'mlp.safetensors']);
  });
});

describe('digits training pieces', () => {
  it('uses the fixed 80/20 split of all 1,797 digits', () => {
    expect([train.count, test.count]).toEqual([1438, 359]);
    expect(totalSteps(QUICK.mlp, train.count)).toBe(QUICK.mlp.epochs * 23);
  });

  it('shiftImages moves each image by at most one pixel, filling the uncovered edge with 0, and is seeded', () => {
    const dot = new Float32Array(64);
    dot[3 * 8 + 4] = 1; // a single lit pixel at (x 4, y 3)
    const full = new Float32Array(64).fill(1);
    const seen = new Set<string>();
    for (let s = 0; s < 40; s++) {
      const moved = shiftImages(dot, 1, new Generator(s));
      expect(moved.reduce((a, b) => a + b, 0)).toBe(1);
      const lit = moved.indexOf(1);
      const [dx, dy] = [(lit % 8) - 4, Math.floor(lit / 8) - 3];
      expect(Math.abs(dx) <= 1 && Math.abs(dy) <= 1).toBe(true);
      seen.add(`${dx},${dy}`);
      // The same seed draws the same shift: a full image loses |dx| columns and |dy| rows.
      const zeros = shiftImages(full, 1, new Generator(s)).filter((v) => v === 0).length;
      expect(zeros).toBe(8 * Math.abs(dx) + 8 * Math.abs(dy) - Math.abs(dx * dy));
    }
    expect(seen.size).toBe(9); // every one of the 9 shifts occurs
  });

  it('evaluate counts a confusion matrix whose rows sum to the class counts and whose diagonal gives the accuracy', () => {
    const small: Digits = { count: 50, features: test.features.slice(0, 50 * 64), labels: test.labels.slice(0, 50) };
    const ev = evaluate(makeModel('mlp', 0), 'mlp', small);
    const rows = ev.confusion.map((r) => r.reduce((a, b) => a + b, 0));
    rows.forEach((n, c) => expect(n).toBe(small.labels.filter((y) => y === c).length));
    expect(ev.confusion.reduce((a, r, i) => a + r[i]!, 0) / 50).toBe(ev.accuracy);
    expect(ev.loss).toBeGreaterThan(1.5); // untrained: near ln(10) = 2.30
  });

  it('stops after the current batch when the reporter asks (Ctrl-C) and returns the curve so far', async () => {
    let steps = 0;
    const reporter: StepReporter = {
      get stopRequested() {
        return steps >= 3;
      },
      update: async (step) => {
        steps = step;
      },
    };
    const curve = await trainClassifier(makeModel('mlp', 0), 'mlp', train, test, { ...QUICK.mlp, epochs: 5 }, reporter);
    expect(steps).toBe(3);
    expect(curve).toHaveLength(1);
  });
});
