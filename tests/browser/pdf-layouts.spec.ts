/**
 * `npm run pdf`'s handout layouts, read back from the files by poppler: slides beside their notes
 * (`--notes`), three and six a page (`--per-page 3|6`); in every layout, code at 7 pt or more and
 * the exercises' addresses written whole.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { loadDeck } from '../../src/node/load-deck.ts';
import type { PageDeck } from '../../src/shared/page-deck.ts';
import { customInfo, isMonospaced, pageCoverage, textRuns } from '../unit/pdf-measure.ts';
import { markdownToText, normaliseSpace, openDeck, repoRoot } from './helpers.ts';
import { expect, largeSlides, layouts, printedSlides, slidePages, test, type PdfExports } from './pdf-helpers.ts';

let deck: PageDeck;
let exportDeck: PdfExports['exportDeck'];

test.beforeAll(async ({ browser, pdfs }) => {
  ({ exportDeck } = pdfs);
  const page = await browser.newPage();
  deck = await openDeck(page);
  await page.close();
});

test('--notes puts each slide beside its speaker notes on portrait pages, labelled with their numbers', () => {
  const notes = exportDeck('notes', layouts.notes);
  // The page's model has no notes (src/shared/page-deck.ts): the loader's has.
  const printed = loadDeck().deck!.slides.filter((slide) => slide.lastStep);
  expect(notes.report.pages[0].width).toBeCloseTo(595.3, 0); // A4
  expect(notes.report.pages[0].height).toBeCloseTo(841.9, 0);
  // A page's label names its first and last slide: each slide is on the page whose range holds it.
  const ranges = slidePages(notes).map((page) => page.label!.split('–').map(Number));
  // The notes column, right of the slides (60% of the width between the margins), read alone.
  const { width, height } = notes.report.pages[0];
  const column = (page: number) =>
    normaliseSpace(execFileSync('pdftotext', ['-f', String(page + 1), '-l', String(page + 1), '-r', '72', '-x', String(Math.round(width * 0.58)), '-y', '0', '-W', String(Math.round(width)), '-H', String(Math.round(height)), notes.file, '-'], { encoding: 'utf8' }));
  // The page's text in the order it was drawn (-raw): notes under a wide slide stay in one piece.
  const raw = (page: number) => normaliseSpace(execFileSync('pdftotext', ['-raw', '-f', String(page + 1), '-l', String(page + 1), notes.file, '-'], { encoding: 'utf8' }));
  printed.forEach((slide) => {
    const page = ranges.findIndex(([first, last = first]) => first <= slide.index + 1 && slide.index + 1 <= last);
    expect(page, `slide ${slide.index + 1} on a page`).toBeGreaterThanOrEqual(0);
    expect(normaliseSpace(notes.text[page])).toContain(normaliseSpace(slide.title!));
    const firstWords = markdownToText(slide.notes).split(' ').slice(0, 6).join(' ');
    // (A slide whose code needs the page's width has its notes under it, read with the page.)
    const notesText = `${column(page)} ${raw(page)}`;
    // (Compared without hyphens and spaces: pdftotext drops a hyphen or adds a space where a narrow column wrapped a line.)
    if (firstWords) expect(notesText.replace(/[-\s]/g, ''), `notes of slide ${slide.index + 1}`).toContain(firstWords.replace(/[-\s]/g, ''));
  });
  // The notes reach the page's right margin: nothing shrank the page to fit.
  const words = execFileSync('pdftotext', ['-bbox', '-f', '1', '-l', '1', notes.file, '-'], { encoding: 'utf8' });
  const right = Math.max(...[...words.matchAll(/xMax="([\d.]+)"/g)].map((m) => Number(m[1])));
  expect(right / notes.report.pages[0].width).toBeGreaterThan(0.8);
});

test('code prints at 7 pt or more in every layout (blocks enlarged on small slides), and the PDF names its build', () => {
  // The cards' repository names are labels, not code: the exercises' list prints them in full.
  const labels = new Set(deck.exercises.flatMap((exercise) => exercise.links.map((link) => link.source)));
  const sizes: string[] = [];
  for (const [name, args] of Object.entries(layouts)) {
    const pdf = exportDeck(name, args);
    // Pictures of the pages for a person to look at: two of slides, the first of the exercises.
    const screens = path.join(repoRoot, 'test-results', 'screens');
    mkdirSync(screens, { recursive: true });
    const appendix = pdf.report.pages.findIndex((page) => page.label?.startsWith('Exercises'));
    for (const page of [2, 3, appendix + 1]) execFileSync('pdftoppm', ['-r', '50', '-png', '-singlefile', '-f', String(page), '-l', String(page), pdf.file, path.join(screens, `pdf-${name}-page-${page}`)]);
    const runs = textRuns(pdf.file).filter((run) => isMonospaced(run.font) && run.text.trim() !== '' && !labels.has(run.text.trim()));
    expect(runs.length, `${name}: code found`).toBeGreaterThan(50);
    const smallest = runs.reduce((a, b) => (b.points < a.points ? b : a));
    sizes.push(`${name} ${smallest.points.toFixed(2)} pt`);
    expect(smallest.points, `${name}: "${smallest.text}" on page ${smallest.page}`).toBeGreaterThanOrEqual(7);
  }
  console.log(`smallest code: ${sizes.join(', ')}`);
  const { buildId } = JSON.parse(readFileSync(path.join(repoRoot, process.env.DECK_OUT_DIR ?? 'dist', 'deck-build.json'), 'utf8')) as { buildId: string };
  expect(customInfo(exportDeck('workshop').file).get('DeckBuildId')).toBe(buildId);
});

test('six slides fill a landscape page; the notes layout packs slides with their notes', () => {
  const printed = printedSlides(deck, false);
  const six = exportDeck('6up', layouts['6up']);
  // Six a page, but a slide whose code needs it takes two rows' cells (pack.ts): more pages, each still filled.
  expect(slidePages(six).length).toBeGreaterThanOrEqual(Math.ceil(printed.length / 6));
  expect(slidePages(six).length).toBeLessThan(Math.ceil(printed.length / 3));
  // Slides printed in two rows' cells (their code needs it: the workshop's whole manifests).
  const long = largeSlides(six.file);
  expect(long.size, 'the workshop shows whole manifests').toBeGreaterThan(3);
  const groups = slidePages(six).map((page) => {
    const [first, last = first] = page.label!.split('–').map(Number);
    return printed.filter((slide) => first <= slide.index + 1 && slide.index + 1 <= last);
  });
  groups.slice(0, -1).forEach((group, i) => {
    expect(six.report.pages[i].width).toBeGreaterThan(six.report.pages[i].height);
    // Cells: four for a long one. A page is full, or ends early only for a long slide that needs two rows.
    const cells = group.reduce((sum, slide) => sum + (long.has(slide.index) ? 4 : 1), 0);
    // A long slide starts on a row of its own: a page leaves a cell empty before it, or ends early when it does not fit.
    if (cells < 6) expect(group.some((slide) => long.has(slide.index)) || long.has(groups[i + 1][0].index), `6-up page ${i + 1} has empty cells`).toBe(true);
    expect(cells, `6-up page ${i + 1}`).toBeGreaterThanOrEqual(4);
    if (group.length === 6) {
      const cover = pageCoverage(six.file, i + 1);
      expect(cover.rows, `6-up page ${i + 1}`).toBeGreaterThan(0.85);
      expect(cover.rows * cover.columns, `6-up page ${i + 1}`).toBeGreaterThan(0.6);
    }
  });
  const notes = exportDeck('notes', layouts.notes);
  const pages = slidePages(notes);
  // Short notes: several slides a page (the slide beside its notes), each page used to its foot.
  // A slide whose code needs the page's width takes about two rows.
  const wide = largeSlides(notes.file);
  expect(wide.size, 'the workshop shows whole manifests').toBeGreaterThan(3);
  expect(pages.length).toBeLessThanOrEqual(Math.ceil((printed.length + wide.size) / 3));
  const cover = pages.slice(0, -1).map((_, i) => pageCoverage(notes.file, i + 1).rows);
  // Rows differ in height (long notes, a slide at the page's width): a page ends early when the
  // next row does not fit (a wide slide's row is half a page); on the whole the pages are used to their foot.
  const shown = `notes pages covered: ${cover.map((c) => c.toFixed(2)).join(' ')}`;
  expect(Math.min(...cover), shown).toBeGreaterThan(0.5);
  expect(cover.reduce((a, b) => a + b, 0) / cover.length, shown).toBeGreaterThan(0.75);
  // Every slide and its notes, once, in order.
  const text = normaliseSpace(notes.text.slice(0, pages.length).join(' '));
  let from = 0;
  for (const slide of printed) {
    const at = text.indexOf(normaliseSpace(slide.title!), from);
    expect(at, `slide ${slide.index + 1} in order`).toBeGreaterThanOrEqual(from);
    from = at;
  }
});

test('addresses in the exercises list are written whole: a line breaks only after a `/` or before a `#`, never at a hyphen', () => {
  const urls = [...new Set(deck.exercises.flatMap((exercise) => exercise.links.map((link) => link.href)))];
  expect(urls.some((url) => url.includes('-'))).toBe(true);
  for (const [name, args] of Object.entries(layouts)) {
    const pdf = exportDeck(name, args);
    const appendix = pdf.text.filter((_, i) => pdf.report.pages[i].label?.startsWith('Exercises')).join('\n');
    // Lines ending in `/`, or followed by one starting with `#`, `?` or `&`, continue; nothing else joins them.
    const joined = appendix.replace(/\/\n/g, '/').replace(/\n(?=[#?&])/g, '');
    for (const url of urls) expect(joined, `${name}: ${url}`).toContain(url);
  }
});

test('--per-page 3 puts three slides on each portrait page, labelled with their numbers', () => {
  const grid = exportDeck('grid', ['--per-page', '3']);
  const printed = printedSlides(deck, false);
  // Three a page, or a slide whose long code needs two rows and one more (pack.ts): in order, none left out.
  const pages = slidePages(grid);
  expect(pages.length).toBeGreaterThanOrEqual(Math.ceil(printed.length / 3));
  expect(pages.length).toBeLessThanOrEqual(Math.ceil(printed.length / 2));
  let next = 0;
  pages.forEach((page, i) => {
    const [first, last = first] = page.label!.split('–').map(Number);
    const group = printed.filter((slide) => first <= slide.index + 1 && slide.index + 1 <= last);
    expect(group[0]).toBe(printed[next]);
    expect(group.length).toBeGreaterThanOrEqual(1);
    expect(group.length).toBeLessThanOrEqual(3);
    next += group.length;
    for (const slide of group) expect(normaliseSpace(grid.text[i])).toContain(normaliseSpace(slide.title!));
  });
  expect(next).toBe(printed.length);
});
