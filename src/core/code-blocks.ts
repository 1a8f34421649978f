/**
 * The fenced code blocks of a chapter file as remark renders them: the language word after the
 * opening fence (the `<code>` element's class), and where the body starts and ends, so that
 * checks of the code (languages.ts, kubernetes/) can name a file, line and column inside it.
 * Blocks in notes count (the presenter view renders them); notes remark drops do not.
 */
import type { Token } from './remark-lexer.js';
import type { ParsedSlide } from './slide-parser.js';

export interface CodeBlock {
  /** Index of the slide in the file's parsed slides. */
  readonly slide: number;
  /** The language word as written (`yaml`, `YML`, `console`), or `''` for none. */
  readonly language: string;
  /** Offset of the language word (of the fence when there is none). */
  readonly languageAt: number;
  /** The body: from the line after the opening fence to just before the closing one. */
  readonly bodyStart: number;
  readonly bodyEnd: number;
}

const isFenceChar = (c: string) => c === '`' || c === '~';

export function codeBlocks(text: string, parsed: readonly ParsedSlide[]): CodeBlock[] {
  const blocks: CodeBlock[] = [];
  parsed.forEach((slide, index) => {
    for (const token of [...slide.content, ...(slide.notes?.tokens ?? [])]) {
      if (token.type === 'fences') blocks.push(codeBlock(text, token, index));
    }
  });
  return blocks;
}

/** A `fences` token is exactly what remark's FENCES expression matched: `(?:^|\n) *(fence) *(\S+)? *\n(body)\s*\4 *(?:\n+|$)`. */
function codeBlock(text: string, token: Token, slide: number): CodeBlock {
  let at = token.start;
  if (text[at] === '\n') at++;
  while (text[at] === ' ') at++;
  const fenceAt = at;
  while (isFenceChar(text[at]) && text[at] === text[fenceAt]) at++;
  const opening = at - fenceAt;
  while (text[at] === ' ') at++;
  const languageAt = at;
  while (at < token.end && !/\s/.test(text[at])) at++;
  const language = text.slice(languageAt, at);
  const bodyStart = text.indexOf('\n', at) + 1;
  // The closing fence ends the token, before spaces and newlines.
  let end = token.end;
  while (end > bodyStart && (text[end - 1] === '\n' || text[end - 1] === ' ')) end--;
  let closing = 0;
  while (closing < opening && end - closing > bodyStart && text[end - closing - 1] === text[fenceAt]) closing++;
  return { slide, language, languageAt: language ? languageAt : fenceAt, bodyStart, bodyEnd: Math.max(bodyStart, end - closing) };
}
