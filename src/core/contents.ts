/**
 * The table of contents: where it goes, the tree of parts, chapters and sections it lists, and
 * its slides. It stands where a chapter wrote `@@TOC@@` (container.training), else right after
 * the title slide (native decks). Its slides come before most chapters, so their number moves
 * every slide number after them: it is known from the tree's shape before numbering.
 * container.training decks get their builder's contents and title slides instead
 * (container-training.ts), which link by name and need no numbers.
 */
import type { ChapterFile, ContentsMarker, FileSlide, SectionTitleMarker } from './chapter-file.js';
import { contentsDrafts, sectionTitleDrafts, type ContainerTrainingParts, type Interstitial } from './container-training.js';
import type { DiagnosticList } from './diagnostics.js';
import { contentsSlideProperties, tocLines, tocLinesPerSlide, tocSlidesMarkdown } from './generated-slides.js';
import type { ChapterRef, Manifest, ManifestEntry } from './manifest.js';
import type { Chapter, SourceRange, TocEntry } from './model.js';
import type { SlideDraft } from './slide-draft.js';

/** Where the contents slides go, however many there turn out to be. */
export interface ContentsSlot {
  readonly kind: 'contents-slot';
  readonly source: SourceRange;
}

export type PlacedSlide = SlideDraft | ContentsSlot;

const isMarker = (slide: FileSlide): slide is ContentsMarker => slide.kind === 'contents';
const isSectionTitle = (slide: FileSlide): slide is SectionTitleMarker => slide.kind === 'section-title';
export const isContentsSlot = (slide: PlacedSlide): slide is ContentsSlot => slide.kind === 'contents-slot';

/** What container.training's builder adds: known once every file is read. */
export interface ContainerTrainingDeck {
  readonly parts: ContainerTrainingParts;
  readonly interstitials: readonly Interstitial[];
}

/**
 * The deck's slides in order: the title slide, the contents' place and every chapter's slides;
 * for a container.training deck, its contents and section title slides where its builder puts them.
 */
export function placeSlides(
  manifest: Manifest,
  title: SlideDraft | undefined,
  files: readonly ChapterFile[],
  diagnostics: DiagnosticList,
  containerTraining?: ContainerTrainingDeck,
): PlacedSlide[] {
  const shown = files.flatMap((f) => f.slides);
  const markers = shown.filter(isMarker);
  for (const extra of markers.slice(1)) {
    diagnostics.warning({
      file: extra.source.file,
      ...extra.at,
      message: 'a second `@@TOC@@`: the contents appear only at the first one, this slide is left out',
      fix: 'remove this slide, or the other `@@TOC@@`',
    });
  }
  if (containerTraining) {
    const context = { ...containerTraining, diagnostics, named: new Map<string, { file: string; line: number }>() };
    return shown.flatMap((s): SlideDraft[] =>
      isMarker(s) ? (s === markers[0] ? contentsDrafts(s, containerTraining.parts) : []) : isSectionTitle(s) ? sectionTitleDrafts(s, context) : [s],
    );
  }
  const entryLine = manifest.entries[0]?.line ?? 1;
  const slot: ContentsSlot | undefined = markers[0]
    ? { kind: 'contents-slot', source: markers[0].source }
    : manifest.style === 'native'
      ? { kind: 'contents-slot', source: { file: manifest.file, line: entryLine, endLine: entryLine } }
      : undefined;
  return [
    ...(title ? [title] : []),
    ...(slot && !markers[0] ? [slot] : []),
    ...shown.flatMap((s): PlacedSlide[] => (s === markers[0] ? [slot as ContentsSlot] : isMarker(s) || isSectionTitle(s) ? [] : [s])),
  ];
}

/** A line of the contents before slides are numbered: a section is known by its slide's draft. */
export interface PendingEntry {
  readonly title: string;
  readonly chapter?: number;
  readonly section?: SlideDraft;
  readonly children: readonly PendingEntry[];
}

/**
 * Parts, chapters and each chapter's sections (later `# ` headings of its file), in manifest
 * order; a part without a title (a nested list) adds no line of its own.
 */
export function contentsTree(entries: readonly ManifestEntry[], refs: readonly ChapterRef[], titles: readonly string[], sections: (chapter: number) => readonly SlideDraft[]): PendingEntry[] {
  return entries.flatMap((entry): PendingEntry[] => {
    if ('entries' in entry) {
      const children = contentsTree(entry.entries, refs, titles, sections);
      return entry.part === undefined ? children : [{ title: entry.part, children }];
    }
    const chapter = refs.indexOf(entry);
    if (chapter < 0) return [];
    const children = sections(chapter).map((draft) => ({ title: (draft.contents as { section: string }).section, section: draft, children: [] }));
    return [{ title: titles[chapter], chapter, children }];
  });
}

/** How many contents slides the tree fills: at least one where the deck has a contents slot. */
export function contentsPages(tree: readonly PendingEntry[]): number {
  const lines = (list: readonly PendingEntry[]): number => list.reduce((n, entry) => n + 1 + lines(entry.children), 0);
  return Math.max(1, Math.ceil(lines(tree) / tocLinesPerSlide));
}

/** The model's contents, once every slide has its number. */
export function numberedTree(tree: readonly PendingEntry[], indexOf: (draft: SlideDraft) => number): TocEntry[] {
  return tree.map((entry) => ({
    title: entry.title,
    ...(entry.chapter !== undefined ? { chapter: entry.chapter } : {}),
    ...(entry.section ? { slide: indexOf(entry.section) } : {}),
    children: numberedTree(entry.children, indexOf),
  }));
}

/** The contents slides: every chapter links to its title slide and shows its slide number. */
export function contentsSlides(toc: readonly TocEntry[], chapters: readonly Chapter[], slot: ContentsSlot, nameOf: (slide: number) => string | undefined, manifest: Manifest): SlideDraft[] {
  const lines = tocLines(toc, {
    chapter: (c) => ({ number: chapters[c].number, slideName: chapters[c].slideName, slideNumber: chapters[c].firstSlide + 1 }),
    section: (slide) => ({ href: `#${nameOf(slide) ?? slide + 1}`, slideNumber: slide + 1 }),
  });
  const entry = manifest.entries[0];
  return tocSlidesMarkdown(lines).map((markdown, page) => ({
    markdown,
    opener: '---',
    kind: 'toc',
    source: slot.source,
    properties: contentsSlideProperties(page),
    title: 'Contents',
    notes: '',
    links: chapters.map((c) => ({ href: `#${c.slideName}`, label: c.title, line: entry?.line ?? 1, column: entry?.column ?? 1 })),
    exercises: [],
  }));
}
