/** Helpers for the tests of the screens: a deck server of one's own, touch gestures, sizes, screenshots. */
import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import path from 'node:path';
import { expect, test, type Browser, type BrowserContext, type BrowserContextOptions, type Locator, type Page } from '@playwright/test';
import { createFollowServer } from '../../src/server/follow-server.ts';
import { createStaticServer } from '../../src/server/static-server.ts';
import { recordErrors, repoRoot, waitForDeck } from './helpers.ts';

export const dist = path.resolve(repoRoot, process.env.DECK_OUT_DIR ?? 'dist');
export const screensDir = path.join(repoRoot, 'test-results', 'screens');
export const phone = { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true, deviceScaleFactor: 2 };
export const laptop = { viewport: { width: 1366, height: 768 } };
const token = 'screens-spec-presenter-secret';

export interface DeckServer {
  attendees: string;
  presenter: string;
  stop(): Promise<void>;
}

/**
 * The built deck with the follow service, in this process, with a state of its own (the shared
 * `npm start` of playwright.config.ts has no presenter the tests know). Its join card shows the
 * attendees' address, as `npm start`'s does.
 */
export async function startFollowDeck(): Promise<DeckServer> {
  let origin = '';
  const follow = createFollowServer({ token, buildInfo: () => ({ buildId: undefined }), join: () => `${origin}/` });
  const http: Server = createStaticServer({ root: dist, middleware: follow.handle });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  return {
    attendees: `${origin}/`,
    presenter: `${origin}/#presenter=${token}`,
    stop: async () => {
      follow.close();
      http.closeAllConnections();
      await new Promise((resolve) => http.close(resolve));
    },
  };
}

/** The deck on a plain static host: no follow service. */
export async function startStaticDeck(): Promise<DeckServer> {
  const http = createStaticServer({ root: dist });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  return {
    attendees: `${origin}/`,
    presenter: `${origin}/`,
    stop: async () => {
      http.closeAllConnections();
      await new Promise((resolve) => http.close(resolve));
    },
  };
}

/** External pages the slides link to, answered locally: the tests never reach the Internet. */
export async function answerExternalLinks(context: BrowserContext): Promise<void> {
  await context.route(/^https?:\/\/(?!127\.0\.0\.1)/, (route) => route.fulfill({ contentType: 'text/html', body: '<title>elsewhere</title>' }));
}

/** A finger moving from one point to another, as the touch screen reports it (CDP touch events). */
export async function swipe(page: Page, from: { x: number; y: number }, to: { x: number; y: number }): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [from] });
  for (let step = 1; step <= 6; step++) {
    const point = { x: from.x + ((to.x - from.x) * step) / 6, y: from.y + ((to.y - from.y) * step) / 6 };
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [point] });
  }
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  await cdp.detach();
}

/** Taps the middle of an element with a finger. */
export async function tap(page: Page, locator: Locator): Promise<void> {
  const box = await locator.boundingBox();
  expect(box, 'the element to tap is on screen').not.toBeNull();
  await page.touchscreen.tap(box!.x + box!.width / 2, box!.y + box!.height / 2);
}

/** Controls smaller than 44x44 CSS pixels, among those visible. */
export async function smallControls(page: Page, selector: string): Promise<string[]> {
  return page.locator(selector).evaluateAll((elements) =>
    elements
      .filter((element) => (element as HTMLElement).offsetParent !== null || getComputedStyle(element).position === 'fixed')
      .map((element) => ({ element, box: element.getBoundingClientRect() }))
      .filter(({ box }) => box.width > 0 && (box.width < 44 || box.height < 44))
      .map(({ element, box }) => `${element.className || element.tagName} "${element.textContent?.trim().slice(0, 30)}" ${Math.round(box.width)}x${Math.round(box.height)}`),
  );
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(screensDir, { recursive: true });
  await page.screenshot({ path: path.join(screensDir, `${name}.png`), animations: 'disabled' });
}

/** The computed font size, in CSS pixels, of the first element matching `selector` on the visible slide. */
export function fontSize(page: Page, selector: string): Promise<number> {
  return page.locator(`.remark-slides-area .remark-visible ${selector}`).first().evaluate((element) => parseFloat(getComputedStyle(element).fontSize));
}

/** The first slide (0-based) whose rendered content matches `selector` (every slide rendered first: they render on demand). */
export function firstSlideWith(page: Page, selector: string): Promise<number> {
  return page.evaluate((s) => {
    window.deckSlides.renderAll();
    return Array.from(document.querySelectorAll('.remark-slides-area .remark-slide-container')).findIndex((container) => container.querySelector(s));
  }, selector);
}

/** Opens `url` in a new context (laptop size unless `options` say otherwise), kept in `contexts` to close after the test; the page's errors are recorded. */
export async function openScreen(browser: Browser, contexts: BrowserContext[], url: string, options: BrowserContextOptions = {}): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ ...laptop, ...options });
  contexts.push(context);
  const page = await context.newPage();
  const errors = recordErrors(page);
  await page.goto(url);
  await waitForDeck(page);
  return { page, errors };
}

/**
 * What a spec's tests open, closed after each test: the browser contexts (those `open` makes, and
 * any pushed onto `contexts`) and the deck server given to `serve` (the last one, when a test
 * restarts its server). Call it at the top of the spec.
 */
export function useScreens() {
  const contexts: BrowserContext[] = [];
  let server: { stop(): Promise<void> } | undefined;
  test.afterEach(async () => {
    for (const context of contexts.splice(0)) await context.close();
    await server?.stop();
    server = undefined;
  });
  return {
    contexts,
    open: (browser: Browser, url: string, options: BrowserContextOptions = {}) => openScreen(browser, contexts, url, options),
    async serve<Started extends { stop(): Promise<void> }>(starting: Promise<Started>): Promise<Started> {
      server = await starting;
      return server as Started;
    },
  };
}
