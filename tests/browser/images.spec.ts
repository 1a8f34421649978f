/**
 * The slides' own images load: the build copies them next to index.html (served here under a
 * deep base path), and `npm run dev` serves them from the manifest's folder, only them, fresh
 * from disk, picking up an image that appears or changes.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { PNG } from 'pngjs';
import type { ViteDevServer } from 'vite';
import { buildSite } from '../../src/node/ensure-build.ts';
import {
  currentSlide,
  recordErrors,
  recordRequests,
  showSlide,
  startDevServer as startDevServerFor,
  startStaticServer,
  stopDevServer,
  stopStaticServer,
  waitForDeck,
} from './helpers.ts';

/** A solid PNG of the given size: the size tells which version of a file the page shows. */
function png(width: number, height: number): Buffer {
  const image = new PNG({ width, height });
  for (let i = 0; i < image.data.length; i += 4) image.data.set([40, 120, 220, 255], i);
  return PNG.sync.write(image);
}

/**
 * A deck whose chapter sits in a subfolder and names its images relative to the manifest's
 * folder, container.training's way: a Markdown image and a `background-image` slide.
 */
function writeDeck(folder: string): void {
  mkdirSync(path.join(folder, 'chapters'), { recursive: true });
  mkdirSync(path.join(folder, 'images'), { recursive: true });
  writeFileSync(path.join(folder, 'deck.yml'), 'title: Pictures\nratio: "16:9"\nchapters:\n  - chapters/pictures.md\n');
  writeFileSync(
    path.join(folder, 'chapters', 'pictures.md'),
    '# Pictures\n---\n## A diagram\n\n![The architecture](images/diagram.png)\n---\nbackground-image: url(images/backdrop.png)\n\n## On a backdrop\n',
  );
  writeFileSync(path.join(folder, 'images', 'diagram.png'), png(40, 30));
  writeFileSync(path.join(folder, 'images', 'backdrop.png'), png(64, 36));
  writeFileSync(path.join(folder, 'images', 'unused.png'), png(8, 8));
}

/** The slides showing the diagram and the backdrop, from the model. */
/** Opens the deck and shows both image slides: the Markdown image and the background load. */
async function openAndSeeImages(page: Page, address: string): Promise<void> {
  await page.goto(address);
  await waitForDeck(page);
  const slides = await imageSlides(page);
  await showSlide(page, slides.diagram);
  await expect.poll(() => diagramWidth(page)).toBe(40);
  await showSlide(page, slides.backdrop);
  await expect.poll(() => backdropWidth(page)).toBe(64);
}

async function imageSlides(page: Page): Promise<{ diagram: number; backdrop: number }> {
  return page.evaluate(() => ({
    diagram: window.deck.slides.findIndex((s) => s.title === 'A diagram'),
    backdrop: window.deck.slides.findIndex((s) => s.title === 'On a backdrop'),
  }));
}

/**
 * Natural width of the diagram `<img>` on the visible slide, 0 until it has loaded, or while the
 * page reloads (the dev server may reload it twice: a new file is created, then written).
 */
async function diagramWidth(page: Page): Promise<number> {
  return page
    .evaluate(() => {
      const img = document.querySelector<HTMLImageElement>('.remark-slides-area .remark-visible img[alt="The architecture"]');
      return img?.complete ? img.naturalWidth : 0;
    })
    .catch((error: Error) => {
      // A reload under our feet: not loaded yet. Anything else is a failure, not a zero.
      if (/Execution context was destroyed|navigation/i.test(error.message)) return 0;
      throw error;
    });
}

/** Natural width of the visible slide's CSS background image, loaded through its own URL. */
async function backdropWidth(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const content = document.querySelector<HTMLElement>('.remark-slides-area .remark-visible .remark-slide-content');
    const url = /url\("?([^")]+)"?\)/.exec(content ? getComputedStyle(content).backgroundImage : '')?.[1];
    if (!url) return 0;
    const image = new Image();
    image.src = url;
    await image.decode().catch(() => undefined);
    return image.naturalWidth;
  });
}

