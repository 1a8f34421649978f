/**
 * The PDF export: the built deck is loaded once in headless Chromium, checked (fonts, images),
 * rebuilt into print pages, printed with one `page.pdf()`, and given its bookmarks, labels and
 * metadata by pdf-lib. No fixed waits: the page says when it is ready, or the export fails.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { PDFDocument } from 'pdf-lib';
import type { SourceRange } from '../core/model.js';
import type { PageDeck } from '../shared/page-deck.js';
import { slideSize } from '../core/slide-size.js';
import { browserLaunchOptions } from '../node/find-browser.js';
import { withdrawHandoutIfOverwritten, writeHandoutStamp } from '../node/handout-file.js';
import { createStaticServer } from '../server/static-server.js';
import { buildInfoFile, type BuildInfo } from '../shared/build-info.js';
import { pageGeometry, type SlotGeometry } from './layout.js';
import { packGrid, packNotesRows } from './pack.js';
import type { PdfOptions } from './options.js';
import { addStructure } from './pdf-structure.js';
import { outlineFor, pageLabelRanges, pageLabels, planPrint, regroupPages, slideFrameId } from './plan.js';
import { enlargeSmallCode, measureNotes, probeSlides, removeProbe } from './print-legibility.js';
import { buildPrintLayout, checkSlideImages, type PrintLayoutInput } from './print-page.js';
import type { Progress } from './progress.js';

export type ExportOptions = Pick<PdfOptions, 'dist' | 'out' | 'layout' | 'steps' | 'paper' | 'timeoutMs' | 'chromePath' | 'createdAt'> & {
  /**
   * This file is the deck's handout (`out` in the build folder, one slide per page): stamped
   * with its build so that `npm start` offers it (src/node/handout-file.ts).
   */
  handout?: boolean;
};

export interface ExportResult {
  pages: number;
  /** Pages holding slides; the rest list the exercises. */
  slidePages: number;
  slides: number;
  bytes: number;
  warnings: string[];
}

/** A deck that cannot be exported as it is: the message names the slide, its file and line. */
export class ExportError extends Error {}

const printCss = readFileSync(new URL('./print.css', import.meta.url), 'utf8');

/** The smallest code a handout prints, blocks and inline (7 pt, and a margin for rounding). */
export const minCodePoints = 7.2;
/** Speaker notes' size in the notes layout (notes longer than a page shrink from there). */
const notesFontPx = 13;

