/**
 * `npm run dev`: saving a chapter updates the open deck in place, on the same slide, without a
 * page reload; a loader error shows in Vite's overlay while the last good deck stays on screen.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import type { ViteDevServer } from 'vite';
import { loadDeck } from '../../src/node/load-deck.ts';
import { followSettingsFromEnv } from '../../src/server/follow-settings.ts';
import { currentSlide, startDevServer as startDevServerFor, stopDevServer, waitForDeck } from './helpers.ts';

let folder: string;
let server: ViteDevServer;
let url: string;
/** The presenter's secret on these dev servers: the presenter view (`P`) is the presenter's alone. */
const token = 'hot-reload-presenter-secret';

/** A copy of the workshop in a temporary folder, served by a Vite dev server of its own. */
async function startDevServer(): Promise<void> {
  folder = mkdtempSync(path.join(tmpdir(), 'deck-hot-'));
  cpSync('slides', folder, { recursive: true });
  ({ server, url } = await startDevServerFor(path.join(folder, 'workshop.yml'), followSettingsFromEnv({ DECK_PRESENTER_TOKEN: token })));
}

test.afterEach(async () => {
  await stopDevServer(server);
  rmSync(folder, { recursive: true, force: true });
});

function visibleText(page: Page) {
  return page.locator('.remark-slides-area .remark-visible .remark-slide-content');
}

test('saving a chapter updates the open slide in place, and errors keep the last good deck', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await startDevServer();
  await page.goto(url);
  await waitForDeck(page);

  // A content slide of the first chapter, found through the model.
  const target = await page.evaluate(() => window.deck.slides.find((s) => s.kind === 'content' && s.title && s.step === 0)!);
  await page.evaluate((n) => window.slideshow.gotoSlide(n), target.index + 1);
  await page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));
  const file = path.join(folder, path.basename(target.source.file));
  const original = readFileSync(file, 'utf8');

  writeFileSync(file, original.replace(`## ${target.title}`, `## ${target.title} (edited live)`));
  await expect(visibleText(page)).toContainText(`${target.title} (edited live)`);
  expect(await currentSlide(page)).toBe(target.index);
  expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);

  // A broken save: an unclosed callout. The overlay names the file and line; the slide stays.
  const broken = original.replace(`## ${target.title}`, `## ${target.title} (edited live)\n\n.exercise[ never closed`);
  writeFileSync(file, broken);
  const overlay = page.locator('vite-error-overlay');
  await expect(overlay).toBeAttached();
  const brokenLine = broken.split('\n').findIndex((line) => line.includes('.exercise[ never closed')) + 1;
  await expect(overlay.locator('.message-body')).toContainText(`${path.basename(file)}:${brokenLine}:1`);
  await expect(visibleText(page)).toContainText(`${target.title} (edited live)`);
  expect(await currentSlide(page)).toBe(target.index);

  // Fixing it clears the overlay and shows the fix, still without a reload.
  writeFileSync(file, original);
  await expect(overlay).not.toBeAttached();
  await expect(visibleText(page)).not.toContainText('(edited live)');
  await expect(visibleText(page)).toContainText(target.title!);
  expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
  expect(errors).toEqual([]);
});

test('a dev server started on a broken deck shows the error, and the fix brings the deck up', async ({ page }) => {
  await startDevServer();
  const file = path.join(folder, 'spark.md');
  const original = readFileSync(file, 'utf8');
  writeFileSync(file, `${original}\n---\n\n\`\`\`bash\nnever closed\n`);
  const brokenLine = original.split('\n').length + 3;
  await page.goto(url);
  const overlay = page.locator('vite-error-overlay');
  await expect(overlay.locator('.message-body')).toContainText(`spark.md:${brokenLine}:1`);

  writeFileSync(file, original);
  await waitForDeck(page);
  await expect(overlay).not.toBeAttached();
  expect(await page.evaluate(() => window.slideshow.getSlideCount())).toBe(await page.evaluate(() => window.deck.slides.length));
});

test('a save re-renders only the slide that changed; a new slide re-renders the deck', async ({ page }) => {
  await startDevServer();
  await page.goto(`${url}#presenter=${token}`);
  await waitForDeck(page);
  // The page's model has no notes (src/shared/page-deck.ts): the loader's has.
  const target = loadDeck(path.join(folder, 'workshop.yml')).deck!.slides.find((s) => s.kind === 'content' && s.title && s.step === 0 && s.notes)!;
  await page.evaluate((n) => window.slideshow.gotoSlide(n), target.index + 1);
  const contents = '.remark-slides-area > .remark-slide-container .remark-slide-content';
  // Tag the title slide's element: it survives a patch, not a full render.
  const tagTitleSlide = () => page.evaluate((selector) => ((document.querySelector(selector) as HTMLElement & { kept?: boolean }).kept = true), contents);
  const titleSlideKept = () => page.evaluate((selector) => (document.querySelector(selector) as HTMLElement & { kept?: boolean }).kept === true, contents);
  await tagTitleSlide();
  await page.keyboard.press('p');
  const file = path.join(folder, path.basename(target.source.file));
  const original = readFileSync(file, 'utf8');

  const firstNote = target.notes.split('\n')[0];
  const edited = original.replace(`## ${target.title}`, `## ${target.title} (patched)`).replace(firstNote, `${firstNote} (new note)`);
  writeFileSync(file, edited);
  await expect(visibleText(page)).toContainText(`${target.title} (patched)`);
  // The presenter's notes for the current slide follow the edit too.
  await expect(page.locator('.remark-notes')).toContainText('(new note)');
  expect(await titleSlideKept()).toBe(true);
  expect(await currentSlide(page)).toBe(target.index);

  // A slide added before the current one changes the deck's shape: everything is re-rendered,
  // the slide count grows, and the presenter keeps the slide index they were on.
  const count = await page.evaluate(() => window.slideshow.getSlideCount());
  writeFileSync(file, edited.replace(`## ${target.title} (patched)`, `## Inserted slide\n\n---\n\n## ${target.title} (patched)`));
  await expect.poll(() => page.evaluate(() => window.slideshow.getSlideCount())).toBe(count + 1);
  expect(await titleSlideKept()).toBe(false);
  expect(await page.evaluate(() => window.deck.slides.length)).toBe(count + 1);
  await page.keyboard.press('p');
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
