/**
 * The presenter console (`P` on the presenter's page): the current slide uncovered and the next
 * one, notes at a legible size, the time of day, the talk clock the server keeps (across reloads
 * and restarts), pacing against the manifest's minutes, the attendee count where it covers
 * nothing, contrast 4.5:1; loaded on demand. And the presenter's secret, kept in a file, still
 * drives the room after a restart; `--new-secret` ends it.
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { deckStateFolder } from '../../src/server/secret-file.ts';
import { startDeckProcess, type DeckProcess } from '../unit/deck-process.ts';
import { expectOnSlide, loaderModel, markdownToText, normaliseSpace, recordErrors, repoRoot, startDevServer, stopDevServer, waitForDeck } from './helpers.ts';
import { laptop, screenshot } from './screens-helpers.ts';

const token = 'console-spec-presenter-secret';
const projector = { viewport: { width: 1920, height: 1080 } };
let config: string;
const decks: DeckProcess[] = [];
const contexts: BrowserContext[] = [];

test.beforeEach(() => {
  config = mkdtempSync(path.join(tmpdir(), 'deck-console-config-'));
});
test.afterEach(async () => {
  for (const context of contexts.splice(0)) await context.close();
  for (const deck of decks.splice(0)) await deck.stop();
  rmSync(config, { recursive: true, force: true });
});

async function startDeck(env: Record<string, string | undefined> = {}, args: string[] = []): Promise<DeckProcess> {
  const deck = await startDeckProcess({ args: ['--no-build', ...args], env: { DECK_PRESENTER_TOKEN: token, XDG_CONFIG_HOME: config, ...env } });
  decks.push(deck);
  return deck;
}

async function open(browser: Browser, url: string, options = {}): Promise<{ page: Page; errors: string[]; requests: string[] }> {
  const context = await browser.newContext({ ...laptop, ...options });
  contexts.push(context);
  const page = await context.newPage();
  const errors = recordErrors(page);
  const requests: string[] = [];
  page.on('request', (request) => requests.push(request.url()));
  await page.goto(url);
  await waitForDeck(page);
  return { page, errors, requests };
}

const current = (page: Page) => page.evaluate(() => window.slideshow.getCurrentSlideIndex());

/** Goes to slide `index` (0-based) as the presenter does: its number, then Enter. */
async function goTo(page: Page, index: number): Promise<void> {
  await page.keyboard.type(String(index + 1));
  await page.keyboard.press('Enter');
  await expect.poll(() => current(page)).toBe(index);
}

/** Seconds on the talk clock the console shows. */
async function elapsedSeconds(page: Page): Promise<number> {
  const [h, m, s] = (await page.locator('.console-elapsed').innerText()).split(':').map(Number);
  return h * 3600 + m * 60 + s;
}

/** Texts of the console whose colour has less than 4.5:1 against what is behind them. */
function weakContrast(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const rgb = (text: string) => (text.match(/\d+(\.\d+)?/g) ?? []).map(Number);
    const luminance = ([r, g, b]: number[]) =>
      [r, g, b].map((v) => v / 255).map((v) => (v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4)).reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
    const background = (element: Element | null): number[] => {
      for (let at = element; at; at = at.parentElement) {
        const colour = rgb(getComputedStyle(at).backgroundColor);
        if (colour.length === 3 || (colour.length === 4 && colour[3] > 0.9)) return colour;
      }
      return [255, 255, 255];
    };
    const weak: string[] = [];
    for (const element of document.querySelectorAll('.presenter-console *')) {
      const own = Array.from(element.childNodes).some((node) => node.nodeType === Node.TEXT_NODE && node.textContent?.trim());
      if (!own || element.closest('.console-next-frame, [hidden]') || !(element as HTMLElement).offsetParent) continue;
      const [a, b] = [luminance(rgb(getComputedStyle(element).color)), luminance(background(element))].sort((x, y) => y - x);
      const ratio = (a + 0.05) / (b + 0.05);
      if (ratio < 4.5) weak.push(`${element.className || element.tagName} "${element.textContent?.trim().slice(0, 30)}": ${ratio.toFixed(2)}`);
    }
    return weak;
  });
}

/**
 * Where the current slide is: inside the console's box for it, and under nothing of the console
 * (the points checked are its corners and middle; it also sees pacing, panels and the next slide).
 */
