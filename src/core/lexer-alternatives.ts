/**
 * The alternatives of remark 0.14's lexer expression (see remark-lexer.ts), each decided in
 * constant time or in time proportional to what it matches, from the tables of lexer-tables.ts.
 * Each also tells `LexerWork` what remark's backtracking expression would read there.
 */
import type { FenceCloserIndex, LexerTables, LexerWork } from './lexer-tables.js';
import { isWhitespace } from './source-text.js';

export interface DefTail {
  end: number;
  href: string;
  title?: string;
}

export interface MacroMatch {
  at: number;
  end: number;
  name: string;
  args: string;
  obj?: string;
}

/** `( {4}[^\n]+\n*)+` from q. */
export function codeBlockEnd(src: string, q: number, limit: number): number | undefined {
  let end: number | undefined;
  let at = q;
  while (at + 4 < limit && src.startsWith('    ', at) && src.charCodeAt(at + 4) !== 10) {
    at += 4;
    while (at < limit && src.charCodeAt(at) !== 10) at++;
    while (at < limit && src.charCodeAt(at) === 10) at++;
    end = at;
  }
  return end;
}

/** `---?` or `???` alone on its line from q: `(---?)(?:\n|$)`, `(\?{3})(?:\n|$)`. */
export function markerLineEnd(src: string, q: number, limit: number, char: number): number | undefined {
  if (q + 2 > limit || src.charCodeAt(q) !== char || src.charCodeAt(q + 1) !== char) return undefined;
  if (q + 3 <= limit && src.charCodeAt(q + 2) === char) {
    const end = lineEndAt(src, q + 3, limit);
    if (end !== undefined) return end;
  }
  // `--` is a separator; `??` is not notes.
  return char === 45 ? lineEndAt(src, q + 2, limit) : undefined;
}

/** `(?:\n|$)` at `at`: its end, or `undefined`. */
function lineEndAt(src: string, at: number, limit: number): number | undefined {
  return at === limit ? at : at < limit && src.charCodeAt(at) === 10 ? at + 1 : undefined;
}

const isSpace = (c: number) => c === 32;
/**
 * ` *(`{3,}|~{3,}) *(?:\S+)? *\n(?:[\s\S]+?)\s*\4 *(?:\n+|$)` from q. The fence group is greedy
 * but gives back characters to the info string, so each length from the longest down is tried.
 */
export function fenceEnd(src: string, tables: LexerTables, q: number, limit: number, work: LexerWork): number | undefined {
  let f = q;
  while (f < limit && isSpace(src.charCodeAt(f))) f++;
  const char = src[f];
  if (char !== '`' && char !== '~') return undefined;
  let runEnd = f;
  while (runEnd < limit && src[runEnd] === char) runEnd++;
  const longest = runEnd - f;
  if (longest < 3) return undefined;
  const newline = tables.next('\n', runEnd, limit);
  // remark gives back one fence character at a time, and reads the rest of the line each time.
  const lineRest = (newline ?? limit) - f;
  work.spend('fence', f, (lineRest * (longest - 2)) / 2);
  if (newline === undefined) {
    if (limit === src.length) work.openEnded.push(f);
    return undefined;
  }
  // The rest of the opening line: ` *\S* *` for the longest fence. A shorter fence leaves
  // fence characters in front of it, so it must be `\S* *` (or only spaces).
  let a = runEnd;
  while (a < newline && isSpace(src.charCodeAt(a))) a++;
  const shorterFences = a === runEnd || a === newline;
  while (a < newline && !isWhitespace(src.charCodeAt(a))) a++;
  while (a < newline && isSpace(src.charCodeAt(a))) a++;
  if (a !== newline) return undefined;
  const bodyStart = newline + 1;
  const closers = tables.fenceClosers(char);
  for (let k = longest; k >= 3 && (k === longest || shorterFences); k--) {
    const end = fenceCloserEnd(src, closers, bodyStart, k, limit);
    if (end !== undefined) {
      work.read(tables, f, end);
      return end;
    }
    // A fence that does not close: remark read the rest of the text looking for it, trying
    // `\s*\4` at each character (about three steps each, measured).
    work.spend('fence', f, 3 * (limit - bodyStart));
  }
  work.read(tables, f, limit);
  if (limit === src.length) work.openEnded.push(f);
  return undefined;
}

/**
 * `[\s\S]+?\s*\4 *(?:\n+|$)` from the body's start: the first run of at least k fence
 * characters, followed by spaces and a newline or the limit, that leaves a body of at least
 * one character. Returns the end of the match.
 */
function fenceCloserEnd(src: string, closers: FenceCloserIndex, bodyStart: number, k: number, limit: number): number | undefined {
  const i = closers.first(bodyStart + 1 + k, k);
  let after: number | undefined;
  // A run the index knows is followed by a newline; inside the limit, that newline is too.
  if (i >= 0 && closers.ends[i] <= limit) after = closers.ends[i];
  else if (limit < src.length) after = closerBeforeLimit(src, closers.char, bodyStart, k, limit);
  if (after === undefined) return undefined;
  while (after < limit && isSpace(src.charCodeAt(after))) after++;
  while (after < limit && src.charCodeAt(after) === 10) after++;
  return after;
}

/** In a class body `$` is the body's end: the run just before it (and its spaces) may close. */
function closerBeforeLimit(src: string, char: string, bodyStart: number, k: number, limit: number): number | undefined {
  let end = limit;
  while (end > bodyStart && isSpace(src.charCodeAt(end - 1))) end--;
  let start = end;
  while (start > bodyStart && src[start - 1] === char) start--;
  return end - start >= k && end - k >= bodyStart + 1 ? end : undefined;
}

