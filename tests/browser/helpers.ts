/** Shared helpers for the browser tests: open the built deck, read what is on screen, walk it. */
import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from '@playwright/test';
import { createServer, type ViteDevServer } from 'vite';
import type { Deck } from '../../src/core/model.ts';
import { loadDeck } from '../../src/node/load-deck.ts';
import type { PageDeck } from '../../src/shared/page-deck.ts';
import { deckViteConfig } from '../../src/node/vite-config.ts';
import { followSettingsFromEnv, type FollowSettings } from '../../src/server/follow-settings.ts';
import { createStaticServer } from '../../src/server/static-server.ts';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const screenshotDir = path.join(repoRoot, 'test-results', 'screenshots');

/** Slides of the main view only: remark adds one more container for the presenter preview. */
export const slidesSelector = '.remark-slides-area .remark-slide-container';
export const visibleSlideSelector = `${slidesSelector}.remark-visible`;

/** Opens the deck (relative to the page's base URL) and waits until fonts are in and the current slide is rendered. */
export async function openDeck(page: Page, url = './'): Promise<PageDeck> {
  await page.goto(url);
  await waitForDeck(page);
  return page.evaluate(() => window.deck);
}

export async function waitForDeck(page: Page): Promise<void> {
  try {
    await page.waitForFunction(() => document.documentElement.dataset.deckReady === 'true' && !!window.slideshow, null, { timeout: 10_000 });
  } catch (error) {
    throw new Error(`the deck at ${page.url()} never became ready (html[data-deck-ready], window.slideshow): ${(error as Error).message}`);
  }
}

/** Slides render on demand (src/runtime/lazy-slide-view.ts): renders them all, for tests that read every slide's DOM. */
export async function renderAllSlides(page: Page): Promise<void> {
  await page.evaluate(() => window.deckSlides.renderAll());
}

export interface ShownSlide {
  /** 0-based indexes of the main-view containers marked `remark-visible` (exactly one expected). */
  visible: number[];
  /** `slideshow.getCurrentSlideIndex()`. */
  current: number;
  /** The slide number printed on the visible slide, e.g. `3 / 47`. */
  number: string | null;
}

export async function shownSlide(page: Page): Promise<ShownSlide> {
  return page.evaluate((selector) => {
    const containers = Array.from(document.querySelectorAll(selector));
    const visible = containers.filter((c) => c.classList.contains('remark-visible'));
    return {
      visible: visible.map((c) => containers.indexOf(c)),
      current: window.slideshow.getCurrentSlideIndex(),
      number: visible[0]?.querySelector('.remark-slide-number')?.textContent?.trim() ?? null,
    };
  }, slidesSelector);
}

/** Waits until slide `index` (0-based) is the one on screen, by every account remark gives. */
export async function expectSlide(page: Page, index: number, total: number): Promise<void> {
  await expect
    .poll(() => shownSlide(page), { message: `slide ${index + 1} should be on screen` })
    .toEqual({ visible: [index], current: index, number: `${index + 1} / ${total}` });
}

/** The slide remark shows (0-based). */
export const currentSlide = (page: Page) => page.evaluate(() => window.slideshow.getCurrentSlideIndex());

/** Waits until `page` shows slide `index` (0-based): a follower catching up with the presenter, say. */
export async function expectOnSlide(page: Page, index: number, timeout = 3000): Promise<void> {
  await expect.poll(() => currentSlide(page), { message: `${page.url()} should show slide ${index + 1}`, timeout }).toBe(index);
}

/** From now on, every slide remark shows on `page`, in order (read them with `shownSlides`). */
export const recordShownSlides = (page: Page) =>
  page.evaluate(() => {
    const shown: number[] = ((window as unknown as { shown: number[] }).shown = []);
    window.slideshow.on('showSlide', (slide) => shown.push((slide as { getSlideIndex(): number }).getSlideIndex()));
  });
export const shownSlides = (page: Page) => page.evaluate(() => (window as unknown as { shown: number[] }).shown);

/**
 * Opens `url` in a browser context of its own (one person's browser: the presenter, an
 * attendee), at the deck's size unless `context` says otherwise, runs `initScripts` before the
 * page's own, and waits for the deck. The caller closes the context.
 */
export async function openInNewContext(browser: Browser, url: string, options: { context?: BrowserContextOptions; initScripts?: Array<() => void> } = {}) {
  const context = await browser.newContext({ viewport: { width: 1210, height: 681 }, ...options.context });
  for (const script of options.initScripts ?? []) await context.addInitScript(script);
  const page = await context.newPage();
  const errors = recordErrors(page);
  await page.goto(url);
  await waitForDeck(page);
  return { context, page, errors };
}

/** Shows slide `index` (0-based) through remark's API and waits for its fonts. */
export async function showSlide(page: Page, index: number): Promise<void> {
  await page.evaluate(async (n) => {
    window.slideshow.gotoSlide(n + 1);
    void document.body.offsetHeight; // layout first, so fonts the slide needs start loading
    await document.fonts.ready;
  }, index);
  await expect.poll(() => currentSlide(page)).toBe(index);
}

