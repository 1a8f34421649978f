/** Printing gives one page per slide at the slide's own size; the clone window follows. */
import { expect, test } from '@playwright/test';
import { slideSize } from '../../src/core/slide-size.ts';
import { startStaticDeck } from './screens-helpers.ts';

test('printing puts each slide on its own page of the slide\'s size, without letterbox', async ({ page }) => {
  await page.goto('./');
  await page.waitForFunction(() => document.documentElement.dataset.deckReady === 'true');
  const { count, ratio } = await page.evaluate(() => ({ count: window.deck.slides.length, ratio: window.deck.ratio }));
  const pdf = (await page.pdf({ preferCSSPageSize: true, printBackground: true })).toString('latin1');
  const pages = pdf.match(/\/Type\s*\/Page\b(?!s)/g) ?? [];
  expect(pages.length).toBe(count);
  const box = /\/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]/.exec(pdf);
  expect(box).not.toBeNull();
  const { width, height } = slideSize(ratio);
  // CSS px to PDF points: 72/96.
  expect(Number(box![1])).toBeCloseTo((width * 72) / 96, 0);
  expect(Number(box![2])).toBeCloseTo((height * 72) / 96, 0);
});

test('the clone window opened with C follows the presenter', async ({ page }) => {
  // A static host, where whoever opened the deck presents (attendees of the follow server have no C).
  const host = await startStaticDeck();
  try {
    await page.goto(`${host.attendees}#3`);
    await page.waitForFunction(() => document.documentElement.dataset.deckReady === 'true');
    const [clone] = await Promise.all([page.waitForEvent('popup'), page.keyboard.press('c')]);
    await clone.waitForFunction(() => document.documentElement.dataset.deckReady === 'true');
    await expect.poll(() => clone.evaluate(() => window.slideshow.getCurrentSlideIndex())).toBe(2);
    await page.bringToFront();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => clone.evaluate(() => window.slideshow.getCurrentSlideIndex())).toBe(4);
  } finally {
    await host.stop();
  }
});
