import { Tensor, ValueError, describe, fmtShape } from '@nabla/autograd';

/** Options of `Module.loadStateDict`. */
export interface LoadOptions {
  /** Require the keys to match exactly (default true). Shape and dtype mismatches are errors either way. */
  strict?: boolean;
}

/** What `loadStateDict` did not match: module keys absent from the dict, and dict keys the module lacks. */
export interface LoadResult {
  /** Keys the module has but the state dict lacks (left unchanged). */
  missingKeys: string[];
  /** Keys of the state dict that the module does not have (ignored). */
  unexpectedKeys: string[];
}

const sameShape = (a: readonly number[], b: readonly number[]): boolean => a.length === b.length && a.every((d, i) => d === b[i]);

/**
 * Checks a state dict against a module's entries without writing anything, collecting every problem; throws
 * one ValueError listing them all, else returns the (target, source) pairs to copy.
 */
export function checkLoad(
  moduleName: string,
  entries: readonly [string, Tensor][],
  sd: unknown,
  opts: LoadOptions,
): { result: LoadResult; pairs: [Tensor, Tensor][] } {
  if (typeof sd !== 'object' || sd === null || Array.isArray(sd) || sd instanceof Tensor) {
    throw new ValueError(`loadStateDict: state dict must be an object mapping names to Tensors, got ${describe(sd)}`);
  }
  if (typeof opts !== 'object' || opts === null) throw new ValueError(`loadStateDict: options must be an object, got ${describe(opts)}`);
  const strict = opts.strict ?? true;
  if (typeof strict !== 'boolean') throw new ValueError(`loadStateDict: strict must be a boolean, got ${describe(strict)}`);
  const record = sd as Record<string, unknown>;
  const problems: string[] = [];
  const pairs: [Tensor, Tensor][] = [];
  const missingKeys: string[] = [];
  const known = new Set<string>();
  for (const [key, target] of entries) {
    known.add(key);
    if (!Object.prototype.hasOwnProperty.call(record, key)) {
      missingKeys.push(key);
      if (strict) problems.push(`missing key '${key}' (module expects shape ${fmtShape(target.shape)}, ${target.dtype})`);
      continue;
    }
    const source = record[key];
    if (!(source instanceof Tensor)) {
      problems.push(`'${key}' is not a Tensor: got ${describe(source)} (module expects shape ${fmtShape(target.shape)}, ${target.dtype})`);
    } else if (!sameShape(source.shape, target.shape)) {
      problems.push(`size mismatch for '${key}': module has shape ${fmtShape(target.shape)}, state dict has ${fmtShape(source.shape)}`);
    } else if (source.dtype !== target.dtype) {
      problems.push(`dtype mismatch for '${key}': module has ${target.dtype}, state dict has ${source.dtype} (convert with module.to or astype)`);
    } else {
      pairs.push([target, source]);
    }
  }
  const unexpectedKeys = Object.keys(record).filter((k) => !known.has(k));
  if (strict) for (const k of unexpectedKeys) problems.push(`unexpected key '${k}'`);
  if (problems.length > 0) {
    throw new ValueError(
      `loadStateDict: ${problems.length} error(s) loading state dict into ${moduleName}; nothing was changed:\n  ${problems.join('\n  ')}`,
    );
  }
  return { result: { missingKeys, unexpectedKeys }, pairs };
}
