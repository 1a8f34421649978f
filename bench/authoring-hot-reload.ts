/**
 * `npm run bench:authoring`, part 2: on a generated 1,000-slide workshop served by `npm run dev`
 * (Vite's dev server with the deck plugin), how long from saving a chapter to the edit being on
 * screen, on the same slide, in Chromium. Reports the median and the slowest of the saves, and
 * how much of it the update's trip to the page and its render there take.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { createServer } from 'vite';
import { readEnvironment } from '../src/cli/environment.js';
import { browserLaunchOptions } from '../src/node/find-browser.js';
import { deckViteConfig } from '../src/node/vite-config.js';
import { generateDeck } from './generate-deck.js';

const saves = Number(process.env.BENCH_SAVES ?? 15);
const deck = generateDeck(Number(process.env.BENCH_SLIDES ?? 1000));
const server = await createServer({
  ...deckViteConfig({ manifest: deck.manifest, outDir: path.join(deck.folder, 'dist') }),
  configFile: false,
  logLevel: 'silent',
  server: { port: Number(process.env.BENCH_PORT ?? 0), host: '127.0.0.1' },
});
await server.listen();
const browser = await chromium.launch(browserLaunchOptions(readEnvironment().chromePath));
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

try {
  const page = await browser.newPage({ viewport: { width: 1210, height: 681 } });
  await page.goto(server.resolvedUrls!.local[0]);
  await page.waitForFunction(() => document.documentElement.dataset.deckReady === 'true', null, { timeout: 60_000 });
  // tsx (esbuild's keepNames) wraps the functions it compiles in `__name(...)`; the page has none.
  await page.evaluate('globalThis.__name ??= (fn) => fn');
  // A slide in the middle of the deck, and the chapter file it comes from.
  const target = await page.evaluate(() => window.deck.slides.find((s) => s.index > window.deck.slides.length / 2 && s.kind === 'content' && s.title?.startsWith('Notes'))!);
  await page.evaluate((n) => window.slideshow.gotoSlide(n), target.index + 1);
  const file = path.join(deck.folder, path.basename(target.source.file));
  const original = readFileSync(file, 'utf8');
  const latencies: number[] = [];
  const arrivals: number[] = [];
  const renderMs: number[] = [];
  const renderKinds = new Set<string>();
  for (let i = 0; i < saves; i++) {
    const marker = `edited ${i}`;
    await page.evaluate((text) => {
      const w = window as unknown as { seenAt?: number };
      w.seenAt = undefined;
      const look = () => {
        const shown = document.querySelector('.remark-slides-area .remark-visible .remark-slide-content')?.textContent ?? '';
        if (shown.includes(text)) w.seenAt = performance.timeOrigin + performance.now();
        else requestAnimationFrame(look);
      };
      requestAnimationFrame(look);
    }, marker);
    const savedAt = performance.timeOrigin + performance.now();
    writeFileSync(file, original.replace(`## ${target.title}`, `## ${target.title} (${marker})`));
    await page.waitForFunction(() => (window as unknown as { seenAt?: number }).seenAt !== undefined, null, { timeout: 10_000, polling: 10 });
    const seenAt = await page.evaluate(() => (window as unknown as { seenAt: number }).seenAt);
    const index = await page.evaluate(() => window.slideshow.getCurrentSlideIndex());
    if (index !== target.index) throw new Error(`the deck moved from slide ${target.index + 1} to ${index + 1}`);
    latencies.push(seenAt - savedAt);
    // The runtime marks each update's arrival and measures its render (src/runtime/main.ts).
    const update = await page.evaluate(() => {
      const arrived = performance.getEntriesByName('deck:update-received').at(-1)!;
      const render = performance.getEntriesByType('measure').filter((m) => m.name.startsWith('deck:update-')).at(-1)!;
      return { arrivedAt: performance.timeOrigin + arrived.startTime, renderMs: render.duration, how: render.name };
    });
    arrivals.push(update.arrivedAt - savedAt);
    renderMs.push(update.renderMs);
    renderKinds.add(update.how);
    // Let the watcher settle before the next save, as between two saves by hand.
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  writeFileSync(file, original);
  const slides = await page.evaluate(() => window.deck.slides.length);
  console.log(`save to screen in \`npm run dev\`, ${slides} slides, slide ${target.index + 1} on screen, ${saves} saves:`);
  console.log(`  median ${median(latencies).toFixed(0)} ms, fastest ${Math.min(...latencies).toFixed(0)} ms, slowest ${Math.max(...latencies).toFixed(0)} ms (budget 100 ms)`);
  console.log(`  save to the update reaching the page (watcher, loader, WebSocket): median ${median(arrivals).toFixed(0)} ms`);
  console.log(`  rendering in the page (${[...renderKinds].join(', ')}): median ${median(renderMs).toFixed(1)} ms`);
} finally {
  await browser.close();
  await server.close();
  rmSync(deck.folder, { recursive: true, force: true });
}
