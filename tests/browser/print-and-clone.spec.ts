/** Printing gives one page per slide at the slide's own size; the clone window follows. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { slideSize } from '../../src/core/slide-size.ts';
import { normaliseSpace } from './helpers.ts';

test('printing puts each slide on its own page of the slide\'s size, without letterbox', async ({ page }) => {
  await page.goto('./');
  await page.waitForFunction(() => document.documentElement.dataset.deckReady === 'true');
  const { count, ratio, titles } = await page.evaluate(() => ({ count: window.deck.slides.length, ratio: window.deck.ratio, titles: window.deck.slides.map((s) => s.title) }));
  const bytes = await page.pdf({ preferCSSPageSize: true, printBackground: true });
  const pdf = bytes.toString('latin1');
  const pages = pdf.match(/\/Type\s*\/Page\b(?!s)/g) ?? [];
  expect(pages.length).toBe(count);
  const box = /\/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]/.exec(pdf);
  expect(box).not.toBeNull();
  const { width, height } = slideSize(ratio);
  // CSS px to PDF points: 72/96.
  expect(Number(box![1])).toBeCloseTo((width * 72) / 96, 0);
  expect(Number(box![2])).toBeCloseTo((height * 72) / 96, 0);
  // Every page shows its slide, though slides render on demand: printing renders them all.
  const folder = mkdtempSync(path.join(tmpdir(), 'deck-print-'));
  try {
    writeFileSync(path.join(folder, 'print.pdf'), bytes);
    const pagesText = execFileSync('pdftotext', ['-layout', path.join(folder, 'print.pdf'), '-'], { encoding: 'utf8' }).split('\f').slice(0, count);
    const missing = titles.flatMap((title, i) => (title && !normaliseSpace(pagesText[i] ?? '').includes(normaliseSpace(title)) ? [`page ${i + 1}: "${title}"`] : []));
    expect(missing, 'pages without their slide\'s title').toEqual([]);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

test('the clone window opened with C follows the presenter', async ({ page }) => {
  await page.goto('./#3');
  await page.waitForFunction(() => document.documentElement.dataset.deckReady === 'true');
  const [clone] = await Promise.all([page.waitForEvent('popup'), page.keyboard.press('c')]);
  await clone.waitForFunction(() => document.documentElement.dataset.deckReady === 'true');
  await expect.poll(() => clone.evaluate(() => window.slideshow.getCurrentSlideIndex())).toBe(2);
  await page.bringToFront();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect.poll(() => clone.evaluate(() => window.slideshow.getCurrentSlideIndex())).toBe(4);
});
