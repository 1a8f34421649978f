/**
 * `npm run bench:big-deck`: how fast a generated deck of BENCH_SLIDES (default 2,500) slides
 * opens, served statically as `npm start` serves it, with slides rendered on demand (the
 * runtime's lazy slide view) against remark's own eager view (the same build without the
 * redirect of src/node/vite-plugin-lazy-slides.ts), in one run, alternating the two.
 *
 * "First slide on screen": `performance.now()` (milliseconds since navigation start) in the
 * task after the first animation frame in which the visible slide's content element holds its
 * text and the font of its first text is loaded, i.e. just after that frame was painted. Each
 * load is a fresh browser context (a cold cache), BENCH_RUNS loads each (default 5), median.
 * BENCH_BASELINE_DIST: a build of the same generated deck by an earlier version (e.g. the commit
 * before slides rendered on demand), measured in the same rotation.
 * Memory, once the page is idle after `data-deck-ready` and a forced GC: V8's heap used, Blink's
 * heap (the DOM, CDP's `embedderHeapUsedSize`) and DOM nodes (`Performance.getMetrics`).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { build } from 'vite';
import { readEnvironment } from '../src/cli/environment.ts';
import { browserLaunchOptions } from '../src/node/find-browser.ts';
import { deckViteConfig } from '../src/node/vite-config.ts';
import { lazySlidesPluginName } from '../src/node/vite-plugin-lazy-slides.ts';
import { createStaticServer } from '../src/server/static-server.ts';
import { generateDeck } from './generate-deck.ts';

const slides = Number(process.env.BENCH_SLIDES ?? 2500);
const runs = Number(process.env.BENCH_RUNS ?? 5);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const ms = (value: number) => `${Math.round(value)} ms`;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** Runs in the page before its scripts: records when the first slide is on screen. */
const firstSlideProbe = `(() => {
  let shown = false;
  const probe = () => {
    const content = document.querySelector('.remark-slides-area .remark-visible .remark-slide-content');
    const text = content && content.querySelector('h1, h2, h3, p, li');
    if (!shown && text && document.fonts.check(getComputedStyle(text).font)) {
      shown = true;
      setTimeout(() => { window.__firstSlideOnScreen = performance.now(); }, 0);
    }
    if (document.documentElement.dataset.deckReady === 'true') window.__deckReady ??= performance.now();
    if (!shown || window.__deckReady === undefined) requestAnimationFrame(probe);
  };
  requestAnimationFrame(probe);
})();`;

interface Load {
  firstSlide: number;
  ready: number;
  heap: number;
  dom: number;
  nodes: number;
}

async function buildVariant(manifest: string, outDir: string, lazy: boolean): Promise<void> {
  const config = deckViteConfig({ manifest, outDir });
  const plugins = (config.plugins ?? []).flat().filter((plugin) => lazy || !(plugin && 'name' in plugin && plugin.name === lazySlidesPluginName));
  await build({ ...config, plugins, configFile: false, logLevel: 'silent' });
}

