/**
 * The PDF export: the built deck is loaded once in headless Chromium, checked (fonts, images),
 * rebuilt into print pages, printed with one `page.pdf()`, and given its bookmarks, labels and
 * metadata by pdf-lib. No fixed waits: the page says when it is ready, or the export fails.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { PDFDocument } from 'pdf-lib';
import type { SourceRange } from '../core/model.js';
import type { PageDeck } from '../shared/page-deck.js';
import { slideSize } from '../core/slide-size.js';
import { browserLaunchOptions } from '../node/find-browser.js';
import { createStaticServer } from '../server/static-server.js';
import { pageGeometry } from './layout.js';
import type { PdfOptions } from './options.js';
import { addStructure } from './pdf-structure.js';
import { outlineFor, pageLabelRanges, pageLabels, planPrint, slideFrameId } from './plan.js';
import { buildPrintLayout, checkSlideImages, type PrintLayoutInput } from './print-page.js';
import type { Progress } from './progress.js';

export type ExportOptions = Pick<PdfOptions, 'dist' | 'out' | 'layout' | 'steps' | 'paper' | 'timeoutMs' | 'chromePath' | 'createdAt'>;

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

export async function exportPdf(options: ExportOptions, progress: Progress): Promise<ExportResult> {
  progress.stage('starting Chromium');
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
    const plan = planPrint(deck, options.layout, options.steps);
    const geometry = pageGeometry(options.layout, size, options.paper);
    // Chromium prints at least as wide as the viewport and shrinks the pages to fit: match them.
    await page.setViewportSize({ width: Math.floor(geometry.width), height: Math.floor(geometry.height) });
    await page.addStyleTag({
      content: `${printCss}\n@page { size: ${geometry.cssSize}; margin: 0; }\n@page pdf-appendix { margin: ${geometry.appendixMargin}px; }`,
    });
    const input: PrintLayoutInput = {
      kind: options.layout.kind,
      pages: plan.pages,
      finalStep: plan.finalStep,
      pageOfSlide: plan.pageOfSlide,
      printedAs: plan.printedAs,
      geometry,
      linkTargets: plan.linkTargets,
      frameIdPrefix: slideFrameId(0).replace(/0$/, ''),
    };
    const layout = await page.evaluate(buildPrintLayout, input);
    // Notes and the exercises may use faces the slides did not: wait for those too.
    await page.evaluate(() => document.fonts.ready.then(() => undefined));
    const warnings = [
      ...failures.map((f) => `${f.location ?? deck.manifest}: slide ${f.index + 1} did not render completely (${f.stage} failed: ${f.message}); it is printed as the browser shows it`),
      ...layout.notesCutOff.map((index) => {
        const slide = deck.slides[index];
        return `${slide.source.file}:${slide.source.line}: slide ${index + 1}'s notes do not fit on its page even in small print: shorten them`;
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
    });

    progress.stage(`writing ${path.relative(process.cwd(), options.out) || options.out}`);
    await mkdir(path.dirname(options.out), { recursive: true });
    await writeFile(options.out, bytes);
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
