/** Tiny DOM helpers shared by the two tabs: element creation and number formatting. */

const SVG_NS = 'http://www.w3.org/2000/svg';

type Attrs = Record<string, string | number>;

/** An HTML element with attributes and children (strings become text). */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  e.append(...children);
  return e;
}

/** An SVG element with attributes and children. */
export function s(tag: string, attrs: Attrs = {}, ...children: (Node | string)[]): SVGElement {
  const e = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  e.append(...children);
  return e;
}

/** The element with this id, typed; throws if the page lacks it (a bug in index.html, not user input). */
export function byId<T extends HTMLElement>(id: string): T {
  const e = document.getElementById(id);
  if (!e) throw new Error(`playground: #${id} is missing from the page`);
  return e as T;
}

/**
 * A number as the page shows it: 4 decimals, or 4 significant digits in exponent form when it is tiny or
 * huge, so every shown value parses back with Number() within 5e-5 relative error.
 */
export function fmt(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  if (x !== 0 && (a < 1e-3 || a >= 1e5)) return x.toExponential(3);
  return (Object.is(x, -0) ? 0 : x).toFixed(4);
}
