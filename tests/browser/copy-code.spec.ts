/** The copy button puts the code on the clipboard exactly as written: one line per line, indentation kept. */
import { expect, test } from '@playwright/test';
import { expectSlide, fencedBlocks, openDeck, renderAllSlides, visibleSlideSelector } from './helpers.ts';

for (const language of ['bash', 'yaml'] as const) {
  test(`the copy button copies a ${language} block line by line and says Copied`, async ({ page, context }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    const deck = await openDeck(page);
    await renderAllSlides(page);
    // First slide whose first code block is a multi-line block in this language.
    const index = await page.evaluate(
      ({ lang }) =>
        Array.from(document.querySelectorAll('.remark-slides-area .remark-slide-container')).findIndex((container) => {
          const code = container.querySelector('.remark-slide-content pre code');
          return !!code && code.classList.contains(lang) && code.querySelectorAll('.remark-code-line').length > 2;
        }),
      { lang: language },
    );
    expect(index, `the deck has a multi-line ${language} block`).toBeGreaterThanOrEqual(0);

    // Arrive there as a presenter would: open the deck on that slide.
    await openDeck(page, `./#${index + 1}`);
    await expectSlide(page, index, deck.slides.length);
    const pre = page.locator(`${visibleSlideSelector} .remark-slide-content pre`).first();
    const button = pre.locator('.copy-code');
    await expect(button).toBeVisible();
    await expect(button).toHaveText('Copy');

    await page.evaluate(() => navigator.clipboard.writeText('clipboard before the click'));
    await button.click();
    await expect(button).toHaveText('Copied');
    // Still on the same slide: the click did not navigate.
    await expectSlide(page, index, deck.slides.length);

    const copied = await page.evaluate(() => navigator.clipboard.readText());
    const lines = await pre.locator('.remark-code-line').allTextContents();
    expect(lines.length).toBeGreaterThan(2);
    expect(copied.split('\n').length, 'one clipboard line per code line').toBe(lines.length);
    expect(copied).toBe(lines.join('\n'));
    // And it is what the author wrote in the Markdown, character for character.
    expect(copied).toBe(fencedBlocks(deck.slides[index])[0]);
  });
}
