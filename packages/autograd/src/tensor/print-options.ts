import { ValueError, describe } from '../errors.js';

/** How tensors print (PyTorch's `torch.set_printoptions`, camelCased). */
export interface PrintOptions {
  /** Digits after the decimal point (default 4). */
  precision: number;
  /** Above this many elements a tensor is summarised with `...` (default 1000; Infinity prints everything). */
  threshold: number;
  /** Items shown at each end of a summarised axis (default 3). */
  edgeItems: number;
  /** Characters per line before rows wrap (default 80). */
  linewidth: number;
  /** true: always scientific notation; false: never; null (default): when the values' range needs it. */
  sciMode: boolean | null;
}

/** PyTorch's named presets: 'default', 'short' (precision 2, 2 edge items) and 'full' (never summarise). */
export type PrintProfile = 'default' | 'short' | 'full';

const PROFILES: Record<PrintProfile, PrintOptions> = {
  default: { precision: 4, threshold: 1000, edgeItems: 3, linewidth: 80, sciMode: null },
  short: { precision: 2, threshold: 1000, edgeItems: 2, linewidth: 80, sciMode: null },
  full: { precision: 4, threshold: Infinity, edgeItems: 3, linewidth: 80, sciMode: null },
};

let current: PrintOptions = { ...PROFILES.default };

/** @internal The options in force. */
export const printOptions = (): Readonly<PrintOptions> => current;

/**
 * The print options in force (a copy), e.g. to restore them after `setPrintOptions`.
 * @example
 * const saved = getPrintOptions();
 * setPrintOptions({ precision: 8 });
 * setPrintOptions(saved);
 */
export function getPrintOptions(): PrintOptions {
  return { ...current };
}

const isInt = (x: unknown, min: number, max: number): boolean => typeof x === 'number' && Number.isInteger(x) && x >= min && x <= max;

const CHECKS: { [K in keyof PrintOptions]: [(x: unknown) => boolean, string] } = {
  precision: [(x) => isInt(x, 0, 20), 'an integer in [0, 20]'],
  threshold: [(x) => typeof x === 'number' && x >= 0, 'a number >= 0 (Infinity never summarises)'],
  edgeItems: [(x) => isInt(x, 0, Number.MAX_SAFE_INTEGER), 'an integer >= 0'],
  linewidth: [(x) => isInt(x, 1, Number.MAX_SAFE_INTEGER), 'an integer >= 1'],
  sciMode: [(x) => typeof x === 'boolean' || x === null, 'true, false or null (automatic)'],
};

/**
 * Sets how tensors print, like PyTorch's `torch.set_printoptions`: options not given keep their value, and
 * `profile` first resets all of them to a preset. Every option is checked before any is changed.
 * @example
 * setPrintOptions({ precision: 2 });      // tensor([0.33, 0.67], ...)
 * setPrintOptions({ sciMode: true });     // tensor([3.3333e-01, 6.6667e-01], ...)
 * setPrintOptions({ profile: 'default' }); // back to the defaults
 */
export function setPrintOptions(options: Partial<PrintOptions> & { profile?: PrintProfile }): void {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new ValueError(`setPrintOptions: expected an options object, got ${describe(options)}`);
  }
  const { profile, ...rest } = options;
  if (profile !== undefined && !Object.hasOwn(PROFILES, profile)) {
    throw new ValueError(`setPrintOptions: profile must be 'default', 'short' or 'full', got ${describe(profile)}`);
  }
  const next: PrintOptions = { ...(profile === undefined ? current : PROFILES[profile]) };
  for (const [key, value] of Object.entries(rest)) {
    if (!Object.hasOwn(CHECKS, key)) {
      throw new ValueError(`setPrintOptions: unknown option '${key}' (the options are ${Object.keys(CHECKS).join(', ')} and profile)`);
    }
    if (value === undefined) continue;
    const [ok, want] = CHECKS[key as keyof PrintOptions];
    if (!ok(value)) throw new ValueError(`setPrintOptions: ${key} must be ${want}, got ${describe(value)}`);
    (next as unknown as Record<string, unknown>)[key] = value;
  }
  current = next;
}