/**
 * `DEF` from q, up to its tail: ` *\[([^\]]+)\]` then, from the `]`, the tail
 * `: *<?([^\s>]+)>?(?: +["(]([^\n]+)[")])? *(?:\n+|$)`. The tail depends only on where the
 * `]` is, so it is worked out once per bracket.
 */
export function definition(src: string, tables: LexerTables, q: number, frame: { limit: number; defTails?: Map<number, DefTail | null> }, work: LexerWork): DefTail | undefined {
  let s = q;
  while (s < frame.limit && isSpace(src.charCodeAt(s))) s++;
  if (src.charCodeAt(s) !== 91) return undefined;
  const close = tables.next(']', s + 1, frame.limit);
  work.read(tables, s, close === undefined ? frame.limit : close + 1);
  // `[^\]]+` reads up to the next `]`, however far, from every line that starts with `[`,
  // and then, each time, what follows the `]` on its line (twice: the href gives characters back).
  const reach = (close ?? frame.limit) - s;
  if (close === undefined || close === s + 1) {
    work.spend('definition', s, reach);
    if (close === undefined && frame.limit === src.length) work.openEnded.push(s);
    return undefined;
  }
  frame.defTails ??= new Map();
  let tail = frame.defTails.get(close);
  if (tail === undefined) {
    tail = definitionTail(src, tables, close, frame.limit) ?? null;
    frame.defTails.set(close, tail);
  }
  work.spend('definition', s, reach + (tail ? 0 : 2 * ((tables.next('\n', close, frame.limit) ?? frame.limit) - close)));
  return tail ?? undefined;
}

function definitionTail(src: string, tables: LexerTables, close: number, limit: number): DefTail | undefined {
  if (src.charCodeAt(close + 1) !== 58) return undefined;
  let at = close + 2;
  while (at < limit && isSpace(src.charCodeAt(at))) at++;
  // `<?([^\s>]+)`: with or without the `<`, the href run ends at the same place.
  const angled = src.charCodeAt(at) === 60 && at + 1 < limit && !isWhitespace(src.charCodeAt(at + 1)) && src.charCodeAt(at + 1) !== 62;
  const hrefStart = angled ? at + 1 : at;
  let hrefEnd = hrefStart;
  while (hrefEnd < limit && !isWhitespace(src.charCodeAt(hrefEnd)) && src.charCodeAt(hrefEnd) !== 62) hrefEnd++;
  if (hrefEnd === hrefStart) return undefined;
  const href = src.slice(hrefStart, hrefEnd);
  const afterHref = hrefEnd < limit && src.charCodeAt(hrefEnd) === 62 ? hrefEnd + 1 : hrefEnd;
  // The title, when there is one, ends at the line's last character other than a space.
  const lineEnd = tables.next('\n', afterHref, limit) ?? limit;
  let last = lineEnd;
  while (last > afterHref && isSpace(src.charCodeAt(last - 1))) last--;
  let titleStart = afterHref;
  while (titleStart < lineEnd && isSpace(src.charCodeAt(titleStart))) titleStart++;
  const quote = src.charCodeAt(titleStart);
  const closer = src.charCodeAt(last - 1);
  if (titleStart > afterHref && (quote === 34 || quote === 40) && last - 1 >= titleStart + 2 && (closer === 34 || closer === 41)) {
    return { end: lineTailEnd(src, last, limit) as number, href, title: src.slice(titleStart + 1, last - 1) };
  }
  const end = lineTailEnd(src, afterHref, limit);
  return end === undefined ? undefined : { end, href };
}

/** ` *(?:\n+|$)` from `at`: its end, or `undefined`. */
function lineTailEnd(src: string, at: number, limit: number): number | undefined {
  while (at < limit && isSpace(src.charCodeAt(at))) at++;
  if (at === limit) return at;
  if (src.charCodeAt(at) !== 10) return undefined;
  while (at < limit && src.charCodeAt(at) === 10) at++;
  return at;
}

/** `!\[:([^\] ]+)([^\]]*)\](?:\(([^\)]*)\))?` at p. */
export function macroAt(src: string, tables: LexerTables, p: number, limit: number, work: LexerWork): MacroMatch | undefined {
  if (src.charCodeAt(p + 1) !== 91 || src.charCodeAt(p + 2) !== 58) return undefined;
  if (p + 3 >= limit) {
    // `![:` ends the text: what follows it might make a macro.
    if (p + 3 === src.length) work.openEnded.push(p);
    return undefined;
  }
  const first = src.charCodeAt(p + 3);
  if (first === 93 || first === 32) return undefined;
  const close = tables.next(']', p + 3, limit);
  work.read(tables, p, close === undefined ? limit : close + 1);
  if (close === undefined) {
    // Both groups give back one character at a time: the name's length times the rest of the text.
    const space = tables.next(' ', p + 3, limit);
    work.spend('macro', p, ((space ?? limit) - p - 3) * (limit - p - 3));
    if (limit === src.length) work.openEnded.push(p);
    return undefined;
  }
  let nameEnd = p + 3;
  while (nameEnd < close && src.charCodeAt(nameEnd) !== 32) nameEnd++;
  const name = src.slice(p + 3, nameEnd);
  const args = src.slice(nameEnd, close);
  if (src.charCodeAt(close + 1) === 40 && close + 1 < limit) {
    const paren = tables.next(')', close + 2, limit);
    work.read(tables, p, paren === undefined ? limit : paren + 1);
    if (paren !== undefined) return { at: p, end: paren + 1, name, args, obj: src.slice(close + 2, paren) };
    if (limit === src.length) work.openEnded.push(p);
  }
  return { at: p, end: close + 1, name, args };
}
