/**
 * Numbering: every shown draft gets its remark index (a `--` step is a slide of its own), the
 * contents slides are written into their slot, and what refers to slides by number (chapters,
 * sections, exercises) learns its numbers.
 */
import type { ChapterHead } from './chapter-file.js';
import { contentsPages, contentsSlides, contentsTree, isContentsSlot, numberedTree, type PendingEntry, type PlacedSlide } from './contents.js';
import type { ChapterRef, Manifest } from './manifest.js';
import type { Chapter, Exercise, Poll, Slide, TocEntry } from './model.js';
import { stepLimit } from './runtime-limits.js';
import { isShown, splitClasses, type SlideDraft } from './slide-draft.js';
import { slideIds, type IdentitySource } from './slide-identity.js';

export interface NumberedDeck {
  /** Every slide as written, in output order, the contents slides included. */
  readonly drafts: readonly SlideDraft[];
  readonly slides: Slide[];
  readonly chapters: Chapter[];
  readonly exercises: Exercise[];
  readonly polls: Poll[];
  readonly toc: TocEntry[];
}

/** `contents`: the tree the deck's contents list, when the deck has its own (container.training's parts). */
export function numberDeck(
  placed: readonly PlacedSlide[],
  manifest: Manifest,
  heads: readonly ChapterHead[],
  refs: readonly ChapterRef[],
  exercises: readonly Exercise[],
  polls: readonly Poll[],
  contents?: readonly PendingEntry[],
): NumberedDeck {
  const shown = placed.filter((p): p is SlideDraft => !isContentsSlot(p) && isShown(p.properties));
  const byChapter = groupBy(shown, (d) => d.chapter);
  const sectionsOf = (chapter: number) => (byChapter.get(chapter) ?? []).filter((d) => typeof d.contents === 'object');
  const exercisesOf = groupBy(exercises, (e) => e.chapter);
  const tree = contents ?? contentsTree(manifest.entries, refs, heads.map((h) => h.title), sectionsOf);
  const slot = placed.find(isContentsSlot);
  const pages = slot ? contentsPages(tree) : 0;

  const indexes = new Map<SlideDraft, number>();
  let next = 0;
  for (const entry of placed) {
    if (isContentsSlot(entry)) next += pages;
    else if (isShown(entry.properties)) indexes.set(entry, next++);
  }
  const indexOf = (draft: SlideDraft) => indexes.get(draft) as number;

  const chapters: Chapter[] = heads.map((head) => {
    const own = byChapter.get(head.index) ?? [];
    const titled = own.find((d) => d.contents === 'chapter') ?? own[0];
    return {
      ...head,
      parts: [...head.parts],
      firstSlide: titled ? indexOf(titled) : -1,
      lastSlide: own.length ? indexOf(own[own.length - 1]) : -1,
      exercises: (exercisesOf.get(head.index) ?? []).map((e) => e.index),
      sections: sectionsOf(head.index).map((d) => ({ title: (d.contents as { section: string }).section, slide: indexOf(d) })),
    };
  });
  const toc = numberedTree(tree, indexOf);
  const nameAt = new Map(shown.map((d) => [indexOf(d), d.properties.name]));
  const contentsDrafts = slot ? contentsSlides(toc, chapters, slot, (slide) => nameAt.get(slide), manifest) : [];
  const drafts: SlideDraft[] = [];
  for (const p of placed) {
    if (isContentsSlot(p)) drafts.push(...contentsDrafts);
    else drafts.push(p);
  }
  const slides = numberSlides(drafts);

  const firstSlideOf = new Map<number, number>();
  for (const slide of slides) for (const e of slide.exercises) if (!firstSlideOf.has(e)) firstSlideOf.set(e, slide.index);
  const firstPollSlide = new Map<number, number>();
  for (const slide of slides) for (const p of slide.polls ?? []) if (!firstPollSlide.has(p)) firstPollSlide.set(p, slide.index);
  return {
    drafts,
    slides,
    chapters,
    toc,
    exercises: exercises.map((e) => ({ ...e, slide: firstSlideOf.get(e.index) ?? -1 })),
    polls: polls.map((p) => ({ ...p, slide: firstPollSlide.get(p.index) ?? -1 })),
  };
}

/**
 * The model's slides: one per shown draft, a `--` step inheriting title, notes, links and
 * exercises; each with its identity (slide-identity.ts).
 */
function numberSlides(drafts: readonly SlideDraft[]): Slide[] {
  const slides: Slide[] = [];
  const identities: IdentitySource[] = [];
  for (const draft of drafts) {
    if (!isShown(draft.properties)) continue;
    const previous = slides[slides.length - 1];
    // Past the limit (an error) a step no longer copies the steps before it: that grows as their square.
    const continued = draft.opener === '--' && previous !== undefined && previous.step < stepLimit;
    const inherited = continued ? previous : undefined;
    if (inherited) inherited.lastStep = false;
    const { name, class: classes, ...rest } = draft.properties;
    const slide: Slide = {
      index: slides.length,
      id: '',
      kind: inherited?.kind ?? draft.kind,
      source: draft.source,
      name,
      classes: [...(inherited?.classes ?? []), ...splitClasses(classes)],
      properties: { ...rest, ...(name ? { name } : {}), ...(classes ? { class: classes } : {}) },
      title: draft.title ?? inherited?.title,
      chapter: draft.chapter,
      step: inherited ? inherited.step + 1 : 0,
      lastStep: true,
      notes: inherited?.notes ? `${inherited.notes}\n\n${draft.notes}`.trim() : draft.notes,
      links: [...(inherited?.links ?? []), ...draft.links],
      exercises: [...(inherited?.exercises ?? []), ...draft.exercises],
      ...(inherited?.polls || draft.polls ? { polls: [...(inherited?.polls ?? []), ...(draft.polls ?? [])] } : {}),
    };
    slides.push(slide);
    identities.push({ kind: slide.kind, file: slide.source.file, name, title: slide.title, step: slide.step, markdown: draft.markdown });
  }
  slideIds(identities).forEach((id, i) => (slides[i].id = id));
  return slides;
}

function groupBy<T, K>(items: readonly T[], key: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}
