/**
 * Functions that run inside the deck's page (through `page.evaluate`): they may use only their
 * argument and the DOM, never imports. They check that every slide is ready, then rebuild the
 * rendered slides into print pages; the slides keep their DOM, so text stays selectable and
 * links stay links. Slides render on demand: the exporter has the page render them all first
 * (`window.deckSlides.renderAll()`).
 */
import type { PageGeometry, SlotGeometry } from './layout.js';

/** One slide image or background that did not load. */
export interface ImageProblem {
  slide: number;
  url: string;
  reason: string;
}

/**
 * Waits until every image of every slide (`<img>` and slide backgrounds) has loaded or failed,
 * at most `timeoutMs`; returns those that failed or are still loading.
 */
export async function checkSlideImages(timeoutMs: number): Promise<ImageProblem[]> {
  const containers = Array.from(document.querySelectorAll('.remark-slides-area .remark-slide-container'));
  const problems: ImageProblem[] = [];
  const pending: Promise<void>[] = [];
  const watch = (slide: number, image: HTMLImageElement, url: string) => {
    const settled = () => {
      if (image.naturalWidth === 0) problems.push({ slide, url, reason: 'did not load' });
    };
    if (image.complete) settled();
    else {
      pending.push(
        new Promise<void>((resolve) => {
          image.addEventListener('load', () => resolve(), { once: true });
          image.addEventListener('error', () => resolve(), { once: true });
        }).then(settled),
      );
    }
  };
  containers.forEach((container, slide) => {
    for (const image of Array.from(container.querySelectorAll('img'))) watch(slide, image, image.currentSrc || image.src);
    const content = container.querySelector('.remark-slide-content');
    const background = content ? getComputedStyle(content).backgroundImage : 'none';
    for (const match of background.matchAll(/url\("?([^")]+)"?\)/g)) {
      const probe = new Image();
      probe.src = match[1];
      watch(slide, probe, probe.src);
    }
  });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  const outcome = await Promise.race([Promise.all(pending), timedOut]);
  clearTimeout(timer);
  if (outcome === 'timeout') {
    containers.forEach((container, slide) => {
      for (const image of Array.from(container.querySelectorAll('img'))) {
        if (!image.complete) problems.push({ slide, url: image.currentSrc || image.src, reason: `still loading after ${timeoutMs / 1000} s` });
      }
    });
  }
  return problems;
}

export interface PrintLayoutInput {
  kind: 'slides' | 'notes' | 'grid';
  pages: number[][];
  finalStep: number[];
  pageOfSlide: number[];
  printedAs: number[];
  geometry: PageGeometry;
  /** Each page's own slots, where pages differ (the notes layout's rows); else `geometry.slots`. */
  pageSlots?: SlotGeometry[][];
  linkTargets: Record<string, string>;
  /** `slideFrameId` as a template: `pdf-slide-` + index. */
  frameIdPrefix: string;
}

export interface PrintLayoutResult {
  /** The slide number remark printed on each slide (`5 / 47`), by slide index. */
  numbers: string[];
  /** Slides whose notes were shrunk to the smallest size and still do not fit. */
  notesCutOff: number[];
  /** Whether the exercises section was added. */
  appendix: boolean;
}

