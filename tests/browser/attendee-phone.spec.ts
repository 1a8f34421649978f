/**
 * An attendee on a phone (390x844, touch): the reading view at readable sizes, taps that do what
 * they touch and never navigate, swipes that do, a menu for the finger, controls of 44px or more.
 */
import { expect, test } from '@playwright/test';
import { expectSlide, openDeck, visibleSlideSelector } from './helpers.ts';
import { answerExternalLinks, firstSlideWith, fontSize, phone, screenshot, smallControls, swipe, tap } from './screens-helpers.ts';

test.use(phone);

const visible = visibleSlideSelector;
const controls = '.deck-menu-button, .deck-menu-item, .reading-nav, .follow-live, .copy-code, a.link-card, .deck-help-close, .blackout-dim-card button';

test('the first load on the wire: the page\'s JavaScript within 50 kB, every text file sent compressed', async ({ page }) => {
  const loaded: Array<{ url: string; type: string; bytes: number; encoding?: string }> = [];
  page.on('requestfinished', async (request) => {
    const response = await request.response();
    const { responseBodySize } = await request.sizes();
    loaded.push({ url: request.url(), type: request.resourceType(), bytes: responseBodySize, encoding: response?.headers()['content-encoding'] });
  });
  await openDeck(page);
  // Everything asked for before the deck was ready has arrived (its sizes are read when it finishes).
  await expect.poll(() => loaded.some((entry) => entry.type === 'font')).toBe(true);
  const bytes = (type: string) => loaded.filter((entry) => entry.type === type).reduce((total, entry) => total + entry.bytes, 0);
  expect(bytes('script')).toBeGreaterThan(10 * 1024);
  expect(bytes('script'), 'JavaScript received, compressed').toBeLessThanOrEqual(50 * 1024);
  for (const entry of loaded.filter((e) => ['document', 'script', 'stylesheet'].includes(e.type))) expect(entry.encoding, entry.url).toBe('br');
  test.info().annotations.push({ type: 'first load', description: ['document', 'script', 'stylesheet', 'font'].map((type) => `${type} ${(bytes(type) / 1024).toFixed(1)} kB`).join(', ') });
});

test('the reading view: on by itself upright, text 16px or more, code 13px or more and scrolling sideways, images to the width', async ({ page }) => {
  const deck = await openDeck(page);
  await expect(page.locator('html')).toHaveAttribute('data-reading', 'on');
  const code = await firstSlideWith(page, '.remark-slide-content pre code');
  const exercise = deck.exercises[0].slide;
  for (const index of [0, 1, code, exercise]) {
    await page.evaluate((n) => window.slideshow.gotoSlide(n + 1), index);
    await expectSlide(page, index, deck.slides.length);
    // Unscaled: what the computed style says is what the eye gets.
    expect(await page.locator(`${visible} .remark-slide-scaler`).evaluate((el) => getComputedStyle(el).transform)).toBe('none');
    for (const text of ['li', 'p']) {
      const found = await page.locator(`${visible} .remark-slide-content ${text}`).count();
      if (found) expect(await fontSize(page, `.remark-slide-content ${text}`), `slide ${index + 1} ${text}`).toBeGreaterThanOrEqual(16);
    }
  }

  await page.evaluate((n) => window.slideshow.gotoSlide(n + 1), code);
  expect(await fontSize(page, 'pre code')).toBeGreaterThanOrEqual(13);
  const block = page.locator(`${visible} pre code`).first();
  expect(await block.evaluate((el) => getComputedStyle(el).overflowX)).toBe('auto');
  // The slide's text fits the screen's width; only the code scrolls, sideways, inside its block.
  const widths = await page.locator(`${visible} .remark-slide-content`).evaluate((el) => ({ content: el.scrollWidth, screen: window.innerWidth }));
  expect(widths.content).toBeLessThanOrEqual(widths.screen);

  // An image wider than the phone is set to the width.
  const image = await page.locator(`${visible} .remark-slide-content`).evaluate((content) => {
    const img = document.createElement('img');
    img.src = `data:image/svg+xml,${encodeURIComponent('<svg xmlns="http://www.w3.org/2000/svg" width="1600" height="400"/>')}`;
    content.append(img);
    return new Promise<number>((resolve) => (img.onload = () => resolve(img.getBoundingClientRect().right)));
  });
  expect(image).toBeLessThanOrEqual(390);

  expect(await smallControls(page, controls)).toEqual([]);
  await screenshot(page, 'phone-reading-code');
  await page.evaluate((n) => window.slideshow.gotoSlide(n + 1), exercise);
  expect(await smallControls(page, controls)).toEqual([]);
  await screenshot(page, 'phone-reading-exercise');
  await page.emulateMedia({ colorScheme: 'dark' });
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await screenshot(page, 'phone-reading-exercise-dark');
  await page.evaluate(() => window.slideshow.gotoSlide(1));
  await screenshot(page, 'phone-reading-title-dark');
});

