/**
 * Checks on the built deck in a real browser: slides that fail to render and errors the page
 * throws, content that runs off its slide, code lines cut off at the right, images that do not
 * load, and links to slides that do not exist. Every finding names the slide number and the
 * file and line the slide came from.
 */
import type { AddressInfo } from 'node:net';
import { chromium, type Browser } from 'playwright-core';
import { closestMatch } from '../core/closest-match.js';
import type { PageDeck, PageSlide } from '../shared/page-deck.js';
import { slideSize } from '../core/slide-size.js';
import { browserLaunchOptions } from '../node/find-browser.js';
import { createStaticServer } from '../server/static-server.js';
import type { CheckFinding } from './findings.js';
import { pageErrorFindings, renderFailureFindings } from './render-findings.js';

/** What the page reports for one slide, in CSS pixels of the slide (the scaler undone). */
export interface SlideMeasure {
  index: number;
  /** Past the content box's bottom edge (the slide's padding is the safe margin). */
  bottom?: { px: number; text: string; offSlidePx: number };
  right?: { px: number; text: string; offSlidePx: number };
  code: Array<{ px: number; line: string }>;
  brokenImages: string[];
  brokenLinks: string[];
}

export interface BrowserCheckOptions {
  /** The built deck's folder. */
  dist: string;
  deck: PageDeck;
  /** The text of a source file named as in the model, to find the line of a finding. */
  readSource: (file: string) => string | undefined;
  /** Reused across runs in watch mode; launched (and closed) here when absent. */
  browser?: Browser;
  /** The Chromium to launch when `browser` is absent (`CHROME_PATH`); found otherwise. */
  chromePath?: string;
  /** How long to wait for the deck and its images, in ms. */
  timeoutMs?: number;
}

/** `chromePath`: the `CHROME_PATH` the user set (see src/node/find-browser.ts). */
export async function launchBrowser(chromePath?: string): Promise<Browser> {
  return chromium.launch(browserLaunchOptions(chromePath));
}

export async function checkInBrowser(options: BrowserCheckOptions): Promise<CheckFinding[]> {
  const server = createStaticServer({ root: options.dist });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const browser = options.browser ?? (await launchBrowser(options.chromePath));
  const timeout = options.timeoutMs ?? 20_000;
  const { width, height } = slideSize(options.deck.ratio);
  const context = await browser.newContext({ viewport: { width, height } });
  try {
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(url);
    try {
      await page.waitForFunction(() => document.documentElement.dataset.deckReady === 'true' && !!window.slideshow, null, { timeout });
    } catch {
      return [renderFailure(options.deck, pageErrors)];
    }
    // tsx (esbuild's keepNames) wraps the functions it compiles in `__name(...)`; the page has none.
    await page.evaluate('globalThis.__name ??= (fn) => fn');
    // Slides render on demand: all of them, and what failed, before anything is measured.
    const failures = await page.evaluate(() => {
      window.deckSlides.renderAll();
      return window.deckSlides.failures();
    });
    const measures = await page.evaluate(measureSlides, { timeout });
    return [
      ...renderFailureFindings(failures, options.deck),
      ...pageErrorFindings(pageErrors, options.deck),
      ...findingsFrom(measures, options.deck, options.readSource),
    ];
  } finally {
    await context.close();
    if (!options.browser) await browser.close();
    await new Promise((resolve) => server.close(resolve));
  }
}

function renderFailure(deck: PageDeck, pageErrors: string[]): CheckFinding {
  return {
    kind: 'render',
    severity: 'error',
    file: deck.manifest,
    line: 1,
    column: 1,
    message: `the deck does not render in the browser${pageErrors.length ? `: ${pageErrors[0]}` : ''}`,
    fix: 'fix the loader errors above first; then open the deck with `npm run dev` and read the browser console',
  };
}

/**
 * Runs in the page. Shows every slide at once (remark hides all but one) and measures each
 * inside its `.remark-slide-content`, dividing by the scaler's scale.
 */
