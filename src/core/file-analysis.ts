/**
 * What a chapter file says on its own, whatever deck it is in: its slides as remark splits them,
 * the headings, links and substitutions of each, and the findings that depend on the file alone.
 * A pure function of the file's name and text, so whoever loads decks repeatedly (the dev
 * server, on every save) may keep analyses in a `FileAnalysisCache` and pass it to `buildDeck`.
 */
import { DiagnosticList, firstFindings, type Diagnostic } from './diagnostics.js';
import { findHeadings, findLinks, findSubstitutions, maskCode, type FoundLink, type Heading, type Substitution } from './markdown-scan.js';
import { checkRawHtml } from './raw-html.js';
import { LexerWork } from './remark-lexer.js';
import { checkRuntimeLimits } from './runtime-limits.js';
import { parseSlides, type ParsedSlide } from './slide-parser.js';
import type { SourceFile } from './source-files.js';
import { LineIndex, normaliseNewlines } from './source-text.js';
import { checkStructure } from './structure-checks.js';

/** A slide's headings, links and substitutions, outside code. */
export interface SlideScan {
  readonly headings: readonly Heading[];
  readonly links: readonly FoundLink[];
  readonly substitutions: readonly Substitution[];
}

export interface FileAnalysis {
  readonly file: string;
  /** The text with newlines normalised: every offset below is into it. */
  readonly text: string;
  readonly lines: LineIndex;
  readonly parsed: readonly ParsedSlide[];
  /** In step with `parsed`. */
  readonly scans: readonly SlideScan[];
  /** Findings about the file alone (remark's traps, runtime limits, raw HTML), capped per file. */
  readonly findings: readonly Diagnostic[];
}

export function analyseFile(source: SourceFile): FileAnalysis {
  const text = normaliseNewlines(source.text);
  const lines = new LineIndex(text);
  const work = new LexerWork();
  const parsed = parseSlides(text, work);
  const findings = new DiagnosticList();
  const at = (offset: number) => ({ file: source.file, ...lines.position(offset) });
  checkStructure(text, parsed, at, findings);
  checkRuntimeLimits(text, parsed, work, at, findings);
  checkRawHtml(text, parsed, at, findings);
  const scans = parsed.map((slide): SlideScan => {
    const masked = maskCode(text, slide.start, slide.end, slide.content);
    return {
      headings: findHeadings(text, slide.start, masked),
      links: findLinks(text, slide.start, masked),
      substitutions: findSubstitutions(slide.start, masked),
    };
  });
  return { file: source.file, text, lines, parsed, scans, findings: firstFindings(findings.items) };
}

/**
 * Analyses kept between builds, one per file name (an edited file's older texts are dropped),
 * the least recently used going first past `limit`. A save in `npm run dev` changes one chapter
 * of many: the others are not parsed again (half of a 1,000-slide build). Analyses are never
 * modified once made, so sharing them changes no result.
 */
export class FileAnalysisCache {
  /** By file name: the text as read and its analysis. */
  private readonly byFile = new Map<string, { text: string; analysis: FileAnalysis }>();

  constructor(private readonly limit = 512) {}

  analyse(source: SourceFile): FileAnalysis {
    const known = this.byFile.get(source.file);
    // Most recently used last, so the oldest go first.
    if (known) this.byFile.delete(source.file);
    const analysis = known && known.text === source.text ? known.analysis : analyseFile(source);
    this.byFile.set(source.file, { text: source.text, analysis });
    if (this.byFile.size > this.limit) this.byFile.delete(this.byFile.keys().next().value as string);
    return analysis;
  }
}
