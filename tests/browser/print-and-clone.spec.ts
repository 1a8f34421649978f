/** Printing gives one page per slide at the slide's own size; the clone window follows. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { slideSize } from '../../src/core/slide-size.ts';
import { readPdf } from '../unit/pdf-reader.ts';
import { currentSlide, normaliseSpace, openDeck, waitForDeck } from './helpers.ts';
import { startStaticDeck } from './screens-helpers.ts';

test('printing puts each slide on its own page of the slide\'s size, without letterbox', async ({ page }) => {
  const deck = await openDeck(page);
  const folder = mkdtempSync(path.join(tmpdir(), 'deck-print-'));
  try {
    const file = path.join(folder, 'printed.pdf');
    writeFileSync(file, await page.pdf({ preferCSSPageSize: true, printBackground: true }));
    // Read back by poppler and qpdf; CSS px to PDF points is 72/96.
    const { pages } = readPdf(file);
    expect(pages).toHaveLength(deck.slides.length);
    const { width, height } = slideSize(deck.ratio);
    for (const [i, size] of pages.entries()) {
      expect(size.width, `page ${i + 1}`).toBeCloseTo((width * 72) / 96, 0);
      expect(size.height, `page ${i + 1}`).toBeCloseTo((height * 72) / 96, 0);
    }
    // Every page shows its slide, though slides render on demand: printing renders them all.
    const pagesText = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).split('\f');
    const missing = deck.slides.flatMap((slide, i) => (slide.title && !normaliseSpace(pagesText[i] ?? '').includes(normaliseSpace(slide.title)) ? [`page ${i + 1}: "${slide.title}"`] : []));
    expect(missing, 'pages without their slide\'s title').toEqual([]);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

test('the clone window opened with C follows the presenter', async ({ page }) => {
  // A static host, where whoever opened the deck presents (attendees of the follow server have no C).
  const host = await startStaticDeck();
  try {
    await openDeck(page, `${host.attendees}#3`);
    const [clone] = await Promise.all([page.waitForEvent('popup'), page.keyboard.press('c')]);
    await waitForDeck(clone);
    await expect.poll(() => currentSlide(clone)).toBe(2);
    await page.bringToFront();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => currentSlide(clone)).toBe(4);
  } finally {
    await host.stop();
  }
});
