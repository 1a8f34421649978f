/**
 * What would freeze the attendees' pages. remark lexes, parses and converts the deck in every
 * browser that opens it, with regular expressions that backtrack and functions that recurse:
 * a chapter the loader reads in linear time can still take remark minutes, or overflow its
 * stack (bench/pathological.md has the measurements). The loader refuses such a chapter, at
 * the line where the trouble starts, instead of shipping a deck that hangs every phone.
 */
import type { At, DiagnosticList } from './diagnostics.js';
import type { LexerWork, WorkKind } from './lexer-tables.js';
import type { Token } from './remark-lexer.js';
import type { ParsedSlide } from './slide-parser.js';
import { propertyLimit } from './slide-parser.js';
import { firstAtOrAfter } from './sorted-offsets.js';

/**
 * Characters remark's lexer may read beyond those it matches, per file: about 30-120 ms on a
 * laptop, a few times that on a phone. The workshop deck's chapters need a few thousand.
 */
export const lexerWorkLimit = 20_000_000;
/** Content classes inside one another: remark recurses once per level in three places. */
export const nestingLimit = 16;
/** `--` steps of one slide: each step is a copy of all the steps before it, in the page. */
export const stepLimit = 100;
/** Backticks or tildes in a row: remark's Markdown converter takes the cube of the run's length. */
export const fenceRunLimit = 32;

/** remark's lexer in V8 on a laptop, per character it reads (bench/pathological.md: 1.4 to 4.7). */
const nanosecondsPerStep = 3;

const formatCount = (n: number) => new Intl.NumberFormat('en', { notation: 'compact', compactDisplay: 'long', maximumSignificantDigits: 2 }).format(n);

function formatDuration(nanoseconds: number): string {
  const seconds = nanoseconds / 1e9;
  if (seconds < 1) return `${Math.max(10, Math.round(seconds * 100) * 10)} ms`;
  if (seconds < 120) return `${Math.round(seconds)} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} minutes`;
  return seconds < 172_800 ? `${Math.round(seconds / 3600)} hours` : 'days';
}


const workFixes: Record<WorkKind, [string, string]> = {
  definition: [
    'lines that start with `[` and whose `]` is far away or missing: remark looks for the `]` again from each of them',
    'close the brackets, or write `\\[` at the start of those lines',
  ],
  'class-chain': ['a long run of `.name` parts: remark reads it again from each `.`', 'break the run up (`.a .b`), or put it in a code block'],
  fence: [
    'a long run of backticks or tildes starting a line, or a code fence that does not close: remark reads the rest of the line, or of the deck, again for each character of it',
    'use three backticks for a fence, and close it',
  ],
  'inline-code': ['backticks that do not pair up: remark reads to the end of the deck from each', 'pair the backticks, or write them as \\`'],
  macro: ['`![:` with no `]` after it: remark tries every way to split the rest of the deck into a macro name and arguments', 'close the macro: `![:scale 50%](image.png)`'],
  class: ['`.name[` classes that never close: remark counts the brackets to the end of the deck for each', 'close each class with `]`'],
};

/** Findings about this file that would make remark hang or fail in the browser. */
export function checkRuntimeLimits(text: string, parsed: ParsedSlide[], work: LexerWork, at: At, diagnostics: DiagnosticList): void {
  if (work.total > lexerWorkLimit && work.worst) {
    const [why, fix] = workFixes[work.worst.kind];
    diagnostics.error({
      hangsBrowser: true,
      ...at(work.worst.offset),
      message: `remark would read about ${formatCount(work.total)} characters to split this file, in every attendee's browser (roughly ${formatDuration(work.total * nanosecondsPerStep)} on a laptop, several times that on a phone), because of ${why}`,
      fix,
    });
  }
  const tokens = parsed.flatMap((slide) => [...slide.content, ...slide.droppedNotes, ...(slide.notes?.tokens ?? [])]);
  const tooDeep = tokens.filter((t) => t.type === 'content_start' && t.depth === nestingLimit + 1);
  reportFirst(tooDeep.map((t) => t.start), at, diagnostics, (more) => ({
    message: `content classes nested more than ${nestingLimit} deep${more}: remark recurses once per level, and a deep enough nest overflows the browser's stack`,
    fix: 'nest fewer classes, or look for `.name[` written where a `.name[...]` was meant to close',
  }));
  const tooManySteps: number[] = [];
  let steps = 0;
  for (const slide of parsed) {
    steps = slide.opener?.kind === '--' ? steps + 1 : 0;
    if (steps === stepLimit + 1) tooManySteps.push(slide.opener?.offset as number);
  }
  reportFirst(tooManySteps, at, diagnostics, (more) => ({
    message: `more than ${stepLimit} \`--\` steps in one slide${more}: the page holds a copy of all earlier steps for each step`,
    fix: 'start a new slide with `---`, or show the points a few at a time',
  }));
  reportFirst(parsed.flatMap((s) => (s.tooManyProperties === undefined ? [] : [s.tooManyProperties])), at, diagnostics, (more) => ({
    message: `more than ${propertyLimit} properties at the top of a slide${more}: remark searches the slide again for each one`,
    fix: 'keep the `name:`/`class:` lines a slide needs; prose that looks like `key: value` belongs after a heading',
  }));
  reportFirst(longRuns(text), at, diagnostics, (more) => ({
    message: `more than ${fenceRunLimit} backticks or tildes in a row${more}: remark's Markdown converter takes time growing with the cube of the run's length`,
    fix: 'shorten the run (a code fence needs three), or put it inside a code block',
  }));
  reportFirst(unclosedMacros(text, tokens), at, diagnostics, (more) => ({
    message: `\`![:\` starts a macro that never closes with \`]\`${more}; remark would look for one to the end of the deck`,
    fix: 'close the macro, as in `![:scale 50%](image.png)`, or write `!\\[:` for the text itself',
  }));
}

/** One finding at the first offset, saying how many more there are. */
function reportFirst(offsets: number[], at: At, diagnostics: DiagnosticList, finding: (more: string) => { message: string; fix: string }): void {
  if (offsets.length === 0) return;
  const more = offsets.length > 1 ? ` (and ${offsets.length - 1} more in this file)` : '';
  diagnostics.error({ hangsBrowser: true, ...at(offsets[0]), ...finding(more) });
}

function longRuns(text: string): number[] {
  return [...text.matchAll(new RegExp(`\`{${fenceRunLimit + 1},}|~{${fenceRunLimit + 1},}`, 'g'))].map((m) => m.index);
}

/** `![:` in text remark did not lex as a macro (and not in code): it found no `]`. */
function unclosedMacros(text: string, tokens: Token[]): number[] {
  const found: number[] = [];
  for (let i = text.indexOf('![:'); i >= 0; i = text.indexOf('![:', i + 3)) {
    const next = text[i + 3];
    if (next === undefined || next === ']' || next === ' ') continue;
    const token = tokens[firstAtOrAfter(tokens, i + 1, (t) => t.start) - 1];
    if (token && token.type === 'text' && !token.inlineCode && i < token.end) found.push(i);
  }
  return found;
}