/** Replaces the slideshow by print pages: slides moved into frames, notes, ruled space, exercises. */
export function buildPrintLayout(input: PrintLayoutInput): PrintLayoutResult {
  const { geometry } = input;
  const containers = Array.from(document.querySelectorAll('.remark-slides-area .remark-slide-container'));
  const scalers = containers.map((container) => container.querySelector('.remark-slide-scaler') as HTMLElement);
  const notes = containers.map((container) => container.querySelector('.remark-slide-notes') as HTMLElement | null);
  const numbers = containers.map((container) => container.querySelector('.remark-slide-number')?.textContent?.trim() ?? '');
  const [pageWidth, pageHeight] = geometry.cssSize.split(' ');
  const slideWidth = scalers[0].offsetWidth;
  const slideHeight = scalers[0].offsetHeight;
  const element = (tag: string, className: string, box?: { x: number; y: number; width: number; height: number }) => {
    const node = document.createElement(tag);
    node.className = className;
    if (box) Object.assign(node.style, { left: `${box.x}px`, top: `${box.y}px`, width: `${box.width}px`, height: `${box.height}px` });
    return node;
  };
  // Ruled space for the attendee's own notes: real lines, crisp at any zoom and in print.
  const ruleLines = (box: HTMLElement, height: number) => {
    box.classList.add('pdf-ruled');
    for (let y = 28; y <= height; y += 28) box.append(element('div', 'pdf-rule'));
    return box;
  };

  // The exercise callouts are cloned before their slides move, from the slide's final state.
  const deck = window.deck;
  const callouts = deck.exercises.map((exercise) => {
    const slide = input.finalStep[exercise.slide];
    const content = scalers[slide].querySelector('.remark-slide-content');
    const found = content ? Array.from(content.querySelectorAll('.exercise, .lab')).filter((c) => !c.parentElement?.closest('.exercise, .lab')) : [];
    const onSlide = deck.exercises.filter((e) => input.finalStep[e.slide] === slide).map((e) => e.index);
    const callout = found[onSlide.indexOf(exercise.index)];
    return callout ? (callout.cloneNode(true) as HTMLElement) : undefined;
  });

  // Wide pages (slides, six to a landscape page) set the exercises in two columns.
  const root = element('div', `pdf-${input.kind}${geometry.width > geometry.height ? ' pdf-wide' : ''}`);
  root.id = 'pdf-print';
  const notesBoxes: Array<[number, HTMLElement]> = [];
  input.pages.forEach((slides, pageIndex) => {
    const page = element('div', 'pdf-page');
    Object.assign(page.style, { width: pageWidth, height: pageHeight });
    slides.forEach((index, slot) => {
      const place = input.pageSlots?.[pageIndex]?.[slot] ?? geometry.slots[slot];
      const frame = element('div', 'pdf-slide', place.slide);
      frame.id = input.frameIdPrefix + index;
      const inner = element('div', 'pdf-slide-inner');
      Object.assign(inner.style, { width: `${slideWidth}px`, height: `${slideHeight}px`, transform: `scale(${place.scale})` });
      inner.append(scalers[index]);
      frame.append(inner);
      page.append(frame);
      if (place.notes) {
        const box = element('div', 'pdf-notes', place.notes);
        const text = notes[index];
        const hasNotes = !!text && text.textContent!.trim() !== '';
        if (hasNotes) {
          box.append(text!);
          notesBoxes.push([index, box]);
        } else {
          ruleLines(box, place.notes.height);
        }
        page.append(box);
      }
      if (place.writing) page.append(ruleLines(element('div', 'pdf-writing', place.writing), place.writing.height));
    });
    root.append(page);
  });

  let appendix = false;
  if (deck.exercises.length > 0) {
    appendix = true;
    const section = element('section', 'pdf-appendix');
    const heading = element('h1', '');
    heading.textContent = 'Exercises';
    const intro = element('p', 'pdf-appendix-intro');
    intro.textContent = `Every exercise of ${deck.title}, with its links.`;
    section.append(heading, intro);
    let chapterShown: number | undefined = -1;
    for (const exercise of deck.exercises) {
      if (exercise.chapter !== chapterShown) {
        chapterShown = exercise.chapter;
        const chapter = exercise.chapter === undefined ? undefined : deck.chapters[exercise.chapter];
        const title = element('h2', 'pdf-appendix-chapter');
        title.textContent = chapter ? `Chapter ${chapter.number} · ${chapter.title}` : 'Outside the chapters';
        section.append(title);
      }
      const article = element('article', 'pdf-exercise');
      const title = element('h3', '');
      title.textContent = `${deck.slides[exercise.slide].title ?? (exercise.kind === 'lab' ? 'Lab' : 'Exercise')} `;
      const shownOn = input.printedAs[exercise.slide];
      const ref = element('a', 'pdf-slide-ref') as HTMLAnchorElement;
      ref.href = `#${input.frameIdPrefix}${shownOn}`;
      ref.textContent = `slide ${numbers[shownOn].split('/')[0].trim() || shownOn + 1}`;
      title.append(ref);
      // The callout's text as the slide shows it, then its links written out in full: a printed
      // handout must be usable without clicking.
      const body = element('div', 'remark-slide-content pdf-exercise-body');
      const callout = callouts[exercise.index];
      if (callout) {
        callout.querySelectorAll('.link-cards').forEach((node) => node.remove());
        callout.querySelectorAll('.callout-label').forEach((label) => {
          const paragraph = label.parentElement;
          if (paragraph?.tagName === 'P' && paragraph.textContent?.trim() === label.textContent?.trim()) paragraph.remove();
          else label.remove();
        });
        body.append(...Array.from(callout.childNodes));
      }
      const list = element('ul', 'pdf-exercise-links');
      for (const link of exercise.links) {
        const item = element('li', '');
        const anchor = element('a', 'pdf-link-title') as HTMLAnchorElement;
        anchor.href = link.href;
        anchor.textContent = link.title;
        const source = element('span', 'pdf-link-source');
        source.textContent = link.source;
        const url = element('a', 'pdf-link-url') as HTMLAnchorElement;
        url.href = link.href;
        // Written whole: a line may end only after a `/` or before a `#`, `?` or `&`, never at
        // the address's own hyphens (a reader typing it would drop or keep the wrong one).
        link.href.split(/(?<=\/)|(?=[#?&])/).forEach((part, i) => {
          if (i > 0) url.append(document.createElement('wbr'));
          url.append(element('span', 'pdf-link-url-part'));
          url.lastChild!.textContent = part;
        });
        item.append(anchor, ' ', source, url);
        list.append(item);
      }
      if (exercise.links.length > 0) body.append(list);
      article.append(title, body);
      section.append(article);
    }
    root.append(section);
  }

  // Contents entries and other links between slides point at the printed slide's frame, which
  // Chromium turns into a link to that page; a target that is not printed loses its link.
  for (const anchor of Array.from(root.querySelectorAll<HTMLAnchorElement>('a[href^="#"]'))) {
    const href = anchor.getAttribute('href')!;
    if (href.startsWith(`#${input.frameIdPrefix}`)) continue;
    const target = input.linkTargets[href];
    if (target) anchor.setAttribute('href', `#${target}`);
    else anchor.removeAttribute('href');
  }
  for (const node of Array.from(root.querySelectorAll('[id]'))) {
    if (!node.id.startsWith(input.frameIdPrefix)) node.removeAttribute('id');
  }

  document.body.append(root);
  document.documentElement.classList.add('pdf-export');

  // Notes longer than a page shrink until they fit their box; those that never fit are reported.
  const notesCutOff: number[] = [];
  for (const [index, box] of notesBoxes) {
    let size = 13;
    box.style.fontSize = `${size}px`;
    while (box.scrollHeight > box.clientHeight + 1 && size > 10) {
      size -= 0.5;
      box.style.fontSize = `${size}px`;
    }
    if (box.scrollHeight > box.clientHeight + 1) notesCutOff.push(index);
  }
  return { numbers, notesCutOff, appendix };
}
