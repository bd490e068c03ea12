/** An SVG heat map of one attention head: row t shows how much the character at t reads from each earlier one. */
import { esc, px, sequentialColor, svgDocument } from '../lib/svg.js';

/** Options of `attentionHeatmap`. */
export interface HeatmapOptions {
  title?: string;
  /** Side of one cell in pixels (default 14). */
  cell?: number;
}

/** How a character is labelled on the axes (spaces and newlines made visible). */
const label = (c: string): string => (c === ' ' ? '␣' : c === '\n' ? '⏎' : c);

/**
 * A square heat map of `weights` ([T, T], rows summing to 1) with the characters of `text` along both axes:
 * queries down the left, keys along the top. Zero weights (the causal mask) are white.
 * @example writeFileSync('attention.svg', attentionHeatmap(w, 'Call me Ishmael.', { title: 'block 1, head 2' }));
 */
export function attentionHeatmap(weights: readonly (readonly number[])[], text: string, opts: HeatmapOptions = {}): string {
  const chars = [...text];
  const n = chars.length;
  if (weights.length !== n || weights.some((r) => r.length !== n)) {
    throw new Error(`attentionHeatmap: weights must be ${n}x${n} for ${n} characters, got ${weights.length}x${weights[0]?.length ?? 0}`);
  }
  const cell = opts.cell ?? 14;
  const left = 40;
  const top = 60;
  const size = cell * n;
  let body = '';
  weights.forEach((row, i) => {
    row.forEach((w, j) => {
      if (w === 0) return;
      // A square-root scale shows the small weights of the long tail as well as the peaks.
      body += `<rect x="${px(left + j * cell)}" y="${px(top + i * cell)}" width="${cell}" height="${cell}" fill="${sequentialColor(Math.sqrt(w))}"><title>${esc(`${label(chars[i]!)} (${i}) reads ${label(chars[j]!)} (${j}): ${w.toFixed(3)}`)}</title></rect>`;
    });
  });
  chars.forEach((c, i) => {
    const mid = (i + 0.5) * cell;
    body += `<text x="${px(left - 6)}" y="${px(top + mid + 4)}" text-anchor="end" font-size="11" font-family="monospace">${esc(label(c))}</text>`;
    body += `<text x="${px(left + mid)}" y="${px(top - 6)}" text-anchor="middle" font-size="11" font-family="monospace">${esc(label(c))}</text>`;
  });
  body += `<rect x="${left}" y="${top}" width="${size}" height="${size}" fill="none" stroke="#999"/>`;
  body += `<text x="${px(left + size / 2)}" y="${px(top + size + 20)}" text-anchor="middle" font-size="12">key (read from) → ; query (reading) ↓ ; colour: √weight</text>`;
  return svgDocument(left + size + 20, top + size + 32, body, opts.title);
}
