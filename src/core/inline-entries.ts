/**
 * Markdown written in the manifest itself (container.training's `- |` entries): analysed as a
 * chapter file named by the manifest, every position moved to where the text sits in it, so
 * that findings and the model point at the manifest's own lines.
 */
import { analyseFile, type FileAnalysis } from './file-analysis.js';
import type { InlineMarkdown } from './manifest.js';
import { LineIndex, type Position } from './source-text.js';

/** Positions in a text that starts `lineShift` lines down and `indent` columns in. */
class ShiftedLineIndex extends LineIndex {
  constructor(
    text: string,
    private readonly lineShift: number,
    private readonly indent: number,
  ) {
    super(text);
  }

  override position(offset: number): Position {
    const inText = super.position(offset);
    return { line: inText.line + this.lineShift, column: inText.column + this.indent };
  }
}

export function analyseInline(manifestFile: string, inline: InlineMarkdown): FileAnalysis {
  const analysis = analyseFile({ file: manifestFile, text: inline.text });
  const lineShift = inline.line - 1;
  return {
    ...analysis,
    lines: new ShiftedLineIndex(analysis.text, lineShift, inline.indent),
    findings: analysis.findings.map((f) => ({ ...f, line: f.line + lineShift, column: f.column + inline.indent })),
  };
}
