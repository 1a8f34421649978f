/**
 * container.training's `@@NAME@@` and `@@NAME[argument]@@` in a text, in order, as its builder's
 * `@@([A-Z][A-Z0-9_]*)(?:\[[^\]\n]*\])?@@` finds them, in linear time: each `]` or line end is
 * found once for the run of `@@NAME[` before it (a `NextStop`), not from every one of them.
 */
import { NextStop } from './inline-scan.js';

export interface AtAtMatch {
  name: string;
  /** The text in brackets, when written with them. */
  argument?: string;
  /** The whole match as written. */
  text: string;
  offset: number;
}

/** `unclosed`: names whose bracketed form needs no closing `@@` (the builder's `@@LINK[path]`). */
export function scanAtAts(text: string, unclosed: ReadonlySet<string> = new Set()): AtAtMatch[] {
  const found: AtAtMatch[] = [];
  const bracketEnd = new NextStop(text, /[\]\n]/g); // `]` or a line's end
  const name = /[A-Z][A-Z0-9_]*/y;
  for (let at = text.indexOf('@@'); at >= 0; at = text.indexOf('@@', at + 1)) {
    name.lastIndex = at + 2;
    const match = name.exec(text);
    if (!match) continue;
    const end = name.lastIndex;
    if (text.startsWith('@@', end)) {
      found.push({ name: match[0], text: text.slice(at, end + 2), offset: at });
      at = end + 1;
      continue;
    }
    if (text[end] !== '[') continue;
    const close = bracketEnd.at(end + 1);
    if (text[close] !== ']') continue;
    const closed = text.startsWith('@@', close + 1);
    if (!closed && !unclosed.has(match[0])) continue;
    const stop = closed ? close + 3 : close + 1;
    found.push({ name: match[0], argument: text.slice(end + 1, close), text: text.slice(at, stop), offset: at });
    at = stop - 1;
  }
  return found;
}