/** Presses ArrowRight from the first slide to the last, checking each step lands one slide on. */
export async function walkDeck(page: Page, total: number): Promise<void> {
  await expectSlide(page, 0, total);
  for (let i = 1; i < total; i++) {
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => currentSlide(page)).toBe(i);
  }
  await expectSlide(page, total - 1, total);
}

/** Console errors (failed loads included, such as a missing favicon) and uncaught page errors. */
export function recordErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    errors.push(`console.error: ${message.text()} (${message.location().url})`);
  });
  return errors;
}

/** Checks that the deck's text is really set in the bundled Source Sans 3, not a fallback. */
export async function fontState(page: Page) {
  return page.evaluate(() => ({
    check: document.fonts.check('26px "Source Sans 3"'),
    loadedFaces: Array.from(document.fonts)
      .filter((face) => face.family.replace(/["']/g, '') === 'Source Sans 3' && face.status === 'loaded')
      .map((face) => `${face.weight} ${face.style}`),
    bodyFamily: getComputedStyle(document.body).fontFamily,
  }));
}

/**
 * Bodies of the fenced code blocks in a slide's Markdown source, in order; a `<<< @/file` line
 * stands for the whole file it includes (a path relative to the manifest's folder, by default the
 * chapter's).
 */
export function fencedBlocks(slide: PageDeck['slides'][number], manifestFolder = path.dirname(slide.source.file)): string[] {
  const lines = readFileSync(path.join(repoRoot, slide.source.file), 'utf8')
    .replace(/\r\n/g, '\n')
    .split('\n')
    .slice(slide.source.line - 1, slide.source.endLine);
  const blocks: string[] = [];
  let open: string[] | undefined;
  for (const line of lines) {
    const include = open ? null : /^<<<\s+(?:@\/)?([^\s#{]+)\s*(?:\S+)?$/.exec(line);
    if (include) {
      blocks.push(readFileSync(path.join(repoRoot, manifestFolder, include[1]), 'utf8').replace(/\r\n/g, '\n').replace(/\n$/, ''));
    } else if (/^\s*```/.test(line)) {
      if (open) {
        blocks.push(open.join('\n'));
        open = undefined;
      } else {
        open = [];
      }
    } else if (open) {
      open.push(line);
    }
  }
  return blocks;
}

/** Text as remark's notes or a slide show it: Markdown list markers, code and emphasis marks dropped. */
export function markdownToText(markdown: string): string {
  return markdown
    .split('\n')
    .map((line) => line.replace(/^\s*(?:[-*+]|\d+\.)\s+/, '').replace(/`|\*\*|__/g, '').replace(/(^|\W)[*_]([^*_]+)[*_](?=\W|$)/g, '$1$2').replace(/\[([^\]]*)\]\([^)]*\)/g, '$1'))
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim();
}

export function normaliseSpace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Every request of a browser context, and those that failed or got an HTTP error. */
export function recordRequests(context: BrowserContext): { requests: string[]; bad: string[] } {
  const requests: string[] = [];
  const bad: string[] = [];
  context.on('request', (request) => requests.push(request.url()));
  context.on('requestfailed', (request) => {
    // The follow stream (src/runtime/follow.ts) never ends by itself: leaving the page aborts it.
    if (/\/_follow\/events\b/.test(request.url()) && request.failure()?.errorText === 'net::ERR_ABORTED') return;
    bad.push(`failed: ${request.url()} ${request.failure()?.errorText}`);
  });
  context.on('response', (response) => {
    if (response.status() >= 400) bad.push(`${response.status()}: ${response.url()}`);
  });
  return { requests, bad };
}

/**
 * A Vite dev server of its own on `manifest`, set up as `npm run dev` sets up its own
 * (vite.config.ts), with these follow settings (default: a fresh presenter secret). `presenter`
 * is the page that holds the secret: the one that sees the notes and dev errors.
 */
export async function startDevServer(manifest: string, settings: FollowSettings = followSettingsFromEnv({})): Promise<{ server: ViteDevServer; url: string; presenter: string }> {
  const site = { manifest, outDir: path.join(path.dirname(manifest), 'dist') };
  const follow = { settings };
  const server = await createServer({ ...deckViteConfig(site, follow), configFile: false, logLevel: 'silent', server: { port: 0, host: '127.0.0.1' } });
  await server.listen();
  const url = server.resolvedUrls!.local[0];
  return { server, url, presenter: `${url}#presenter=${encodeURIComponent(settings.token)}` };
}

export async function stopDevServer(server: ViteDevServer | undefined): Promise<void> {
  await server?.close();
}

/** `npm start`'s static server on a free loopback port, serving `root` under `basePath`. */
export async function startStaticServer(root: string, basePath: string): Promise<{ server: Server; origin: string }> {
  const server = createStaticServer({ root, basePath });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

export function stopStaticServer(server: Server | undefined): Promise<void> {
  return new Promise((resolve) => (server ? server.close(() => resolve()) : resolve()));
}

/** The loader's model of a deck, speaker notes included (the page's has none: src/shared/page-deck.ts). */
export function loaderModel(manifest?: string): Deck {
  const { deck } = loadDeck(manifest);
  if (!deck) throw new Error(`${manifest ?? 'the workshop'} does not load`);
  return deck;
}
