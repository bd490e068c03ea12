import { erf } from './special.js';

/**
 * Scalar special functions for the `special` kernel, each to about 1e-14 relative error (absolute near
 * the zeros of lgamma and digamma), with PyTorch's values at poles and outside the domain.
 */

const SQRT_PI = Math.sqrt(Math.PI);

/**
 * erfc(a) for a >= 0, to ~2e-16 relative: 1 - erf(a) below 1 (where erfc > 0.15), else the continued
 * fraction, which keeps its relative accuracy deep in the tail (200 terms converge from a = 1, 80 from 2).
 */
function erfcPositive(a: number): number {
  if (a < 1) return 1 - erf(a);
  let f = a;
  for (let k = a < 2 ? 200 : 80; k >= 1; k--) f = a + k / 2 / f;
  return Math.exp(-a * a) / SQRT_PI / f;
}

/**
 * Inverse error function: Giles' single-precision approximation refined by Newton steps, on erf in the
 * middle and on erfc near +-1 (where 1 - |x| is exact but erf(y) - x would lose every digit).
 * erfinv(+-1) = +-inf; |x| > 1 and NaN give NaN.
 */
export function erfinv(x: number): number {
  if (!(Math.abs(x) <= 1)) return NaN;
  if (x === 1) return Infinity;
  if (x === -1) return -Infinity;
  if (x === 0) return x;
  let w = -Math.log((1 - x) * (1 + x));
  let p: number;
  if (w < 5) {
    w -= 2.5;
    p = 2.81022636e-8;
    p = 3.43273939e-7 + p * w; p = -3.5233877e-6 + p * w; p = -4.39150654e-6 + p * w; p = 0.00021858087 + p * w;
    p = -0.00125372503 + p * w; p = -0.00417768164 + p * w; p = 0.246640727 + p * w; p = 1.50140941 + p * w;
  } else {
    w = Math.sqrt(w) - 3;
    p = -0.000200214257;
    p = 0.000100950558 + p * w; p = 0.00134934322 + p * w; p = -0.00367342844 + p * w; p = 0.00573950773 + p * w;
    p = -0.0076224613 + p * w; p = 0.00943887047 + p * w; p = 1.00167406 + p * w; p = 2.83297682 + p * w;
  }
  const a = Math.abs(x);
  let y = p * a;
  if (a < 0.9) {
    // Newton on f(y) = erf(y) - a, f'(y) = 2/sqrt(pi) e^(-y^2); the start is good to ~1e-7, so two steps do.
    for (let i = 0; i < 2; i++) y -= (erf(y) - a) / ((2 / SQRT_PI) * Math.exp(-y * y));
  } else {
    // Near 1, Newton on f(y) = ln erfc(y) - ln(1 - a) (1 - a is exact): f'(y) = -2/sqrt(pi) e^(-y^2) / erfc(y)
    // is close to -2y, so f is nearly linear and converges even from the rough start far in the tail.
    const target = Math.log(1 - a);
    for (let i = 0; i < 12; i++) {
      const c = erfcPositive(y);
      const step = (Math.log(c) - target) / ((-2 / SQRT_PI) * Math.exp(-y * y) / c);
      y -= step;
      if (Math.abs(step) <= 1e-16 * y) break;
    }
  }
  return x < 0 ? -y : y;
}

// Lanczos approximation, g = 7, n = 9 (Numerical Recipes / Godfrey's coefficients).
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];
const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/**
 * ln|Gamma(x)|: Lanczos for x >= 0.5, the reflection formula below. +inf at the poles 0, -1, -2, ...
 * (as PyTorch); lgamma(+-inf) = +inf.
 */
