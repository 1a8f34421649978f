/**
 * remark's property finder, `/^\n*([-\w]+):([^$\n]*)|\n*(?:<!--\s*)([-\w]+):([^$\n]*?)(?:\s*-->)/i`,
 * without its backtracking: from every position of a run of empty lines it scanned the whole
 * run again, so a slide of empty lines took minutes. One call is linear in the text.
 */
import { NextStop } from './inline-scan.js';
import { isWhitespace } from './source-text.js';

export interface PropertyMatch {
  /** Where the match starts and how long it is (remark removes it from the text). */
  index: number;
  length: number;
  key: string;
  /** Offset of the key in the text searched. */
  keyAt: number;
  value: string;
}

/** `[-\w]`: a property key's characters. */
export const isKeyChar = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 45;

/** The first match of remark's property finder in `text`, as `RegExp.exec` finds it. */
export function findProperty(text: string): PropertyMatch | undefined {
  return leadingProperty(text) ?? commentProperty(text);
}

/** `^\n*([-\w]+):([^$\n]*)` */
function leadingProperty(text: string): PropertyMatch | undefined {
  let at = 0;
  while (text.charCodeAt(at) === 10) at++;
  const keyAt = at;
  while (isKeyChar(text.charCodeAt(at))) at++;
  if (at === keyAt || text.charCodeAt(at) !== 58) return undefined;
  const valueAt = at + 1;
  let end = valueAt;
  while (end < text.length && text[end] !== '\n' && text[end] !== '$') end++;
  return { index: 0, length: end, key: text.slice(keyAt, at), keyAt, value: text.slice(valueAt, end) };
}

/** `\n*(?:<!--\s*)([-\w]+):([^$\n]*?)(?:\s*-->)`, leftmost: at the first comment that matches. */
function commentProperty(text: string): PropertyMatch | undefined {
  // The first `-->` at or after an offset, for rising offsets.
  let closeFrom = -1;
  let close = -1;
  const nextClose = (from: number) => {
    if (from > close || from < closeFrom) {
      const found = text.indexOf('-->', from);
      close = found < 0 ? text.length : found;
      closeFrom = from;
    }
    return close;
  };
  const valueStop = new NextStop(text, /[\n$]/g);
  let spacesFor = -1;
  let spacesStart = -1;
  for (let open = text.indexOf('<!--'); open >= 0; open = text.indexOf('<!--', open + 1)) {
    let at = open + 4;
    while (at < text.length && isWhitespace(text.charCodeAt(at))) at++;
    const keyAt = at;
    while (isKeyChar(text.charCodeAt(at))) at++;
    if (at === keyAt || text.charCodeAt(at) !== 58) continue;
    const valueAt = at + 1;
    // The value is lazy: it ends where `\s*-->` first follows, and holds no newline nor `$`.
    const closing = nextClose(valueAt);
    if (closing >= text.length) return undefined;
    if (spacesFor !== closing) {
      spacesFor = closing;
      spacesStart = closing;
      while (spacesStart > 0 && isWhitespace(text.charCodeAt(spacesStart - 1))) spacesStart--;
    }
    const valueEnd = Math.max(valueAt, spacesStart);
    if (valueEnd > valueStop.at(valueAt)) continue;
    const value = text.slice(valueAt, valueEnd);
    let index = open;
    while (index > 0 && text.charCodeAt(index - 1) === 10) index--;
    return { index, length: closing + 3 - index, key: text.slice(keyAt, at), keyAt, value };
  }
  return undefined;
}
