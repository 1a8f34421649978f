/**
 * The join card: the attendees' address and its QR code on the title slide of a deck the follow
 * server serves (on a laptop, on a phone, light and dark), `J` full screen on the presenter's
 * window and the projector at once, `?` listing `J` where it works; and on a static host,
 * neither the card nor a request that fails.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { PNG } from 'pngjs';
import decodeQR from 'qr/decode.js';
import path from 'node:path';
import { followSettingsFromEnv } from '../../src/server/follow-settings.ts';
import { recordErrors, repoRoot, startDevServer, stopDevServer, waitForDeck } from './helpers.ts';
import { laptop, phone, screenshot, startFollowDeck, startStaticDeck, useScreens } from './screens-helpers.ts';

const { contexts, open, serve } = useScreens();

/** What a phone camera would read: the QR code as the screen shows it, decoded. */
async function scan(qr: Locator): Promise<string> {
  await expect(qr).toBeVisible();
  await expect.poll(() => qr.evaluate((img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth > 0)).toBe(true);
  const png = PNG.sync.read(await qr.screenshot({ animations: 'disabled' }));
  return decodeQR({ width: png.width, height: png.height, data: png.data });
}

const titleCard = (page: Page) => page.locator('.remark-visible .remark-slide-content.title-slide .join-card');

test('the title slide shows the attendees’ address and a QR code of it, on a laptop and a phone, light and dark', async ({ browser }) => {
  const server = await serve(startFollowDeck());
  for (const [name, options] of [['laptop', laptop], ['phone', phone]] as const) {
    for (const colorScheme of ['light', 'dark'] as const) {
      const { page, errors } = await open(browser, server.attendees, { ...options, colorScheme });
      await page.evaluate(() => window.slideshow.gotoSlide(1));
      const card = titleCard(page);
      await expect(card.locator('.join-address')).toHaveText(server.attendees);
      expect(await scan(card.locator('.join-qr')), `${name}, ${colorScheme}`).toBe(server.attendees);
      // Big enough to scan from the room: a QR code a fifth of the slide's height or more.
      const qrBox = (await card.locator('.join-qr').boundingBox())!;
      const slideBox = (await page.locator('.remark-visible .remark-slide-scaler').boundingBox())!;
      if (name === 'laptop') {
        expect(qrBox.height / slideBox.height).toBeGreaterThan(0.3);
        // Beside the title, not over it.
        const title = (await page.locator('.remark-visible .title-slide h1').boundingBox())!;
        expect(title.x + title.width).toBeLessThanOrEqual(qrBox.x);
      } else {
        expect(qrBox.width).toBeGreaterThanOrEqual(140);
      }
      await screenshot(page, `${name}-title-join-${colorScheme}`);
      expect(errors).toEqual([]);
    }
  }
});

test('npm run dev shows the join card too, with the dev server’s address', async ({ browser }) => {
  const { server: vite, url } = await startDevServer(path.join(repoRoot, 'slides/workshop.yml'), followSettingsFromEnv({}));
  try {
    const { page, errors } = await open(browser, url);
    await page.evaluate(() => window.slideshow.gotoSlide(1));
    const card = titleCard(page);
    await expect(card.locator('.join-address')).toHaveText(url);
    expect(await scan(card.locator('.join-qr'))).toBe(url);
    expect(errors).toEqual([]);
  } finally {
    for (const context of contexts.splice(0)) await context.close();
    await stopDevServer(vite);
  }
});

test('J shows the join card full screen on the presenter’s window and the projector at once; J or Esc closes it; ? lists J', async ({ browser }) => {
  const server = await serve(startFollowDeck());
  const presenter = await open(browser, server.presenter);
  await expect(presenter.page.locator('html')).toHaveAttribute('data-join', 'ready');
  const [clone] = await Promise.all([presenter.page.waitForEvent('popup'), presenter.page.keyboard.press('c')]);
  await waitForDeck(clone);
  await clone.setViewportSize(laptop.viewport);
  await expect(clone.locator('html')).toHaveAttribute('data-screen', 'projector');
  await expect(clone.locator('html')).toHaveAttribute('data-join', 'ready');
  const before = await presenter.page.evaluate(() => window.slideshow.getCurrentSlideIndex());

  await presenter.page.keyboard.press('j');
  for (const page of [presenter.page, clone]) {
    const screen = page.locator('.join-screen');
    await expect(screen).toBeVisible();
    await expect(screen.getByRole('dialog')).toHaveCount(0);
    await expect(page.getByRole('dialog', { name: /Join/ })).toBeVisible();
    // The whole window, the address large enough for the back of the room (8% of its height).
    expect(await screen.boundingBox()).toEqual({ x: 0, y: 0, ...laptop.viewport });
    await expect(screen.locator('.join-address')).toHaveText(server.attendees);
    const size = await screen.locator('.join-address').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    expect(size / laptop.viewport.height).toBeGreaterThanOrEqual(0.07);
    const qr = (await screen.locator('.join-qr').boundingBox())!;
    expect(qr.height / laptop.viewport.height).toBeGreaterThan(0.5);
    expect(await scan(screen.locator('.join-qr'))).toBe(server.attendees);
  }
  // remark's `j` (next slide) did not act, and keys do nothing else while the card is up.
  expect(await presenter.page.evaluate(() => window.slideshow.getCurrentSlideIndex())).toBe(before);
  await presenter.page.keyboard.press('ArrowRight');
  await presenter.page.keyboard.press('o');
  expect(await presenter.page.evaluate(() => window.slideshow.getCurrentSlideIndex())).toBe(before);
  await expect(presenter.page.locator('html')).not.toHaveAttribute('data-overview', 'open');
  await screenshot(clone, 'projector-join-light');
  await screenshot(presenter.page, 'presenter-join-light');

  // Esc on the projector closes both.
  await clone.keyboard.press('Escape');
  for (const page of [presenter.page, clone]) await expect(page.locator('.join-screen')).toHaveCount(0);
  // J on the projector, in the dark theme, opens both; J closes both.
  await clone.keyboard.press('d');
  await clone.keyboard.press('j');
  for (const page of [presenter.page, clone]) await expect(page.locator('.join-screen')).toBeVisible();
  await expect(clone.locator('html')).toHaveAttribute('data-theme', 'dark');
  await screenshot(clone, 'projector-join-dark');
  await presenter.page.keyboard.press('j');
  for (const page of [presenter.page, clone]) await expect(page.locator('.join-screen')).toHaveCount(0);
  await clone.keyboard.press('d');

  // `?` lists J on both room screens.
  for (const page of [presenter.page, clone]) {
    await page.keyboard.press('?');
    await expect(page.getByRole('dialog').getByRole('row', { name: /^J Join card/ })).toBeVisible();
    await page.keyboard.press('Escape');
  }
  expect(presenter.errors).toEqual([]);
});

test('an attendee has the card on the title slide but no J: the key is remark’s next slide, and ? does not list it', async ({ browser }) => {
  const server = await serve(startFollowDeck());
  const presenter = await open(browser, server.presenter);
  const attendee = await open(browser, server.attendees, phone);
  await expect(attendee.page.locator('.remark-visible .join-card')).toBeVisible();
  await expect(attendee.page.locator('html')).not.toHaveAttribute('data-join', /.*/);
  await attendee.page.keyboard.press('j');
  await expect.poll(() => attendee.page.evaluate(() => window.slideshow.getCurrentSlideIndex())).toBe(1);
  await expect(attendee.page.locator('.join-screen')).toHaveCount(0);
  await attendee.page.keyboard.press('?');
  await expect(attendee.page.getByRole('dialog', { name: 'Keys' })).toBeVisible();
  await expect(attendee.page.getByRole('dialog').getByRole('row', { name: /^J / })).toHaveCount(0);
  expect([...presenter.errors, ...attendee.errors]).toEqual([]);
});

test('a static host shows no join card, makes no request that fails, and J stays remark’s next slide', async ({ browser }) => {
  const server = await serve(startStaticDeck());
  for (const options of [laptop, phone]) {
    const context = await browser.newContext(options);
    contexts.push(context);
    const page = await context.newPage();
    const errors = recordErrors(page);
    const failed: string[] = [];
    const asked: string[] = [];
    page.on('requestfailed', (request) => failed.push(`${request.url()} ${request.failure()?.errorText}`));
    page.on('response', (response) => response.status() >= 400 && failed.push(`${response.url()} ${response.status()}`));
    page.on('request', (request) => asked.push(new URL(request.url()).pathname));
    await page.goto(server.attendees);
    await waitForDeck(page);
    await page.evaluate(() => window.slideshow.gotoSlide(1));
    await expect(page.locator('.remark-visible .title-slide h1')).toBeVisible();
    await expect(page.locator('.join-card')).toHaveCount(0);
    await page.keyboard.press('j');
    await expect.poll(() => page.evaluate(() => window.slideshow.getCurrentSlideIndex())).toBe(1);
    await expect(page.locator('.join-screen')).toHaveCount(0);
    await page.keyboard.press('?');
    await expect(page.getByRole('dialog').getByRole('row', { name: /^J / })).toHaveCount(0);
    expect(asked.filter((p) => p.includes('_follow') || p.includes('join'))).toEqual([]);
    expect(failed).toEqual([]);
    expect(errors).toEqual([]);
  }
});
