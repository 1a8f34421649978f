/**
 * Splits one Markdown file into slides the way remark 0.14's parser does, keeping offsets.
 * Separators, notes and properties follow remark's rules exactly; nothing here renders.
 */
import { lex, type Token } from './remark-lexer.js';

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
}

export function parseSlides(text: string): ParsedSlide[] {
  const slides: ParsedSlide[] = [];
  let current = emptySlide(null, 0);
  for (const token of lex(text)) {
    if (token.type === 'separator') {
      closeSlide(current, text, token.start);
      slides.push(current);
      current = emptySlide({ kind: token.text, offset: token.start }, token.end);
    } else if (token.type === 'notes_separator') {
      // remark starts a fresh notes list on every `???`: later ones win.
      if (current.notes) current.droppedNotes.push(...current.notes.tokens);
      current.notes = { offset: token.start, tokens: [] };
    } else if (current.notes) {
      current.notes.tokens.push(token);
    } else {
      current.content.push(token);
    }
  }
  closeSlide(current, text, text.length);
  slides.push(current);
  for (const slide of slides) slide.properties = extractProperties(text, slide.content);
  return slides;
}

function emptySlide(opener: ParsedSlide['opener'], start: number): ParsedSlide {
  return { opener, start, end: start, properties: [], content: [], notes: null, droppedNotes: [] };
}

function closeSlide(slide: ParsedSlide, text: string, separatorOffset: number): void {
  // The separator's match owns the newline before it, when that newline was not already taken.
  slide.end = separatorOffset > slide.start && text[separatorOffset - 1] === '\n' ? separatorOffset - 1 : separatorOffset;
  slide.end = Math.max(slide.start, slide.end);
}

const propertyFinder = /^\n*([-\w]+):([^$\n]*)|\n*(?:<!--\s*)([-\w]+):([^$\n]*?)(?:\s*-->)/i;

/**
 * remark reads properties from the slide's first string: leading `key: value` lines, and
 * `<!-- key: value -->` comments anywhere in that string. That string ends at the first content
 * class. Link definitions are not part of it (remark files them apart), and a macro's output
 * joins it, so the text on either side of both runs on in the same string.
 */
function extractProperties(text: string, content: Token[]): SlideProperty[] {
  let source = '';
  // offsets[i] is where source[i] came from in the file, kept in step with remark's deletions.
  let offsets: number[] = [];
  for (const token of content) {
    if (token.type === 'def') continue;
    if (token.type === 'macro') {
      // The runtime's macros return HTML, never empty: one character stands for it.
      source += '\u0000';
      offsets.push(token.start);
      continue;
    }
    if (token.type !== 'text' && token.type !== 'code' && token.type !== 'fences' && token.type !== 'content_unclosed') break;
    source += text.slice(token.start, token.end);
    for (let i = token.start; i < token.end; i++) offsets.push(i);
  }
  const properties: SlideProperty[] = [];
  let match: RegExpExecArray | null;
  while ((match = propertyFinder.exec(source)) !== null) {
    const keyAt = match.index + match[0].indexOf(match[1] ?? match[3]);
    const property = {
      key: (match[1] ?? match[3]).trim(),
      value: (match[1] !== undefined ? match[2] : match[4]).trim(),
      offset: offsets[keyAt],
    };
    properties.push(property);
    source = source.slice(0, match.index) + source.slice(match.index + match[0].length);
    offsets = offsets.slice(0, match.index).concat(offsets.slice(match.index + match[0].length));
  }
  return properties;
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
