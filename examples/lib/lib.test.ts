import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { EXAMPLES_DIR, parseArgs } from './args.js';
import { DIGIT_FEATURES, loadDigits, splitDigits } from './digits.js';
import { createProgress } from './progress.js';

describe('parseArgs', () => {
  it('defaults to a full run with seed 0 writing to examples/NAME/out', () => {
    expect(parseArgs('moons', [])).toEqual({ quick: false, steps: undefined, seed: 0, out: join(EXAMPLES_DIR, 'moons', 'out') });
  });
  it('reads --quick, --steps, --seed and --out, ignoring the example name and a lone --', () => {
    const a = parseArgs('moons', ['moons', '--', '--quick', '--steps', '50', '--seed=7', '--out', '/tmp/x']);
    expect(a).toEqual({ quick: true, steps: 50, seed: 7, out: '/tmp/x' });
  });
  it('rejects bad numbers and unknown flags, naming the flag', () => {
    expect(() => parseArgs('x', ['--steps', '0'])).toThrow('--steps must be an integer >= 1, got "0"');
    expect(() => parseArgs('x', ['--seed', '1.5'])).toThrow('--seed must be an integer >= 0, got "1.5"');
    expect(() => parseArgs('x', ['--fast'])).toThrow(/fast/);
  });
});

describe('createProgress', () => {
  afterEach(() => vi.restoreAllMocks());

  it('sets stopRequested on the first Ctrl-C and removes its listener on stop()', async () => {
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const before = process.listenerCount('SIGINT');
    const p = createProgress({ total: 10, enabled: false });
    expect(process.listenerCount('SIGINT')).toBe(before + 1);
    await p.update(1, { loss: 0.5 });
    expect(p.stopRequested).toBe(false);
    process.emit('SIGINT');
    expect(p.stopRequested).toBe(true);
    p.stop();
    p.stop();
    expect(process.listenerCount('SIGINT')).toBe(before);
  });

  it('quits with status 130 on a second Ctrl-C, but not on the copy a parent relays right away', () => {
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const exit = vi.spyOn(process, 'exit').mockImplementation((() => undefined) as never);
    const now = vi.spyOn(performance, 'now').mockReturnValue(1000);
    const p = createProgress({ total: 10, enabled: false });
    process.emit('SIGINT');
    now.mockReturnValue(1010);
    process.emit('SIGINT');
    expect(exit).not.toHaveBeenCalled();
    now.mockReturnValue(2000);
    process.emit('SIGINT');
    expect(exit).toHaveBeenCalledWith(130);
    p.stop();
  });

  it('draws a bar on a terminal, but none in quick mode', async () => {
    const write = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const tty = Object.getOwnPropertyDescriptor(process.stderr, 'isTTY');
    Object.defineProperty(process.stderr, 'isTTY', { value: true, configurable: true });
    try {
      const quick = createProgress({ total: 5, quick: true });
      for (let s = 1; s <= 5; s++) await quick.update(s, { loss: 1 / s });
      quick.stop();
      expect(write).not.toHaveBeenCalled();
      const shown = createProgress({ total: 5, title: 'demo' });
      await shown.update(5, { loss: 0.125 });
      shown.stop();
      expect(write.mock.calls.map((c) => String(c[0])).join('')).toMatch(/demo .*100% \| step 5\/5 \| loss 0\.1250/);
    } finally {
      if (tty) Object.defineProperty(process.stderr, 'isTTY', tty);
      else delete (process.stderr as { isTTY?: boolean }).isTTY;
    }
  });
});

describe('digits', () => {
  const all = loadDigits();

  it('loads the 1,797 UCI digits with features in [0, 1] and labels 0..9', () => {
    expect(all.count).toBe(1797);
    expect(all.features).toHaveLength(1797 * DIGIT_FEATURES);
    expect(Math.min(...all.features)).toBe(0);
    expect(Math.max(...all.features)).toBe(1);
    const counts = new Array<number>(10).fill(0);
    for (const y of all.labels) counts[y]!++;
    expect(counts).toEqual([178, 182, 177, 183, 181, 182, 181, 179, 174, 180]);
    expect(all.labels[0]).toBe(0);
    expect(all.features[2]).toBe(5 / 16); // the first row starts 0,0,5,13,...
  });

  it('splits 80/20 the same way for a seed, differently for another, and loses no row', () => {
    const a = splitDigits(all, { seed: 0 });
    expect([a.train.count, a.test.count]).toEqual([1438, 359]);
    expect(splitDigits(all, { seed: 0 })).toEqual(a);
    expect(splitDigits(all, { seed: 1 }).test.labels).not.toEqual(a.test.labels);
    const rows = (d: typeof all): string[] => Array.from({ length: d.count }, (_, i) => d.features.subarray(i * 64, i * 64 + 64).join(',') + '|' + d.labels[i]);
    expect([...rows(a.train), ...rows(a.test)].sort()).toEqual(rows(all).sort());
  });
});
