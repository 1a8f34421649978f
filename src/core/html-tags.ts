/**
 * Start tags in a slide's raw HTML, read as a browser tokenises them (a quoted value may hold
 * `>`), in linear time: each tag's text is read once and the search goes on after it.
 */
import { isWhitespace } from './source-text.js';

export interface HtmlAttribute {
  /** Lower case. */
  name: string;
  nameAt: number;
  value?: string;
  /** Offset of the value (inside its quotes). */
  valueAt?: number;
}

export interface HtmlTag {
  /** Lower case, as written up to the first space, `/` or `>` (`<https://x>` is named `https:`). */
  name: string;
  start: number;
  end: number;
  attributes: HtmlAttribute[];
}

const isLetter = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);

export function htmlTags(text: string): HtmlTag[] {
  const tags: HtmlTag[] = [];
  let at = text.indexOf('<');
  while (at >= 0) {
    if (text.startsWith('<!--', at)) {
      // A comment is inert, whatever it holds.
      const close = text.indexOf('-->', at + 4);
      at = close < 0 ? -1 : text.indexOf('<', close + 3);
      continue;
    }
    if (!isLetter(text.charCodeAt(at + 1))) {
      at = text.indexOf('<', at + 1);
      continue;
    }
    let i = at + 1;
    while (i < text.length && !isWhitespace(text.charCodeAt(i)) && text[i] !== '/' && text[i] !== '>') i++;
    const tag: HtmlTag = { name: text.slice(at + 1, i).toLowerCase(), start: at, end: i, attributes: [] };
    i = readAttributes(text, i, tag.attributes);
    tag.end = Math.min(i + 1, text.length);
    tags.push(tag);
    at = text.indexOf('<', tag.end);
  }
  return tags;
}

/** Reads attributes from `i` up to the tag's `>` (or the end); returns the offset of the `>`. */
function readAttributes(text: string, i: number, attributes: HtmlAttribute[]): number {
  while (i < text.length) {
    while (i < text.length && (isWhitespace(text.charCodeAt(i)) || text[i] === '/')) i++;
    if (i >= text.length || text[i] === '>') break;
    const nameAt = i;
    while (i < text.length && !isWhitespace(text.charCodeAt(i)) && !'/>='.includes(text[i])) i++;
    if (i === nameAt) i++; // A stray `=`: skip it.
    const attribute: HtmlAttribute = { name: text.slice(nameAt, i).toLowerCase(), nameAt };
    attributes.push(attribute);
    let j = i;
    while (j < text.length && isWhitespace(text.charCodeAt(j))) j++;
    if (text[j] !== '=') continue;
    j++;
    while (j < text.length && isWhitespace(text.charCodeAt(j))) j++;
    if (text[j] === '"' || text[j] === "'") {
      const close = text.indexOf(text[j], j + 1);
      const end = close < 0 ? text.length : close;
      attribute.value = text.slice(j + 1, end);
      attribute.valueAt = j + 1;
      i = end + 1;
    } else {
      let end = j;
      while (end < text.length && !isWhitespace(text.charCodeAt(end)) && text[end] !== '>') end++;
      attribute.value = text.slice(j, end);
      attribute.valueAt = j;
      i = end;
    }
  }
  return i;
}
