/** Screenshots for a human, and the layout faults a projector would show: clipped callouts and code. */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { openDeck, renderAllSlides, screenshotDir, showSlide, visibleSlideSelector } from './helpers.ts';

test('screenshots of the title, a code slide and an exercise slide; the exercise callout fits the slide', async ({ page }) => {
  const deck = await openDeck(page);
  mkdirSync(screenshotDir, { recursive: true });
  await renderAllSlides(page);
  const codeIndex = await page.evaluate(() =>
    Array.from(document.querySelectorAll('.remark-slides-area .remark-slide-container')).findIndex((c) => c.querySelector('.remark-slide-content pre code')),
  );
  expect(codeIndex, 'the deck has a slide with code').toBeGreaterThanOrEqual(0);
  expect(deck.exercises.length, 'the deck has an exercise').toBeGreaterThan(0);
  const shots = [
    { name: 'title', index: 0 },
    { name: 'code', index: codeIndex },
    { name: 'exercise', index: deck.exercises[0].slide },
  ];
  const scaler = page.locator(`${visibleSlideSelector} .remark-slide-scaler`);
  for (const shot of shots) {
    await showSlide(page, shot.index);
    await scaler.screenshot({ path: path.join(screenshotDir, `${shot.name}-slide-${shot.index + 1}.png`), animations: 'disabled' });
  }

  // Every exercise's callout, on the slide that shows it, ends inside the slide.
  const outside: string[] = [];
  for (const exercise of deck.exercises) {
    await showSlide(page, exercise.slide);
    const slideBox = await scaler.boundingBox();
    const boxes = await page.locator(`${visibleSlideSelector} .remark-slide-content`).locator('.exercise, .lab').evaluateAll((els) =>
      els.map((el) => {
        const r = el.getBoundingClientRect();
        return { top: r.top, bottom: r.bottom, left: r.left, right: r.right };
      }),
    );
    expect(boxes.length, `slide ${exercise.slide + 1} shows a callout`).toBeGreaterThan(0);
    for (const box of boxes) {
      const slideBottom = slideBox!.y + slideBox!.height;
      const slideRight = slideBox!.x + slideBox!.width;
      if (box.bottom > slideBottom + 0.5 || box.right > slideRight + 0.5)
        outside.push(`slide ${exercise.slide + 1}: callout ends at y=${box.bottom.toFixed(1)} x=${box.right.toFixed(1)}, slide ends at y=${slideBottom} x=${slideRight}`);
    }
  }
  expect(outside, 'callouts cut off by the slide edge').toEqual([]);
});

test('no code line is wider than its block, and nothing runs off any slide', async ({ page }) => {
  const deck = await openDeck(page);
  const problems: string[] = [];
  let codeBlocks = 0;
  for (const slide of deck.slides) {
    await showSlide(page, slide.index);
    const found = await page.evaluate((selector) => {
      const container = document.querySelector(selector)!;
      const scaler = container.querySelector('.remark-slide-scaler')!.getBoundingClientRect();
      const issues: string[] = [];
      const codes = Array.from(container.querySelectorAll<HTMLElement>('.remark-slide-content pre code'));
      for (const code of codes) {
        if (code.scrollWidth > code.clientWidth) issues.push(`code block scrolls: ${code.scrollWidth}px of content in ${code.clientWidth}px`);
        for (const line of code.querySelectorAll<HTMLElement>('.remark-code-line')) {
          if (line.scrollWidth > line.clientWidth || line.scrollWidth > code.clientWidth)
            issues.push(`code line ${line.scrollWidth}px wide in ${line.clientWidth}px: "${line.textContent}"`);
        }
        // The copy button must not sit on top of code text.
        const button = code.parentElement?.querySelector(':scope > .copy-code')?.getBoundingClientRect();
        if (button) {
          for (const line of code.querySelectorAll('.remark-code-line')) {
            const range = document.createRange();
            range.selectNodeContents(line);
            for (const r of Array.from(range.getClientRects())) {
              if (r.width && r.right > button.left && r.left < button.right && r.bottom > button.top && r.top < button.bottom)
                issues.push(`copy button covers code text: "${line.textContent}"`);
            }
          }
        }
      }
      // Only the outermost element that runs off is reported, not each of its descendants.
      const reported: Element[] = [];
      for (const el of container.querySelectorAll('.remark-slide-content *:not(.remark-slide-number, .remark-slide-number *)')) {
        if (el.closest('.remark-slide-notes') || reported.some((outer) => outer.contains(el))) continue;
        const r = el.getBoundingClientRect();
        if (!r.width && !r.height) continue;
        if (r.bottom <= scaler.bottom + 0.5 && r.right <= scaler.right + 0.5) continue;
        reported.push(el);
        issues.push(`<${el.tagName.toLowerCase()}> "${(el.textContent ?? '').trim().slice(0, 40)}" runs off the slide (${r.right.toFixed(0)}x${r.bottom.toFixed(0)} > ${scaler.right}x${scaler.bottom})`);
      }
      return { issues, codes: codes.length };
    }, visibleSlideSelector);
    codeBlocks += found.codes;
    problems.push(...found.issues.map((issue) => `slide ${slide.index + 1} (${slide.title ?? slide.kind}): ${issue}`));
  }
  expect(codeBlocks, 'code blocks were measured').toBeGreaterThan(0);
  expect(problems, 'slides with overflowing content').toEqual([]);
});
