/**
 * The corpus decks of tests/fixtures/corpus/, built as `npm run build` builds them and served
 * statically: a container.training deck (both its variants) and a plain remark deck. Every
 * slide renders with no page error and no failed request; container.training's code shows
 * remark's highlighted spans, and the copy button copies their text without the backticks.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { buildSite } from '../../src/node/ensure-build.ts';
import { recordErrors, recordRequests, repoRoot, showSlide, startStaticServer, stopStaticServer, visibleSlideSelector, waitForDeck } from './helpers.ts';

const corpus = path.join(repoRoot, 'tests', 'fixtures', 'corpus');

const decks = [
  { name: 'container.training, in person', manifest: 'container-training/kube-fullday.yml', style: 'container.training' },
  { name: 'container.training, self-paced', manifest: 'container-training/kube-selfpaced.yml', style: 'container.training' },
  { name: 'plain remark', manifest: 'remark/deck.yml', style: 'remark' },
] as const;

/** What the visible slide shows: its text, pictures, and each code block's lines and highlighted spans. */
async function visibleSlide(page: Page) {
  return page.evaluate((selector) => {
    const content = document.querySelector(`${selector} .remark-slide-content`);
    const blocks = Array.from(content?.querySelectorAll('pre') ?? [], (pre) => ({
      lines: pre.querySelectorAll('.remark-code-line').length,
      spans: pre.querySelectorAll('.remark-code-span-highlighted').length,
      backticks: Array.from(pre.querySelectorAll('.remark-code-line'), (line) => line.textContent ?? '').join('\n').includes('`'),
    }));
    return {
      text: (content?.textContent ?? '').trim(),
      pictures: content ? content.querySelectorAll('img').length + (getComputedStyle(content).backgroundImage !== 'none' ? 1 : 0) : 0,
      blocks,
    };
  }, visibleSlideSelector);
}

for (const deck of decks) {
  test.describe(`the ${deck.name} corpus deck`, () => {
    let folder: string;
    let server: Server;
    let origin: string;

    test.beforeAll(async () => {
      folder = mkdtempSync(path.join(tmpdir(), 'deck-corpus-'));
      await buildSite({ manifest: path.join(corpus, deck.manifest), outDir: folder }, { logLevel: 'silent', emptyOutDir: true });
      ({ server, origin } = await startStaticServer(folder, '/'));
    });

    test.afterAll(async () => {
      await stopStaticServer(server);
      rmSync(folder, { recursive: true, force: true });
    });

    test('renders every slide, with no page error and no failed request', async ({ page, context }) => {
      const errors = recordErrors(page);
      const { bad } = recordRequests(context);
      await page.goto(`${origin}/`);
      await waitForDeck(page).catch((error: Error) => {
        throw new Error(`${error.message}\npage errors:\n${errors.join('\n')}`);
      });
      const model = await page.evaluate(() => ({ style: window.deck.style, slides: window.deck.slides.length, shown: window.slideshow.getSlideCount() }));
      expect(model.style).toBe(deck.style);
      expect(model.shown, 'remark shows the slides the loader modelled').toBe(model.slides);
      expect(model.slides).toBeGreaterThan(10);

      let spans = 0;
      for (let i = 0; i < model.slides; i++) {
        await showSlide(page, i);
        const shown = await visibleSlide(page);
        expect(shown.text.length + shown.pictures, `slide ${i + 1} shows something`).toBeGreaterThan(0);
        for (const block of shown.blocks) expect(block.lines, `slide ${i + 1}: every code block has its lines`).toBeGreaterThan(0);
        spans += shown.blocks.reduce((n, block) => n + block.spans, 0);
        // With highlightSpans, a pair of backticks in code is a span: none is left to copy.
        if (deck.style === 'container.training') for (const block of shown.blocks) expect(block.backticks, `slide ${i + 1}: no backtick left in code`).toBe(false);
      }
      if (deck.style === 'container.training') expect(spans, 'highlighted spans in code').toBeGreaterThanOrEqual(5);
      else expect(spans, 'a plain remark deck keeps its backticks').toBe(0);
      expect(errors).toEqual([]);
      expect(bad).toEqual([]);
    });

    if (deck.style === 'container.training') {
      test('copies a code block with a highlighted span without its backticks', async ({ page, context }) => {
        await context.grantPermissions(['clipboard-read', 'clipboard-write']);
        await page.goto(`${origin}/`);
        await waitForDeck(page);
        const index = await page.evaluate(() => window.deck.slides.findIndex((s) => s.title === 'Applying it'));
        expect(index).toBeGreaterThan(0);
        await showSlide(page, index);
        const pre = page.locator(`${visibleSlideSelector} .remark-slide-content pre`, { has: page.locator('.remark-code-span-highlighted') });
        await expect(pre).toHaveCount(1);
        await expect(pre.locator('.remark-code-span-highlighted')).toHaveText('3');
        await pre.locator('.copy-code').click();
        await expect(pre.locator('.copy-code')).toHaveText('Copied');
        expect(await page.evaluate(() => navigator.clipboard.readText())).toBe('kubectl scale deployment hasher --replicas=3');
      });
    }
  });
}
