/**
 * `npm run dev`: saving a chapter updates the open deck in place, on the same slide, without a
 * page reload; a slide inserted above keeps presenter and attendees on the same slide content; a
 * loader error shows in Vite's overlay on the presenter's page only, while every page keeps the
 * last good deck.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import type { ViteDevServer } from 'vite';
import { followSettingsFromEnv } from '../../src/server/follow-settings.ts';
import { currentSlide, expectOnSlide, loaderModel, markdownToText, recordErrors, recordShownSlides, shownSlides, startDevServer as startDevServerFor, stopDevServer, waitForDeck } from './helpers.ts';

let folder: string;
let server: ViteDevServer;
let url: string;
/**
 * Closed after each test: a page left open keeps reconnecting to its stopped dev server's port,
 * and shows up as an attendee of whichever server a later spec starts on that same port.
 */
const contexts: BrowserContext[] = [];
/** The presenter's secret on these dev servers: the console (`P`) and dev errors are the presenter's alone. */
const token = 'hot-reload-presenter-secret';
const presenterUrl = () => `${url}#presenter=${token}`;

/** A copy of the workshop in a temporary folder (changed by `prepare`), served by a Vite dev server of its own. */
async function startDevServer(prepare: (folder: string) => void = () => {}): Promise<void> {
  folder = mkdtempSync(path.join(tmpdir(), 'deck-hot-'));
  cpSync('slides', folder, { recursive: true });
  prepare(folder);
  ({ server, url } = await startDevServerFor(path.join(folder, 'workshop.yml'), followSettingsFromEnv({ DECK_PRESENTER_TOKEN: token })));
}

test.afterEach(async () => {
  for (const context of contexts.splice(0)) await context.close();
  await stopDevServer(server);
  rmSync(folder, { recursive: true, force: true });
});

function visibleText(page: Page) {
  return page.locator('.remark-slides-area .remark-visible .remark-slide-content');
}

/** A page in a browser of its own (one person's), on the deck. */
async function openAs(browser: Browser, address: string): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  contexts.push(context);
  const page = await context.newPage();
  const errors = recordErrors(page);
  await page.goto(address);
  await waitForDeck(page);
  return { page, errors };
}

const markNotReloaded = (page: Page) => page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));
const notReloaded = (page: Page) => page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded === true);

test('saving a chapter updates the open slide in place; a broken save shows the presenter the error, never an attendee', async ({ browser }) => {
  await startDevServer();
  const presenter = await openAs(browser, presenterUrl());
  const attendee = await openAs(browser, url);

  // A content slide of the first chapter, found through the model.
  const target = await presenter.page.evaluate(() => window.deck.slides.find((s) => s.kind === 'content' && s.title && s.step === 0)!);
  await presenter.page.evaluate((n) => window.slideshow.gotoSlide(n), target.index + 1);
  await expectOnSlide(attendee.page, target.index);
  for (const { page } of [presenter, attendee]) await markNotReloaded(page);
  const file = path.join(folder, path.basename(target.source.file));
  const original = readFileSync(file, 'utf8');

  writeFileSync(file, original.replace(`## ${target.title}`, `## ${target.title} (edited live)`));
  for (const { page } of [presenter, attendee]) {
    await expect(visibleText(page)).toContainText(`${target.title} (edited live)`);
    expect(await currentSlide(page)).toBe(target.index);
    expect(await notReloaded(page)).toBe(true);
  }

  // A broken save: an unclosed callout. The presenter's overlay names the file and line; the slide stays.
  const broken = original.replace(`## ${target.title}`, `## ${target.title} (edited live)\n\n.exercise[ never closed`);
  writeFileSync(file, broken);
  const overlay = presenter.page.locator('vite-error-overlay');
  await expect(overlay).toBeAttached();
  const brokenLine = broken.split('\n').findIndex((line) => line.includes('.exercise[ never closed')) + 1;
  await expect(overlay.locator('.message-body')).toContainText(`${path.basename(file)}:${brokenLine}:1`);
  await expect(visibleText(presenter.page)).toContainText(`${target.title} (edited live)`);
  expect(await currentSlide(presenter.page)).toBe(target.index);
  // The attendee never gets it (nor the author's paths): the last good deck stays, even on a reload.
  await expect(attendee.page.locator('vite-error-overlay')).toHaveCount(0);
  await expect(visibleText(attendee.page)).toContainText(`${target.title} (edited live)`);
  const late = await openAs(browser, url);
  await expect(visibleText(late.page)).toContainText(`${target.title} (edited live)`);
  await expectOnSlide(late.page, target.index);
  // A presenter page opened now gets the last good deck and the error.
  const latePresenter = await openAs(browser, presenterUrl());
  await expect(latePresenter.page.locator('vite-error-overlay .message-body')).toContainText(`${path.basename(file)}:${brokenLine}:1`);
  await expect(attendee.page.locator('vite-error-overlay')).toHaveCount(0);
  await expect(late.page.locator('vite-error-overlay')).toHaveCount(0);

  // Fixing it clears the overlay and shows the fix everywhere, still without a reload.
  writeFileSync(file, original);
  await expect(overlay).not.toBeAttached();
  await expect(latePresenter.page.locator('vite-error-overlay')).not.toBeAttached();
  for (const { page } of [presenter, attendee, late]) {
    await expect(visibleText(page)).not.toContainText('(edited live)');
    await expect(visibleText(page)).toContainText(target.title!);
  }
  expect(await notReloaded(presenter.page)).toBe(true);
  expect(await notReloaded(attendee.page)).toBe(true);
  for (const { page } of [presenter, attendee, late, latePresenter]) await expect(page.locator('vite-error-overlay')).toHaveCount(0);
  expect([...presenter.errors, ...attendee.errors, ...late.errors, ...latePresenter.errors]).toEqual([]);
});

