/**
 * Tables over a whole text, built once in linear time, that let the lexer answer each of
 * remark's regular expressions in constant (or logarithmic) time wherever it tries them. The
 * backtracking regular expressions scan ahead from every position they try, which is
 * quadratic or worse on a run of `[`, `.a`, `![:` or backticks; these tables make it linear.
 */

const absent = -1;

/** What remark's own lexer would spend, in characters read, where it backtracks or scans ahead. */
export type WorkKind = 'definition' | 'class-chain' | 'fence' | 'inline-code' | 'macro' | 'class';

export class LexerWork {
  /** Characters remark's regular expression reads beyond those it matches, in all. */
  total = 0;
  /**
   * Where an attempt at the top level read to the end of the text without finding what it
   * looked for (a closing backtick, bracket or fence, a macro's `]` or `)`, a definition's `]`):
   * text after the end might have supplied it. Without one, a slide lexes the same in any text
   * it is put in, between separators (see `ParsedSlide.selfContained`).
   */
  readonly openEnded: number[] = [];
  /**
   * Attempts that read past the line they start on, as pairs: where one started, and the end
   * of what it read (exclusive). One that read past its slide and the separator after it may
   * answer otherwise where other text follows the slide (a slide the loader rewrote or left
   * out): see `ParsedSlide.selfContained`.
   */
  readonly farReads: number[] = [];
  /** The attempt that reads most, where it starts. */
  worst: { kind: WorkKind; offset: number; steps: number } | undefined;

  /** Notes that an attempt from `start` read up to `end` (exclusive), when that is past its own line. */
  read(tables: LexerTables, start: number, end: number): void {
    if (tables.next('\n', start, end) !== undefined) this.farReads.push(start, end);
  }

  spend(kind: WorkKind, offset: number, steps: number): void {
    // Reading nothing is not work (and such an attempt is never the worst of a file over the limit).
    if (steps <= 0) return;
    this.total += steps;
    if (!this.worst || steps > this.worst.steps) this.worst = { kind, offset, steps };
  }
}

export class LexerTables {
  readonly length: number;
  /**
   * Where remark's expression can start matching anything but plain text, in order, and
   * `length` last: every `\n`, `` ` `` and `\\`, every `![:`, and every `.` a class name
   * follows. Anywhere else every alternative fails at once, without reading ahead, so the lexer
   * goes from one of these to the next.
   */
  readonly candidates: Int32Array;
  /** Offsets of a character, in order, for `next`; made when first asked for. */
  private readonly offsetsOfChar = new Map<number, Int32Array>();
  /** Offsets of every `[` and `]`, in order. */
  private readonly brackets: Int32Array;
  /**
   * For the stretch of text after the k-th bracket up to and including the (k+1)-th (all at the
   * same bracket depth): the end of the bracket group opened before it (remark's matcher), or -1.
   */
  private readonly closing: Int32Array;
  /**
   * For a `.` that starts a class name: where the longest chain of `.name` parts from it stops;
   * filled in as the lexer asks (most texts have few), each chain walked once.
   */
  private readonly chainStop = new Map<number, number>();
  private readonly fences = new Map<string, FenceCloserIndex>();

  constructor(readonly text: string) {
    this.length = text.length;
    // Found with `indexOf`, which is native: a loop over every character in JavaScript was most
    // of a cold lint's lexing (it runs before V8 has compiled the loop).
    const candidates = offsetsOf(text, '\n', offsetsOf(text, '`', offsetsOf(text, '\\', offsetsOf(text, '![:'))));
    // A `.` matters only where a class name starts after it; elsewhere it costs remark nothing.
    for (let at = text.indexOf('.'); at >= 0; at = text.indexOf('.', at + 1)) if (isClassStart(text.charCodeAt(at + 1))) candidates.push(at);
    candidates.push(text.length);
    this.candidates = Int32Array.from(candidates).sort();
    this.brackets = Int32Array.from(offsetsOf(text, ']', offsetsOf(text, '['))).sort();
    this.closing = bracketClosings(text, this.brackets);
  }

  /** Index in `candidates` of the first offset at or after `from`. */
  firstCandidate(from: number): number {
    return lowerBound(this.candidates, from);
  }

  /** The first offset at or after `from` holding `char`, or `undefined` before `limit`. */
  next(char: string, from: number, limit: number): number | undefined {
    const code = char.charCodeAt(0);
    let offsets = this.offsetsOfChar.get(code);
    if (!offsets) {
      offsets = Int32Array.from(offsetsOf(this.text, char));
      this.offsetsOfChar.set(code, offsets);
    }
    const i = lowerBound(offsets, from);
    return i < offsets.length && offsets[i] < limit ? offsets[i] : undefined;
  }

  /**
   * remark's bracket matcher from `offset` (just after a `[`): counts every `[` and `]` and
   * returns the offset just past the `]` that balances, or `undefined`. Within a bracket group
   * the answer is the same for the group's text alone, so it serves nested bodies too.
   */
  closingBracketEnd(offset: number, limit: number = this.length): number | undefined {
    // The stretch `offset` is in: after the brackets before it.
    const end = this.closing[lowerBound(this.brackets, offset)];
    return end === absent || end > limit ? undefined : end;
  }