export function lgamma(x: number): number {
  if (Number.isNaN(x)) return x;
  if (x === Infinity || x === -Infinity) return Infinity;
  if (x < 0.5) {
    if (x === Math.floor(x)) return Infinity;
    // Gamma(x) Gamma(1 - x) = pi / sin(pi x)
    return Math.log(Math.PI / Math.abs(sinPi(x))) - lgamma(1 - x);
  }
  if (x === 1 || x === 2) return 0;
  // Near the zeros at 1 and 2 Lanczos keeps only absolute accuracy; the Taylor series keeps relative accuracy.
  if (Math.abs(x - 1) < 0.2) return lgamma1p(x - 1);
  if (Math.abs(x - 2) < 0.2) return Math.log1p(x - 2) + lgamma1p(x - 2);
  const z = x - 1;
  let a = LANCZOS[0]!;
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += LANCZOS[i]! / (z + i);
  return HALF_LOG_2PI + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

// zeta(2) .. zeta(16); beyond, zeta(k) = 1 + 2^-k + 3^-k + 4^-k to double precision.
const ZETA = [
  1.6449340668482264, 1.2020569031595942, 1.0823232337111382, 1.0369277551433699, 1.0173430619844491,
  1.0083492773819228, 1.0040773561979443, 1.0020083928260822, 1.0009945751278181, 1.0004941886041195,
  1.000246086553308, 1.0001227133475785, 1.0000612481350587, 1.000030588236307, 1.0000152822594087,
];
const EULER_GAMMA = 0.5772156649015329;

/** ln Gamma(1 + z) for |z| <= 0.2: -gamma z + sum_{k >= 2} zeta(k) (-z)^k / k. */
function lgamma1p(z: number): number {
  let sum = 0;
  let zk = -z; // (-z)^k, built up one factor per term
  for (let k = 2; k <= 30; k++) {
    zk *= -z;
    const zeta = k - 2 < ZETA.length ? ZETA[k - 2]! : 1 + 2 ** -k + 3 ** -k + 4 ** -k;
    sum += (zeta * zk) / k;
  }
  return -EULER_GAMMA * z + sum;
}

/** sin(pi x) with the argument reduced first, so it is exactly 0 at integers and accurate for large x. */
function sinPi(x: number): number {
  const r = x - 2 * Math.round(x / 2); // in [-1, 1]
  return Math.sin(Math.PI * r);
}

/**
 * The digamma function psi = Gamma'/Gamma: shifted up to x >= 10 by psi(x) = psi(x + 1) - 1/x, then the
 * asymptotic series; reflection below 0. psi(0) = -inf (PyTorch), a negative integer gives NaN.
 */
export function digamma(x: number): number {
  if (Number.isNaN(x) || x === Infinity) return x;
  if (x === 0) return Object.is(x, -0) ? Infinity : -Infinity;
  if (x < 0) {
    if (x === Math.floor(x)) return NaN;
    // psi(1 - x) - psi(x) = pi / tan(pi x)
    return digamma(1 - x) - Math.PI / tanPi(x);
  }
  let acc = 0;
  while (x < 10) { acc -= 1 / x; x += 1; }
  const r = 1 / (x * x);
  // ln x - 1/(2x) - sum B_2k / (2k x^2k)
  const series = r * (1 / 12 - r * (1 / 120 - r * (1 / 252 - r * (1 / 240 - r * (1 / 132 - r * (691 / 32760 - r / 12))))));
  return acc + Math.log(x) - 0.5 / x - series;
}

function tanPi(x: number): number {
  const r = x - Math.round(x); // tan has period pi
  return Math.tan(Math.PI * r);
}

/** psi'(x) (trigamma), digamma's derivative: shifted to x >= 10, then its asymptotic series; reflection below 0. */
export function trigamma(x: number): number {
  if (Number.isNaN(x)) return x;
  if (x === Infinity) return 0;
  if (x <= 0 && x === Math.floor(x)) return Infinity;
  if (x < 0) {
    // psi'(1 - x) + psi'(x) = pi^2 / sin^2(pi x)
    const s = sinPi(x);
    return (Math.PI * Math.PI) / (s * s) - trigamma(1 - x);
  }
  let acc = 0;
  while (x < 10) { acc += 1 / (x * x); x += 1; }
  const r = 1 / (x * x);
  // 1/x + 1/(2x^2) + sum B_2k / x^(2k+1)
  const series = (1 / x) * (1 + r * (1 / 6 - r * (1 / 30 - r * (1 / 42 - r * (1 / 30 - r * (5 / 66 - r * (691 / 2730 - r * 7 / 6)))))));
  return acc + series + 0.5 * r;
}

/** Round half to even (PyTorch's round, C's nearbyint); keeps -0 and values already integral. */
export function roundHalfEven(v: number): number {
  const r = Math.round(v); // rounds halves up
  return r - v === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** Python's (and PyTorch's) remainder: the result takes the sign of the divisor. */
export function remainder(a: number, b: number): number {
  const m = a % b;
  return m !== 0 && (m < 0) !== (b < 0) ? m + b : m;
}

// B_2j / (2j)! for j = 1 .. 10 (Bernoulli numbers over factorials), for the Hurwitz zeta tail.
const B2J_OVER_FACT = [
  1 / 6 / 2, -1 / 30 / 24, 1 / 42 / 720, -1 / 30 / 40320, 5 / 66 / 3628800, -691 / 2730 / 479001600,
  7 / 6 / 87178291200, -3617 / 510 / 20922789888000, 43867 / 798 / 6402373705728000, -174611 / 330 / 2432902008176640000,
];

/**
 * The polygamma function psi^(n)(x), the n-th derivative of digamma (n >= 1), as PyTorch computes it:
 * (-1)^(n+1) n! zeta(n + 1, x) with the Hurwitz zeta. x is shifted up past 12 + n by
 * zeta(s, x) = x^-s + zeta(s, x + 1), then the Euler-Maclaurin tail is summed. At the poles 0, -1, ... the
 * result is +inf for odd n and -inf for even n (PyTorch's).
 */
export function polygamma(n: number, x: number): number {
  if (n === 1) return trigamma(x);
  if (Number.isNaN(x)) return x;
  if (x === Infinity) return 0;
  const sign = n % 2 === 1 ? 1 : -1;
  if (x <= 0 && x === Math.floor(x)) return sign * Infinity;
  const s = n + 1;
  // v^-s by multiplication (s is a small integer): Math.pow dominated the cost.
  const invPow = (v: number): number => { const inv = 1 / v; let r = inv; for (let k = 1; k < s; k++) r *= inv; return r; };
  let zeta = 0;
  while (x < 12 + n) { zeta += invPow(x); x += 1; }
  // zeta(s, x) ~ x^(1-s) / (s-1) + x^-s / 2 + sum_j B_2j/(2j)! s (s+1) ... (s+2j-2) x^(-s-2j+1)
  const xs = invPow(x);
  const x2 = 1 / (x * x);
  let tail = (xs * x) / (s - 1) + xs / 2;
  let rising = s; // s (s+1) ... (s+2j-2)
  let pw = xs / x;
  for (let j = 0; j < B2J_OVER_FACT.length; j++) {
    tail += B2J_OVER_FACT[j]! * rising * pw;
    rising *= (s + 2 * j + 1) * (s + 2 * j + 2);
    pw *= x2;
  }
  let fact = 1;
  for (let k = 2; k <= n; k++) fact *= k;
  return sign * fact * (zeta + tail);
}
