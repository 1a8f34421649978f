/**
 * Code from files, resolved when the deck is built. Two directives, in any deck:
 *
 *   <<< @/manifests/hpa.yaml#scale-up bash     on a line of its own, outside code: a fenced
 *                                               code block of the file, a region (`#name`) or a
 *                                               range of lines (`{5-12}`), in the language given
 *                                               or the one its extension names
 *   @@INCLUDE[manifests/hpa.yaml]              container.training's (a closing `@@` may follow):
 *                                               the file's text, anywhere
 *
 * Paths are relative to the manifest's folder (`@/` names it too) and read through the shell's
 * `read`, so nothing outside the deck's folder comes in (the manifest's, or the `root:` it
 * names). container.training's builder reads `@@INCLUDE` paths from its repository's root, the
 * folder above the manifest's: in its decks a path not found beside the manifest is looked for
 * there. The chapter's text is expanded before it
 * is analysed: the model splits slides exactly as remark will, and `TextOrigins` keeps every
 * finding at the file, line and column it was written at. Included files include nothing.
 */
import type { DiagnosticList } from './diagnostics.js';
import { selectLines, splitLines, type IncludedLine, type LineChoice } from './include-lines.js';
import { languageOfFile } from './languages.js';
import { lex } from './remark-lexer.js';
import { firstAtOrAfter } from './sorted-offsets.js';
import { loadNamedFile, type ReadResult, type SourceFile } from './source-files.js';
import { LineIndex, normaliseNewlines } from './source-text.js';
import { TextOrigins, type IncludedText, type TextRun } from './text-origins.js';

/** A chapter's text with its includes expanded; `origins` is absent when it includes nothing. */
export interface ExpandedFile extends SourceFile {
  readonly origins?: TextOrigins;
}

interface Directive {
  /** The chapter text it replaces. */
  readonly start: number;
  readonly end: number;
  readonly path: string;
  readonly pathAt: number;
  /** `<<<`: a fenced block of the lines chosen; `@@INCLUDE`: the file's text as it is. */
  readonly fenced?: { choice: LineChoice; language?: string; languageAt?: number };
}

