/** The built deck served under a deep sub-path, as on a shared web host. */
import path from 'node:path';
import type { Server } from 'node:http';
import { expect, test } from '@playwright/test';
import {
  expectSlide,
  fontState,
  recordErrors,
  recordRequests,
  repoRoot,
  slidesSelector,
  startStaticServer,
  stopStaticServer,
  waitForDeck,
  walkDeck,
} from './helpers.ts';

const basePath = '/some/deep/base/';
let server: Server;
let origin: string;

test.beforeAll(async () => {
  ({ server, origin } = await startStaticServer(path.resolve(repoRoot, process.env.DECK_OUT_DIR ?? 'dist'), basePath));
});

test.afterAll(() => stopStaticServer(server));

test('the deck renders under a non-root base path with its fonts and no failed requests', async ({ page, context, baseURL }) => {
  // The slide count to expect, from the deck served at the root, in a page of its own: its
  // requests still under way (the favicon) must not count against the page under test.
  const root = await context.newPage();
  await root.goto(baseURL!);
  await waitForDeck(root);
  const expected = await root.evaluate(() => window.deck.slides.length);
  await root.close();

  const errors = recordErrors(page);
  const { requests, bad } = recordRequests(context);

  await page.goto(`${origin}${basePath}`);
  await waitForDeck(page);
  await expect(page.locator(slidesSelector)).toHaveCount(expected);
  expect(await page.evaluate(() => window.slideshow.getSlideCount())).toBe(expected);
  await expectSlide(page, 0, expected);
  await walkDeck(page, expected);

  const fonts = await fontState(page);
  expect(fonts.check).toBe(true);
  expect(fonts.loadedFaces, 'Source Sans 3 faces loaded').toEqual(expect.arrayContaining(['400 normal', '700 normal']));
  expect(fonts.bodyFamily.replace(/["']/g, '')).toMatch(/^Source Sans 3\b/);

  // The parts loaded on first use come from under the base path too: the menu's panel, the list of keys.
  await page.getByRole('button', { name: 'Menu' }).click();
  await expect(page.getByRole('menu')).toBeVisible();
  await page.keyboard.press('Escape');
  await page.keyboard.press('?');
  await expect(page.getByRole('dialog', { name: 'Keys' })).toBeVisible();
  expect(requests.some((url) => url.startsWith(`${origin}${basePath}assets/help-`))).toBe(true);

  expect(bad).toEqual([]);
  expect(errors).toEqual([]);
  const outside = requests.filter((url) => !url.startsWith(`${origin}${basePath}`) && !url.startsWith('data:'));
  expect(outside, `requests outside ${basePath}`).toEqual([]);
  expect(requests.some((url) => url.startsWith(`${origin}${basePath}assets/`) && /\.woff2$/.test(url))).toBe(true);
});

test('the base path without its trailing slash redirects to the deck', async ({ page }) => {
  const response = await page.goto(`${origin}${basePath.slice(0, -1)}`);
  expect(response?.status()).toBe(200);
  // remark adds the slide number as the hash once it has started.
  expect(page.url().replace(/#.*$/, '')).toBe(`${origin}${basePath}`);
  await waitForDeck(page);
  expect(await page.evaluate(() => window.slideshow.getSlideCount())).toBeGreaterThan(0);
});
