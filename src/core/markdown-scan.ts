/**
 * Finds headings and links in a slide's Markdown while ignoring what remark treats as code:
 * fenced and indented blocks, inline code spans, and macro calls. Works on a masked copy of the
 * text (code replaced by spaces, newlines kept) so every match keeps its offset in the file.
 */
import { scanAtAts } from './at-at-scan.js';
import { findAngleLinks, findInlineLinks } from './inline-scan.js';
import type { Token } from './remark-lexer.js';

export function maskCode(text: string, start: number, end: number, tokens: Token[]): string {
  // Tokens come in file order and do not overlap: copy the text between them, blank them.
  const parts: string[] = [];
  let cursor = start;
  for (const token of tokens) {
    const hidden =
      token.type === 'code' || token.type === 'fences' || token.type === 'macro' ||
      (token.type === 'text' && token.inlineCode) || token.type === 'content_start' || token.type === 'content_end';
    if (!hidden) continue;
    const from = Math.max(token.start, cursor);
    const to = Math.min(token.end, end);
    if (to <= from) continue;
    const code = text.slice(from, to);
    // A line of spaces per line: replacing every character with a regular expression allocated
    // most of a big deck's garbage.
    parts.push(text.slice(cursor, from), code.includes('\n') ? code.split('\n').map((line) => ' '.repeat(line.length)).join('\n') : ' '.repeat(to - from));
    cursor = to;
  }
  parts.push(text.slice(cursor, Math.max(cursor, end)));
  return parts.join('');
}

export interface Heading {
  level: number;
  text: string;
  /** Offset of the first `#` in the file. */
  offset: number;
}

/** ATX headings at the start of a line, outside code. */
export function findHeadings(text: string, start: number, masked: string): Heading[] {
  const headings: Heading[] = [];
  // The title may be all inline code (`## \`kubectl get\``), blank in the masked copy: read it in the text.
  for (const match of masked.matchAll(/^(#{1,6})[ \t]+(.*)$/gm)) {
    const offset = start + match.index;
    const lineEnd = offset + match[0].length;
    const raw = withoutClosingHashes(text.slice(offset + match[1].length, lineEnd).trim());
    if (!raw) continue;
    headings.push({ level: match[1].length, text: raw, offset });
  }
  return headings;
}

/** `Title ##` is `Title`: the closing hashes of an ATX heading (a regular expression would backtrack on long runs). */
function withoutClosingHashes(title: string): string {
  let end = title.length;
  while (end > 0 && title[end - 1] === '#') end--;
  if (end === title.length || end === 0 || (title[end - 1] !== ' ' && title[end - 1] !== '\t')) return title;
  return title.slice(0, end).trimEnd();
}

export interface FoundLink {
  href: string;
  /** The link's text, or the URL itself for a bare or angle-bracket URL. */
  label: string;
  /** Offset of the link in the file, and just past its end. */
  offset: number;
  end: number;
  /** A URL written without Markdown link syntax. */
  bare: boolean;
}

const bareUrl = /https?:\/\/[^\s<>()\[\]"'`]*[^\s<>()\[\]"'`.,;:!?]/g;

/** Inline Markdown links, `<url>` autolinks and bare URLs, in file order. Images are skipped. */
export function findLinks(text: string, start: number, masked: string): FoundLink[] {
  const links: FoundLink[] = [];
  const taken: Array<[number, number]> = [];
  for (const link of findInlineLinks(masked)) {
    taken.push([link.index, link.end]);
    if (link.image) continue;
    const offset = start + link.index;
    const label = text.slice(offset + 1, offset + 1 + link.label.length).trim();
    links.push({ href: link.href, label, offset, end: start + link.end, bare: false });
  }
  for (const link of findAngleLinks(masked)) {
    taken.push([link.index, link.end]);
    links.push({ href: link.href, label: link.href, offset: start + link.index, end: start + link.end, bare: false });
  }
  // Bare URLs outside the links found: one sweep over both, in order.
  taken.sort((a, b) => a[0] - b[0]);
  let t = 0;
  let reach = -1;
  for (const match of masked.matchAll(bareUrl)) {
    while (t < taken.length && taken[t][0] <= match.index) reach = Math.max(reach, taken[t++][1]);
    if (match.index >= reach) links.push({ href: match[0], label: match[0], offset: start + match.index, end: start + match.index + match[0].length, bare: true });
  }
  return links.sort((a, b) => a.offset - b.offset);
}

export interface Substitution {
  /** `TOC`, `TITLE`, `CHAT`...: the name between the `@@`, without its `[argument]`. */
  name: string;
  /** The whole `@@...@@` as written. */
  text: string;
  offset: number;
}

/** container.training's build-time substitutions (`@@TOC@@`, `@@LINK[file]@@`) outside code. */
export function findSubstitutions(start: number, masked: string): Substitution[] {
  return scanAtAts(masked).map(({ name, text, offset }) => ({ name, text, offset: start + offset }));
}
