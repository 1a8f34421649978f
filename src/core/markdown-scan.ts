/**
 * Finds headings and links in a slide's Markdown while ignoring what remark treats as code:
 * fenced and indented blocks, inline code spans, and macro calls. Works on a masked copy of the
 * text (code replaced by spaces, newlines kept) so every match keeps its offset in the file.
 */
import type { Token } from './remark-lexer.js';

export function maskCode(text: string, start: number, end: number, tokens: Token[]): string {
  // Tokens come in file order and do not overlap: copy the text between them, blank them.
  let masked = '';
  let cursor = start;
  for (const token of tokens) {
    const hidden =
      token.type === 'code' || token.type === 'fences' || token.type === 'macro' ||
      (token.type === 'text' && token.inlineCode) || token.type === 'content_start' || token.type === 'content_end';
    if (!hidden) continue;
    const from = Math.max(token.start, cursor);
    const to = Math.min(token.end, end);
    if (to <= from) continue;
    masked += text.slice(cursor, from) + text.slice(from, to).replace(/[^\n]/g, ' ');
    cursor = to;
  }
  return masked + text.slice(cursor, Math.max(cursor, end));
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
  for (const match of masked.matchAll(/^(#{1,6})[ \t]+(\S.*)$/gm)) {
    const offset = start + match.index;
    const lineEnd = offset + match[0].length;
    const raw = text.slice(offset + match[1].length, lineEnd).trim().replace(/[ \t]+#+$/, '');
    headings.push({ level: match[1].length, text: raw, offset });
  }
  return headings;
}

export interface FoundLink {
  href: string;
  /** The link's text, or the URL itself for a bare or angle-bracket URL. */
  label: string;
  /** Offset of the link in the file. */
  offset: number;
  /** A URL written without Markdown link syntax. */
  bare: boolean;
}

const inlineLink = /!?\[([^\]\n]*)\]\(\s*<?([^\s)>]+)>?(?:\s+(?:"[^"\n]*"|'[^'\n]*'))?\s*\)/g;
const angleLink = /<(https?:\/\/[^\s>]+)>/g;
const bareUrl = /https?:\/\/[^\s<>()\[\]"'`]*[^\s<>()\[\]"'`.,;:!?]/g;

/** Inline Markdown links, `<url>` autolinks and bare URLs, in file order. Images are skipped. */
export function findLinks(text: string, start: number, masked: string): FoundLink[] {
  const links: FoundLink[] = [];
  const taken: Array<[number, number]> = [];
  for (const match of masked.matchAll(inlineLink)) {
    taken.push([match.index, match.index + match[0].length]);
    if (match[0].startsWith('!')) continue;
    const offset = start + match.index;
    const label = text.slice(offset + 1, offset + 1 + match[1].length).trim();
    links.push({ href: match[2], label, offset, bare: false });
  }
  for (const match of masked.matchAll(angleLink)) {
    taken.push([match.index, match.index + match[0].length]);
    links.push({ href: match[1], label: match[1], offset: start + match.index, bare: false });
  }
  for (const match of masked.matchAll(bareUrl)) {
    const inside = taken.some(([from, to]) => match.index >= from && match.index < to);
    if (!inside) links.push({ href: match[0], label: match[0], offset: start + match.index, bare: true });
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
  return [...masked.matchAll(/@@([A-Z][A-Z0-9_]*)(?:\[[^\]\n]*\])?@@/g)].map((m) => ({ name: m[1], text: m[0], offset: start + m.index }));
}
