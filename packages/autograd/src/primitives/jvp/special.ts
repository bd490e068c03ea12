import type { SpecialParams } from '../special.js';
import type { JvpTable } from '../types.js';
import { diagonalJvp } from './util.js';

/**
 * The special functions are elementwise (special2's inputs arrive broadcast to one shape), so each Jacobian
 * is diagonal and symmetric and the tangent is the vjp applied to it: d f(x) = f'(x) t, d psi^(n)(x) =
 * psi^(n+1)(x) t, d atan2(a, b) = (b t_a - a t_b) / (a^2 + b^2), d hypot = (a t_a + b t_b) / hypot (0 at the
 * origin), d fmod(a, b) = t_a - trunc(a / b) t_b, d remainder(a, b) = t_a - floor(a / b) t_b; the roundings
 * and sign have tangent 0.
 */
export const specialJvpRules = {
  special: diagonalJvp('special'),
  polygamma: diagonalJvp('polygamma'),
  special2: diagonalJvp('special2'),
} satisfies JvpTable<SpecialParams>;
