/**
 * The traps of remark's dialect in one chapter file, found once per file (they do not depend on
 * the deck around it): unclosed classes, unknown macros, separators with trailing whitespace,
 * unclosed fences, code spans and classes that swallow separators, empty slides, prose read as
 * slide properties.
 */
import type { At, DiagnosticList } from './diagnostics.js';
import { optOutProperty } from './kubernetes/check.js';
import { isKnownMacro } from './macros.js';
import type { Token } from './remark-lexer.js';
import type { ParsedSlide } from './slide-parser.js';
import { firstAtOrAfter } from './sorted-offsets.js';
import { markerLines, type MarkerLine } from './source-text.js';

/**
 * Properties remark 0.14 understands, and ours (remark ignores them: the Kubernetes opt-out, an
 * exercise's planned `minutes`); any other `key:` first line is probably prose.
 */
const remarkProperties = new Set([
  'name', 'class', 'template', 'layout', 'count', 'exclude', 'continued', 'minutes',
  'background-image', 'background-size', 'background-position', 'background-repeat', 'background-color',
  optOutProperty,
]);

/** Problems that change how remark splits or renders the file. */
export function checkStructure(text: string, parsed: ParsedSlide[], at: At, diagnostics: DiagnosticList): void {
  const markers = markerLines(text);
  parsed.forEach((slide, i) => {
    const tokens: Token[] = [...slide.content, ...slide.droppedNotes, ...(slide.notes?.tokens ?? [])];
    for (const token of tokens) {
      if (token.type === 'content_unclosed') {
        diagnostics.error({
          ...at(token.start),
          message: `\`${token.text}\` is never closed, so remark shows it as text`,
          fix: `add the closing \`]\`; remark counts every \`[\` and \`]\` after it, even in code and links, so an extra \`[\` inside also leaves it open`,
        });
      } else if (token.type === 'macro' && !isKnownMacro(token.name)) {
        diagnostics.error({
          ...at(token.start),
          message: `unknown macro \`${token.name}\`: remark would stop with an error and show no slides`,
          fix: 'use a registered macro (`scale`), or write plain Markdown instead',
        });
      } else if (token.type === 'text' && !token.inlineCode) {
        checkTextLines(text, token, at, diagnostics);
      } else if (token.type === 'text' && token.inlineCode) {
        checkSwallowedSeparator(markers, token, 'a backtick', at, diagnostics);
      } else if (token.type === 'content_start') {
        checkSwallowedSeparator(markers, token, `\`${text.slice(token.start, token.end)}\``, at, diagnostics);
      }
    }

    const contentEnd = slide.notes ? slide.notes.offset : slide.end;
    // Without blocks there is no code to mask: the slide is empty when its text is blank.
    const hasBlocks = slide.content.some((t) => t.type !== 'text' || t.inlineCode);
    if (!hasBlocks && slide.properties.length === 0 && text.slice(slide.start, contentEnd).trim() === '') {
      // A file's first slide has no opener: the separator that ends it is the one to delete.
      const where = slide.opener?.offset ?? parsed[i + 1]?.opener?.offset ?? 0;
      const [message, fix] =
        i === parsed.length - 1 && slide.opener
          ? ['the file ends with a separator, which makes an empty slide', 'delete the last `---`']
          : slide.opener && i > 0
            ? ['empty slide: two separators in a row', 'delete one of the two separators']
            : ['the file starts with a separator, which makes an empty slide', 'delete the first `---`'];
      diagnostics.error({ ...at(where), message, fix });
    }

    for (const property of slide.properties) {
      if (!remarkProperties.has(property.key)) {
        diagnostics.warning({
          ...at(property.offset),
          message: `\`${property.key}:\` at the top of a slide is read as a slide property and is not shown`,
          fix: 'if it is prose, start the slide with a heading or a blank-line-free sentence that has no colon after the first word',
        });
      }
    }
  });
}

/**
 * Lines remark reads differently from what the author meant: a marker line with trailing
 * whitespace, a fence that does not close. Only such lines are matched (matching every line
 * allocated a match for each).
 */
function checkTextLines(text: string, token: Token & { type: 'text' }, at: At, diagnostics: DiagnosticList): void {
  const lineRegex = /^(?:(---?|\?\?\?)[ \t]+$| {0,3}(?:`{3,}|~{3,}))/gm;
  for (const match of token.text.matchAll(lineRegex)) {
    const offset = token.start + match.index;
    if (offset > 0 && text[offset - 1] !== '\n') continue;
    const line = match[0];
    const marker = match[1];
    if (marker !== undefined) {
      diagnostics.error({
        ...at(offset + marker.length),
        message:
          marker === '???'
            ? '`??? ` has trailing whitespace, so remark shows the notes on the slide'
            : `\`${marker} \` has trailing whitespace, so remark does not split here and draws a rule`,
        fix: 'delete the whitespace after the marker',
      });
    } else {
      diagnostics.error({
        ...at(offset),
        message: 'code fence is never closed, so remark splits slides inside it',
        fix: `close the block with a line of ${line.trim().startsWith('~') ? '`~~~`' : '```'}`,
      });
    }
  }
}

/**
 * remark's lexer takes an inline code span (and a content class) before it looks for separators,
 * so a stray backtick pairs with one slides later and the `---` lines between become text.
 */
function checkSwallowedSeparator(markers: MarkerLine[], token: Token, what: string, at: At, diagnostics: DiagnosticList): void {
  const end = token.type === 'content_start' ? token.close + 1 : token.end;
  // The first marker line inside the span, its newline after it included.
  const found = markers[firstAtOrAfter(markers, token.start, (m) => m.newline)];
  if (!found || found.newline + 1 + found.marker.length >= end) return;
  const separator = [found.newline, found.marker] as const;
  const crossed = at(found.newline + 1);
  const closed = at(end - 1);
  const [message, fix] =
    token.type === 'content_start'
      ? [
          `${what} closes only at line ${closed.line}, so remark reads the \`${separator[1]}\` at line ${crossed.line} as text and joins the slides`,
          'if the slides should split there, close the class before the separator; remark counts every `[` and `]`, even in code, so look for an extra `[`',
        ]
      : [
          `${what} here starts inline code that ends at line ${closed.line}, so remark reads the \`${separator[1]}\` at line ${crossed.line} as text and joins the slides`,
          'close the code span on the same line, or write the backtick as \\` (or inside a code block)',
        ];
  // A class may hold a `---` on purpose (a rule); a code span never should.
  if (token.type === 'content_start') diagnostics.warning({ ...at(token.start), message, fix });
  else diagnostics.error({ ...at(token.start), message, fix });
}
