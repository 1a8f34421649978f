/**
 * Code in any highlight.js language: a deck with ```console, ```shell, ```text, ```plaintext
 * (whose display names hold spaces, which once blanked the whole page) and a dozen others,
 * built and served as `npm start` serves it, renders every slide with each block highlighted
 * under its registered name. In dev, a save that brings a new language reloads the page with
 * its grammar, and a save of an included file updates the slide.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import type { Server } from 'node:http';
import type { ViteDevServer } from 'vite';
import { buildSite } from '../../src/node/ensure-build.ts';
import { recordErrors, startDevServer, startStaticServer, stopDevServer, stopStaticServer, walkDeck } from './helpers.ts';

const fixture = path.resolve('tests/fixtures/languages');

/** The fence word of each block, and the name its `language-` class must carry. */
const expected: Record<string, string> = {
  console: 'shell', shell: 'shell', text: 'plaintext', plaintext: 'plaintext', js: 'javascript', typescript: 'typescript',
  html: 'xml', java: 'java', c: 'c', rust: 'rust', sql: 'sql', toml: 'ini', diff: 'diff', makefile: 'makefile',
  nginx: 'nginx', python: 'python', go: 'go', json: 'json', yml: 'yaml', sh: 'bash', yaml: 'yaml', dockerfile: 'dockerfile',
};

/** Every block of the deck (every slide rendered first): its fence word, its classes, whether highlight.js marked anything up. */
async function blocks(page: Page) {
  return page.evaluate(() =>
    // None while the page reloads.
    document.documentElement.dataset.deckReady !== 'true' ? [] : (window.deckSlides.renderAll(), Array.from(document.querySelectorAll('.remark-slides-area .remark-slide-content pre code'), (code) => ({
      word: Array.from(code.classList).find((c) => c !== 'hljs' && !c.startsWith('language-') && !c.startsWith('remark-')) ?? '',
      classes: Array.from(code.classList),
      spans: code.querySelectorAll('[class^="hljs-"]').length,
    }))),
  ).catch((error: Error) => {
    // The page reloading under the question (a new grammar): none yet, ask again.
    if (/Execution context was destroyed|navigation/.test(error.message)) return [];
    throw error;
  });
}

let folder: string;
let dev: ViteDevServer | undefined;
let staticServer: Server | undefined;

test.beforeEach(() => {
  folder = mkdtempSync(path.join(tmpdir(), 'deck-languages-'));
  cpSync(fixture, folder, { recursive: true });
});

test.afterEach(async () => {
  await stopDevServer(dev);
  await stopStaticServer(staticServer);
  dev = staticServer = undefined;
  rmSync(folder, { recursive: true, force: true });
});

test('every slide renders, each block highlighted under its registered language name', async ({ page }) => {
  const outDir = path.join(folder, 'dist');
  await buildSite({ manifest: path.join(folder, 'workshop.yml'), outDir });
  let origin: string;
  ({ server: staticServer, origin } = await startStaticServer(outDir, '/'));
  const errors = recordErrors(page);
  await page.goto(`${origin}/`);
  await page.waitForFunction(() => document.documentElement.dataset.deckReady === 'true');
  const total = await page.evaluate(() => window.deck.slides.length);
  expect(await page.evaluate(() => window.slideshow.getSlideCount())).toBe(total);
  await walkDeck(page, total);

  const found = await blocks(page);
  expect(found.map((b) => b.word).sort()).toEqual(Object.keys(expected).sort());
  for (const block of found) {
    expect(block.classes, block.word).toEqual(expect.arrayContaining(['hljs', `language-${expected[block.word]}`]));
    // Plain text has nothing to mark up; every other language marks something.
    if (expected[block.word] !== 'plaintext') expect(block.spans, block.word).toBeGreaterThan(0);
  }
  // HTML embeds JavaScript and CSS: their grammars came along.
  const html = await page.locator('code.html').innerHTML();
  expect(html).toContain('language-javascript');
  expect(html).toContain('language-css');
  expect(errors).toEqual([]);
});

test('in dev, a save that brings a new language reloads with its grammar; an included file updates its slide', async ({ page }) => {
  let url: string;
  ({ server: dev, url } = await startDevServer(path.join(folder, 'workshop.yml')));
  const errors = recordErrors(page);
  await page.goto(url);
  await page.waitForFunction(() => document.documentElement.dataset.deckReady === 'true');
  expect((await blocks(page)).find((b) => b.word === 'console')?.classes).toContain('language-shell');

  const chapter = path.join(folder, 'languages.md');
  writeFileSync(chapter, `${readFileSync(chapter, 'utf8')}\n---\n\n## Later\n\n\`\`\`haskell\nmain = putStrLn "hi"\n\`\`\`\n`);
  // The page reloads with the new grammar; the new slide renders when asked for.
  await expect.poll(() => blocks(page).then((found) => found.find((b) => b.word === 'haskell'))).toMatchObject({ classes: expect.arrayContaining(['language-haskell']), spans: expect.any(Number) });
  expect((await blocks(page)).find((b) => b.word === 'haskell')!.spans).toBeGreaterThan(0);

  const included = path.join(folder, 'code', 'hpa.yaml');
  writeFileSync(included, readFileSync(included, 'utf8').replace('maxReplicas: 10', 'maxReplicas: 12'));
  await expect.poll(async () => (await blocks(page), page.locator('code.yaml').first().textContent())).toContain('maxReplicas: 12');
  expect(errors).toEqual([]);
});
