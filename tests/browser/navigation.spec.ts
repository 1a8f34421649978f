/**
 * Moving around the deck the way a presenter does: arrows, typed numbers, links, the contents
 * slide, keys. remark's presenting keys (P, B) are tried on a plain static host, where whoever
 * opened the deck keeps them; attendees of the follow server do not have them (attendee-laptop.spec.ts).
 */
import { expect, test } from '@playwright/test';
import { expectSlide, loaderModel, markdownToText, normaliseSpace, openDeck, showSlide, shownSlide, visibleSlideSelector } from './helpers.ts';
import { startStaticDeck, type DeckServer } from './screens-helpers.ts';

let staticHost: DeckServer;
test.beforeAll(async () => {
  staticHost = await startStaticDeck();
});
test.afterAll(() => staticHost.stop());

test('ArrowRight and ArrowLeft move one slide at a time', async ({ page }) => {
  const deck = await openDeck(page);
  const total = deck.slides.length;
  expect(total).toBeGreaterThan(3);
  await expectSlide(page, 0, total);
  await page.keyboard.press('ArrowRight');
  await expectSlide(page, 1, total);
  await page.keyboard.press('ArrowRight');
  await expectSlide(page, 2, total);
  await page.keyboard.press('ArrowLeft');
  await expectSlide(page, 1, total);
  await page.keyboard.press('ArrowLeft');
  await expectSlide(page, 0, total);
  // No slide before the first.
  await page.keyboard.press('ArrowLeft');
  await expectSlide(page, 0, total);
  // The visible slide is the model's slide: its heading is the model's title.
  await page.keyboard.press('ArrowRight');
  await expectSlide(page, 1, total);
  await expect(page.locator(`${visibleSlideSelector} .remark-slide-content`).locator('h1, h2').first()).toHaveText(deck.slides[1].title!);
});

test('typing a slide number then Enter jumps to that slide', async ({ page }) => {
  const deck = await openDeck(page);
  const total = deck.slides.length;
  const target = Math.min(12, total);
  await page.keyboard.type(String(target));
  await page.keyboard.press('Enter');
  await expectSlide(page, target - 1, total);
  await page.keyboard.type(String(total));
  await page.keyboard.press('Enter');
  await expectSlide(page, total - 1, total);
});

test('opening /#N lands on slide N', async ({ page }) => {
  const deck = await openDeck(page, './#20');
  const total = deck.slides.length;
  expect(total).toBeGreaterThanOrEqual(20);
  await expectSlide(page, 19, total);
  await expect(page.locator(`${visibleSlideSelector} .remark-slide-content`).locator('h1, h2').first()).toHaveText(deck.slides[19].title!);
});

test("clicking a contents entry goes to that chapter's title slide", async ({ page }) => {
  const deck = await openDeck(page, './#2');
  const total = deck.slides.length;
  expect(deck.slides[1].kind).toBe('toc');
  await expectSlide(page, 1, total);
  const entries = page.locator(`${visibleSlideSelector} ol.toc a`);
  expect(deck.chapters.length, 'the deck has chapters').toBeGreaterThan(0);
  await expect(entries).toHaveCount(deck.chapters.length);

  for (const chapter of deck.chapters) {
    await test.step(`chapter ${chapter.number}: ${chapter.title}`, async () => {
      const entry = page.locator(`${visibleSlideSelector} ol.toc a`).nth(chapter.index);
      await expect(entry.locator('.toc-title')).toHaveText(chapter.title);
      // The slide number printed in the contents is where the chapter really starts.
      await expect(entry.locator('.toc-page')).toHaveText(String(chapter.firstSlide + 1));
      await entry.click();
      await expectSlide(page, chapter.firstSlide, total);
      await expect(page.locator(`${visibleSlideSelector} .remark-slide-content h1`)).toHaveText(chapter.title);
      // Back to the contents for the next entry (see the next test for why not by keyboard).
      await showSlide(page, 1);
      await expectSlide(page, 1, total);
    });
  }
});

