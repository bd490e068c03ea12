/**
 * Checks on the raw JSON text of a safetensors header, made before `JSON.parse`: a hostile file must get a
 * clear error, not a stack overflow (200,000 nested arrays) or a silently dropped tensor (a duplicate name,
 * which `JSON.parse` resolves by keeping the last).
 */

/** The deepest nesting a header may have. A valid one needs 3 (the header, an entry, its shape). */
export const MAX_DEPTH = 16;

/**
 * Walks the text once, tracking strings and nesting: throws (through `fail`) when the nesting exceeds
 * MAX_DEPTH or when a name appears twice at the top level (names are compared after decoding escapes).
 * Malformed JSON is left for `JSON.parse` to report.
 */
export function checkHeaderShape(text: string, fail: (msg: string) => never): void {
  let depth = 0;
  const seen = new Set<string>();
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      const start = i;
      for (i++; i < text.length && text.charCodeAt(i) !== 0x22; i++) if (text.charCodeAt(i) === 0x5c /* \ */) i++;
      if (depth !== 1) continue;
      // A top-level string followed by ':' is a name.
      let j = i + 1;
      while (j < text.length && /\s/.test(text[j]!)) j++;
      if (text[j] !== ':') continue;
      let name: string;
      try {
        name = JSON.parse(text.slice(start, i + 1)) as string;
      } catch {
        return; // malformed: JSON.parse will say where
      }
      if (seen.has(name)) fail(`header names ${brief(name)} twice (at character ${start}); each tensor name must be unique`);
      seen.add(name);
    } else if (c === 0x7b || c === 0x5b /* { [ */) {
      if (++depth > MAX_DEPTH) fail(`header nests deeper than ${MAX_DEPTH} levels (at character ${i}); a valid header needs 3`);
    } else if (c === 0x7d || c === 0x5d /* } ] */) {
      depth--;
    }
  }
}

/**
 * A short, safe description of a header value for error messages: never recursive (JSON.stringify of a
 * deeply nested value overflows the stack) and never longer than about 80 characters.
 */
export function brief(v: unknown): string {
  if (typeof v === 'string') {
    const s = JSON.stringify(v.length > 60 ? `${v.slice(0, 60)}...` : v);
    return `'${s.slice(1, -1)}'`;
  }
  if (v === null || typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v === undefined) return 'nothing';
  if (Array.isArray(v)) {
    const flat = v.length <= 8 && v.every((x) => typeof x === 'number');
    return flat ? `[${v.join(',')}]` : `an array of length ${v.length}`;
  }
  if (typeof v === 'object') {
    const keys = Object.keys(v);
    const shown = keys.slice(0, 4).map((k) => brief(k)).join(', ');
    return keys.length === 0 ? 'an empty object' : `an object with keys ${shown}${keys.length > 4 ? `, ... (${keys.length} keys)` : ''}`;
  }
  return typeof v;
}
