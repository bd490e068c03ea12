/** A character vocabulary (no Node imports, so the browser playground can use it too). */

/** A character vocabulary: token i is `chars[i]`. */
export interface Vocab {
  chars: string[];
  encode(text: string): Int32Array;
  decode(ids: ArrayLike<number>): string;
}

/**
 * The sorted distinct characters of `text` (code points), with encode and decode. Encoding a character
 * outside the vocabulary throws.
 * @example const v = makeVocab('hello'); v.chars; // ['e', 'h', 'l', 'o']; v.decode(v.encode('hole')) === 'hole'
 */
export function makeVocab(textOrChars: string | readonly string[]): Vocab {
  const chars = typeof textOrChars === 'string' ? [...new Set(textOrChars)].sort() : [...textOrChars];
  const index = new Map(chars.map((c, i) => [c, i]));
  return {
    chars,
    encode(text) {
      return Int32Array.from(text, (c) => {
        const i = index.get(c);
        if (i === undefined) throw new Error(`encode: character ${JSON.stringify(c)} is not in the ${chars.length}-character vocabulary`);
        return i;
      });
    },
    decode: (ids) => Array.from(ids, (i) => chars[i] ?? '?').join(''),
  };
}
