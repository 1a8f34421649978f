/**
 * Splits one Markdown file into slides the way remark 0.14's parser does, keeping offsets.
 * Separators, notes and properties follow remark's rules exactly; nothing here renders.
 */
import { lex, LexerWork, type Token } from './remark-lexer.js';
import { findProperty, isKeyChar } from './slide-properties.js';
import { firstAtOrAfter } from './sorted-offsets.js';

export interface SlideProperty {
  key: string;
  value: string;
  /** Offset of the key in the file. */
  offset: number;
}

export interface ParsedSlide {
  /** The separator that opened the slide; `null` for the first slide of a file. */
  opener: { kind: '---' | '--'; offset: number } | null;
  /** Body range in the file: from just after the opener to just before the next separator. */
  start: number;
  end: number;
  properties: SlideProperty[];
  /** Tokens of the slide body before `???`, properties included (they sit in the first text). */
  content: Token[];
  /** Offset of `???`, and the tokens after it; `null` when the slide has no notes. */
  notes: { offset: number; tokens: Token[] } | null;
  /** Tokens of earlier `???` sections, which remark drops (but still lexes: a bad macro there throws). */
  droppedNotes: Token[];
  /** Where the property past `propertyLimit` is: the loader reads no more of them. */
  tooManyProperties?: number;
  /**
   * No attempt from inside it read to the end of the text unanswered (`LexerWork.openEnded`),
   * nor past the slide's own end (`LexerWork.farReads`: a `[` line whose `]` is on a later
   * slide): its text, put between separators in any other text, lexes into the same tokens,
   * one slide.
   */
  selfContained: boolean;
}

/**
 * remark's parser finds each property by searching the slide's first text again from its start:
 * time grows with their number times the text's length. Real slides have a handful.
 */
export const propertyLimit = 64;

/** With `work`, also adds up what remark's own lexer would spend on the text (runtime-limits.ts). */
export function parseSlides(text: string, work: LexerWork = new LexerWork()): ParsedSlide[] {
  const slides: ParsedSlide[] = [];
  let current = emptySlide(null, 0);
  const openEndedBefore = work.openEnded.length;
  const farReadsBefore = work.farReads.length;
  for (const token of lex(text, work)) {
    if (token.type === 'separator') {
      closeSlide(current, text, token.start);
      slides.push(current);
      current = emptySlide({ kind: token.text, offset: token.start }, token.end);
    } else if (token.type === 'notes_separator') {
      // remark starts a fresh notes list on every `???`: later ones win.
      if (current.notes) for (const dropped of current.notes.tokens) current.droppedNotes.push(dropped);
      current.notes = { offset: token.start, tokens: [] };
    } else if (current.notes) {
      current.notes.tokens.push(token);
    } else {
      current.content.push(token);
    }
  }
  closeSlide(current, text, text.length);
  slides.push(current);
  for (const slide of slides) {
    const { properties, tooMany } = extractProperties(text, slide.content);
    slide.properties = properties;
    if (tooMany !== undefined) slide.tooManyProperties = tooMany;
  }
  // Each open end is the slide's it started in (the last that starts at or before it).
  const slideAt = (offset: number) => Math.max(0, firstAtOrAfter(slides, offset + 1, (s) => s.start) - 1);
  for (const offset of work.openEnded.slice(openEndedBefore)) slides[slideAt(offset)].selfContained = false;
  // Reading into the separator after a slide is reading the same `\n---\n` the loader writes there.
  for (let i = farReadsBefore; i < work.farReads.length; i += 2) {
    const k = slideAt(work.farReads[i]);
    if (work.farReads[i + 1] > (slides[k + 1]?.start ?? text.length)) slides[k].selfContained = false;
  }
  return slides;
}

function emptySlide(opener: ParsedSlide['opener'], start: number): ParsedSlide {
  return { opener, start, end: start, properties: [], content: [], notes: null, droppedNotes: [], selfContained: true };
}