test('taps on Copy, code and links never navigate; Copy copies; a link opens a new page; swipes navigate', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await answerExternalLinks(context);
  const deck = await openDeck(page);
  const total = deck.slides.length;
  const code = await firstSlideWith(page, '.remark-slide-content pre code');
  await page.evaluate((n) => window.slideshow.gotoSlide(n + 1), code);
  await expectSlide(page, code, total);

  const copy = page.locator(`${visible} .copy-code`).first();
  await tap(page, copy);
  await expect(copy).toHaveText('Copied');
  const lines = await page.locator(`${visible} pre`).first().locator('.remark-code-line').allTextContents();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(lines.join('\n'));
  await tap(page, page.locator(`${visible} pre code .remark-code-line`).first());
  await expectSlide(page, code, total);

  // The exercise's link card: a new page, the deck stays where it was.
  const exercise = deck.exercises[0].slide;
  await page.evaluate((n) => window.slideshow.gotoSlide(n + 1), exercise);
  const card = page.locator(`${visible} a.link-card`).first();
  const [opened] = await Promise.all([context.waitForEvent('page'), tap(page, card)]);
  expect(opened.url()).toBe(await card.getAttribute('href'));
  await opened.close();
  await expectSlide(page, exercise, total);

  // Swipes: right to left is next, left to right previous, wherever they start on the slide's text.
  await swipe(page, { x: 320, y: 420 }, { x: 60, y: 430 });
  await expectSlide(page, exercise + 1, total);
  await swipe(page, { x: 60, y: 420 }, { x: 330, y: 410 });
  await expectSlide(page, exercise, total);
  // A swipe on a code block that scrolls sideways scrolls it, and stays on the slide.
  await page.evaluate((n) => window.slideshow.gotoSlide(n + 1), code);
  const block = page.locator(`${visible} pre code`).first();
  const box = (await block.boundingBox())!;
  expect(await block.evaluate((el) => el.scrollWidth > el.clientWidth), 'the code block is wider than the phone').toBe(true);
  await swipe(page, { x: box.x + box.width - 20, y: box.y + 30 }, { x: box.x + 20, y: box.y + 35 });
  await expectSlide(page, code, total);
  expect(await block.evaluate((el) => el.scrollLeft)).toBeGreaterThan(0);
  // A vertical drag scrolls the page, and stays on the slide.
  await swipe(page, { x: 200, y: 700 }, { x: 205, y: 300 });
  await expectSlide(page, code, total);
});

test('the menu by touch: all slides, reading view off and remembered, back to slides; taps in the slide view', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await answerExternalLinks(context);
  const deck = await openDeck(page);
  const total = deck.slides.length;
  const button = page.locator('.deck-menu-button');
  await expect(button).toHaveAttribute('aria-expanded', 'false');
  await tap(page, button);
  const menu = page.locator('#deck-menu');
  await expect(menu).toBeVisible();
  await expect(button).toHaveAttribute('aria-expanded', 'true');
  await expect(menu.getByRole('menuitem')).toHaveText([/^All slides/, /^Keys and gestures/]);
  await expect(menu.getByRole('menuitemcheckbox', { name: 'Reading view' })).toHaveAttribute('aria-checked', 'true');
  expect(await smallControls(page, controls)).toEqual([]);
  await screenshot(page, 'phone-menu-open');

  await tap(page, menu.getByRole('menuitem', { name: 'All slides' }));
  await expect(page.locator('.overview')).toBeVisible();
  await expect(menu).toBeHidden();
  await screenshot(page, 'phone-overview');
  // The tiles are slides as the room sees them, not as the reading view lays them out.
  expect(await page.locator('.overview .copy-code').first().evaluate((el) => getComputedStyle(el).position)).toBe('absolute');
  await tap(page, page.locator('.overview-tile').nth(3));
  await expect(page.locator('.overview')).toBeHidden();
  await expectSlide(page, 3, total);

  await tap(page, button);
  await tap(page, menu.getByRole('menuitemcheckbox', { name: 'Reading view' }));
  await expect(page.locator('html')).not.toHaveAttribute('data-reading', /.*/);
  await page.reload();
  await openDeck(page);
  await expect(page.locator('html')).not.toHaveAttribute('data-reading', /.*/);
  await screenshot(page, 'phone-slide-view');

  // The slide view: a tap on the right half moves on, on the left half back; on a link, nothing.
  await page.evaluate(() => window.slideshow.gotoSlide(3));
  const slide = (await page.locator(`${visible} .remark-slide-scaler`).boundingBox())!;
  await page.touchscreen.tap(slide.x + slide.width * 0.8, slide.y + slide.height * 0.8);
  await expectSlide(page, 3, total);
  await page.touchscreen.tap(slide.x + slide.width * 0.2, slide.y + slide.height * 0.8);
  await expectSlide(page, 2, total);
  await page.evaluate(() => window.slideshow.gotoSlide(2));
  await tap(page, page.locator(`${visible} ol.toc a`).first());
  // The contents link goes where it says (a slide of the deck), not one slide on or back.
  await expectSlide(page, deck.chapters[0].firstSlide, total);

  // On the scaled slide too: Copy (hit from 20 screen pixels off its middle), code and link cards stay put.
  const code = await firstSlideWith(page, '.remark-slide-content pre code');
  await page.evaluate((n) => window.slideshow.gotoSlide(n + 1), code);
  const copy = page.locator(`${visible} .copy-code`).first();
  const copyBox = (await copy.boundingBox())!;
  expect(copyBox.height, 'the button itself is small on a scaled slide').toBeLessThan(44);
  await page.touchscreen.tap(copyBox.x + copyBox.width / 2 - 20, copyBox.y + copyBox.height / 2 + 18);
  await expect(copy).toHaveText('Copied');
  await tap(page, page.locator(`${visible} pre code .remark-code-line`).nth(1));
  await expectSlide(page, code, total);
  const exercise = deck.exercises[0].slide;
  await page.evaluate((n) => window.slideshow.gotoSlide(n + 1), exercise);
  const [opened] = await Promise.all([context.waitForEvent('page'), tap(page, page.locator(`${visible} a.link-card`).last())]);
  await opened.close();
  await expectSlide(page, exercise, total);
});