test('right after clicking a contents entry, typing a slide number and Enter goes to that slide', async ({ page }) => {
  // A presenter who clicks the wrong chapter and at once types "2 Enter" to get back to the contents.
  const deck = await openDeck(page, './#2');
  const total = deck.slides.length;
  const chapter = deck.chapters[deck.chapters.length - 1];
  await page.locator(`${visibleSlideSelector} ol.toc a`).nth(chapter.index).click();
  await expectSlide(page, chapter.firstSlide, total);
  await page.keyboard.type('2');
  await page.keyboard.press('Enter');
  // Fails while the clicked link keeps the keyboard focus: the contents slide stays on screen
  // (remark-fading) for a second, and Enter follows the focused link back to the chapter.
  await expectSlide(page, 1, total);
});

test('on a static host, p opens the presenter console: the current slide notes, the next slide and a clock; p leaves it', async ({ page }) => {
  await openDeck(page, staticHost.attendees);
  const deck = loaderModel();
  const total = deck.slides.length;
  const withNotes = deck.slides.find((slide) => slide.kind === 'chapter-title' && slide.notes.trim());
  expect(withNotes, 'a chapter title slide has speaker notes').toBeDefined();
  await page.keyboard.type(String(withNotes!.index + 1));
  await page.keyboard.press('Enter');
  await expectSlide(page, withNotes!.index, total);

  const consoleRoot = page.locator('.presenter-console');
  const notes = page.locator('.console-notes-body');
  await expect(consoleRoot).toHaveCount(0); // loaded when first opened
  await page.keyboard.press('p');
  await expect(consoleRoot).toBeVisible();
  await expect(page.locator('body')).not.toHaveClass(/\bremark-presenter-mode\b/);
  expect(normaliseSpace(await notes.innerText())).toBe(markdownToText(withNotes!.notes));
  await expect(page.locator('.console-next-frame h1, .console-next-frame h2').first()).toHaveText(deck.slides[withNotes!.index + 1].title!);
  await expect(page.locator('.console-elapsed')).toHaveText(/^\d+:\d{2}:\d{2}$/);
  await expect(page.locator('.console-status')).toHaveText('This browser keeps the clock (no follow server)');

  // The notes follow the presenter through the rest of the deck, `--` steps included.
  const mismatches: string[] = [];
  for (let i = withNotes!.index + 1; i < total; i++) {
    await page.keyboard.press('ArrowRight');
    await expect.poll(async () => (await shownSlide(page)).current).toBe(i);
    const shown = normaliseSpace(await notes.innerText());
    const expected = markdownToText(deck.slides[i].notes) || 'No notes for this slide.';
    if (shown !== expected) mismatches.push(`slide ${i + 1}: shows "${shown.slice(0, 80)}", model has "${expected.slice(0, 80)}"`);
  }
  expect(mismatches, 'slides whose presenter notes differ from the model').toEqual([]);
  await expect(page.locator('.console-next-frame')).toHaveText('End of the deck');
  // The first move started this browser's clock.
  await expect(consoleRoot).toHaveAttribute('data-clock', 'running');

  await page.keyboard.press('p');
  await expect(consoleRoot).toBeHidden();
  await expect(page.locator('.remark-notes-area')).toBeHidden();
});

test('blackout (b) blanks the screen and b brings the slide back', async ({ page }) => {
  await openDeck(page, staticHost.attendees);
  const body = page.locator('body');
  const backdrop = page.locator('.remark-backdrop');
  await expect(backdrop).toBeHidden();
  await page.keyboard.press('b');
  await expect(body).toHaveClass(/\bremark-blackout-mode\b/);
  await expect(backdrop).toBeVisible();
  // The backdrop covers the whole window, in black.
  const cover = await backdrop.evaluate((el) => {
    const r = el.getBoundingClientRect();
    return { w: r.width, h: r.height, bg: getComputedStyle(el).backgroundColor, opacity: Number(getComputedStyle(el).opacity) };
  });
  expect(cover.w).toBeGreaterThanOrEqual(page.viewportSize()!.width);
  expect(cover.h).toBeGreaterThanOrEqual(page.viewportSize()!.height);
  expect(cover.bg).toBe('rgb(0, 0, 0)');
  expect(cover.opacity).toBeGreaterThan(0.9);
  await page.keyboard.press('b');
  await expect(body).not.toHaveClass(/\bremark-blackout-mode\b/);
  await expect(backdrop).toBeHidden();
});

