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
  /** The attempt that reads most, where it starts. */
  worst: { kind: WorkKind; offset: number; steps: number } | undefined;

  spend(kind: WorkKind, offset: number, steps: number): void {
    this.total += steps;
    if (!this.worst || steps > this.worst.steps) this.worst = { kind, offset, steps };
  }
}

export class LexerTables {
  readonly length: number;
  private readonly nextOf = new Map<number, Int32Array>();
  /** For offset i: the end of the bracket group opened just before i (remark's matcher), or -1. */
  private readonly closing: Int32Array;
  /**
   * For a `.` at i: where the longest chain of `.name` parts from i stops; filled in as the
   * lexer asks (most texts have few dots), each chain walked once.
   */
  private readonly chainStop = new Map<number, number>();
  private readonly fences = new Map<string, FenceCloserIndex>();

  constructor(readonly text: string) {
    this.length = text.length;
    this.closing = bracketClosings(text);
  }

  /** The first offset at or after `from` holding `char`, or `undefined` before `limit`. */
  next(char: string, from: number, limit: number): number | undefined {
    const code = char.charCodeAt(0);
    let table = this.nextOf.get(code);
    if (!table) {
      table = new Int32Array(this.length + 1);
      let next = this.length;
      table[this.length] = next;
      for (let i = this.length - 1; i >= 0; i--) {
        if (this.text.charCodeAt(i) === code) next = i;
        table[i] = next;
      }
      this.nextOf.set(code, table);
    }
    const at = from >= this.length ? this.length : table[from];
    return at < limit ? at : undefined;
  }

  /**
   * remark's bracket matcher from `offset` (just after a `[`): counts every `[` and `]` and
   * returns the offset just past the `]` that balances, or `undefined`. Within a bracket group
   * the answer is the same for the group's text alone, so it serves nested bodies too.
   */
  closingBracketEnd(offset: number, limit: number = this.length): number | undefined {
    const end = this.closing[offset];
    return end === absent || end > limit ? undefined : end;
  }

  /** Where the `.name.name` chain starting at `offset` stops (`offset` when there is none). */
  classChainStop(offset: number): number {
    const known = this.chainStop.get(offset);
    if (known !== undefined) return known;
    // Walk the chain's `.name` parts, then record where it stops for every dot along it.
    const text = this.text;
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
    if (dots.length === 0) dots.push(offset);
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

/**
 * Prefix bracket depth P (P[0] = 0, +1 per `[`, -1 per `]`); the group opened before i closes
 * at the first j > i with P[j] < P[i]: a "next smaller element" pass with a stack.
 */
function bracketClosings(text: string): Int32Array {
  const n = text.length;
  const depth = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    depth[i + 1] = depth[i] + (c === 91 ? 1 : c === 93 ? -1 : 0);
  }
  const closing = new Int32Array(n + 1).fill(absent);
  const waiting: number[] = [];
  for (let j = 0; j <= n; j++) {
    while (waiting.length && depth[waiting[waiting.length - 1]] > depth[j]) closing[waiting.pop() as number] = j;
    waiting.push(j);
  }
  return closing;
}

const isClassStart = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 45;
const isClassChar = (c: number) => isClassStart(c) || (c >= 48 && c <= 57);

/** `(?:\.[a-zA-Z_\-][a-zA-Z\-_0-9]*)+` from each `.`, computed from the right. */

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
    for (let i = 0; i < n; ) {
      if (text.charCodeAt(i) !== code) {
        i++;
        continue;
      }
      let end = i;
      while (end < n && text.charCodeAt(end) === code) end++;
      let after = end;
      while (after < n && text.charCodeAt(after) === 32) after++;
      if (after === n || text.charCodeAt(after) === 10) {
        this.starts.push(i);
        this.ends.push(end);
      }
      i = end;
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