test.describe('the built deck', () => {
  let folder: string;
  let server: Server;
  let origin: string;
  const basePath = '/talks/2026/pictures/';

  test.beforeAll(async () => {
    folder = mkdtempSync(path.join(tmpdir(), 'deck-images-'));
    writeDeck(folder);
    await buildSite({ manifest: path.join(folder, 'deck.yml'), outDir: path.join(folder, 'dist') }, { logLevel: 'silent', emptyOutDir: true });
    ({ server, origin } = await startStaticServer(path.join(folder, 'dist'), basePath));
  });

  test.afterAll(async () => {
    await stopStaticServer(server);
    rmSync(folder, { recursive: true, force: true });
  });

  test('ships the images the slides use, at their paths, and they load under a base path', async ({ page, context }) => {
    // The build holds exactly the used images, byte for byte, where the slides name them.
    expect(readFileSync(path.join(folder, 'dist', 'images', 'diagram.png'))).toEqual(readFileSync(path.join(folder, 'images', 'diagram.png')));
    expect(readFileSync(path.join(folder, 'dist', 'images', 'backdrop.png'))).toEqual(readFileSync(path.join(folder, 'images', 'backdrop.png')));
    expect(() => readFileSync(path.join(folder, 'dist', 'images', 'unused.png'))).toThrow();

    const errors = recordErrors(page);
    const { requests, bad } = recordRequests(context);
    await openAndSeeImages(page, `${origin}${basePath}`);

    expect(requests).toEqual(expect.arrayContaining([`${origin}${basePath}images/diagram.png`, `${origin}${basePath}images/backdrop.png`]));
    expect(bad).toEqual([]);
    expect(errors).toEqual([]);
  });
});

test.describe('npm run dev', () => {
  let folder: string;
  let server: ViteDevServer;
  let url: string;
  /** The presenter's page: the one that sees dev errors (Vite's overlay). */
  let presenter: string;

  test.beforeEach(() => {
    folder = mkdtempSync(path.join(tmpdir(), 'deck-images-dev-'));
    writeDeck(folder);
  });

  /** A Vite dev server of its own on the deck as it is now in `folder`. */
  async function startDevServer(): Promise<void> {
    ({ server, url, presenter } = await startDevServerFor(path.join(folder, 'deck.yml')));
  }

  test.afterEach(async () => {
    await stopDevServer(server);
    rmSync(folder, { recursive: true, force: true });
  });

  test('serves the slides\' images with their content type, and nothing else of the folder', async ({ page, context, request }) => {
    await startDevServer();
    const errors = recordErrors(page);
    const { bad } = recordRequests(context);
    await openAndSeeImages(page, url);
    expect(bad).toEqual([]);
    expect(errors).toEqual([]);

    const served = await request.get(`${url}images/diagram.png`);
    expect(served.status()).toBe(200);
    expect(served.headers()['content-type']).toBe('image/png');
    expect(await served.body()).toEqual(readFileSync(path.join(folder, 'images', 'diagram.png')));
    // Files of the folder no slide uses stay private, the manifest and a chapter included.
    for (const other of ['images/unused.png', 'deck.yml', 'chapters/pictures.md', 'images/../deck.yml']) {
      const response = await request.get(`${url}${other}`);
      const body = await response.body();
      expect(body.equals(readFileSync(path.join(folder, path.normalize(other)))), `${other} must not be served`).toBe(false);
    }
  });

  test('an image that appears, changes or goes away shows without restarting the server', async ({ page }) => {
    const chapter = path.join(folder, 'chapters', 'pictures.md');
    // A slide names an image that does not exist yet: the overlay (on the presenter's page) says where.
    writeFileSync(chapter, readFileSync(chapter, 'utf8').replace('images/diagram.png', 'images/later.png'));
    await startDevServer();
    await page.goto(presenter);
    const overlay = page.locator('vite-error-overlay');
    // The first page load of a fresh dev server pre-bundles dependencies: give it time on a busy machine.
    await expect(overlay.locator('.message-body')).toContainText('pictures.md:5:21', { timeout: 20_000 });
    await expect(overlay.locator('.message-body')).toContainText('image `images/later.png` does not exist');

    writeFileSync(path.join(folder, 'images', 'later.png'), png(50, 30));
    let slides = { diagram: -1, backdrop: -1 };
    // Retried as a whole: a second reload may come while it runs.
    await expect(async () => {
      await waitForDeck(page);
      slides = await imageSlides(page);
      await showSlide(page, slides.diagram);
      expect(await diagramWidth(page)).toBe(50);
    }).toPass({ timeout: 20_000 });
    await expect(overlay).not.toBeAttached();

    // Saved over with another picture: the page reloads, on the same slide, and shows the new one.
    writeFileSync(path.join(folder, 'images', 'later.png'), png(70, 30));
    await expect.poll(() => diagramWidth(page)).toBe(70);
    expect(await currentSlide(page)).toBe(slides.diagram);

    // Deleted: the overlay names the slide's line again.
    rmSync(path.join(folder, 'images', 'later.png'));
    await expect(overlay.locator('.message-body')).toContainText('pictures.md:5:21: error: image `images/later.png` does not exist');
  });
});
