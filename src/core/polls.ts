/**
 * `.poll[ ... ]`: a quick poll the presenter puts to the room (src/server/room-*.ts). Written as
 * a question, then its options as a Markdown list; `[x]` before one option marks it correct
 * (`[ ]` before the others is allowed, as in a GitHub task list):
 *
 *     .poll[
 *     Which field picks the pods a policy applies to?
 *
 *     - [x] `podSelector`
 *     - `namespaceSelector`
 *     - `ipBlock`
 *     ]
 *
 * The slide shows, and the PDF prints, the question and the numbered options, none marked: the
 * answer is the room's to find. `.poll.show-answer[` marks the correct option on the slide and in
 * print (an answers handout, a self-paced variant). Malformed polls are errors at their line.
 */
import { outermostBlocks, type BlockSpan } from './content-blocks.js';
import type { At, DiagnosticList } from './diagnostics.js';
import { maskCode } from './markdown-scan.js';
import type { Token } from './remark-lexer.js';

export const maxPollOptions = 8;

/** A poll block among a slide's tokens: where it is, and its classes (`poll`, `show-answer`...). */
export type PollSpan = BlockSpan<'poll'>;

/** A poll as written: its question and options as Markdown, the correct one if marked. */
export interface WrittenPoll {
  question: string;
  options: string[];
  correct?: number;
}

/** Outermost `.poll[` blocks among a slide's tokens. */
export function findPolls(tokens: readonly Token[]): PollSpan[] {
  return outermostBlocks(tokens, (classes) => (classes.includes('poll') ? 'poll' : undefined));
}

/** A list marker and the one space after it (code masked: the rest of the line may be blank). */
const listItem = /^ {0,3}(?:[-*+]|\d{1,9}[.)])[ \t]/;
const mark = /^\[([ xX])\][ \t]*/;

/**
 * Reads a poll's body: the question (everything before the list, code included), then one
 * option per list item (indented lines continue it). `text` reads the file between two
 * offsets as the deck will show it (substitutions made); `raw` is the file as written, whose
 * offsets findings use. Undefined, with errors reported, when the poll is malformed.
 */
export function readPoll(raw: string, text: (from: number, to: number) => string, span: PollSpan, tokens: readonly Token[], at: At, diagnostics: DiagnosticList): WrittenPoll | undefined {
  const masked = maskCode(raw, span.bodyStart, span.bodyEnd, tokens as Token[]);
  const lines: Array<{ start: number; end: number; masked: string }> = [];
  for (let start = 0; start <= masked.length; ) {
    const newline = masked.indexOf('\n', start);
    const end = newline < 0 ? masked.length : newline;
    lines.push({ start: span.bodyStart + start, end: span.bodyStart + end, masked: masked.slice(start, end) });
    start = end + 1;
  }
  const first = lines.findIndex((line) => listItem.test(line.masked));
  const errors = diagnostics.errors.length;
  const fail = (offset: number, message: string, fix: string) => diagnostics.error({ ...at(offset), message, fix });

  const question = first < 0 ? '' : text(span.bodyStart, lines[first].start).trim();
  if (first < 0) {
    fail(span.start, 'a poll needs its options as a Markdown list', 'write the question, then one `- option` line per option (`- [x] option` marks the correct one)');
    return undefined;
  }
  if (question === '') fail(span.start, 'a poll needs a question before its options', 'write the question on the lines between `.poll[` and the first option');

  const options: Array<{ offset: number; text: string }> = [];
  for (const line of lines.slice(first)) {
    if (line.masked.trim() === '') continue;
    const item = listItem.exec(line.masked);
    if (item) options.push({ offset: line.start + item[0].length, text: text(line.start + item[0].length, line.end).trim() });
    else if (/^[ \t]/.test(line.masked)) options[options.length - 1].text += ` ${text(line.start, line.end).trim()}`;
    else {
      fail(line.start, 'text after a poll\'s options: a poll is a question, then its options', 'move the text before the options (it is then part of the question) or out of the poll');
      break;
    }
  }

  let correct: number | undefined;
  const written = options.map((option, i) => {
    const marked = mark.exec(option.text);
    const shown = marked ? option.text.slice(marked[0].length).trim() : option.text;
    if (marked && marked[1] !== ' ') {
      if (correct === undefined) correct = i;
      else fail(option.offset, `option ${i + 1} is marked correct too: a poll has at most one correct option`, 'keep `[x]` on one option only');
    }
    if (shown === '') fail(option.offset, `option ${i + 1} of the poll has no text`, 'write the option after the list marker, or delete the line');
    return shown;
  });
  if (options.length < 2) fail(span.start, `a poll needs 2 options or more (it has ${options.length})`, 'list the options as `- option` lines');
  if (options.length > maxPollOptions) {
    fail(options[maxPollOptions].offset, `a poll may have at most ${maxPollOptions} options (it has ${options.length})`, 'keep the options that matter: the room reads and votes in seconds');
  }
  if (diagnostics.errors.length > errors) return undefined;
  return { question, options: written, ...(correct === undefined ? {} : { correct }) };
}

/** The remark Markdown that replaces a poll: label, question, numbered options. */
export function renderPoll(span: PollSpan, poll: WrittenPoll): string {
  const showAnswer = span.classes.includes('show-answer');
  const options = poll.options.map((option, i) => `${i + 1}. ${showAnswer && i === poll.correct ? `.poll-correct[${option}]` : option}`);
  return [`.${span.classes.join('.')}[`, '.callout-label[Poll]', '', poll.question, '', ...options, ']'].join('\n');
}