function slideGeometry(page: Page): Promise<{ inside: boolean; covered: number[][]; width: number }> {
  return page.evaluate(() => {
    const slide = document.querySelector('.remark-slides-area .remark-visible .remark-slide-scaler')!.getBoundingClientRect();
    const box = document.querySelector('.console-current')!.getBoundingClientRect();
    const inside = slide.left >= box.left - 1 && slide.right <= box.right + 1 && slide.top >= box.top - 1 && slide.bottom <= box.bottom + 1;
    const points = [
      [slide.left + 4, slide.top + 4],
      [slide.right - 4, slide.top + 4],
      [slide.left + slide.width / 2, slide.top + slide.height / 2],
      [slide.left + 4, slide.bottom - 4],
      [slide.right - 4, slide.bottom - 4],
    ];
    const covered = points.filter(([x, y]) => !document.elementFromPoint(x, y)?.closest('.remark-slides-area'));
    // And the console's other parts are not under the slide.
    for (const selector of ['.console-pacing', '.console-next', '.console-notes', '.console-bar']) {
      const other = document.querySelector(selector)!.getBoundingClientRect();
      if (slide.left < other.right && other.left < slide.right && slide.top < other.bottom && other.top < slide.bottom) covered.push([other.left, other.top]);
    }
    return { inside, covered, width: slide.width };
  });
}

