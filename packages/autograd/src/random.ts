import { ValueError } from './errors.js';

/**
 * A seeded pseudo-random source. Every random function in nabla takes one through `{ generator }`, or uses
 * the global one that `manualSeed` resets, so runs are reproducible.
 *
 * Algorithm: the seed is expanded by SplitMix32 into the 128-bit state of xoshiro128** (Blackman & Vigna,
 * 2018), a fast generator with a period of 2^128 - 1 that passes BigCrush. Uniforms in [0, 1) take the top
 * 53 bits of two outputs; normals use the Box-Muller transform (two uniforms give two independent normals,
 * the second is kept for the next call).
 *
 * @example
 * const g = new Generator(42);
 * g.uniform(); // the same number on every run
 */
export class Generator {
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;
  private spareNormal: number | null = null;

  constructor(seed = 0) {
    this.manualSeed(seed);
  }

  /** Resets the state from an integer seed (any finite number; its low 32 bits and its high bits are mixed in). */
  manualSeed(seed: number): this {
    if (typeof seed !== 'number' || !Number.isFinite(seed)) {
      throw new ValueError(`manualSeed: seed must be a finite number, got ${String(seed)}`);
    }
    // SplitMix32 turns any seed, including 0, into a well-mixed non-zero state.
    let x = (Math.trunc(seed) ^ Math.trunc(seed / 2 ** 32)) >>> 0;
    const next = (): number => {
      x = (x + 0x9e3779b9) >>> 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
    this.spareNormal = null;
    return this;
  }

  /**
   * The full state (four state words and the cached second normal), to restore later with `setState`, like
   * PyTorch's `get_state`. @example const s = g.getState(); g.uniform(); g.setState(s); // the same uniform again
   */
  getState(): number[] {
    return [this.s0, this.s1, this.s2, this.s3, this.spareNormal ?? NaN];
  }

  /** Restores a state returned by `getState`. @example g.setState(saved) */
  setState(state: readonly number[]): this {
    const ok = Array.isArray(state) && state.length === 5 && state.slice(0, 4).every((w) => Number.isInteger(w) && w >= -(2 ** 31) && w < 2 ** 32);
    if (!ok) throw new ValueError(`setState: expected the 5 numbers getState returns, got ${String(state)}`);
    [this.s0, this.s1, this.s2, this.s3] = state as [number, number, number, number];
    this.spareNormal = Number.isNaN(state[4]) ? null : state[4]!;
    return this;
  }

  /** The next raw 32-bit unsigned integer (xoshiro128**). */
  nextUint32(): number {
    if (drawGuard !== null) drawGuard();
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** A uniform number in [low, high), default [0, 1), with 53 random bits. */
  uniform(low = 0, high = 1): number {
    const hi = this.nextUint32() >>> 5; // 27 bits
    const lo = this.nextUint32() >>> 6; // 26 bits
    const u = (hi * 67108864 + lo) / 9007199254740992;
    return low + (high - low) * u;
  }

  /** A normal sample with the given mean and standard deviation (Box-Muller). */
  normal(mean = 0, std = 1): number {
    if (this.spareNormal !== null) {
      const z = this.spareNormal;
      this.spareNormal = null;
      return mean + std * z;
    }
    // 1 - u keeps the argument of log in (0, 1], so log never sees 0.
    const u1 = 1 - this.uniform();
    const u2 = this.uniform();
    const r = Math.sqrt(-2 * Math.log(u1));
    this.spareNormal = r * Math.sin(2 * Math.PI * u2);
    return mean + std * r * Math.cos(2 * Math.PI * u2);
  }

  /** A uniform integer in [low, high). */
  int(low: number, high: number): number {
    return low + Math.floor(this.uniform() * (high - low));
  }
}

/** Called before every draw while a vmap whose randomness is not 'same' is open (it throws there). */
let drawGuard: (() => void) | null = null;

/** @internal Sets the draw guard (vmap's randomness check), returning the previous one. */
export function setDrawGuard(guard: (() => void) | null): (() => void) | null {
  const prev = drawGuard;
  drawGuard = guard;
  return prev;
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

let globalGenerator = new Generator(0);

/** Reseeds the global generator that random functions use when no `{ generator }` is passed. */
export function manualSeed(seed: number): Generator {
  globalGenerator = new Generator(seed);
  return globalGenerator;
}

/** The global generator (seeded with 0 at start-up, reseeded by `manualSeed`). */
export function defaultGenerator(): Generator {
  return globalGenerator;
}