  /** Where the `.name.name` chain starting at `offset` stops (`offset` when there is none). */
  classChainStop(offset: number): number {
    const text = this.text;
    // Most dots end a sentence or sit in a number or a host name: no chain, nothing to keep.
    if (text.charCodeAt(offset) !== 46 || offset + 1 >= this.length || !isClassStart(text.charCodeAt(offset + 1))) return offset;
    const known = this.chainStop.get(offset);
    if (known !== undefined) return known;
    // Walk the chain's `.name` parts, then record where it stops for every dot along it.
    const dots: number[] = [];
    let at = offset;
    let stop = offset;
    while (at < this.length && text.charCodeAt(at) === 46 && at + 1 < this.length && isClassStart(text.charCodeAt(at + 1))) {
      const cached = this.chainStop.get(at);
      if (cached !== undefined) {
        stop = cached;
        break;
      }
      dots.push(at);
      let end = at + 2;
      while (end < this.length && isClassChar(text.charCodeAt(end))) end++;
      stop = end;
      at = end;
    }
    for (const dot of dots) this.chainStop.set(dot, stop);
    return stop;
  }

  /** The closers a fence of `char` may end at. */
  fenceClosers(char: '`' | '~'): FenceCloserIndex {
    let index = this.fences.get(char);
    if (!index) {
      index = new FenceCloserIndex(this.text, char);
      this.fences.set(char, index);
    }
    return index;
  }
}

/** Every offset of `needle` in `text`, in order, added to `into`. */
function offsetsOf(text: string, needle: string, into: number[] = []): number[] {
  for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) into.push(at);
  return into;
}

/** Index of the first value at or after `value` in sorted `values` (`values.length` when none). */
function lowerBound(values: Int32Array, value: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (values[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Prefix bracket depth P (P[0] = 0, +1 per `[`, -1 per `]`); the group opened before i closes
 * at the first j > i with P[j] < P[i]: a "next smaller element" pass with a stack. P changes
 * only just after a bracket, so the pass runs over the stretches between brackets: stretch k
 * holds the offsets after the k-th bracket up to the (k+1)-th, at depth D[k], and its group
 * closes just past the first bracket t >= k after which the depth is below D[k].
 */
function bracketClosings(text: string, brackets: Int32Array): Int32Array {
  const count = brackets.length;
  const depth = new Int32Array(count + 1);
  for (let k = 0; k < count; k++) depth[k + 1] = depth[k] + (text.charCodeAt(brackets[k]) === 91 ? 1 : -1);
  const closing = new Int32Array(count + 1).fill(absent);
  const waiting: number[] = [];
  for (let k = 0; k <= count; k++) {
    while (waiting.length && depth[waiting[waiting.length - 1]] > depth[k]) closing[waiting.pop() as number] = brackets[k - 1] + 1;
    waiting.push(k);
  }
  return closing;
}

const isClassStart = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 45;
const isClassChar = (c: number) => isClassStart(c) || (c >= 48 && c <= 57);

/**
 * The runs of one fence character followed by spaces and a newline or the end of the text:
 * where remark's FENCES expression can find `\s*\4 *(?:\n+|$)`. Answers "the first such run at
 * or after an offset that is at least k long" in O(log n) with a sparse table of maxima.
 */
export class FenceCloserIndex {
  readonly starts: number[] = [];
  readonly ends: number[] = [];
  private readonly maxima: Int32Array[] = [];

  constructor(readonly text: string, readonly char: '`' | '~') {
    const code = char.charCodeAt(0);
    const n = text.length;
    for (let i = text.indexOf(char); i >= 0; ) {
      let end = i;
      while (end < n && text.charCodeAt(end) === code) end++;
      let after = end;
      while (after < n && text.charCodeAt(after) === 32) after++;
      if (after === n || text.charCodeAt(after) === 10) {
        this.starts.push(i);
        this.ends.push(end);
      }
      i = text.indexOf(char, end);
    }
    const lengths = Int32Array.from(this.ends, (e, i) => e - this.starts[i]);
    this.maxima.push(lengths);
    for (let span = 1; span * 2 <= lengths.length; span *= 2) {
      const previous = this.maxima[this.maxima.length - 1];
      const next = new Int32Array(lengths.length - span * 2 + 1);
      for (let i = 0; i < next.length; i++) next[i] = Math.max(previous[i], previous[i + span]);
      this.maxima.push(next);
    }
  }

  /** Index of the first run ending at or after `minEnd` whose length is at least `k`, or -1. */
  first(minEnd: number, k: number): number {
    let lo = 0;
    let hi = this.ends.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.ends[mid] < minEnd) lo = mid + 1;
      else hi = mid;
    }
    let i = lo;
    const count = this.ends.length;
    while (i < count) {
      if (this.ends[i] - this.starts[i] >= k) return i;
      // Skip the largest block starting at i whose longest run is still too short.
      let level = 0;
      while (level + 1 < this.maxima.length && i + (1 << (level + 1)) <= count && this.maxima[level + 1][i] < k) level++;
      i += 1 << level;
    }
    return -1;
  }
}