const fenceLine = /^<<<[ \t]+(\S+)(?:[ \t]+(\S+))?[ \t]*$/gm;
const fenceSpec = /^(?:@\/)?([^#{}]+?)(?:#([\w.-]+))?(?:\{(\d+)(?:-(\d*))?\})?$/;
const inlineInclude = /@@INCLUDE\[([^\]\n]+)\](?:@@)?/g;

export interface IncludeOptions {
  /** Folders above the manifest's the deck may read (`root: ..`). */
  rootDepth: number;
  /** container.training's convention: `@@INCLUDE` paths from the folder above the manifest's. */
  fromRepositoryRoot: boolean;
}

export function expandIncludes(source: SourceFile, read: (path: string) => ReadResult, diagnostics: DiagnosticList, options: IncludeOptions = { rootDepth: 0, fromRepositoryRoot: false }): ExpandedFile {
  const text = normaliseNewlines(source.text);
  if (!text.includes('<<<') && !text.includes('@@INCLUDE[')) return { file: source.file, text };
  const chapterLines = new LineIndex(text);
  const at = (offset: number) => ({ file: source.file, ...chapterLines.position(offset) });
  const directives = findDirectives(text, at, diagnostics);
  if (directives.length === 0) return { file: source.file, text };

  const runs: TextRun[] = [];
  let out = '';
  let cursor = 0;
  const chapterRun = (to: number) => {
    if (to > cursor) runs.push({ start: out.length, end: out.length + (to - cursor), from: cursor });
    out += text.slice(cursor, to);
  };
  const written = (piece: string, standsFor: number, directive: number) => {
    runs.push({ start: out.length, end: out.length + piece.length, from: standsFor, directive });
    out += piece;
  };
  const includedLines = (lines: readonly IncludedLine[], included: IncludedText, directive: number, lastNewline: boolean, partial = false) => {
    lines.forEach((line, i) => {
      const piece = line.text + (lastNewline || i < lines.length - 1 ? '\n' : '');
      runs.push({ start: out.length, end: out.length + piece.length, from: line.offset, included, directive, ...(partial ? { partial } : {}) });
      out += piece;
    });
  };

  for (const directive of directives) {
    let path = directive.path;
    let found = read(path);
    if (found === undefined && !directive.fenced && options.fromRepositoryRoot) found = read((path = `../${directive.path}`));
    const loaded = loadNamedFile(found, path, 'included file', at(directive.pathAt), (finding) => diagnostics.error(finding), options.rootDepth);
    if (!loaded) {
      // A `<<<` line stays as written; an `@@INCLUDE` goes, as container.training's own tool would fail.
      if (!directive.fenced) {
        chapterRun(directive.start);
        cursor = directive.end;
      }
      continue;
    }
    const fileText = normaliseNewlines(loaded.text);
    const included: IncludedText = { file: loaded.file, lines: new LineIndex(fileText) };
    if (!directive.fenced) {
      chapterRun(directive.start);
      includedLines(splitLines(fileText), included, directive.start, false);
      cursor = directive.end;
      continue;
    }
    const selection = selectLines(fileText, directive.path, directive.fenced.choice);
    if ('problem' in selection) {
      diagnostics.error({ ...at(directive.pathAt), message: selection.problem, fix: selection.fix });
      continue;
    }
    if (selection.lines.every((l) => l.text.trim() === '')) {
      diagnostics.warning({ ...at(directive.pathAt), message: `the code included from \`${directive.path}\` is empty`, fix: 'check the path, region or range, or remove the include' });
    }
    const language = directive.fenced.language ?? languageOfFile(directive.path) ?? '';
    const fence = '`'.repeat(Math.max(3, longestBacktickRun(selection.lines) + 1));
    chapterRun(directive.start);
    written(`${fence}${language}\n`, directive.fenced.languageAt ?? directive.pathAt, directive.start);
    if (selection.lines.length === 0) written('\n', directive.pathAt, directive.start);
    const { region, range } = directive.fenced.choice;
    includedLines(selection.lines, included, directive.start, true, region !== undefined || range !== undefined);
    written(fence, directive.pathAt, directive.start);
    cursor = directive.end;
  }
  if (runs.length === 0) return { file: source.file, text };
  chapterRun(text.length);
  return { file: source.file, text: out, origins: new TextOrigins(source.file, chapterLines, runs) };
}

/** `<<<` lines outside code and `@@INCLUDE[...]@@` anywhere, in order; malformed ones reported. */
function findDirectives(text: string, at: (offset: number) => { file: string; line: number; column: number }, diagnostics: DiagnosticList): Directive[] {
  const directives: Directive[] = [];
  if (text.includes('<<<')) {
    const code = lex(text).filter((t) => t.type === 'code' || t.type === 'fences' || (t.type === 'text' && t.inlineCode));
    for (const match of text.matchAll(fenceLine)) {
      const inCode = code[firstAtOrAfter(code, match.index + 1, (t) => t.end)];
      if (inCode && inCode.start <= match.index) continue;
      const pathAt = match.index + match[0].indexOf(match[1], 3);
      const spec = fenceSpec.exec(match[1]);
      if (!spec) {
        diagnostics.error({
          ...at(pathAt),
          message: `\`${match[1]}\` is not a path the include can read`,
          fix: 'write `<<< @/path/to/file`, then optionally `#region` or `{first-last}`, then optionally a language: `<<< @/manifests/hpa.yaml#scale-up yaml`',
        });
        continue;
      }
      const range = spec[3] ? { first: Number(spec[3]), last: spec[4] === undefined ? Number(spec[3]) : spec[4] === '' ? undefined : Number(spec[4]) } : undefined;
      directives.push({
        start: match.index,
        end: match.index + match[0].length,
        path: spec[1],
        pathAt,
        fenced: {
          choice: { region: spec[2], range },
          language: match[2],
          languageAt: match[2] === undefined ? undefined : match.index + match[0].lastIndexOf(match[2]),
        },
      });
    }
  }
  for (const match of text.matchAll(inlineInclude)) {
    const path = match[1].trim().replace(/^@\//, '');
    directives.push({ start: match.index, end: match.index + match[0].length, path, pathAt: match.index + '@@INCLUDE['.length });
  }
  directives.sort((a, b) => a.start - b.start);
  // An `@@INCLUDE` written on a `<<<` line is part of that line.
  const apart: Directive[] = [];
  for (const d of directives) if (apart.length === 0 || d.start >= apart[apart.length - 1].end) apart.push(d);
  return apart;
}

function longestBacktickRun(lines: readonly IncludedLine[]): number {
  let longest = 0;
  for (const line of lines) for (const run of line.text.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  return longest;
}
