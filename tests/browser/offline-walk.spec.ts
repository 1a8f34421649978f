/** A full run through the deck: no errors, nothing fetched from the network, the bundled fonts in use. */
import { expect, test } from '@playwright/test';
import { currentSlide, fontState, openDeck, recordErrors, recordRequests, showSlide, walkDeck } from './helpers.ts';

test('walking through every slide raises no console or page errors', async ({ page }) => {
  const errors = recordErrors(page);
  const deck = await openDeck(page);
  await walkDeck(page, deck.slides.length);
  // One more press at the end stays on the last slide, still without errors.
  await page.keyboard.press('ArrowRight');
  expect(await currentSlide(page)).toBe(deck.slides.length - 1);
  expect(errors).toEqual([]);
});

test('every request goes to the local server, and the bundled fonts are the ones in use', async ({ page, context, baseURL }) => {
  const origin = new URL(baseURL!).origin;
  const { requests, bad } = recordRequests(context);

  const deck = await openDeck(page);
  await walkDeck(page, deck.slides.length);

  expect(requests.length).toBeGreaterThan(0);
  const elsewhere = requests.filter((url) => !url.startsWith('data:') && !url.startsWith('blob:') && new URL(url).origin !== origin);
  expect(elsewhere, `requests that left ${origin}`).toEqual([]);
  expect(bad).toEqual([]);
  // The fonts came from our server.
  expect(requests.some((url) => /source-sans-3.*\.woff2$/.test(url))).toBe(true);

  const fonts = await fontState(page);
  expect(fonts.check).toBe(true);
  expect(fonts.loadedFaces, 'Source Sans 3 faces loaded').toEqual(expect.arrayContaining(['400 normal', '700 normal']));
  expect(fonts.bodyFamily.replace(/["']/g, '')).toMatch(/^Source Sans 3\b/);

  // What Chromium really drew with: the web fonts, not a system fallback.
  const codeSlide = deck.slides.find((slide) => slide.kind === 'content' && slide.title) ?? deck.slides[0];
  const drawnWith = async (selector: string) => {
    const session = await context.newCDPSession(page);
    await session.send('DOM.enable');
    await session.send('CSS.enable');
    const { root } = await session.send('DOM.getDocument', { depth: -1 });
    const { nodeId } = await session.send('DOM.querySelector', { nodeId: root.nodeId, selector });
    expect(nodeId, `${selector} exists`).toBeGreaterThan(0);
    const { fonts: used } = await session.send('CSS.getPlatformFontsForNode', { nodeId });
    await session.detach();
    return used;
  };
  await showSlide(page, codeSlide.index);
  const bodyFonts = await drawnWith('.remark-slides-area .remark-visible .remark-slide-content h1, .remark-slides-area .remark-visible .remark-slide-content h2');
  expect(bodyFonts.length).toBeGreaterThan(0);
  for (const font of bodyFonts) {
    expect(font.isCustomFont, `${font.familyName} is a web font`).toBe(true);
    expect(font.familyName).toMatch(/^Source Sans 3/);
  }
  const withCode = await page.evaluate(() =>
    Array.from(document.querySelectorAll('.remark-slides-area .remark-slide-container')).findIndex((c) => c.querySelector('.remark-code-line')),
  );
  expect(withCode).toBeGreaterThanOrEqual(0);
  await showSlide(page, withCode);
  const codeFonts = await drawnWith('.remark-slides-area .remark-visible .remark-code-line');
  expect(codeFonts.map((font) => `${font.familyName} custom=${font.isCustomFont}`)).toEqual(
    expect.arrayContaining([expect.stringMatching(/^JetBrains Mono custom=true$/)]),
  );
});
