/**
 * A slide of the output before it is numbered: what chapter files and the generated slides
 * (title, contents, chapter titles) hand on to numbering. One draft is one slide as written
 * between two separators; numbering turns it into the model's `Slide`, a `--` step inheriting
 * from the one before.
 */
import type { DeckLink, SlideKind, SourceRange } from './model.js';
import type { ParsedSlide } from './slide-parser.js';
import type { Position } from './source-text.js';

export interface SlideDraft {
  /** remark Markdown, properties first. */
  readonly markdown: string;
  /** The separator that precedes it in the output. */
  readonly opener: '---' | '--';
  readonly kind: SlideKind;
  readonly source: SourceRange;
  readonly properties: Readonly<Record<string, string>>;
  readonly title?: string;
  /** Index into the deck's chapters. */
  readonly chapter?: number;
  readonly notes: string;
  readonly links: readonly DeckLink[];
  /** Indexes into the deck's exercises. */
  readonly exercises: readonly number[];
  /** Indexes into the deck's polls; absent when it has none. */
  readonly polls?: readonly number[];
  /** Where its `name:` property is written, when the author wrote one. */
  readonly nameAt?: Position;
  /**
   * What the contents make of it: the slide a chapter's entry links to, or a later `# ` heading
   * of the chapter's file, listed under it.
   */
  readonly contents?: 'chapter' | { readonly section: string };
  /**
   * Its Markdown is a slide of its file exactly as the file's lexing found it, self-contained
   * (`ParsedSlide.selfContained`): in the joined source it is one slide with these properties.
   */
  readonly selfContained?: boolean;
}

/** A slide remark hides: a template (`layout: true`) or one marked `exclude: true`. */
export function isShown(properties: Readonly<Record<string, string>>): boolean {
  return properties.layout !== 'true' && (properties.exclude ?? '').toLowerCase() !== 'true';
}

/** `class: a, b c` as remark reads it. */
export function splitClasses(value: string | undefined): string[] {
  return (value ?? '').split(/[,\s]+/).filter(Boolean);
}

export function propertiesOf(slide: ParsedSlide): Record<string, string> {
  return Object.fromEntries(slide.properties.map((p) => [p.key, p.value]));
}
