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
import type { Deck } from '../../src/core/model.ts';
import { slideSize } from '../../src/core/slide-size.ts';
import { deckCommand } from '../deck-command.ts';
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

function exportDeck(name: string, args: string[] = []): Export {
  const file = path.join(work, `${name}.pdf`);
  const result = runPdf(['--out', file, ...args]);
  expect(result.status, result.stderr).toBe(0);
  const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).split('\f').slice(0, -1);
  return { file, report: readPdf(file), text, stdout: result.stdout };
}

/** The slides a PDF of `deck` prints, in order: every step, or each slide's final state. */
const printedSlides = (deck: Deck, steps: boolean) => deck.slides.filter((slide) => steps || slide.lastStep);
const externalLinks = (slide: Deck['slides'][number]) => [...new Set(slide.links.map((l) => l.href).filter((h) => /^https?:/.test(h)))].sort();
const slidePages = (pdf: Export) => pdf.report.pages.filter((page) => !page.label?.startsWith('Exercises'));

let deck: Deck;
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
      // Written out too: a printed handout works without clicking (pdftotext drops the hyphen
      // where a long address wraps, so compare without hyphens).
      expect(text.replace(/[\s-]/g, '')).toContain(link.href.replace(/-/g, ''));
    }
  }
});

test('--steps prints every step on its own page', () => {
  const all = exportDeck('steps', ['--steps']);
  expect(slidePages(all)).toHaveLength(deck.slides.length);
  expect(all.report.pages.slice(0, deck.slides.length).map((p) => p.label)).toEqual(deck.slides.map((s) => String(s.index + 1)));
  deck.slides.forEach((slide, page) => expect([...new Set(all.report.pages[page].links.filter((l) => l.uri).map((l) => l.uri))].sort()).toEqual(externalLinks(slide)));
});

test('--notes puts each slide above its speaker notes on a portrait page', () => {
  const notes = exportDeck('notes', ['--notes']);
  const printed = printedSlides(deck, false);
  expect(slidePages(notes)).toHaveLength(printed.length);
  expect(notes.report.pages[0].width).toBeCloseTo(595.3, 0); // A4
  expect(notes.report.pages[0].height).toBeCloseTo(841.9, 0);
  printed.forEach((slide, page) => {
    const text = normaliseSpace(notes.text[page]);
    expect(text).toContain(normaliseSpace(slide.title!));
    const firstWords = markdownToText(slide.notes).split(' ').slice(0, 6).join(' ');
    if (firstWords) expect(text, `notes of slide ${slide.index + 1}`).toContain(firstWords);
  });
  // The slide spans the page's width between its margins: nothing shrank the page to fit.
  const words = execFileSync('pdftotext', ['-bbox', '-f', '1', '-l', '1', notes.file, '-'], { encoding: 'utf8' });
  const right = Math.max(...[...words.matchAll(/xMax="([\d.]+)"/g)].map((m) => Number(m[1])));
  expect(right / notes.report.pages[0].width).toBeGreaterThan(0.85);
});

test('--per-page 3 puts three slides on each portrait page, labelled with their numbers', () => {
  const grid = exportDeck('grid', ['--per-page', '3']);
  const printed = printedSlides(deck, false);
  const pages = Math.ceil(printed.length / 3);
  expect(slidePages(grid)).toHaveLength(pages);
  for (let page = 0; page < pages; page++) {
    const group = printed.slice(page * 3, page * 3 + 3);
    for (const slide of group) expect(normaliseSpace(grid.text[page])).toContain(normaliseSpace(slide.title!));
    const [first, last] = [group[0].index + 1, group[group.length - 1].index + 1];
    expect(grid.report.pages[page].label).toBe(first === last ? `${first}` : `${first}–${last}`);
  }
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