test('the console: the slide uncovered, the next one, legible notes, clocks the server keeps, pacing, the room; on demand', async ({ browser }) => {
  const deck = await startDeck();
  const attendee = await open(browser, deck.attendees);
  const presenter = await open(browser, `${deck.presenter}#presenter=${token}`);
  const { page } = presenter;
  const model = loaderModel();
  const target = model.slides.find((s) => s.kind === 'content' && s.notes.length > 60 && s.index > 8 && model.slides[s.index + 1]?.title && model.slides[s.index + 1].step === 0)!;
  // The talk clock starts with a move away from where the presenter stood: first the page says where that is.
  await expect.poll(() => presenter.requests.some((url) => url.includes('_follow/control'))).toBe(true);
  await goTo(page, target.index);
  await expectOnSlide(attendee.page, target.index);
  // Nothing of the console was loaded until now.
  expect(presenter.requests.filter((url) => /presenter-console/.test(url))).toEqual([]);
  expect(attendee.requests.filter((url) => /presenter-console|presenter-position/.test(url))).toEqual([]);

  await page.keyboard.press('p');
  const consoleRoot = page.locator('.presenter-console');
  await expect(consoleRoot).toBeVisible();
  expect(presenter.requests.some((url) => /presenter-console-[\w-]+\.js$/.test(url))).toBe(true);
  await expect(page.locator('.console-status')).toHaveText('Live · 1 attendee');
  await expect(page.locator('.follow-bar')).toBeHidden();
  await expect(page.locator('.console-chapter')).toHaveText(`Chapter ${model.chapters[target.chapter!].number} · ${model.chapters[target.chapter!].title}`);
  await expect(page.locator('.console-slide-number')).toHaveText(`Slide ${target.index + 1} of ${model.slides.length}`);

  // The current slide sits in its box, and nothing of the console is drawn over any of it.
  const geometry = await slideGeometry(page);
  expect(geometry).toEqual({ inside: true, covered: [], width: expect.any(Number) });
  expect(geometry.width).toBeGreaterThan(600);

  // The next slide, a rendered copy; the notes at 20px or more, scrolling when long.
  await expect(page.locator('.console-next-frame').locator('h1, h2').first()).toHaveText(model.slides[target.index + 1].title!);
  const notes = page.locator('.console-notes-body');
  expect(normaliseSpace(await notes.innerText())).toBe(markdownToText(target.notes));
  expect(await notes.evaluate((element) => parseFloat(getComputedStyle(element).fontSize))).toBeGreaterThanOrEqual(20);
  expect(await notes.evaluate((element) => getComputedStyle(element).overflowY)).toBe('auto');
  await page.getByRole('button', { name: 'Larger notes' }).click();
  expect(await notes.evaluate((element) => parseFloat(getComputedStyle(element).fontSize))).toBe(26);
  for (let i = 0; i < 5; i++) await page.getByRole('button', { name: 'Smaller notes' }).click();
  expect(await notes.evaluate((element) => parseFloat(getComputedStyle(element).fontSize))).toBe(20);
  await page.getByRole('button', { name: 'Larger notes' }).click();
  await page.getByRole('button', { name: 'Larger notes' }).click();

  // The time of day, and the talk clock, started by the presenter's first move.
  await expect(page.locator('.console-wall')).toHaveText(/^\d{1,2}:\d{2}/);
  await expect(consoleRoot).toHaveAttribute('data-clock', 'running');
  await expect(page.locator('.console-elapsed')).toHaveText(/^0:00:0\d$/);
  // Pacing against the manifest's minutes, for the chapter and the day.
  const paces = page.locator('.console-pace');
  await expect(paces).toHaveCount(2);
  await expect(paces.nth(0)).toContainText('This chapter');
  await expect(paces.nth(1)).toContainText('The day');
  for (const i of [0, 1]) await expect(paces.nth(i).locator('.console-pace-text')).toHaveText(/^(\d+ min (behind|ahead)|on time)$/);
  await expect(paces.nth(1)).toContainText(/of 5 h · planned end \d{1,2}:\d{2}/);
  expect(await weakContrast(page)).toEqual([]);
  await screenshot(page, 'console-1366-light');

  // Pause (the button, or T) and resume; the keyboard goes back to the slides after a click.
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(consoleRoot).toHaveAttribute('data-clock', 'paused');
  await expect(page.locator('.console-clock-state')).toHaveText('Elapsed · paused');
  await page.keyboard.press('t');
  await expect(consoleRoot).toHaveAttribute('data-clock', 'running');
  await page.keyboard.press('Space');
  await expectOnSlide(attendee.page, target.index + 1);

  // Blackout: the room goes black, the presenter keeps the console and is told.
  await page.keyboard.press('b');
  await expect(page.locator('.console-blackout')).toBeVisible();
  await expect(attendee.page.locator('.blackout-dim')).toBeVisible();
  await expect(consoleRoot).toBeVisible();
  await page.keyboard.press('b');
  await expect(page.locator('.console-blackout')).toBeHidden();

  // The dark room's theme, and a projector-sized screen.
  await page.keyboard.press('d');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  expect(await weakContrast(page)).toEqual([]);
  await screenshot(page, 'console-1366-dark');
  await page.setViewportSize(projector.viewport);
  await expect.poll(() => page.evaluate(() => document.querySelector('.remark-slides-area .remark-visible .remark-slide-scaler')!.getBoundingClientRect().width)).toBeGreaterThan(1000);
  await screenshot(page, 'console-1920-dark');
  await page.keyboard.press('d');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  expect(await weakContrast(page)).toEqual([]);
  await screenshot(page, 'console-1920-light');
  // Half a laptop screen: one column that scrolls, the slide still whole and uncovered.
  await page.setViewportSize({ width: 700, height: 900 });
  await expect.poll(() => slideGeometry(page)).toEqual({ inside: true, covered: [], width: expect.any(Number) });
  await screenshot(page, 'console-700-light');
  await page.setViewportSize(projector.viewport);

  // A reload: the console opens again, the clock goes on where the server has it.
  const before = await elapsedSeconds(page);
  await page.reload();
  await waitForDeck(page);
  await expect(consoleRoot).toBeVisible();
  await expect(consoleRoot).toHaveAttribute('data-clock', 'running');
  expect(await elapsedSeconds(page)).toBeGreaterThanOrEqual(before);

  // The projector window (C) follows, and shows no console.
  const [clone] = await Promise.all([page.waitForEvent('popup'), page.keyboard.press('c')]);
  await waitForDeck(clone);
  await page.bringToFront();
  await page.keyboard.press('ArrowRight');
  await expect.poll(() => current(clone)).toBe(target.index + 2);
  await expect(clone.locator('.presenter-console')).toHaveCount(0);

  // Reset takes two clicks; the next move starts the clock again.
  const reset = page.getByRole('button', { name: 'Reset the talk clock' });
  await reset.click();
  await expect(reset).toHaveText('Reset? Click again');
  await expect(consoleRoot).toHaveAttribute('data-clock', 'running');
  await reset.click();
  await expect(consoleRoot).toHaveAttribute('data-clock', 'stopped');
  await expect(page.locator('.console-elapsed')).toHaveText('0:00:00');
  await page.keyboard.press('ArrowLeft');
  await expect(consoleRoot).toHaveAttribute('data-clock', 'running');

  // P closes it: the slide has the window again.
  await page.keyboard.press('p');
  await expect(consoleRoot).toBeHidden();
  await expect(page.locator('.follow-bar')).toBeVisible();
  expect(await page.evaluate(() => document.querySelector('.remark-slides-area')!.getBoundingClientRect().width)).toBe(projector.viewport.width);
  expect([...presenter.errors, ...attendee.errors]).toEqual([]);
});

