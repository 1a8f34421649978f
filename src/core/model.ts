/** The typed deck model: what the loader knows about the presentation it produced. */

export interface SourceRange {
  /** Path as given to the loader (relative to the working folder in the shells). */
  file: string;
  /** 1-based first line of the slide's body. */
  line: number;
  /** 1-based last line of the slide's body. */
  endLine: number;
}

export type SlideKind = 'title' | 'toc' | 'chapter-title' | 'content';

export interface DeckLink {
  href: string;
  label: string;
  /** 1-based line where the link is written. */
  line: number;
  /** 1-based column of the link's first character. */
  column: number;
}

/** One slide as remark shows it: every `--` step is a slide of its own, as in remark. */
export interface Slide {
  /** 0-based, as `slideshow.getCurrentSlideIndex()`; the slide number shown is `index + 1`. */
  index: number;
  /**
   * What the slide is known by while the deck changes around it (slide-identity.ts): the same
   * after slides are inserted, removed or edited elsewhere, unique in the deck.
   */
  id: string;
  kind: SlideKind;
  source: SourceRange;
  name?: string;
  classes: string[];
  properties: Record<string, string>;
  /** First heading of the slide (inherited by later steps). */
  title?: string;
  /** Index into `Deck.chapters`, for slides inside a chapter. */
  chapter?: number;
  /** 0-based step within the slide written between two `---`; 0 when it has no `--`. */
  step: number;
  /** True on the step that shows the slide's final state. */
  lastStep: boolean;
  /** Speaker notes as Markdown (what remark shows in presenter mode, inherited ones included). */
  notes: string;
  /** External and internal links shown on this slide, inherited steps included. */
  links: DeckLink[];
  /** Indexes into `Deck.exercises` of the callouts on this slide. */
  exercises: number[];
  /** Indexes into `Deck.polls` of the polls on this slide; absent when it has none. */
  polls?: number[];
}

export interface Chapter {
  index: number;
  /** 1-based, as shown on its title slide and in the table of contents. */
  number: number;
  title: string;
  file: string;
  /** Titles of the enclosing parts, outermost first. */
  parts: string[];
  /** Remark slide name of its title slide, the table of contents' link target. */
  slideName: string;
  /** Index of its title slide. */
  firstSlide: number;
  /** Index of its last slide. */
  lastSlide: number;
  exercises: number[];
  /** Later `# ` headings of its file: listed under it in the table of contents. */
  sections: ChapterSection[];
  /** Minutes planned for it in the manifest (`minutes:`), which the presenter console paces against. */
  minutes?: number;
}

export interface ChapterSection {
  title: string;
  /** Index of the slide that shows the heading. */
  slide: number;
}

export interface ExerciseLink {
  href: string;
  /** The link text as the author wrote it. */
  label: string;
  /** `owner/name` for a GitHub repository, the host otherwise. */
  source: string;
  /** Recipe or section title from the catalog, else the link text. */
  title: string;
}

export interface Exercise {
  index: number;
  /**
   * Stable across edits elsewhere in the deck (what the room's check-ins are kept under): the
   * slide's `name` when it has one, else the chapter file's name and the exercise's rank in it
   * (`isolation-2`). See src/core/room-plan.ts.
   */
  id: string;
  /** `exercise`, or `lab` (container.training's later name). */
  kind: 'exercise' | 'lab';
  chapter?: number;
  /** Index of the first slide that shows it. */
  slide: number;
  source: SourceRange;
  /** The callout's body as written. */
  markdown: string;
  links: ExerciseLink[];
  /** Planned minutes (the slide's `minutes:` property): the presenter's countdown. */
  minutes?: number;
}

/** A `.poll[` block (src/core/polls.ts): put to the room by the presenter. */
export interface Poll {
  index: number;
  /** Stable like an exercise's id: the slide's name plus `-poll`, else `<file>-poll-<rank>`. */
  id: string;
  chapter?: number;
  /** Index of the first slide that shows it. */
  slide: number;
  source: SourceRange;
  /** The question, as Markdown. */
  question: string;
  /** The options, as Markdown, in order. */
  options: string[];
  /** The option the author marked `[x]` (0-based); revealed with the results. */
  correct?: number;
}

export interface TocEntry {
  title: string;
  /** Index into `Deck.chapters` for a chapter; absent for a part or a section. */
  chapter?: number;
  /** Index of the slide of a section (a later `# ` heading in a chapter's file). */
  slide?: number;
  children: TocEntry[];
}

export interface Deck {
  title: string;
  subtitle?: string;
  author?: string;
  ratio: string;
  manifest: string;
  /** The variant built (`--variant`); absent for the default one. */
  variant?: string;
  /** Slide classes this variant leaves out (the manifest's `exclude`). */
  excludedClasses: string[];
  /**
   * How the manifest was read: this project's format, container.training's (built as its builder
   * builds it, shown with remark's `highlightSpans` as its page does), or a plain remark deck.
   */
  style: 'native' | 'container.training' | 'remark';
  slides: Slide[];
  chapters: Chapter[];
  exercises: Exercise[];
  polls: Poll[];
  toc: TocEntry[];
  /**
   * Local images the shown slides use (Markdown, `![:scale]`, `<img src>`, `background-image`),
   * each once, in order of first use: what the build copies and the dev server serves.
   */
  assets: DeckAsset[];
  /**
   * The highlight.js names (`yaml`, `shell`, `plaintext`) of the languages its code blocks are
   * written in, each once, sorted: the build bundles their grammars and those they embed.
   */
  languages: string[];
}

export interface DeckAsset {
  /** Relative to the manifest's folder, normalised (`images/k8s-arch1.png`). */
  path: string;
  /** Where the slides use it. */
  references: Array<{ file: string; line: number; column: number }>;
}
