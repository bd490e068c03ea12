/**
 * The UCI handwritten digits (examples/data/digits.csv.gz: 1,797 rows of 64 grey levels 0..16 and a label),
 * loaded into typed arrays, and a fixed seeded train/test split. Shared by the digits and optimizers examples.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { Generator } from '@nabla/autograd';

/** Where the bundled copy of the data lives (see examples/data/README.md for provenance and licence). */
export const DIGITS_PATH = fileURLToPath(new URL('../data/digits.csv.gz', import.meta.url));

/** Pixels per image (8 x 8). */
export const DIGIT_FEATURES = 64;
/** Number of classes, the digits 0 to 9. */
export const DIGIT_CLASSES = 10;

/** A set of digits: `features` is row-major [count, 64] in [0, 1]; `labels` holds 0..9. */
export interface Digits {
  count: number;
  features: Float32Array;
  labels: Int32Array;
}

/**
 * Reads and parses the gzipped CSV; grey levels 0..16 are divided by 16 so features lie in [0, 1].
 * @example
 * const all = loadDigits();
 * all.count; // 1797
 */
export function loadDigits(path: string = DIGITS_PATH): Digits {
  const text = gunzipSync(readFileSync(path)).toString('utf8');
  const rows = text.split('\n').filter((line) => line.trim() !== '');
  const features = new Float32Array(rows.length * DIGIT_FEATURES);
  const labels = new Int32Array(rows.length);
  rows.forEach((line, r) => {
    const cells = line.split(',');
    if (cells.length !== DIGIT_FEATURES + 1) {
      throw new Error(`loadDigits: ${path} line ${r + 1} has ${cells.length} columns, expected ${DIGIT_FEATURES + 1}`);
    }
    for (let c = 0; c < DIGIT_FEATURES; c++) features[r * DIGIT_FEATURES + c] = Number(cells[c]) / 16;
    const label = Number(cells[DIGIT_FEATURES]);
    if (!Number.isInteger(label) || label < 0 || label >= DIGIT_CLASSES) {
      throw new Error(`loadDigits: ${path} line ${r + 1} has label ${cells[DIGIT_FEATURES]}, expected an integer 0..9`);
    }
    labels[r] = label;
  });
  return { count: rows.length, features, labels };
}

/** The rows `indices` of `d`, in that order. */
export function selectDigits(d: Digits, indices: readonly number[]): Digits {
  const features = new Float32Array(indices.length * DIGIT_FEATURES);
  const labels = new Int32Array(indices.length);
  indices.forEach((src, dst) => {
    features.set(d.features.subarray(src * DIGIT_FEATURES, (src + 1) * DIGIT_FEATURES), dst * DIGIT_FEATURES);
    labels[dst] = d.labels[src]!;
  });
  return { count: indices.length, features, labels };
}

/** Options of `splitDigits`. */
export interface SplitOptions {
  /** Seeds the shuffle; default 0, so every example sees the same split. */
  seed?: number;
  /** Share of rows held out for testing; default 0.2. */
  testFraction?: number;
}

/**
 * Shuffles the rows with a seeded Fisher-Yates shuffle and splits them into train and test sets (80/20 by
 * default): the same seed always gives the same split.
 * @example
 * const { train, test } = splitDigits(loadDigits()); // 1438 and 359 rows
 */
export function splitDigits(d: Digits, opts: SplitOptions = {}): { train: Digits; test: Digits } {
  const { seed = 0, testFraction = 0.2 } = opts;
  const order = Array.from({ length: d.count }, (_, i) => i);
  const g = new Generator(seed);
  for (let i = order.length - 1; i > 0; i--) {
    const j = g.int(0, i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const nTest = Math.round(d.count * testFraction);
  return { train: selectDigits(d, order.slice(nTest)), test: selectDigits(d, order.slice(0, nTest)) };
}
