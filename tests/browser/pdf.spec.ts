/**
 * `npm run pdf` as a user runs it, on the built workshop: the handout of one slide a page, its
 * pages, sizes, text, links, bookmarks, labels and metadata read back from the file by poppler
 * and qpdf (never by the code that wrote it), `--steps`, and a page compared with the browser's
 * rendering of the same slide. The other layouts: pdf-layouts.spec.ts; decks that go wrong:
 * pdf-bad-slides.spec.ts.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pixelmatch from 'pixelmatch';
import { PNG } from 'pngjs';
import type { PageDeck } from '../../src/shared/page-deck.ts';
import { slideSize } from '../../src/core/slide-size.ts';
import { normaliseSpace, openDeck, repoRoot, showSlide } from './helpers.ts';
import { expect, externalLinks, printedSlides, slidePages, test, type Export, type PdfExports } from './pdf-helpers.ts';

let deck: PageDeck;
let collapsed: Export;
let exportDeck: PdfExports['exportDeck'];
let work: string;

test.beforeAll(async ({ browser, pdfs }) => {
  ({ exportDeck, work } = pdfs);
  const page = await browser.newPage();
  deck = await openDeck(page);
  await page.close();
  collapsed = exportDeck('workshop');
});

test('one page per slide in its final state, at the slide\'s size, each with its title and number', () => {
  const printed = printedSlides(deck, false);
  expect(printed.length).toBeLessThan(deck.slides.length); // the workshop has steps to collapse
  expect(slidePages(collapsed)).toHaveLength(printed.length);
  const { width, height } = slideSize(deck.ratio);
  printed.forEach((slide, page) => {
    const { width: w, height: h, label } = collapsed.report.pages[page];
    // CSS px to PDF points (72/96): a 16:9 slide fills its page, no letterbox.
    expect(w).toBeCloseTo((width * 72) / 96, 0);
    expect(h).toBeCloseTo((height * 72) / 96, 0);
    expect(w / h).toBeCloseTo(width / height, 2);
    // The label is the number remark printed on the slide: collapsed steps leave gaps.
    expect(label).toBe(String(slide.index + 1));
    const text = normaliseSpace(collapsed.text[page]);
    expect(text, `page ${page + 1}`).toContain(normaliseSpace(slide.title!));
    expect(text).toContain(`${slide.index + 1} / ${deck.slides.length}`);
    for (const other of printed) {
      // A title appears on no other page (titles repeated by steps of one slide are collapsed).
      if (other !== slide && other.title !== slide.title && !slide.title!.includes(other.title!) && other.kind === 'content') {
        expect(text.includes(normaliseSpace(other.title!)), `"${other.title}" on page ${page + 1}`).toBe(false);
      }
    }
  });
  expect(collapsed.stdout).toMatch(new RegExp(`Wrote .*workshop\\.pdf: ${collapsed.report.pages.length} pages \\(${printed.length} slides`));
});

test('each page links exactly its slide\'s links; contents entries jump to their chapter\'s page', () => {
  const printed = printedSlides(deck, false);
  const pageOf = (index: number) => printed.findIndex((slide) => slide.index >= index);
  expect(printed.flatMap(externalLinks).length, 'the workshop links to the web').toBeGreaterThan(0);
  printed.forEach((slide, page) => {
    const links = collapsed.report.pages[page].links;
    expect([...new Set(links.filter((l) => l.uri).map((l) => l.uri))].sort(), `page ${page + 1}`).toEqual(externalLinks(slide));
    const internal = slide.links.filter((l) => l.href.startsWith('#')).map((l) => pageOf(deck.slides.find((s) => `#${s.name}` === l.href)!.index));
    expect(links.filter((l) => !l.uri).map((l) => l.page), `page ${page + 1}`).toEqual(internal);
  });
  const toc = printed.findIndex((slide) => slide.kind === 'toc');
  expect(toc, 'the workshop has a contents slide').toBeGreaterThanOrEqual(0);
  expect(deck.chapters.length).toBeGreaterThan(0);
  expect(collapsed.report.pages[toc].links.map((l) => l.page)).toEqual(deck.chapters.map((chapter) => pageOf(chapter.firstSlide)));
});

test('bookmarks: one per chapter with its slides by title, and the document metadata', () => {
  const printed = printedSlides(deck, false);
  const pageOf = (index: number) => printed.findIndex((slide) => slide.index >= index);
  const { outline, info } = collapsed.report;
  const chapters = outline.filter((entry) => /^\d+\. /.test(entry.title));
  expect(chapters.map((entry) => entry.title)).toEqual(deck.chapters.map((c) => `${c.number}. ${c.title}`));
  deck.chapters.forEach((chapter, i) => {
    expect(chapters[i].page).toBe(pageOf(chapter.firstSlide));
    const slides = printed.filter((s) => s.chapter === chapter.index && s.index !== chapter.firstSlide);
    expect(chapters[i].children.map((c) => c.title)).toEqual(slides.map((s) => s.title));
    expect(chapters[i].children.map((c) => c.page)).toEqual(slides.map((s) => pageOf(s.index)));
  });
  expect(outline.map((entry) => entry.title)).toEqual(['Contents', ...chapters.map((c) => c.title), 'Exercises']);
  expect(info.title).toBe(deck.title);
  expect(info.author).toBe(deck.author);
  expect(info.subject).toBe(deck.subtitle);
  expect(Date.now() - info.creationDate!.getTime()).toBeLessThan(10 * 60_000);
});

test('the exercises are listed at the end with every one of their links', () => {
  const appendix = collapsed.report.pages.map((page, i) => ({ ...page, text: normaliseSpace(collapsed.text[i]) })).filter((page) => page.label?.startsWith('Exercises'));
  expect(appendix.length).toBeGreaterThan(0);
  expect(appendix[0].text).toContain('Exercises');
  const uris = new Set(appendix.flatMap((page) => page.links.map((l) => l.uri).filter(Boolean)));
  const text = appendix.map((page) => page.text).join(' ');
  expect(deck.exercises.length, 'the workshop has exercises').toBeGreaterThan(0);
  for (const exercise of deck.exercises) {
    expect(text).toContain(normaliseSpace(deck.slides[exercise.slide].title!));
    for (const link of exercise.links) {
      expect(uris.has(link.href), link.href).toBe(true);
      // Written out too: a printed handout works without clicking.
      expect(text.replace(/\/ /g, '/').replace(/ (?=[#?&])/g, '')).toContain(link.href);
    }
  }
});

test('--steps prints every step on its own page', () => {
  const all = exportDeck('steps', ['--steps']);
  expect(slidePages(all)).toHaveLength(deck.slides.length);
  expect(all.report.pages.slice(0, deck.slides.length).map((p) => p.label)).toEqual(deck.slides.map((s) => String(s.index + 1)));
  deck.slides.forEach((slide, page) => expect([...new Set(all.report.pages[page].links.filter((l) => l.uri).map((l) => l.uri))].sort()).toEqual(externalLinks(slide)));
});

test('a PDF page looks like the browser\'s rendering of the same slide', async ({ page }) => {
  await openDeck(page);
  // The room's check-in bar (the test server is the follow server) lies over the slide, not in it.
  await page.addStyleTag({ content: '.room-bar { display: none !important; }' });
  const printed = printedSlides(deck, false);
  const { width, height } = slideSize(deck.ratio);
  const ratios: string[] = [];
  // An exercise slide (callout, cards, links) and a slide with a code block.
  const exercise = printed.findIndex((slide) => slide.exercises.length > 0);
  const code = printed.findIndex((slide) => readFileSync(path.join(repoRoot, slide.source.file), 'utf8').split('\n').slice(slide.source.line - 1, slide.source.endLine).some((l) => l.startsWith('```')));
  for (const pageIndex of [exercise, code]) {
    await showSlide(page, printed[pageIndex].index);
    const shot = PNG.sync.read(await page.locator('.remark-visible .remark-slide-scaler').screenshot({ animations: 'disabled' }));
    const prefix = path.join(work, `page-${pageIndex + 1}`);
    execFileSync('pdftoppm', ['-r', '96', '-png', '-singlefile', '-f', String(pageIndex + 1), '-l', String(pageIndex + 1), collapsed.file, prefix]);
    const rendered = PNG.sync.read(readFileSync(`${prefix}.png`));
    // 96 dpi of a page Chromium sized in whole points: one pixel more at most.
    expect(Math.abs(rendered.width - width)).toBeLessThanOrEqual(1);
    expect(Math.abs(rendered.height - height)).toBeLessThanOrEqual(1);
    const cropped = new PNG({ width, height });
    PNG.bitblt(rendered, cropped, 0, 0, width, height, 0, 0);
    const diff = new PNG({ width, height });
    const different = pixelmatch(shot.data, cropped.data, diff.data, width, height, { threshold: 0.2 });
    mkdirSync(path.join(repoRoot, 'test-results'), { recursive: true });
    writeFileSync(path.join(repoRoot, 'test-results', `pdf-diff-page-${pageIndex + 1}.png`), PNG.sync.write(diff));
    const ratio = different / (width * height);
    ratios.push(`page ${pageIndex + 1}: ${(ratio * 100).toFixed(2)}%`);
    expect(ratio, `page ${pageIndex + 1} differs in ${different} pixels`).toBeLessThan(0.01);
  }
  test.info().annotations.push({ type: 'pixel difference', description: ratios.join(', ') });
  console.log(`PDF page vs screenshot: ${ratios.join(', ')} of pixels differ`);
});