test('help (? or h) lists the keys in place of remark\'s overlay; Escape closes it and focus comes back', async ({ page }) => {
  await openDeck(page, staticHost.attendees);
  const help = page.getByRole('dialog', { name: 'Keys' });
  await expect(help).toBeHidden();
  await page.keyboard.press('?');
  await expect(help).toBeVisible();
  await expect(help).toContainText('Keyboard');
  await expect(page.locator('.remark-help')).toBeHidden();
  await page.keyboard.press('?');
  await expect(help).toBeHidden();
  await page.keyboard.press('h');
  await expect(help).toBeVisible();
  await expect(help.getByRole('button', { name: 'Close' })).toBeFocused();
  // Keys are the dialog's while it is open.
  await page.keyboard.press('ArrowRight');
  expect(await page.evaluate(() => window.slideshow.getCurrentSlideIndex())).toBe(0);
  await page.keyboard.press('Escape');
  await expect(help).toBeHidden();
  await expect(page.locator('body')).not.toHaveClass(/\bremark-help-mode\b/);
});

test('slides render on demand: at start only the first and its neighbours; #N, the presenter view and printing render what they show', async ({ page, context }) => {
  const deck = await openDeck(page);
  const total = deck.slides.length;
  const renderedSlides = () =>
    page.evaluate(() => Array.from(document.querySelectorAll('.remark-slides-area > .remark-slide-container'), (c, i) => (c.querySelector('.remark-slide-content') ? i : -1)).filter((i) => i >= 0));
  // Every slide has its container (tools count them); only a few have content yet.
  await expect(page.locator('.remark-slides-area > .remark-slide-container')).toHaveCount(total);
  // The first slide and the next (the presenter's preview), then the one after and the one before when idle.
  await expect.poll(renderedSlides).toEqual([0, 1, 2]);
  expect(await page.evaluate(() => window.slideshow.getSlideCount())).toBe(total);

  // A slide far away, opened by its address: rendered when shown, with the next one for the presenter's preview.
  const target = deck.slides.findIndex((slide, i) => i > 20 && slide.title && deck.slides[i + 1]?.title && deck.slides[i + 1].step === 0);
  expect(target, 'a titled slide after 20 followed by another').toBeGreaterThan(20);
  await page.close();
  page = await context.newPage();
  await openDeck(page, `./#${target + 1}`);
  await expectSlide(page, target, total);
  await expect(page.locator(`${visibleSlideSelector} .remark-slide-content`).locator('h1, h2').first()).toHaveText(deck.slides[target].title!);
  expect(await renderedSlides()).toEqual(expect.arrayContaining([target, target + 1]));
  expect((await renderedSlides()).length).toBeLessThanOrEqual(4);
  await page.keyboard.press('p');
  await expect(page.locator('.remark-preview-area .remark-slide-content').locator('h1, h2').first()).toHaveText(deck.slides[target + 1].title!);
  await page.keyboard.press('p');

  // Printing renders every slide first (the browser's beforeprint).
  await page.emulateMedia({ media: 'screen' });
  await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
  expect(await renderedSlides()).toHaveLength(total);
});

test('the overview (O) fills its tiles with their slides as they scroll into view', async ({ page }) => {
  const deck = await openDeck(page);
  const written = deck.slides.filter((slide) => slide.step === 0);
  await page.keyboard.press('o');
  const tiles = page.locator('.overview-tile');
  await expect(tiles).toHaveCount(written.length);
  const filled = () => page.evaluate(() => Array.from(document.querySelectorAll<HTMLElement>('.overview-tile'), (tile) => !!tile.querySelector('.overview-scaler .remark-slide')));
  // The first tiles show their slides (with their headings); the last, a few screens down, not yet.
  await expect(tiles.first().locator('.overview-scaler .remark-slide-content h1')).toHaveText(deck.title);
  await expect.poll(async () => (await filled()).at(-1)).toBe(false);
  const lastTitle = written.at(-1)!.title!;
  await page.keyboard.press('End');
  await expect(tiles.last().locator('.overview-scaler .remark-slide-content').locator('h1, h2').first()).toHaveText(lastTitle);
  // A tile's clone keeps no id of the slide it shows (names are link targets).
  expect(await page.evaluate(() => document.querySelectorAll('.overview [id]').length)).toBe(0);
  await page.keyboard.press('Escape');
  await expect(tiles).toHaveCount(0);
});
