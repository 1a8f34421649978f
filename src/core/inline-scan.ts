/**
 * Linear-time scanners for what the loader looks for in a slide's text: Markdown links and
 * images, `<url>` autolinks, `<img>` tags and CSS `url()`. The regular expressions they replace
 * scanned ahead to the end of the line from every `[` or `<img` they tried, so a pasted line of
 * brackets took seconds per kilobyte squared; each scanner here looks at every character a
 * bounded number of times (a `NextStop` answers "where is the next stop character" from a cache).
 */
import { htmlTags } from './html-tags.js';
import { isWhitespace } from './source-text.js';

/**
 * The next offset at or after `from` whose character stops a run (the text's length when none);
 * cached for rising queries. `stops` is one character class (`/[\]\n]/g`, `/\S/g`), given fresh
 * to each NextStop (it keeps its `lastIndex`): the regular expression engine scans natively,
 * where a JavaScript loop over every character ran in the interpreter in a cold process.
 */
export class NextStop {
  private from = Infinity;
  private found = -1;

  constructor(private readonly text: string, private readonly stops: RegExp) {}

  at(from: number): number {
    // No stop lies in [this.from, this.found): any query inside that range has the same answer.
    if (from >= this.from && from <= this.found) return this.found;
    this.stops.lastIndex = from;
    const i = this.stops.test(this.text) ? this.stops.lastIndex - 1 : this.text.length;
    this.from = from;
    this.found = Math.max(i, from);
    return this.found;
  }
}

export interface InlineLink {
  /** Offset of the `[` (or of the `!` of an image). */
  index: number;
  end: number;
  image: boolean;
  label: string;
  href: string;
  /** Offset of the href. */
  hrefAt: number;
}

/**
 * `!?\[([^\]\n]*)\]\(\s*<?([^\s)>]+)>?(?:\s+(?:"[^"\n]*"|'[^'\n]*'))?\s*\)` as `matchAll`
 * finds it (matches do not overlap), or, with `imagesOnly`, the same with the `!` required.
 */
