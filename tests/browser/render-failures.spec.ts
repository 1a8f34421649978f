/**
 * Failure isolation: a slide whose macro throws, whose DOM work throws or whose Markdown cannot
 * be converted shows what it can (a build) or an error box naming its file:line (the dev
 * server), and every other slide, navigation, the overview and printing keep working.
 *
 * Faults are injected as a page could meet them: `hello` (a macro the loader knows) is made to
 * throw before the runtime starts, a hook registered through `window.deckSlides.onRender`
 * throws on one slide, and one slide's remark model is corrupted so that remark's converter
 * throws. The deck itself passes lint.
 */
import { readFileSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import type { ViteDevServer } from 'vite';
import type { PageDeck } from '../../src/shared/page-deck.ts';
import { buildSite } from '../../src/node/ensure-build.ts';
import { recordErrors, repoRoot, slidesSelector, startDevServer, startStaticServer, stopDevServer, stopStaticServer, visibleSlideSelector, waitForDeck } from './helpers.ts';

const manifest = path.join(repoRoot, 'tests/fixtures/failing-deck/workshop.yml');
const chapter = 'tests/fixtures/failing-deck/render-failures.md';
const chapterLines = readFileSync(path.join(repoRoot, chapter), 'utf8').split('\n');
const dist = path.join(repoRoot, 'test-results', 'failing-deck-dist');

/** Before any page script: `hello` becomes a macro that throws, and stays one when the runtime registers its own. */
const throwingHello = `
Object.defineProperty(window, 'remark', {
  configurable: true,
  set(api) {
    Object.defineProperty(window, 'remark', { value: api, writable: true, configurable: true });
    Object.defineProperty(api.macros, 'hello', {
      configurable: true,
      enumerable: true,
      get: () => function () { throw new Error('hello exploded'); },
      set() {},
    });
  },
});`;

const indexOf = (deck: PageDeck, title: string) => deck.slides.findIndex((slide) => slide.title === title);
const locationOf = (deck: PageDeck, index: number) => `${deck.slides[index].source.file}:${deck.slides[index].source.line}`;

async function openWithFaults(page: Page, url: string): Promise<PageDeck> {
  await page.addInitScript(throwingHello);
  await page.goto(url);
  await waitForDeck(page);
  return page.evaluate(() => window.deck);
}

/** Registers a hook that throws on the slide with HOOK-BREAKS-HERE, and corrupts the model of "Broken Markdown". */
async function injectLaterFaults(page: Page, markdownSlide: number): Promise<void> {
  await page.evaluate((index) => {
    window.deckSlides.onRender((container) => {
      if (container.textContent?.includes('HOOK-BREAKS-HERE')) throw new Error('the hook broke');
    });
    const slide = window.slideshow.getSlides()[index] as { content: unknown[] };
    slide.content = [{ class: 'broken', block: true, content: null }];
  }, markdownSlide);
}

async function show(page: Page, index: number): Promise<void> {
  await page.evaluate((n) => window.slideshow.gotoSlide(n + 1), index);
  await expect.poll(() => page.evaluate(() => window.slideshow.getCurrentSlideIndex())).toBe(index);
}

test.describe('a build', () => {
  let server: Server | undefined;
  let origin = '';

  test.beforeAll(async () => {
    test.setTimeout(120_000);
    await buildSite({ manifest, outDir: dist }, { logLevel: 'silent', emptyOutDir: true });
    ({ server, origin } = await startStaticServer(dist, '/'));
  });
  test.afterAll(async () => {
    await stopStaticServer(server);
    rmSync(dist, { recursive: true, force: true });
  });

  test('shows the other slides and what it can of the broken ones, without an error box, and keeps navigation, the overview and printing', async ({ page }) => {
    const errors = recordErrors(page);
    const deck = await openWithFaults(page, `${origin}/`);
    const macroSlide = indexOf(deck, 'A macro that throws');
    const hookSlide = indexOf(deck, 'Broken by DOM work');
    const markdownSlide = indexOf(deck, 'Broken Markdown');
    // Not rendered yet: the faults below hit them when they first render.
    expect(await page.evaluate((indexes) => indexes.map((i) => !!document.querySelectorAll('.remark-slides-area > .remark-slide-container')[i].firstElementChild), [hookSlide, markdownSlide])).toEqual([false, false]);
    await injectLaterFaults(page, markdownSlide);

    // Every slide, walked with the keyboard: each shows its heading, the broken ones included.
    for (let i = 1; i < deck.slides.length; i++) {
      await page.keyboard.press('ArrowRight');
      await expect.poll(() => page.evaluate(() => window.slideshow.getCurrentSlideIndex())).toBe(i);
      const visible = page.locator(`${visibleSlideSelector} .remark-slide-content`);
      if (i !== markdownSlide && deck.slides[i].title) await expect(visible.locator('h1, h2').first()).toHaveText(deck.slides[i].title!);
      await expect(visible.locator('.deck-render-error')).toHaveCount(0);
    }

    const failures = await page.evaluate(() => window.deckSlides.failures());
    expect(failures).toEqual([
      { index: macroSlide, stage: 'macro `hello`', message: 'Error: hello exploded', location: locationOf(deck, macroSlide) },
      { index: hookSlide, stage: 'hook', message: 'Error: the hook broke', location: locationOf(deck, hookSlide) },
      { index: markdownSlide, stage: 'Markdown', message: expect.stringMatching(/^TypeError: /), location: locationOf(deck, markdownSlide) },
    ]);
    // The locations are the slides' own lines in the chapter.
    const { line, endLine } = deck.slides[macroSlide].source;
    expect(chapterLines.slice(line - 1, endLine).join('\n')).toContain('![:hello]');
    expect(deck.slides[macroSlide].source.file).toBe(chapter);

    // The macro's slide: its text, without the macro's output.
    await show(page, macroSlide);
    const macroContent = page.locator(`${visibleSlideSelector} .remark-slide-content`);
    await expect(macroContent).toContainText('Text before the macro stays readable');
    await expect(macroContent).toContainText('Text after the macro stays readable too');
    await expect(macroContent.locator('.deck-macro-failure')).toHaveText('');
    // The corrupted slide: its text, plainly.
    await show(page, markdownSlide);
    await expect(page.locator(`${visibleSlideSelector} .deck-slide-fallback`)).toContainText('This slide could not be shown as designed');

    // The overview shows every tile, broken slides included, and jumps.
    await page.keyboard.press('o');
    await expect(page.locator('.overview-tile')).toHaveCount(deck.slides.filter((s) => s.step === 0).length);
    await expect(page.locator(`.overview-tile[data-slide="${macroSlide}"] .overview-scaler .remark-slide`)).toHaveCount(1);
    await page.locator(`.overview-tile[data-slide="${hookSlide}"]`).click();
    await expect.poll(() => page.evaluate(() => window.slideshow.getCurrentSlideIndex())).toBe(hookSlide);

    // Printing renders and prints every slide.
    const pdf = (await page.pdf({ preferCSSPageSize: true, printBackground: true })).toString('latin1');
    expect(pdf.match(/\/Type\s*\/Page\b(?!s)/g) ?? []).toHaveLength(deck.slides.length);
    expect(await page.evaluate(() => window.deckSlides.renderedCount())).toBe(deck.slides.length);
    expect(errors).toEqual([]);
  });
});

test.describe('the dev server', () => {
  let server: ViteDevServer | undefined;
  let url = '';
  /** The presenter's page: dev errors show there, and on no attendee's. */
  let presenter = '';

  test.beforeAll(async () => {
    ({ server, url, presenter } = await startDevServer(manifest));
  });
  test.afterAll(() => stopDevServer(server));

  test('shows the presenter an error box naming the file and line on each broken slide, and only there', async ({ page }) => {
    const deck = await openWithFaults(page, presenter);
    const macroSlide = indexOf(deck, 'A macro that throws');
    const hookSlide = indexOf(deck, 'Broken by DOM work');
    const markdownSlide = indexOf(deck, 'Broken Markdown');
    await injectLaterFaults(page, markdownSlide);
    const expected = [
      [macroSlide, 'macro `hello` failed: Error: hello exploded'],
      [hookSlide, 'hook failed: Error: the hook broke'],
      [markdownSlide, 'Markdown failed: TypeError: '],
    ] as const;
    for (const [index, message] of expected) {
      await show(page, index);
      const box = page.locator(`${visibleSlideSelector} .deck-render-error`);
      await expect(box).toHaveAttribute('role', 'alert');
      await expect(box.locator('strong')).toHaveText(`Slide ${index + 1} (${locationOf(deck, index)}) did not render completely`);
      await expect(box.locator('li')).toContainText(message);
    }
    await page.evaluate(() => window.deckSlides.renderAll());
    const boxesOn = (on: Page) => on.evaluate((selector) => Array.from(document.querySelectorAll(selector)).flatMap((c, i) => (c.querySelector('.deck-render-error') ? [i] : [])), slidesSelector);
    expect(await boxesOn(page)).toEqual([macroSlide, hookSlide, markdownSlide]);

    // An attendee of the same dev server sees those slides as a build shows them: no box.
    const attendee = await page.context().newPage();
    await openWithFaults(attendee, url);
    await injectLaterFaults(attendee, hookSlide + 1);
    await attendee.evaluate(() => window.deckSlides.renderAll());
    expect(await attendee.evaluate(() => window.deckSlides.failures().map((f) => f.index))).toEqual(expect.arrayContaining([macroSlide, hookSlide]));
    expect(await boxesOn(attendee)).toEqual([]);
    await attendee.close();
  });

  test('a code block whose highlighting throws stays readable as plain lines, and the next block is still highlighted', async ({ page }) => {
    await page.goto(url);
    await waitForDeck(page);
    // The module as the dev server serves it, with an engine that throws on one block.
    const result = await page.evaluate(`(async () => {
      const { renderCodeBlocks } = await import('/src/runtime/code-blocks.ts');
      const root = document.createElement('div');
      root.innerHTML = '<pre><code class="bad">first line\\n*second line\\n</code></pre><pre><code class="good">echo \`x\`\\n</code></pre>';
      const failures = [];
      const engine = {
        highlightBlock(block) {
          block.innerHTML = '<span>half done</span>';
          if (block.className.includes('bad')) throw new Error('highlighter broke');
        },
      };
      const good = root.querySelector('.good');
      const goodText = good.textContent;
      engine.highlightBlock = ((broken) => (block) => {
        if (block === good) {
          block.innerHTML = '<span class="hljs-built_in">' + goodText.replace(/\\n$/, '') + '</span>\\n';
          return;
        }
        broken(block);
      })(engine.highlightBlock);
      renderCodeBlocks(root, { lines: true, spans: true, inline: false, language: '' }, engine, (error) => failures.push(String(error)));
      const bad = root.querySelector('.bad');
      return {
        failures,
        badLines: Array.from(bad.querySelectorAll('.remark-code-line'), (line) => [line.textContent, line.classList.contains('remark-code-line-highlighted')]),
        badClass: bad.className,
        good: good.innerHTML,
      };
    })()`) as { failures: string[]; badLines: Array<[string, boolean]>; badClass: string; good: string };
    expect(result.failures).toEqual(['Error: highlighter broke']);
    expect(result.badLines).toEqual([
      ['first line', false],
      ['second line', true],
    ]);
    expect(result.badClass).toBe('bad remark-code');
    expect(result.good).toBe('<div class="remark-code-line"><span class="hljs-built_in">echo <span class="remark-code-span-highlighted">x</span></span></div>');
  });
});