export async function exportPdf(options: ExportOptions, progress: Progress): Promise<ExportResult> {
  progress.stage('starting Chromium');
  // The build printed, named in the file (`pdfinfo -custom` shows DeckBuildId) and in the handout's stamp.
  const { buildId } = JSON.parse(readFileSync(path.join(options.dist, buildInfoFile), 'utf8')) as BuildInfo;
  const server = createStaticServer({ root: options.dist });
  const listening = new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  let browser: Browser | undefined;
  try {
    [browser] = await Promise.all([chromium.launch(browserLaunchOptions(options.chromePath)), listening]);
    const { port } = server.address() as AddressInfo;
    const page = await browser.newPage();
    // Functions passed to page.evaluate are compiled by tsx, which may wrap them in `__name(...)`.
    await page.addInitScript('globalThis.__name = (fn) => fn;');
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));

    progress.stage('loading the deck');
    await page.goto(`http://127.0.0.1:${port}/`);
    try {
      await page.waitForFunction(() => document.documentElement.dataset.deckReady === 'true' && !!window.deck, null, { timeout: options.timeoutMs });
    } catch {
      throw new ExportError(
        `the deck in ${options.dist} never became ready within ${options.timeoutMs / 1000} s` +
          (pageErrors.length ? `; the page reported: ${pageErrors.join('; ')}` : ': rebuild it with --build'),
      );
    }
    const deck = await page.evaluate(() => window.deck);
    const size = slideSize(deck.ratio);
    // Slides render on demand in the page: all of them, before anything reads them.
    const { rendered, failures } = await page.evaluate(() => {
      window.deckSlides.renderAll();
      return { rendered: window.deckSlides.renderedCount(), failures: window.deckSlides.failures() };
    });
    if (rendered !== deck.slides.length) {
      throw new ExportError(`remark rendered ${rendered} slides but the deck model has ${deck.slides.length}: run \`npm run lint\` on ${deck.manifest}`);
    }

    progress.stage(`checking ${deck.slides.length} slides`);
    const problems = await page.evaluate(checkSlideImages, options.timeoutMs);
    if (problems.length > 0) throw new ExportError(describeImageProblems(deck, problems));

    progress.stage('laying out pages');
    let plan = planPrint(deck, options.layout, options.steps);
    const geometry = pageGeometry(options.layout, size, options.paper);
    // Chromium prints at least as wide as the viewport and shrinks the pages to fit: match them.
    await page.setViewportSize({ width: Math.floor(geometry.width), height: Math.floor(geometry.height) });
    await page.addStyleTag({
      content: `${printCss}\n@page { size: ${geometry.cssSize}; margin: 0; }\n@page pdf-appendix { margin: ${geometry.appendixMargin}px; }`,
    });
    let pageSlots: SlotGeometry[][] | undefined;
    if (options.layout.kind !== 'slides') {
      // Slides whose code cannot print at 7 pt in the layout's slot get a larger one (pack.ts).
      await page.evaluate(probeSlides, { slides: plan.pages.flat(), scale: geometry.slots[0].scale, ...size });
      const cramped = await page.evaluate(enlargeSmallCode, { minPoints: minCodePoints });
      await page.evaluate(removeProbe);
      const large = new Set(cramped.map(({ slide }) => slide));
      const isLarge = (slide: number) => large.has(slide);
      let packed;
      if (geometry.rows) {
        // The notes layout: as many slides with their notes on a page as fit.
        const heights = await page.evaluate(measureNotes, { width: geometry.slots[0].notes!.width, fontPx: notesFontPx });
        // The slide's code printed `points` at the layout's scale: the scale that gives it 7.2 pt, and 5% to spare.
        const needed = new Map(cramped.map(({ slide, points }) => [slide, (geometry.slots[0].scale * minCodePoints * 1.05) / points]));
        packed = packNotesRows(geometry, plan.pages.flat(), (slide) => heights[slide] ?? 0, (slide) => needed.get(slide));
      } else {
        packed = packGrid(geometry, plan.pages.flat(), isLarge);
      }
      plan = regroupPages(plan, packed.pages);
      pageSlots = packed.slots;
    }
    const input: PrintLayoutInput = {
      kind: options.layout.kind,
      pages: plan.pages,
      finalStep: plan.finalStep,
      pageOfSlide: plan.pageOfSlide,
      printedAs: plan.printedAs,
      geometry,
      pageSlots,
      linkTargets: plan.linkTargets,
      frameIdPrefix: slideFrameId(0).replace(/0$/, ''),
    };
    const layout = await page.evaluate(buildPrintLayout, input);
    const smallCode = await page.evaluate(enlargeSmallCode, { minPoints: minCodePoints });
    // Notes and the exercises may use faces the slides did not: wait for those too.
    await page.evaluate(() => document.fonts.ready.then(() => undefined));
    const warnings = [
      ...failures.map((f) => `${f.location ?? deck.manifest}: slide ${f.index + 1} did not render completely (${f.stage} failed: ${f.message}); it is printed as the browser shows it`),
      ...layout.notesCutOff.map((index) => {
        const slide = deck.slides[index];
        return `${slide.source.file}:${slide.source.line}: slide ${index + 1}'s notes do not fit on its page even in small print: shorten them`;
      }),
      ...smallCode.map(({ slide, points }) => {
        const { file, line } = deck.slides[slide].source;
        return `${file}:${line}: slide ${slide + 1}'s code prints at ${points} pt in this layout (${minCodePoints} pt would overflow the slide): shorten it, or choose a layout with larger slides`;
      }),
    ];

    progress.stage(`printing ${plan.pages.length} pages`);
    const printed = await page.pdf({ preferCSSPageSize: true, printBackground: true });

    progress.stage('adding bookmarks, page labels and metadata');
    const doc = await PDFDocument.load(printed, { updateMetadata: false });
    const total = doc.getPageCount();
    const appendixPages = total - plan.pages.length;
    if (appendixPages < 0 || (appendixPages > 0) !== layout.appendix) {
      throw new ExportError(`Chromium printed ${total} pages for ${plan.pages.length} pages of slides: a slide overflows its page`);
    }
    const labels = pageLabels(plan, layout.numbers, appendixPages);
    const created = options.createdAt ?? new Date();
    const bytes = await addStructure(doc, {
      title: deck.title,
      author: deck.author,
      subject: deck.subtitle ?? deck.title,
      keywords: deck.chapters.map((chapter) => chapter.title),
      created,
      labels: pageLabelRanges(labels),
      outline: outlineFor(deck, plan, appendixPages > 0 ? plan.pages.length : undefined),
      buildId,
    });

    progress.stage(`writing ${path.relative(process.cwd(), options.out) || options.out}`);
    await mkdir(path.dirname(options.out), { recursive: true });
    // Through a temporary name: a server handing the file out meanwhile sends the old one or the new one.
    withdrawHandoutIfOverwritten(options.dist, options.out);
    const temporary = `${options.out}.${process.pid}.tmp`;
    await writeFile(temporary, bytes);
    await rename(temporary, options.out);
    if (options.handout) writeHandoutStamp(options.dist, { file: path.relative(options.dist, options.out), buildId, bytes: bytes.length });
    return {
      pages: total,
      slidePages: plan.pages.length,
      slides: plan.pages.flat().length,
      bytes: bytes.length,
      warnings,
    };
  } finally {
    await browser?.close();
    server.close();
  }
}

function describeImageProblems(deck: PageDeck, problems: Array<{ slide: number; url: string; reason: string }>): string {
  const lines = problems.map(({ slide, url, reason }) => {
    const shown = url.replace(/^https?:\/\/127\.0\.0\.1:\d+\//, '');
    const { file, line } = sourceLineOf(deck.slides[slide].source, shown);
    return `${file}:${line}: slide ${slide + 1} is not ready: image ${shown} ${reason}`;
  });
  const unique = [...new Set(lines)];
  return `${unique.join('\n')}\n  fix: put the image${unique.length > 1 ? 's' : ''} in public/ (served from the deck's root) or correct the path`;
}

/** The line of the slide that names `url`, or the slide's first line. */
function sourceLineOf(source: SourceRange, url: string): { file: string; line: number } {
  const name = decodeURIComponent(url.split(/[?#]/)[0]).split('/').pop();
  if (name && existsSync(source.file)) {
    const lines = readFileSync(source.file, 'utf8').split(/\r?\n/);
    for (let line = source.line; line <= source.endLine; line++) {
      if (lines[line - 1]?.includes(name)) return { file: source.file, line };
    }
  }
  return { file: source.file, line: source.line };
}
