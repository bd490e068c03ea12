/** Float storage of a parameter or gradient; updates compute in float64 and round once when stored. */
export type FloatArray = Float32Array | Float64Array;

/**
 * `a + w (b - a)`, evaluated the way PyTorch's CPU `lerp_` does (from `b` when `|w| >= 0.5`), so the
 * moving averages round like `exp_avg.lerp_(grad, 1 - beta1)`.
 */
export const lerp = (a: number, b: number, w: number): number => (Math.abs(w) < 0.5 ? a + w * (b - a) : b - (b - a) * (1 - w));
