/**
 * Whether ops record the graph. A module-level flag (not a stack) is enough because JavaScript runs one
 * forward at a time; `noGrad` and `enableGrad` restore it in `finally`, so an exception never leaves it flipped.
 */
let gradEnabled = true;

/** True when new ops record the graph for backward. */
export function isGradEnabled(): boolean {
  return gradEnabled;
}

function withGradMode<T>(mode: boolean, fn: () => T): T {
  const saved = gradEnabled;
  gradEnabled = mode;
  try {
    return fn();
  } finally {
    gradEnabled = saved;
  }
}

/**
 * Runs `fn` without recording the graph: results do not require grad. Use it for evaluation and updates.
 * @example
 * const yHat = noGrad(() => model.forward(x));
 */
export function noGrad<T>(fn: () => T): T {
  return withGradMode(false, fn);
}

/** Runs `fn` with graph recording switched back on, e.g. inside a `noGrad` block. */
export function enableGrad<T>(fn: () => T): T {
  return withGradMode(true, fn);
}