async function measureSlides({ timeout }: { timeout: number }): Promise<SlideMeasure[]> {
  const style = document.createElement('style');
  style.textContent = '.remark-slides-area .remark-slide-container { display: block !important; }';
  document.head.append(style);
  const images = Array.from(document.querySelectorAll<HTMLImageElement>('.remark-slides-area img'));
  const deadline = Date.now() + timeout;
  while (images.some((img) => !img.complete) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));

  const deck = window.deck;
  const names = new Set(deck.slides.map((s) => s.name).filter(Boolean));
  const snippet = (element: Element) => (element.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 60) || `<${element.tagName.toLowerCase()}>`;
  const containers = Array.from(document.querySelectorAll('.remark-slides-area .remark-slide-container'));
  return containers.map((container, index): SlideMeasure => {
    const content = container.querySelector('.remark-slide-content') as HTMLElement;
    const scaler = container.querySelector('.remark-slide-scaler') as HTMLElement;
    const scale = scaler.getBoundingClientRect().width / scaler.offsetWidth || 1;
    // The slide is the scaler's box: remark's content may be taller than it (height 100% plus padding).
    const box = scaler.getBoundingClientRect();
    const css = getComputedStyle(content);
    const limitBottom = scaler.offsetHeight - parseFloat(css.paddingBottom);
    const limitRight = scaler.offsetWidth - parseFloat(css.paddingRight);
    const measure: SlideMeasure = { index, code: [], brokenImages: [], brokenLinks: [] };

    const candidates = Array.from(content.querySelectorAll('*')).filter(
      (el) => !el.closest('.remark-slide-number, .copy-code') && !el.closest('pre > code *'),
    );
    const over = (el: Element, side: 'bottom' | 'right') => {
      const rect = el.getBoundingClientRect();
      if (rect.width === 0 && rect.height === 0) return 0;
      return side === 'bottom' ? (rect.bottom - box.top) / scale - limitBottom : (rect.right - box.left) / scale - limitRight;
    };
    for (const side of ['bottom', 'right'] as const) {
      const overflowing = candidates.filter((el) => over(el, side) > 1 && !(side === 'right' && el.closest('pre')));
      if (overflowing.length === 0) continue;
      // Name the innermost element that overflows: the text the author must move or cut.
      const culprit = overflowing.find((el) => !overflowing.some((other) => other !== el && el.contains(other))) ?? overflowing[0];
      const px = Math.max(...overflowing.map((el) => over(el, side)));
      const margin = side === 'bottom' ? parseFloat(css.paddingBottom) : parseFloat(css.paddingRight);
      measure[side] = { px: Math.round(px), text: snippet(culprit), offSlidePx: Math.max(0, Math.round(px - margin)) };
    }

    for (const code of Array.from(content.querySelectorAll<HTMLElement>('pre > code'))) {
      if (code.scrollWidth <= code.clientWidth + 1) continue;
      const lines = Array.from(code.querySelectorAll('.remark-code-line'));
      const range = document.createRange();
      let widest = { width: 0, text: '' };
      for (const line of lines.length ? lines : [code]) {
        range.selectNodeContents(line);
        const width = range.getBoundingClientRect().width;
        if (width > widest.width) widest = { width, text: line.textContent ?? '' };
      }
      measure.code.push({ px: code.scrollWidth - code.clientWidth, line: widest.text.replace(/\s+$/, '') });
    }
    for (const img of Array.from(content.querySelectorAll('img'))) {
      if (!img.complete || img.naturalWidth === 0) measure.brokenImages.push(img.getAttribute('src') ?? '');
    }
    for (const link of Array.from(content.querySelectorAll('a[href^="#"]'))) {
      const target = decodeURIComponent((link.getAttribute('href') ?? '#').slice(1));
      const number = /^\d+$/.test(target) ? Number(target) : undefined;
      const ok = number !== undefined ? number >= 1 && number <= deck.slides.length : names.has(target);
      if (!ok) measure.brokenLinks.push(target);
    }
    return measure;
  });
}

