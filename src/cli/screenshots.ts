/**
 * `npm run screenshots [-- [--variant name] [--build] [1 5 12]]`: PNGs of the built slides (all,
 * or the numbers given) in `<build folder>/screenshots/`, for looking at the deck without a
 * projector and for the README. Builds the deck first when the build is missing or stale.
 */
import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { slideSize } from '../core/slide-size.js';
import { ensureBuilt } from '../node/ensure-build.js';
import { helpOption, parseCommandArgs, variantHelp, variantOption } from './arguments.js';
import { readEnvironment, siteOptions } from './environment.js';

const usage = `Usage: npm run screenshots [-- [--variant name] [--build] [slide numbers]]

Writes PNGs of the deck's slides (all, or the numbers given) into <build folder>/screenshots/,
building the deck (DECK_MANIFEST, else slides/workshop.yml) first when dist/ is missing or stale.
${variantHelp}
  --build           rebuild even if the build looks current`;

export async function main(args: string[]): Promise<void> {
  const { positionals, values } = parseCommandArgs('screenshots', args, { ...variantOption, build: { type: 'boolean' }, ...helpOption }, Infinity);
  if (values.help) {
    console.log(usage);
    return;
  }
  const env = readEnvironment();
  const site = siteOptions({ variant: values.variant }, env);
  await ensureBuilt(site, !!values.build, (line) => console.error(line));
  const [{ chromium }, { browserLaunchOptions }, { createStaticServer }] = await Promise.all([
    import('playwright-core'),
    import('../node/find-browser.js'),
    import('../server/static-server.js'),
  ]);
  const server = createStaticServer({ root: site.outDir });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const browser = await chromium.launch(browserLaunchOptions(env.chromePath));
  try {
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${port}/`);
    await page.waitForFunction(() => document.documentElement.dataset.deckReady === 'true');
    const { width, height } = slideSize(await page.evaluate(() => window.deck.ratio));
    await page.setViewportSize({ width, height });
    const count = await page.evaluate(() => window.slideshow.getSlideCount());
    const wanted = positionals.map(Number).filter((n) => n >= 1 && n <= count);
    const numbers = wanted.length ? wanted : Array.from({ length: count }, (_, i) => i + 1);
    const folder = path.join(site.outDir, 'screenshots');
    mkdirSync(folder, { recursive: true });
    for (const n of numbers) {
      await page.evaluate((slide) => window.slideshow.gotoSlide(slide), n);
      const file = path.join(folder, `slide-${String(n).padStart(3, '0')}.png`);
      await page.locator('.remark-visible .remark-slide-scaler').screenshot({ path: file, animations: 'disabled' });
      console.log(path.relative(process.cwd(), file) || file);
    }
  } finally {
    await browser.close();
    server.close();
  }
}
