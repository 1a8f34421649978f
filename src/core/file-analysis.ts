/**
 * What a chapter file says on its own, whatever deck it is in: its slides as remark splits them,
 * the headings, links and substitutions of each, and the findings that depend on the file alone.
 * A pure function of the file's name and text, so whoever loads decks repeatedly (the dev
 * server, on every save) may keep analyses in a `FileAnalysisCache` and pass it to `buildDeck`.
 */
import { codeBlocks } from './code-blocks.js';
import { DiagnosticList, firstFindings, type At, type Diagnostic } from './diagnostics.js';
import type { ExpandedFile } from './includes.js';
import { checkKubernetesBlocks } from './kubernetes/check.js';
import { blockLanguages } from './languages.js';
import { findHeadings, findLinks, findSubstitutions, maskCode, type FoundLink, type Heading, type Substitution } from './markdown-scan.js';
import { checkRawHtml } from './raw-html.js';
import { LexerWork } from './remark-lexer.js';
import { checkRuntimeLimits } from './runtime-limits.js';
import { parseSlides, type ParsedSlide } from './slide-parser.js';
import { LineIndex, normaliseNewlines } from './source-text.js';
import { shellBlocks, type ShellBlock } from './shell-variables.js';
import { checkStructure } from './structure-checks.js';
import { ExpandedLineIndex, type TextOrigins } from './text-origins.js';

/** A slide's headings, links and substitutions, outside code. */
export interface SlideScan {
  readonly headings: readonly Heading[];
  readonly links: readonly FoundLink[];
  readonly substitutions: readonly Substitution[];
}

export interface FileAnalysis {
  readonly file: string;
  /** The text with newlines normalised and includes expanded (includes.ts): every offset below is into it. */
  readonly text: string;
  /** The chapter's lines and columns (included text stands at its directive). */
  readonly lines: LineIndex;
  /** Where included text came from; absent when the file includes nothing. */
  readonly origins?: TextOrigins;
  readonly parsed: readonly ParsedSlide[];
  /** In step with `parsed`. */
  readonly scans: readonly SlideScan[];
  /**
   * Findings about the file alone (remark's traps, runtime limits, raw HTML, code block
   * languages, Kubernetes manifests), capped per file. Those inside included text name the included file.
   */
  readonly findings: readonly Diagnostic[];
  /** highlight.js names of its code blocks' languages, each once, sorted. */
  readonly languages: readonly string[];
  /** Its slides' shell blocks and the variables each sets and uses (shell-variables.ts), checked once the deck's order is known. */
  readonly shellBlocks: readonly ShellBlock[];
}

export function analyseFile(source: ExpandedFile): FileAnalysis {
  const text = normaliseNewlines(source.text);
  const { origins } = source;
  const lines = origins ? new ExpandedLineIndex(text, origins) : new LineIndex(text);
  const work = new LexerWork();
  const parsed = parseSlides(text, work);
  const findings = new DiagnosticList();
  const at: At = origins ? origins.at : (offset: number) => ({ file: source.file, ...lines.position(offset) });
  checkStructure(text, parsed, at, findings);
  checkRuntimeLimits(text, parsed, work, at, findings);
  checkRawHtml(text, parsed, at, findings);
  const blocks = codeBlocks(text, parsed);
  const languages = blockLanguages(blocks, at, findings);
  checkKubernetesBlocks(text, blocks, parsed, at, findings, origins && ((offset) => origins.isPartialInclude(offset)));
  const scans = parsed.map((slide): SlideScan => {
    const masked = maskCode(text, slide.start, slide.end, slide.content);
    return {
      headings: findHeadings(text, slide.start, masked),
      links: findLinks(text, slide.start, masked),
      substitutions: findSubstitutions(slide.start, masked),
    };
  });
  return { file: source.file, text, lines, origins, parsed, scans, findings: firstFindings(findings.items), languages, shellBlocks: shellBlocks(text, blocks, parsed) };
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

  analyse(source: ExpandedFile): FileAnalysis {
    const known = this.byFile.get(source.file);
    // Most recently used last, so the oldest go first.
    if (known) this.byFile.delete(source.file);
    const analysis = known && known.text === source.text && sameOrigins(known.analysis.origins, source.origins) ? known.analysis : analyseFile(source);
    this.byFile.set(source.file, { text: source.text, analysis });
    if (this.byFile.size > this.limit) this.byFile.delete(this.byFile.keys().next().value as string);
    return analysis;
  }
}

/** The same included text from the same files: findings in it name the same places. */
function sameOrigins(a: TextOrigins | undefined, b: TextOrigins | undefined): boolean {
  if (!a || !b) return a === b;
  return a.runs.length === b.runs.length && a.runs.every((run, i) => {
    const other = b.runs[i];
    return run.start === other.start && run.from === other.from && run.directive === other.directive && run.partial === other.partial && run.included?.file === other.included?.file;
  });
}