async function serve(root: string): Promise<{ server: Server; url: string }> {
  const server = createStaticServer({ root });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` };
}

async function idle(page: Page): Promise<void> {
  await page.evaluate(() => new Promise<void>((resolve) => requestIdleCallback(() => requestIdleCallback(() => resolve()))));
}

/** After a forced GC: V8's heap, Blink's (the DOM and layout objects V8 holds, "embedder"), DOM nodes. */
async function memory(page: Page): Promise<{ heap: number; dom: number; nodes: number }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  const usage = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number; embedderHeapUsedSize?: number };
  await cdp.send('Performance.enable');
  const { metrics } = await cdp.send('Performance.getMetrics');
  const nodes = metrics.find((m) => m.name === 'Nodes')?.value ?? NaN;
  return { heap: usage.usedSize, dom: usage.embedderHeapUsedSize ?? NaN, nodes };
}

async function open(browser: Browser, url: string): Promise<{ page: Page; load: Load }> {
  const context = await browser.newContext({ viewport: { width: 1210, height: 681 } });
  const page = await context.newPage();
  await page.addInitScript(firstSlideProbe);
  await page.goto(url);
  await page.waitForFunction(() => {
    const w = window as unknown as { __firstSlideOnScreen?: number; __deckReady?: number };
    return w.__firstSlideOnScreen !== undefined && w.__deckReady !== undefined;
  }, null, { timeout: 60_000 });
  const { firstSlide, ready } = await page.evaluate(() => {
    const w = window as unknown as { __firstSlideOnScreen: number; __deckReady: number };
    return { firstSlide: w.__firstSlideOnScreen, ready: w.__deckReady };
  });
  await idle(page);
  return { page, load: { firstSlide, ready, ...(await memory(page)) } };
}

/** Opens the overview (`O`) and waits until the tiles on screen show their slides. */
async function overviewOpen(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const started = performance.now();
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'o', bubbles: true }));
    for (;;) {
      await new Promise((resolve) => requestAnimationFrame(resolve));
      const tiles = Array.from(document.querySelectorAll('.overview-tile')).filter((tile) => {
        const box = tile.getBoundingClientRect();
        return box.bottom > 0 && box.top < innerHeight;
      });
      if (tiles.length > 0 && tiles.every((tile) => tile.querySelector('.overview-scaler .remark-slide'))) break;
    }
    return performance.now() - started;
  });
}

type Variant = 'baseline' | 'eager' | 'lazy';
const names: Record<Variant, string> = { baseline: `BENCH_BASELINE_DIST (${process.env.BENCH_BASELINE_DIST})`, eager: "remark's eager view", lazy: 'lazy view (ours)' };
const variants: Variant[] = process.env.BENCH_BASELINE_DIST ? ['baseline', 'eager', 'lazy'] : ['eager', 'lazy'];
const deck = generateDeck(slides);
const dists = { eager: mkdtempSync(path.join(tmpdir(), 'deck-big-eager-')), lazy: mkdtempSync(path.join(tmpdir(), 'deck-big-lazy-')) };
const roots: Record<Variant, string> = { ...dists, baseline: process.env.BENCH_BASELINE_DIST ?? '' };
const servers: Server[] = [];
const browser = await chromium.launch(browserLaunchOptions(readEnvironment().chromePath));
try {
  await buildVariant(deck.manifest, dists.eager, false);
  await buildVariant(deck.manifest, dists.lazy, true);
  const urls = {} as Record<Variant, string>;
  for (const variant of variants) {
    const { server, url } = await serve(roots[variant]);
    servers.push(server);
    urls[variant] = url;
  }
  const loads: Record<Variant, Load[]> = { baseline: [], eager: [], lazy: [] };
  const overview: Record<Variant, number[]> = { baseline: [], eager: [], lazy: [] };
  let renderAll: { ms: number; cloneMs: number; heap: number; dom: number; nodes: number } | undefined;
  let jump: number | undefined;
  for (let run = 0; run < runs; run++) {
    for (const variant of variants) {
      const { page, load } = await open(browser, urls[variant]);
      loads[variant].push(load);
      overview[variant].push(await overviewOpen(page));
      if (variant === 'lazy' && run === runs - 1) {
        await page.keyboard.press('Escape');
        // A slide far away, not rendered yet: what `#N` or typing its number costs.
        jump = await page.evaluate(() => {
          const started = performance.now();
          window.slideshow.gotoSlide(window.slideshow.getSlideCount() - 10);
          return performance.now() - started;
        });
        const ms = await page.evaluate(() => {
          const started = performance.now();
          window.deckSlides.renderAll();
          return performance.now() - started;
        });
        const rendered = await memory(page);
        // What an overview that cloned every slide when it opens would add to that.
        const cloneMs = await page.evaluate(() => {
          const started = performance.now();
          const grid = document.createElement('div');
          for (const slide of document.querySelectorAll('.remark-slides-area .remark-slide')) grid.append(slide.cloneNode(true));
          document.body.append(grid);
          void grid.offsetHeight;
          grid.remove();
          return performance.now() - started;
        });
        renderAll = { ms, cloneMs, ...rendered };
      }
      await page.context().close();
    }
  }

  console.log(`\n${deck.slides} slides (bench/generate-deck.ts), served statically, Chromium ${browser.version()}, ${runs} cold loads each, alternating; load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}:`);
  console.log('| | first slide on screen (median) | min – max | data-deck-ready (median) | JS heap (V8) | DOM heap (Blink) | DOM nodes | overview open, tiles on screen filled (median) |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const variant of variants) {
    const l = loads[variant];
    const first = l.map((x) => x.firstSlide);
    console.log(
      `| ${names[variant]} | **${ms(median(first))}** | ${ms(Math.min(...first))} – ${ms(Math.max(...first))} | ${ms(median(l.map((x) => x.ready)))} | ${mb(median(l.map((x) => x.heap)))} | ${mb(median(l.map((x) => x.dom)))} | ${Math.round(median(l.map((x) => x.nodes))).toLocaleString('en')} | ${ms(median(overview[variant]))} |`,
    );
  }
  if (renderAll) {
    console.log(`\nlazy view, then every slide rendered (what printing, \`check\` and the PDF export do first): ${ms(renderAll.ms)}, then ${mb(renderAll.heap)} JS heap, ${mb(renderAll.dom)} DOM heap, ${renderAll.nodes.toLocaleString('en')} DOM nodes`);
    console.log(`cloning every rendered slide into an overview at once would add ${ms(renderAll.cloneMs)}`);
  }
  if (jump !== undefined) console.log(`lazy view, jump to a slide not rendered yet (gotoSlide): ${jump.toFixed(1)} ms`);
} finally {
  await browser.close();
  for (const server of servers) server.close();
  rmSync(deck.folder, { recursive: true, force: true });
  for (const dist of Object.values(dists)) rmSync(dist, { recursive: true, force: true });
}
