/**
 * What goes on which PDF page, decided from the deck model alone (pure): the slides printed,
 * the pages they share, where each slide's links and bookmarks point, and the page labels.
 */
import type { PageDeck } from '../shared/page-deck.js';
import type { HandoutLayout } from './options.js';

export interface PrintPlan {
  /** Slide indexes on each page, in order. */
  pages: number[][];
  /** For every slide, the printed slide that shows its final state (itself when printed with --steps). */
  finalStep: number[];
  /** For every slide, the printed slide that stands for it: itself, or its final step when steps collapse. */
  printedAs: number[];
  /** For every slide, the 0-based page that shows it (as `printedAs`). */
  pageOfSlide: number[];
  /** Internal link targets as written (`#chapter-1`, `#3`) to the id of the printed slide's frame. */
  linkTargets: Record<string, string>;
}

/** Id of the element that frames printed slide `index` in the print page. */
export const slideFrameId = (index: number) => `pdf-slide-${index}`;

export function planPrint(deck: PageDeck, layout: HandoutLayout, steps: boolean): PrintPlan {
  const count = deck.slides.length;
  const finalStep: number[] = new Array(count);
  let next = count - 1;
  for (let i = count - 1; i >= 0; i--) {
    // The model marks the last step of each slide; the deck's last slide always is one.
    if (deck.slides[i].lastStep || i === count - 1) next = i;
    finalStep[i] = next;
  }
  const printed = deck.slides.filter((slide) => steps || slide.lastStep || slide.index === count - 1).map((slide) => slide.index);
  const printedAs = deck.slides.map((slide) => (steps ? slide.index : finalStep[slide.index]));

  const perPage = layout.kind === 'grid' ? layout.perPage : 1;
  const pages: number[][] = [];
  for (let i = 0; i < printed.length; i += perPage) pages.push(printed.slice(i, i + perPage));
  const pageOf = new Map<number, number>();
  pages.forEach((slides, page) => slides.forEach((slide) => pageOf.set(slide, page)));
  const pageOfSlide = printedAs.map((slide) => pageOf.get(slide) as number);

  const linkTargets: Record<string, string> = {};
  for (const slide of deck.slides) {
    // remark links a slide by its name (`#chapter-1`) or its 1-based number (`#3`).
    if (slide.name) linkTargets[`#${slide.name}`] = slideFrameId(printedAs[slide.index]);
    linkTargets[`#${slide.index + 1}`] = slideFrameId(printedAs[slide.index]);
  }
  return { pages, finalStep, printedAs, pageOfSlide, linkTargets };
}

/**
 * The plan with its slides grouped into `pages` instead (the same slides, in the same order):
 * the notes layout puts as many slides on a page as their notes leave room for.
 */
export function regroupPages(plan: PrintPlan, pages: number[][]): PrintPlan {
  const pageOf = new Map<number, number>();
  pages.forEach((slides, page) => slides.forEach((slide) => pageOf.set(slide, page)));
  return { ...plan, pages, pageOfSlide: plan.printedAs.map((slide) => pageOf.get(slide) as number) };
}

export interface OutlineItem {
  title: string;
  /** 0-based page. */
  page: number;
  children: OutlineItem[];
}

/**
 * Bookmarks: the contents, one entry per chapter with its slides under it by title (a slide
 * shown in several steps once), then the exercises.
 */
export function outlineFor(deck: PageDeck, plan: PrintPlan, appendixPage: number | undefined): OutlineItem[] {
  const items: OutlineItem[] = [];
  const toc = deck.slides.find((slide) => slide.kind === 'toc');
  if (toc) items.push({ title: toc.title ?? 'Contents', page: plan.pageOfSlide[toc.index], children: [] });
  for (const chapter of deck.chapters) {
    const children: OutlineItem[] = [];
    for (let i = chapter.firstSlide + 1; i <= chapter.lastSlide; i++) {
      const slide = deck.slides[i];
      if (plan.printedAs[i] !== i) continue; // a collapsed step: its final state is listed
      const title = slide.title ?? `Slide ${i + 1}`;
      const previous = children[children.length - 1];
      // Steps of one slide share its title: list the slide once, at its first printed step.
      if (previous && previous.title === title && deck.slides[i - 1]?.lastStep === false) continue;
      children.push({ title, page: plan.pageOfSlide[i], children: [] });
    }
    items.push({ title: `${chapter.number}. ${chapter.title}`, page: plan.pageOfSlide[chapter.firstSlide], children });
  }
  if (appendixPage !== undefined) items.push({ title: 'Exercises', page: appendixPage, children: [] });
  return items;
}

/** A page label: viewers show `prefix` followed by `number` (either may be absent). */
export interface PageLabel {
  prefix?: string;
  number?: number;
}

/**
 * The label of each page: the slide number printed on it (remark counts every step, so a
 * collapsed deck skips numbers), `4–6` for a page of several slides, `Exercises 1, 2...` after.
 */
export function pageLabels(plan: PrintPlan, numbers: string[], appendixPages: number): PageLabel[] {
  const labelOf = (index: number) => numbers[index]?.split('/')[0].trim() || String(index + 1);
  const labels: PageLabel[] = plan.pages.map((slides) => {
    const first = labelOf(slides[0]);
    const text = slides.length > 1 ? `${first}–${labelOf(slides[slides.length - 1])}` : first;
    return /^[1-9]\d*$/.test(text) ? { number: Number(text) } : { prefix: text };
  });
  for (let i = 1; i <= appendixPages; i++) labels.push({ prefix: 'Exercises ', number: i });
  return labels;
}

export interface PageLabelRange {
  /** 0-based first page of the range. */
  start: number;
  prefix?: string;
  /** First number of a decimal range. */
  first?: number;
}

/** Merges labels into the fewest `/PageLabels` ranges: a range counts up by one per page. */
export function pageLabelRanges(labels: PageLabel[]): PageLabelRange[] {
  const ranges: PageLabelRange[] = [];
  labels.forEach((label, page) => {
    const range = ranges[ranges.length - 1];
    const continues =
      range && range.first !== undefined && label.number !== undefined && range.prefix === label.prefix && label.number === range.first + (page - range.start);
    if (!continues) ranges.push({ start: page, prefix: label.prefix, first: label.number });
  });
  return ranges;
}
