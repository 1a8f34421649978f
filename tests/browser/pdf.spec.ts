/**
 * `npm run pdf` as a user runs it, on the built workshop: pages, sizes, text, links, bookmarks,
 * labels, metadata and handout layouts read back from the file by poppler and qpdf (never by the
 * code that wrote it), a page compared with the browser's rendering of the same slide, and a
 * deck with a missing image refused.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import pixelmatch from 'pixelmatch';
import { PNG } from 'pngjs';
import { loadDeck } from '../../src/node/load-deck.ts';
import type { PageDeck } from '../../src/shared/page-deck.ts';
import { slideSize } from '../../src/core/slide-size.ts';
import { deckCommand } from '../deck-command.ts';
import { customInfo, isMonospaced, pageCoverage, textRuns } from '../unit/pdf-measure.ts';
import { readPdf, type PdfReadBack } from '../unit/pdf-reader.ts';
import { markdownToText, normaliseSpace, openDeck, repoRoot, showSlide } from './helpers.ts';

const work = mkdtempSync(path.join(tmpdir(), 'deck-pdf-'));
test.afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Runs `npm run pdf` (its script, without npm's banner) and returns the exit status and output. */
function runPdf(args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, deckCommand('pdf', ...args), {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
}

interface Export {
  file: string;
  report: PdfReadBack;
  /** Text of each page, by pdftotext. */
  text: string[];
  stdout: string;
}

const exported = new Map<string, Export>();

/** `npm run pdf -- --out <name>.pdf <args>`, once per name (tests share the layouts). */
function exportDeck(name: string, args: string[] = []): Export {
  const done = exported.get(name);
  if (done) return done;
  const file = path.join(work, `${name}.pdf`);
  const result = runPdf(['--out', file, ...args]);
  expect(result.status, result.stderr).toBe(0);
  expect(result.stderr, 'no warning on the workshop').not.toContain('warning:');
  const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).split('\f').slice(0, -1);
  const pdf = { file, report: readPdf(file), text, stdout: result.stdout };
  exported.set(name, pdf);
  return pdf;
}

const layouts: Record<string, string[]> = { workshop: [], notes: ['--notes'], '2up': ['--per-page', '2'], grid: ['--per-page', '3'], '6up': ['--per-page', '6'] };

/** The slides a PDF of `deck` prints, in order: every step, or each slide's final state. */
const printedSlides = (deck: PageDeck, steps: boolean) => deck.slides.filter((slide) => steps || slide.lastStep);
const externalLinks = (slide: PageDeck['slides'][number]) => [...new Set(slide.links.map((l) => l.href).filter((h) => /^https?:/.test(h)))].sort();
const slidePages = (pdf: Export) => pdf.report.pages.filter((page) => !page.label?.startsWith('Exercises'));

/** Slides printed larger than the layout's others (pack.ts), read back by the size of their slide number. */
function largeSlides(file: string): Set<number> {
  const numbers = textRuns(file).filter((run) => /^\d+ \/ \d+$/.test(run.text.trim()));
  const normal = Math.min(...numbers.map((run) => run.points));
  return new Set(numbers.filter((run) => run.points > normal * 1.1).map((run) => Number(run.text.split('/')[0]) - 1));
}

let deck: PageDeck;
let collapsed: Export;

test.beforeAll(async ({ browser }) => {
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
  expect(customInfo(collapsed.file).get('DeckBuildId')).toBe(buildId);
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

test('a slide whose image never loads fails the export, naming the slide, its file and line', () => {
  const folder = path.join(work, 'broken');
  mkdirSync(folder, { recursive: true });
  writeFileSync(path.join(folder, 'deck.yml'), 'title: Broken images\nratio: "16:9"\nchapters:\n  - pictures.md\n');
  writeFileSync(path.join(folder, 'pictures.md'), '# Pictures\n---\n## A diagram\n\nSee below.\n\n![:scale 50%](diagrams/missing-network.png)\n');
  // The loader refuses a file that does not exist; this one exists but the browser cannot decode it.
  mkdirSync(path.join(folder, 'diagrams'), { recursive: true });
  writeFileSync(path.join(folder, 'diagrams', 'missing-network.png'), 'not a PNG');
  const result = runPdf([path.join(folder, 'deck.yml'), '--out', path.join(folder, 'deck.pdf')], { DECK_OUT_DIR: path.join(folder, 'dist') });
  expect(result.status, result.stdout + result.stderr).toBe(1);
  const chapter = path.relative(repoRoot, path.join(folder, 'pictures.md'));
  // Slides: title, contents, chapter title, then the diagram on slide 4, written at line 7.
  expect(result.stderr).toContain(`${chapter}:7: slide 4 is not ready: image diagrams/missing-network.png did not load`);
  expect(result.stderr).toContain('fix:');
});

test('a `javascript:` link on a slide is not a link in the PDF; the others still are', () => {
  const folder = path.join(work, 'script-links');
  mkdirSync(folder, { recursive: true });
  writeFileSync(path.join(folder, 'deck.yml'), 'title: Script links\nratio: "16:9"\nchapters:\n  - links.md\n');
  writeFileSync(
    path.join(folder, 'links.md'),
    '# Links\n---\n## Where to go\n\n- [The recipe](https://example.org/recipe)\n- [Run me](javascript:alert(document.cookie))\n- <a href=" JavaScript:alert(2)">Me too</a>\n',
  );
  const file = path.join(folder, 'deck.pdf');
  const result = runPdf([path.join(folder, 'deck.yml'), '--out', file], { DECK_OUT_DIR: path.join(folder, 'dist') });
  expect(result.status, result.stdout + result.stderr).toBe(0);
  // Read back by poppler and qpdf, not by our own inspector.
  const urls = execFileSync('pdfinfo', ['-url', file], { encoding: 'utf8' });
  expect(urls).toContain('https://example.org/recipe');
  expect(urls.toLowerCase()).not.toContain('script:');
  const expanded = execFileSync('qpdf', ['--qdf', '--object-streams=disable', '--preserve-unreferenced', file, '-'], { encoding: 'latin1' });
  expect(expanded.toLowerCase()).not.toContain('javascript:');
});