function closeSlide(slide: ParsedSlide, text: string, separatorOffset: number): void {
  // The separator's match owns the newline before it, when that newline was not already taken.
  slide.end = separatorOffset > slide.start && text[separatorOffset - 1] === '\n' ? separatorOffset - 1 : separatorOffset;
  slide.end = Math.max(slide.start, slide.end);
}

/**
 * remark reads properties from the slide's first string: leading `key: value` lines, and
 * `<!-- key: value -->` comments anywhere in that string. That string ends at the first content
 * class. Link definitions are not part of it (remark files them apart), and a macro's output
 * joins it, so the text on either side of both runs on in the same string.
 */
function extractProperties(text: string, content: Token[]): { properties: SlideProperty[]; tooMany?: number } {
  if (!mayHaveProperties(text, content)) return { properties: [] };
  let source = '';
  // Where each piece of \`source\` came from in the file, and what remark has cut out of it since.
  const pieces: Array<{ at: number; file: number }> = [];
  const removed: Array<{ index: number; length: number }> = [];
  for (const token of content) {
    if (token.type === 'def') continue;
    if (token.type === 'macro') {
      // The runtime's macros return HTML, never empty: one character stands for it.
      pieces.push({ at: source.length, file: token.start });
      source += '\u0000';
      continue;
    }
    if (token.type !== 'text' && token.type !== 'code' && token.type !== 'fences' && token.type !== 'content_unclosed') break;
    pieces.push({ at: source.length, file: token.start });
    source += text.slice(token.start, token.end);
  }
  const fileOffset = (position: number) => {
    for (let i = removed.length - 1; i >= 0; i--) if (position >= removed[i].index) position += removed[i].length;
    const piece = pieces[firstAtOrAfter(pieces, position + 1, (p) => p.at) - 1];
    return piece.file + position - piece.at;
  };
  const properties: SlideProperty[] = [];
  for (let match = findProperty(source); match; match = findProperty(source)) {
    if (properties.length === propertyLimit) return { properties, tooMany: fileOffset(match.keyAt) };
    properties.push({ key: match.key.trim(), value: match.value.trim(), offset: fileOffset(match.keyAt) });
    source = source.slice(0, match.index) + source.slice(match.index + match.length);
    removed.push({ index: match.index, length: match.length });
  }
  return { properties };
}

/**
 * Whether the slide's first string may hold a property: a `key:` at its start or a `<!--`
 * somewhere. Most slides have neither, and are told without building the string: its characters
 * are the file's, in one run, unless a link definition is cut out of it (then it is built) or a
 * macro stands in it (one character, which holds neither).
 */
function mayHaveProperties(text: string, content: Token[]): boolean {
  let start = -1;
  let end = -1;
  for (const token of content) {
    if (token.type === 'def') return true;
    if (token.type !== 'text' && token.type !== 'code' && token.type !== 'fences' && token.type !== 'content_unclosed' && token.type !== 'macro') break;
    if (start < 0) {
      if (token.type !== 'macro' && leadingKeyAt(text, token.start)) return true;
      start = token.start;
    }
    end = token.end;
  }
  return start >= 0 && text.slice(start, end).includes('<!--');
}

/** `\n*[-\w]+:` at `at` (remark's leading property). */
function leadingKeyAt(text: string, at: number): boolean {
  while (text.charCodeAt(at) === 10) at++;
  const keyAt = at;
  while (isKeyChar(text.charCodeAt(at))) at++;
  return at > keyAt && text.charCodeAt(at) === 58;
}

/** Offset where a slide's visible content begins, after its leading properties. */
export function contentStartAfterProperties(text: string, slide: ParsedSlide): number {
  let offset = slide.start;
  const leadingProperty = /^\n*[-\w]+:[^$\n]*/;
  for (;;) {
    const match = leadingProperty.exec(text.slice(offset, slide.end));
    if (!match) return offset;
    offset += match[0].length;
  }
}