test('the presenter’s secret is kept in a 0600 file: after a restart its address still drives the room; --new-secret ends it', async ({ browser }) => {
  const first = await startDeck({ DECK_PRESENTER_TOKEN: undefined });
  const file = path.join(deckStateFolder(config, path.join(repoRoot, 'slides/workshop.yml')), 'presenter.secret');
  expect(statSync(file).mode & 0o777).toBe(0o600);
  const secret = readFileSync(file, 'utf8').trim();
  expect(first.output()).not.toContain(secret);
  const port = String(first.port);

  const presenter = await open(browser, `${first.presenter}#presenter=${secret}`);
  const attendee = await open(browser, first.attendees);
  await goTo(presenter.page, 6);
  await expectOnSlide(attendee.page, 6);
  await presenter.page.keyboard.press('p');
  await expect(presenter.page.locator('.presenter-console')).toHaveAttribute('data-clock', 'running');
  await expect(presenter.page.locator('.console-status')).toHaveText('Live · 1 attendee');
  const before = await elapsedSeconds(presenter.page);

  // Restarted, on the same port, with the same files: the old address is still the presenter's.
  await first.stop();
  await expect(presenter.page.locator('.console-status')).toHaveText('Reconnecting…');
  const second = await startDeck({ DECK_PRESENTER_TOKEN: undefined, PORT: port });
  await expect(presenter.page.locator('.console-status')).toHaveText('Live · 1 attendee');
  // The presenter's page told the new server where the room is: a newcomer lands there.
  const newcomer = await open(browser, second.attendees);
  await expectOnSlide(newcomer.page, 6);
  await presenter.page.keyboard.press('ArrowRight');
  await expectOnSlide(attendee.page, 7);
  await expectOnSlide(newcomer.page, 7);
  // The talk clock went on through the restart (the server kept it next to the secret).
  await expect(presenter.page.locator('.presenter-console')).toHaveAttribute('data-clock', 'running');
  expect(await elapsedSeconds(presenter.page)).toBeGreaterThanOrEqual(before);
  expect(statSync(path.join(path.dirname(file), 'presenter.clock.json')).mode & 0o777).toBe(0o600);

  // --new-secret: the old address is refused, and moves nobody.
  await second.stop();
  await startDeck({ DECK_PRESENTER_TOKEN: undefined, PORT: port }, ['--new-secret']);
  const renewed = readFileSync(file, 'utf8').trim();
  expect(renewed).not.toBe(secret);
  expect(statSync(file).mode & 0o777).toBe(0o600);
  await presenter.page.keyboard.press('ArrowRight');
  await expect(presenter.page.locator('.console-status')).toHaveText(/^Presenter secret refused/);
  await expectOnSlide(attendee.page, 7);
  expect(await current(newcomer.page)).toBe(7);
  await screenshot(presenter.page, 'console-secret-refused');
});

test('another module places its panel in the console’s room region (the dev server serves the modules)', async ({ browser }) => {
  const { server, presenter: presenterUrl } = await startDevServer(path.join(repoRoot, 'slides/workshop.yml'));
  try {
    const { page, errors } = await open(browser, presenterUrl);
    await page.keyboard.press('p');
    const room = page.locator('section.console-room');
    await expect(page.locator('.presenter-console')).toBeVisible();
    // The workshop has exercises: the room's own panel (src/runtime/room/) is there already.
    await expect(room.locator('[data-panel="room"]')).toBeVisible();
    // Mounted by a module of its own, as the room's check-ins will be: the same module instance as the console's.
    await page.evaluate(async (module) => {
      const { mountConsolePanel } = (await import(module)) as typeof import('../../src/runtime/console-panels.ts');
      const panel = document.createElement('div');
      panel.textContent = '12 of 30 done · 2 need help';
      (window as unknown as { unmount: () => void }).unmount = mountConsolePanel('check-ins', panel);
    }, '/src/runtime/console-panels.ts');
    await expect(room).toBeVisible();
    await expect(room.locator('[data-panel="check-ins"]')).toHaveText('12 of 30 done · 2 need help');
    // Below the slide and the pacing, covering neither.
    const covered = await page.evaluate(() => {
      const room = document.querySelector('.console-room')!.getBoundingClientRect();
      return ['.console-current', '.console-pacing', '.console-side'].filter((selector) => {
        const other = document.querySelector(selector)!.getBoundingClientRect();
        return room.left < other.right && other.left < room.right && room.top < other.bottom && other.top < room.bottom;
      });
    });
    expect(covered).toEqual([]);
    await screenshot(page, 'console-1366-room-panel');
    await page.evaluate(() => (window as unknown as { unmount: () => void }).unmount());
    await expect(room.locator('[data-panel="check-ins"]')).toHaveCount(0);
    await expect(room.locator('[data-panel="room"]')).toBeVisible();
    expect(errors).toEqual([]);
  } finally {
    await stopDevServer(server);
  }
});
