/** remark 0.14 does not split slides on CRLF or lone CR: normalise before anything else. */
export function normaliseNewlines(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

export interface Position {
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
}

/** Maps character offsets of one text to line and column, in O(log lines). */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(readonly text: string) {
    // indexOf, not a loop over every character: a cold process runs that loop in the interpreter.
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  position(offset: number): Position {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - this.starts[lo] + 1 };
  }

  line(offset: number): number {
    return this.position(offset).line;
  }

  get lineCount(): number {
    return this.starts.length;
  }
}

/** A `---`, `--` or `???` line that a newline follows, by the offset of the newline before it. */
export interface MarkerLine {
  newline: number;
  marker: '---' | '--' | '???';
}

/** Every `\n(---?|\?\?\?)(?=\n)` of a text, in order. */
export function markerLines(text: string): MarkerLine[] {
  return [...text.matchAll(/\n(---?|\?\?\?)(?=\n)/g)].map((m) => ({ newline: m.index, marker: m[1] as MarkerLine['marker'] }));
}

/** JavaScript's `\s`. */
export const isWhitespace = (c: number): boolean =>
  (c >= 9 && c <= 13) || c === 32 || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
