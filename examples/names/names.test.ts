import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Generator } from '@nabla/autograd';
import { describe, expect, it } from 'vitest';
import type { StepReporter } from '../lib/progress.js';
import { QUICK } from './config.js';
import { IGNORE, VOCAB_SIZE, bigramLoss, decode, encode, lengthBuckets, loadWords, makeBatch, splitWords } from './data.js';
import { CharLstm, sampleWords } from './model.js';
import { evaluateLoss, trainCharModel } from './train.js';

const words = loadWords();
const { train, val } = splitWords(words, QUICK.heldOut);
const LN_VOCAB = Math.log(VOCAB_SIZE);

describe('names example, quick mode', () => {
  it('the held-out loss starts near ln(27) and falls well below it; samples are non-empty lowercase words', async () => {
    const model = new CharLstm({ ...QUICK.model, seed: 0 });
    const history = await trainCharModel(model, train, val, QUICK.train);
    expect(history.map((r) => r.step)).toEqual([0, 30, 60]);
    expect(Math.abs(history[0]!.valLoss - LN_VOCAB)).toBeLessThan(0.2);
    expect(history.at(-1)!.valLoss).toBeLessThan(LN_VOCAB - 0.5);
    expect(history.at(-1)!.trainLoss).toBeLessThan(history[1]!.trainLoss);

    const samples = sampleWords(model, { count: 20, generator: new Generator(0), temperature: QUICK.temperature });
    expect(samples).toHaveLength(20);
    for (const w of samples) expect(w).toMatch(/^[a-z]{1,24}$/);
    expect(sampleWords(model, { count: 20, generator: new Generator(0), temperature: QUICK.temperature })).toEqual(samples);
    expect(new Set(samples).size).toBeGreaterThan(10);
  });

  it('stops after the current step when the reporter asks (Ctrl-C), recording the held-out loss there', async () => {
    let steps = 0;
    const reporter: StepReporter = {
      get stopRequested() {
        return steps >= 4;
      },
      update: async (step) => {
        steps = step;
      },
    };
    const history = await trainCharModel(new CharLstm({ ...QUICK.model, seed: 1 }), train, val.slice(0, 50), QUICK.train, reporter);
    expect(history.map((r) => r.step)).toEqual([0, 4]);
  });

  it('main.ts --quick --steps 2 prints the loss table and 20 samples and writes loss.svg to --out', () => {
    const out = mkdtempSync(join(tmpdir(), 'nabla-names-main-'));
    try {
      const stdout = execFileSync(process.execPath, ['--import', 'tsx', '--conditions=@nabla/source', 'main.ts', '--quick', '--steps', '2', '--out', out], { cwd: import.meta.dirname, encoding: 'utf8' });
      expect(stdout).toContain('uniform guess scores ln(27) = 3.296');
      expect(stdout).toMatch(/\n {5}0 \| {10}- \| 3\.\d{3}\n {5}2 \| /);
      const sampleLines = stdout.split('\n').slice(-6, -2);
      expect(sampleLines.join(' ').trim().split(/\s+/)).toHaveLength(20);
      expect(stdout).toMatch(/\d+ of 20 are new words\./);
      expect(existsSync(join(out, 'loss.svg'))).toBe(true);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});

describe('names data', () => {
  it('loads 63,875 lowercase words and rejects a file with anything else', () => {
    expect(words).toHaveLength(63875);
    const dir = mkdtempSync(join(tmpdir(), 'nabla-names-'));
    try {
      writeFileSync(join(dir, 'bad.txt'), 'cat\nDog\n');
      expect(() => loadWords(join(dir, 'bad.txt'))).toThrow(/line 2 is "Dog", expected lowercase a-z only/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('encodes a..z as 1..26 and decodes up to the boundary', () => {
    expect(encode('abz')).toEqual([1, 2, 26]);
    expect(decode([3, 1, 20, 0, 5])).toBe('cat');
    expect(decode(encode('zebra'))).toBe('zebra');
  });

  it('makeBatch shifts each word by one with boundaries at both ends and ignored padding', () => {
    const b = makeBatch(['ab', 'c']);
    expect([b.count, b.length]).toEqual([2, 3]);
    expect(Array.from(b.inputs)).toEqual([0, 1, 2, 0, 3, 0]);
    expect(Array.from(b.targets)).toEqual([1, 2, 0, 3, 0, IGNORE]);
  });

  it('lengthBuckets visits every word once per epoch in batches of at most batchSize, seeded', () => {
    const some = train.slice(0, 1000);
    const batches = lengthBuckets(some, 32, new Generator(3));
    expect(batches.every((b) => b.length <= 32 && b.length > 0)).toBe(true);
    expect(batches.flat().sort()).toEqual(some.slice().sort());
    expect(lengthBuckets(some, 32, new Generator(3))).toEqual(batches);
    // Bucketing keeps padding small: the mean spread of lengths inside a batch is below 2 letters.
    const spread = batches.reduce((s, b) => s + Math.max(...b.map((w) => w.length)) - Math.min(...b.map((w) => w.length)), 0);
    expect(spread / batches.length).toBeLessThan(2);
  });

  it('splits into disjoint training and held-out words', () => {
    expect(val).toHaveLength(QUICK.heldOut);
    expect(train.length + val.length).toBe(words.length);
    const held = new Set(val);
    expect(train.some((w) => held.has(w))).toBe(false);
  });

  it('scores a bigram table between 0 and ln(27), and an untrained model near ln(27)', () => {
    const bigram = bigramLoss(train, val);
    expect(bigram).toBeGreaterThan(2);
    expect(bigram).toBeLessThan(LN_VOCAB - 0.5);
    // One word "ab" and a table trained on it: p(a|.) = 2/28, p(b|a) = 2/28, p(.|b) = 2/28.
    expect(bigramLoss(['ab'], ['ab'])).toBeCloseTo(-Math.log(2 / 28), 12);
    const untrained = evaluateLoss(new CharLstm({ embedding: 8, hidden: 16, seed: 0 }), val.slice(0, 100));
    expect(Math.abs(untrained - LN_VOCAB)).toBeLessThan(0.2);
  });
});