export function findInlineLinks(text: string, imagesOnly = false): InlineLink[] {
  const found: InlineLink[] = [];
  if (!text.includes('](')) return found;
  const labelEnd = new NextStop(text, /[\]\n]/g);
  const nonSpace = new NextStop(text, /\S/g);
  const hrefEnd = new NextStop(text, /[\s)>]/g);
  const quoteEnd = { 34: new NextStop(text, /["\n]/g), 39: new NextStop(text, /['\n]/g) };
  // Several `[` may reach the same `](`: what follows it is worked out once.
  let lastParen = -1;
  let lastTail: { end: number; href: string; hrefAt: number } | undefined;
  let from = 0;
  for (let open = text.indexOf('[', from); open >= 0; open = text.indexOf('[', from)) {
    // The search goes on from `from`: a `!` just before the `[` is tried first, as an image.
    const image = open - 1 >= from && text.charCodeAt(open - 1) === 33;
    from = open + 1;
    if (imagesOnly && !image) continue;
    const close = labelEnd.at(open + 1);
    if (text.charCodeAt(close) !== 93 || text.charCodeAt(close + 1) !== 40) continue;
    if (close + 1 !== lastParen) {
      lastParen = close + 1;
      lastTail = linkTail(text, close + 2, nonSpace, hrefEnd, quoteEnd);
    }
    if (!lastTail) continue;
    const index = image ? open - 1 : open;
    found.push({ index, end: lastTail.end, image, label: text.slice(open + 1, close), href: lastTail.href, hrefAt: lastTail.hrefAt });
    from = lastTail.end;
  }
  return found;
}

/** `\s*<?([^\s)>]+)>?(?:\s+(?:"[^"\n]*"|'[^'\n]*'))?\s*\)` from `at` (just after the `(`). */
function linkTail(text: string, at: number, nonSpace: NextStop, hrefEnd: NextStop, quoteEnd: Record<34 | 39, NextStop>) {
  const x = nonSpace.at(at);
  // With or without the `<`, the href ends at the same place; the `<` is left out when it can be.
  const end = hrefEnd.at(x);
  const hrefAt = text.charCodeAt(x) === 60 && end > x + 1 ? x + 1 : x;
  if (end <= hrefAt) return undefined;
  const afterHref = text.charCodeAt(end) === 62 ? end + 1 : end;
  const closeAfter = (y: number) => {
    const z = nonSpace.at(y);
    return text.charCodeAt(z) === 41 ? z + 1 : undefined;
  };
  let close: number | undefined;
  if (isWhitespace(text.charCodeAt(afterHref))) {
    const quoteAt = nonSpace.at(afterHref);
    const quote = text.charCodeAt(quoteAt);
    if (quote === 34 || quote === 39) {
      const quoteClose = quoteEnd[quote].at(quoteAt + 1);
      if (text.charCodeAt(quoteClose) === quote) close = closeAfter(quoteClose + 1);
    }
  }
  close ??= closeAfter(afterHref);
  return close === undefined ? undefined : { end: close, href: text.slice(hrefAt, end), hrefAt };
}

/** `<(https?:\/\/[^\s>]+)>`: autolinks, not overlapping. */
export function findAngleLinks(text: string): Array<{ index: number; end: number; href: string }> {
  const found: Array<{ index: number; end: number; href: string }> = [];
  const urlEnd = new NextStop(text, /[\s>]/g);
  for (let at = text.indexOf('<http', 0); at >= 0; at = text.indexOf('<http', at + 1)) {
    const scheme = /^<https?:\/\//.exec(text.slice(at, at + 9));
    if (!scheme) continue;
    const start = at + scheme[0].length;
    const end = urlEnd.at(start);
    if (end === start || text.charCodeAt(end) !== 62) continue;
    found.push({ index: at, end: end + 1, href: text.slice(at + 1, end) });
    at = end;
  }
  return found;
}

export interface TagAttribute {
  value: string;
  /** Offset of the value (inside its quotes). */
  offset: number;
}

/** The `src` of each `<img>` tag (see html-tags.ts). */
export function findImgSources(text: string): TagAttribute[] {
  const found: TagAttribute[] = [];
  for (const tag of htmlTags(text)) {
    if (tag.name !== 'img') continue;
    const src = tag.attributes.find((a) => a.name === 'src' && a.value !== undefined);
    if (src) found.push({ value: src.value as string, offset: src.valueAt as number });
  }
  return found;
}

/** The paths in CSS `url(...)`, quoted or not, as `url\(\s*(?:"([^"]*)"|'([^']*)'|([^)'"]*?))\s*\)` finds them. */
export function findCssUrls(text: string): TagAttribute[] {
  const found: TagAttribute[] = [];
  const lower = text.toLowerCase();
  const nonSpace = new NextStop(text, /\S/g);
  const stops = { 34: new NextStop(text, /"/g), 39: new NextStop(text, /'/g) };
  const unquotedEnd = new NextStop(text, /[)"']/g);
  for (let at = lower.indexOf('url(', 0); at >= 0; at = lower.indexOf('url(', at + 1)) {
    const x = nonSpace.at(at + 4);
    const quote = text.charCodeAt(x);
    let value: TagAttribute | undefined;
    let end = -1;
    if (quote === 34 || quote === 39) {
      const close = stops[quote].at(x + 1);
      const after = close < text.length ? nonSpace.at(close + 1) : text.length;
      if (close < text.length && text.charCodeAt(after) === 41) {
        value = { value: text.slice(x + 1, close), offset: x + 1 };
        end = after;
      }
    }
    if (!value) {
      const stop = unquotedEnd.at(x);
      if (text.charCodeAt(stop) === 41) {
        let valueEnd = stop;
        while (valueEnd > x && isWhitespace(text.charCodeAt(valueEnd - 1))) valueEnd--;
        value = { value: text.slice(x, valueEnd), offset: x };
        end = stop;
      }
    }
    if (!value) continue;
    found.push(value);
    at = end;
  }
  return found;
}