test('a dev server started on a broken deck shows the error to the presenter only, and the fix brings the deck up everywhere', async ({ browser }) => {
  const original = readFileSync('slides/spark.md', 'utf8');
  await startDevServer((copy) => writeFileSync(path.join(copy, 'spark.md'), `${original}\n---\n\n\`\`\`bash\nnever closed\n`));
  const file = path.join(folder, 'spark.md');
  const brokenLine = original.split('\n').length + 3;
  const presenterContext = await browser.newContext();
  contexts.push(presenterContext);
  const presenter = await presenterContext.newPage();
  await presenter.goto(presenterUrl());
  const overlay = presenter.locator('vite-error-overlay');
  // The first page load of a fresh dev server pre-bundles dependencies: give it time on a busy machine.
  await expect(overlay.locator('.message-body')).toContainText(`spark.md:${brokenLine}:1`, { timeout: 20_000 });
  const attendeeContext = await browser.newContext();
  contexts.push(attendeeContext);
  const attendee = await attendeeContext.newPage();
  const connected = attendee.waitForEvent('console', (message) => message.text().includes('[vite] connected'));
  // Its own request for the deck fails, which Vite tells every page it serves: not this one.
  const deckRequest = attendee.waitForResponse((response) => /virtual:deck(\?|$)/.test(response.url()));
  await attendee.goto(url);
  expect((await deckRequest).status()).toBe(500);
  await connected;
  await expect(presenter.locator('vite-error-overlay .message-body')).toContainText(`spark.md:${brokenLine}:1`);
  expect(await attendee.locator('vite-error-overlay').count()).toBe(0);

  writeFileSync(file, original);
  for (const page of [presenter, attendee]) {
    await waitForDeck(page);
    await expect(page.locator('vite-error-overlay')).not.toBeAttached();
    expect(await page.evaluate(() => window.slideshow.getSlideCount())).toBe(await page.evaluate(() => window.deck.slides.length));
  }
});

