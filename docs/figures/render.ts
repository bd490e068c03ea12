/**
 * Regenerates the guides' figures: writes each graph's Graphviz DOT source next to its SVG and renders the
 * SVG with Graphviz's `dot` (https://graphviz.org; `apt-get install graphviz`). docs.test.ts checks that
 * every committed .dot still matches what the snippets produce, so a stale picture fails the tests.
 *
 *   pnpm --filter @nabla/docs figures
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { toDot } from '@nabla/autograd';
import { broadcastGraph } from '../snippets/broadcast.js';
import { neuron } from '../snippets/neuron.js';

const HERE = dirname(fileURLToPath(import.meta.url));

/** Each figure: its file name (without extension) and the function producing its DOT source. */
export const FIGURES: { name: string; dot: () => string }[] = [
  { name: 'neuron', dot: () => toDot(neuron().E) },
  { name: 'broadcast', dot: () => toDot(broadcastGraph(), { showValues: true }) },
];

/** The path of a figure's file with the given extension ('dot' or 'svg'). */
export const figurePath = (name: string, ext: 'dot' | 'svg'): string => join(HERE, `${name}.${ext}`);

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  for (const { name, dot } of FIGURES) {
    const source = dot();
    writeFileSync(figurePath(name, 'dot'), source);
    const svg = execFileSync('dot', ['-Tsvg'], { input: source });
    writeFileSync(figurePath(name, 'svg'), svg);
    console.log(`wrote figures/${name}.dot and figures/${name}.svg`);
  }
}
