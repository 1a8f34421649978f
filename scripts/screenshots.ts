/**
 * `npm run screenshots [-- 1 5 12]`: PNGs of built slides (all, or the numbers given) in
 * `dist/screenshots/`, for looking at the deck without a projector and for the README.
 */
import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { chromium } from '@playwright/test';
import { slideSize } from '../src/core/slide-size.js';
import { browserLaunchOptions } from '../src/node/find-browser.js';
import { createStaticServer } from '../src/server/static-server.js';

const server = createStaticServer({ root: process.env.DECK_DIST ?? 'dist' });
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const { port } = server.address() as AddressInfo;
const browser = await chromium.launch(browserLaunchOptions());
try {
  const page = await browser.newPage();
  await page.goto(`http://127.0.0.1:${port}/`);
  await page.waitForFunction(() => document.documentElement.dataset.deckReady === 'true');
  const { width, height } = slideSize(await page.evaluate(() => window.deck.ratio));
  await page.setViewportSize({ width, height });
  const count = await page.evaluate(() => window.slideshow.getSlideCount());
  const wanted = process.argv.slice(2).map(Number).filter((n) => n >= 1 && n <= count);
  const numbers = wanted.length ? wanted : Array.from({ length: count }, (_, i) => i + 1);
  mkdirSync('dist/screenshots', { recursive: true });
  for (const n of numbers) {
    await page.evaluate((slide) => window.slideshow.gotoSlide(slide), n);
    const file = `dist/screenshots/slide-${String(n).padStart(3, '0')}.png`;
    await page.locator('.remark-visible .remark-slide-scaler').screenshot({ path: file, animations: 'disabled' });
    console.log(file);
  }
} finally {
  await browser.close();
  server.close();
}