test('a slide inserted above the current one keeps the presenter, the console and the attendees on the same slide content', async ({ browser }) => {
  await startDevServer();
  const presenter = await openAs(browser, presenterUrl());
  const attendee = await openAs(browser, url);
  const target = loaderModel(path.join(folder, 'workshop.yml')).slides.find((s) => s.kind === 'content' && s.title && s.step === 0 && s.notes && s.index > 6)!;
  await presenter.page.evaluate((n) => window.slideshow.gotoSlide(n), target.index + 1);
  await expectOnSlide(attendee.page, target.index);
  await presenter.page.keyboard.press('p');
  await expect(presenter.page.locator('.presenter-console')).toBeVisible();
  await expect(presenter.page.locator('.console-notes-body')).toContainText(markdownToText(target.notes).slice(0, 30));
  const file = path.join(folder, path.basename(target.source.file));
  const original = readFileSync(file, 'utf8');
  const count = await presenter.page.evaluate(() => window.slideshow.getSlideCount());

  // Notes edited: the console's notes follow (the slide re-renders in place).
  const edited = original.replace(target.notes.split('\n')[0], `${target.notes.split('\n')[0]} (new note)`);
  writeFileSync(file, edited);
  await expect(presenter.page.locator('.console-notes-body')).toContainText('(new note)');

  // A slide above the current one: everyone moves down one, to the same slide content, and
  // nobody shows another slide meanwhile (the slide now at the old number is the inserted one).
  for (const { page } of [presenter, attendee]) await recordShownSlides(page);
  writeFileSync(file, edited.replace(`## ${target.title}`, `## Inserted slide\n\n---\n\n## ${target.title}`));
  for (const { page } of [presenter, attendee]) {
    await expect.poll(() => page.evaluate(() => window.slideshow.getSlideCount())).toBe(count + 1);
    await expectOnSlide(page, target.index + 1);
    await expect(visibleText(page).locator('h2').first()).toHaveText(target.title!);
  }
  await expect(presenter.page.locator('.console-slide-number')).toHaveText(`Slide ${target.index + 2} of ${count + 1}`);
  // The server heard where the presenter stands now: a page opened now lands there.
  const late = await openAs(browser, url);
  await expectOnSlide(late.page, target.index + 1);
  // And the presenter goes on from there, the attendees with them. The attendee has now heard
  // every earlier move (a stream keeps its order): it never showed another slide on the way.
  await presenter.page.keyboard.press('ArrowRight');
  await expectOnSlide(attendee.page, target.index + 2);
  for (const { page } of [presenter, attendee]) expect(await shownSlides(page), 'slides shown since the insertion').toEqual([target.index + 1, target.index + 2]);

  // A slide removed above: up one, still the same content.
  writeFileSync(file, edited);
  for (const { page } of [presenter, attendee, late]) {
    await expect.poll(() => page.evaluate(() => window.slideshow.getSlideCount())).toBe(count);
    await expectOnSlide(page, target.index + 1);
  }
  expect([...presenter.errors, ...attendee.errors, ...late.errors]).toEqual([]);
});

test('slides render on demand: a save re-renders a rendered slide off screen, and one not rendered yet shows the save when reached', async ({ page }) => {
  await startDevServer();
  await page.goto(url);
  await page.waitForFunction(() => document.documentElement.dataset.deckReady === 'true');
  const containers = '.remark-slides-area > .remark-slide-container';
  const slides = await page.evaluate(() => window.deck.slides);
  // Slide 2 (the contents) is rendered beside the first; a content slide far away is not.
  const rendered = slides[1];
  const later = slides.find((s) => s.index > 10 && s.kind === 'content' && s.title && s.step === 0 && s.lastStep)!;
  const isRendered = (index: number) => page.evaluate(([selector, i]) => !!document.querySelectorAll(selector as string)[i as number].firstElementChild, [containers, index] as const);
  expect(await isRendered(rendered.index)).toBe(true);
  expect(await isRendered(later.index)).toBe(false);

  const laterFile = path.join(folder, path.basename(later.source.file));
  const laterOriginal = readFileSync(laterFile, 'utf8');
  writeFileSync(laterFile, laterOriginal.replace(`## ${later.title}`, `## ${later.title} (saved while not rendered)`));
  await expect.poll(() => page.evaluate((i) => window.deck.slides[i].title, later.index)).toBe(`${later.title} (saved while not rendered)`);
  await page.evaluate((n) => window.slideshow.gotoSlide(n), later.index + 1);
  await expect(visibleText(page).locator('h2').first()).toHaveText(`${later.title} (saved while not rendered)`);

  // The manifest's title is on the title slide and in the contents: edit a contents entry's chapter title instead.
  const chapter = slides.find((s) => s.kind === 'chapter-title')!;
  const chapterFile = path.join(folder, path.basename(chapter.source.file));
  const chapterOriginal = readFileSync(chapterFile, 'utf8');
  const heading = `# ${chapterOriginal.split('\n').find((line) => line.startsWith('# '))!.slice(2)}`;
  const contentsText = () => page.evaluate(([selector, i]) => document.querySelectorAll(selector as string)[i as number].textContent ?? '', [containers, rendered.index] as const);
  expect(await contentsText()).not.toContain('(renamed)');
  writeFileSync(chapterFile, chapterOriginal.replace(heading, `${heading} (renamed)`));
  await expect.poll(contentsText).toContain('(renamed)');
});
