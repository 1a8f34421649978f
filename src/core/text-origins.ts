/**
 * Where each character of a chapter's text came from once its includes are expanded: the
 * chapter itself, a line of an included file, or the include directive (the fence lines the
 * loader writes around included code). Slides, links and names keep the chapter's lines (an
 * included block is at its directive); findings inside included text name the included file,
 * line and column, so an error in an included manifest points into the manifest.
 */
import type { At } from './diagnostics.js';
import { LineIndex, type Position } from './source-text.js';

export interface IncludedText {
  /** As named in messages. */
  readonly file: string;
  readonly lines: LineIndex;
}

/** One run of the expanded text, in order; runs cover the text without gaps. */
export interface TextRun {
  /** Offsets in the expanded text. */
  readonly start: number;
  readonly end: number;
  /**
   * For chapter text: the chapter offset of `start`. For included text: the offset of `start`
   * in the included file. For text the loader wrote: the chapter offset it stands for.
   */
  readonly from: number;
  /** Set for included text. */
  readonly included?: IncludedText;
  /** For included text and text the loader wrote: the chapter offset of the include directive. */
  readonly directive?: number;
  /** Included text that is part of its file (a region or a range of lines), not all of it. */
  readonly partial?: boolean;
}

export class TextOrigins {
  constructor(
    readonly file: string,
    private readonly chapterLines: LineIndex,
    readonly runs: readonly TextRun[],
  ) {}

  private run(offset: number): TextRun {
    let lo = 0;
    let hi = this.runs.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.runs[mid].start <= offset) lo = mid;
      else hi = mid - 1;
    }
    return this.runs[lo];
  }

  /** The chapter's line and column a character stands at: its own, or its include directive's. */
  position(offset: number): Position {
    return this.chapterLines.position(this.chapterOffset(offset));
  }

  /** The chapter offset a character stands at: its own, or its include directive's. */
  chapterOffset(offset: number): number {
    const run = this.run(offset);
    if (run.directive !== undefined) return run.included ? run.directive : run.from;
    return run.from + (offset - run.start);
  }

  /** Where a character was written: in the chapter, or in the included file. */
  readonly at: At = (offset) => {
    const run = this.run(offset);
    if (run.included) return { file: run.included.file, ...run.included.lines.position(run.from + (offset - run.start)) };
    return { file: this.file, ...this.position(offset) };
  };

  /** The character is part of a file included in part (a region, a range of lines). */
  isPartialInclude(offset: number): boolean {
    return this.run(offset).partial === true;
  }

  /** The included files, in order of first inclusion: part of what an analysis depends on. */
  get includedFiles(): string[] {
    return [...new Set(this.runs.flatMap((r) => (r.included ? [r.included.file] : [])))];
  }
}

/** The expanded text's lines as the chapter's: included text sits at its directive. */
export class ExpandedLineIndex extends LineIndex {
  constructor(
    text: string,
    private readonly origins: TextOrigins,
  ) {
    super(text);
  }

  override position(offset: number): Position {
    return this.origins.position(offset);
  }
}