/** Turns measurements into findings at file and line; a `--` step's overflow is reported once. */
export function findingsFrom(measures: SlideMeasure[], deck: PageDeck, readSource: (file: string) => string | undefined): CheckFinding[] {
  const findings: CheckFinding[] = [];
  const reported = new Set<string>();
  const lineOf = (slide: PageSlide, needle: string): { line: number; column: number } => {
    const text = readSource(slide.source.file);
    if (text && needle) {
      const lines = text.replace(/\r\n?/g, '\n').split('\n');
      for (let n = slide.source.line; n <= Math.min(slide.source.endLine, lines.length); n++) {
        const column = lines[n - 1].indexOf(needle);
        if (column >= 0) return { line: n, column: column + 1 };
      }
    }
    return { line: slide.source.line, column: 1 };
  };
  /** The first words of rendered text, as they may appear in the Markdown source. */
  const sourceNeedle = (text: string) => text.split(/[*_`[\]()<>]/)[0].trim().slice(0, 30);
  const add = (slide: PageSlide, key: string, finding: Omit<CheckFinding, 'file' | 'line' | 'column' | 'slide'>, needle: string) => {
    const at = lineOf(slide, needle);
    const id = `${finding.kind} ${slide.source.file}:${at.line} ${key}`;
    if (reported.has(id)) return;
    reported.add(id);
    findings.push({ ...finding, file: slide.source.file, ...at, slide: slide.index + 1 });
  };

  for (const m of measures) {
    const slide = deck.slides[m.index];
    if (!slide) continue;
    // A step shows a part of its slide's final step: overflow is judged there.
    if (slide.lastStep) {
      if (m.bottom) {
        add(slide, '', {
          kind: 'overflow-bottom',
          severity: 'error',
          overflowPx: m.bottom.px,
          message: `content runs ${m.bottom.px} px into the slide's bottom margin${m.bottom.offSlidePx ? `, ${m.bottom.offSlidePx} px of it off the slide` : ''} (from "${m.bottom.text}")`,
          fix: 'shorten the slide, split it with `---`, or move details to the notes (`???`)',
        }, sourceNeedle(m.bottom.text));
      }
      if (m.right) {
        add(slide, '', {
          kind: 'overflow-right',
          severity: 'error',
          overflowPx: m.right.px,
          message: `content runs ${m.right.px} px into the slide's right margin${m.right.offSlidePx ? `, ${m.right.offSlidePx} px of it off the slide` : ''} (from "${m.right.text}")`,
          fix: 'break the long word or URL, or make the image or table narrower (e.g. `![:scale 50%](image.png)`)',
        }, sourceNeedle(m.right.text));
      }
      for (const code of m.code) {
        add(slide, code.line, {
          kind: 'code-cut-off',
          severity: 'error',
          overflowPx: code.px,
          message: `a code line is cut off by ${code.px} px at the right: \`${code.line.trim().slice(0, 60)}\``,
          fix: 'break the line (a shell command can continue after ` \\`), or shorten it',
        }, code.line.trim().slice(0, 40));
      }
    }
    for (const src of m.brokenImages) {
      add(slide, src, {
        kind: 'image',
        severity: 'error',
        message: `image \`${src}\` does not load`,
        fix: 'the browser could not show it: a local file must be a real PNG, JPEG, SVG or WebP; a remote image must be reachable and allowed by the deck\'s Content Security Policy',
      }, src);
    }
    for (const target of m.brokenLinks) {
      const names = deck.slides.map((s) => s.name).filter((n): n is string => !!n);
      const closest = closestMatch(target, names);
      add(slide, target, {
        kind: 'slide-link',
        severity: 'error',
        message: /^\d+$/.test(target)
          ? `link to slide #${target}, but the deck has ${deck.slides.length} slides`
          : `link to slide \`#${target}\`, but no slide has that name`,
        fix: /^\d+$/.test(target) || !closest ? 'link to an existing slide, or give the target slide a `name:`' : `give the target slide \`name: ${target}\`, or link to an existing name such as \`#${closest}\``,
      }, `#${target}`);
    }
  }
  return findings;
}
