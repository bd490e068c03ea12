/**
 * Plain-JS references for the special functions, by methods other than the kernels' (series summed to
 * convergence, Stirling's series after a large shift, bisection), for the op table.
 */

/** erf by its Maclaurin series summed to convergence (fine for |x| < 3). */
export function erfRef(x: number): number {
  let term = x, sum = x;
  for (let n = 1; n < 200; n++) { term *= (-x * x) / n; sum += term / (2 * n + 1); }
  return (2 / Math.sqrt(Math.PI)) * sum;
}

const SHIFT = 40;

/** ln|Gamma(x)|: Stirling's series at x + 40, shifted back by ln|x (x+1) ... (x+39)|; reflection below 0. */
export function lgammaRef(x: number): number {
  if (x < 0) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lgammaRef(1 - x);
  let logProd = 0;
  for (let k = 0; k < SHIFT; k++) logProd += Math.log(Math.abs(x + k));
  const z = x + SHIFT;
  const r = 1 / (z * z);
  const series = (1 / z) * (1 / 12 - r * (1 / 360 - r * (1 / 1260 - r / 1680)));
  return (z - 0.5) * Math.log(z) - z + 0.5 * Math.log(2 * Math.PI) + series - logProd;
}

/** psi(x): psi(x + 40) by its asymptotic series, minus sum 1/(x + k); reflection below 0. */
export function digammaRef(x: number): number {
  if (x < 0) return digammaRef(1 - x) - Math.PI / Math.tan(Math.PI * x);
  let acc = 0;
  for (let k = 0; k < SHIFT; k++) acc += 1 / (x + k);
  const z = x + SHIFT;
  const r = 1 / (z * z);
  return Math.log(z) - 0.5 / z - r * (1 / 12 - r * (1 / 120 - r / 252)) - acc;
}

/** psi^(n)(x) = (-1)^(n+1) n! sum_k (x + k)^-(n+1): the sum to 2000 terms plus its integral tail and half-term. */
export function polygammaRef(n: number, x: number): number {
  const s = n + 1;
  const K = 2000;
  let sum = 0;
  for (let k = 0; k < K; k++) sum += Math.pow(x + k, -s);
  const z = x + K;
  // Euler-Maclaurin: sum_{k>=K} (x+k)^-s = z^(1-s)/(s-1) + z^-s/2 + s z^(-s-1)/12 - ...
  sum += Math.pow(z, 1 - s) / (s - 1) + Math.pow(z, -s) / 2 + (s * Math.pow(z, -s - 1)) / 12;
  let fact = 1;
  for (let k = 2; k <= n; k++) fact *= k;
  return (n % 2 === 1 ? 1 : -1) * fact * sum;
}
