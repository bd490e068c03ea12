/** Finds the relative links of a Markdown guide, so docs.test.ts can check that each points to a real file. */

/** The text outside fenced code blocks and inline code spans, where a `[text](target)` really is a link. */
export function proseOf(md: string): string {
  return md.replace(/^(`{3,}|~{3,})[^\n]*\n[\s\S]*?^\1[ \t]*$/gm, '').replace(/`[^`\n]*`/g, '');
}

/**
 * The targets of relative links (`[text](path)`, `![alt](path)`, `[label]: path` and `src="path"`), without
 * their `#fragment` or `"title"`; absolute URLs (`https:`, `mailto:` ...) and pure `#anchors` are skipped.
 */
export function relativeLinks(md: string): string[] {
  const prose = proseOf(md);
  const targets = [
    ...[...prose.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1]!),
    ...[...prose.matchAll(/^\s*\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+"[^"]*")?\s*$/gm)].map((m) => m[1]!),
    ...[...prose.matchAll(/\bsrc="([^"]+)"/g)].map((m) => m[1]!),
  ];
  return targets
    .filter((t) => !/^[a-z][a-z0-9+.-]*:/i.test(t) && !t.startsWith('#'))
    .map((t) => decodeURIComponent(t.split('#')[0]!));
}
