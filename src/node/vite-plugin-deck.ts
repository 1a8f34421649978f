/**
 * The Vite shell around the loader: serves the deck as `virtual:deck`, redirects remark's
 * highlight.js 9 to ours, fails the build on deck errors, and in dev pushes every saved change
 * to the open page (`deck:update`) or shows the errors in Vite's overlay (on the presenter's page
 * only: dev-error-routing.ts) while the last good deck stays on screen. The slides' local images go along: `vite build` copies each to the same
 * path under the output folder, the dev server serves them from the manifest's folder.
 */
import { statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import sirv from 'sirv';
import type { HtmlTagDescriptor, Plugin, ViteDevServer } from 'vite';
import { formatDiagnostic, type Diagnostic } from '../core/diagnostics.js';
import { escapeHtml } from '../core/html.js';
import { buildInfoFile, type BuildInfo } from '../shared/build-info.js';
import type { DeckBuild } from '../core/deck.js';
import { FileAnalysisCache } from '../core/file-analysis.js';
import { roomPlan, type RoomPlan } from '../core/room-plan.js';
import { deckBuildId } from './deck-build-id.js';
import { DeckFolder } from './deck-files.js';
import { bundledLanguages, languagesModuleCode, languagesModuleId } from './deck-languages-module.js';
import { loadDeck } from './load-deck.js';
import { repoRoot } from './repo-root.js';
import type { SiteOptions } from './site-options.js';
import { pageDeck } from '../shared/page-deck.js';

export { deckBuildId };

const virtualId = 'virtual:deck';
const resolvedVirtualId = '\0virtual:deck';
const resolvedLanguagesId = `\0${languagesModuleId}`;
const ourHighlighter = path.join(repoRoot, 'src/runtime/highlighter.ts');

/** remark requires its highlighter as `./highlighter` (api, views) or `../../highlighter` (styler). */
function isRemarkHighlighter(source: string, importer: string | undefined): boolean {
  if (!importer || !/highlighter(\.js)?$/.test(source)) return false;
  const target = path.resolve(path.dirname(importer), source).replace(/\.js$/, '');
  return target.replace(/\\/g, '/').endsWith('remark-slide/src/remark/highlighter');
}

/** Works as a Vite plugin and as a Rolldown plugin for the dev server's dependency pre-bundling. */
export const remarkHighlighterRedirect = {
  name: 'deck:remark-highlighter',
  resolveId(source: string, importer: string | undefined) {
    return isRemarkHighlighter(source, importer) ? ourHighlighter : null;
  },
};

/** The deck to serve and build (see `SiteOptions`); the build folder is Vite's own setting. */
export type DeckPluginOptions = Pick<SiteOptions, 'manifest' | 'variant' | 'allowErrors'>;

function report(diagnostics: Diagnostic[], log: (line: string) => void): void {
  for (const d of diagnostics) log(formatDiagnostic(d));
}

/** The deck's images by URL path relative to the page (`images/a.png`), with their files on disk. */
function assetFiles(build: DeckBuild, manifest: string): Map<string, string> {
  const folder = path.dirname(path.resolve(manifest));
  return new Map((build.deck?.assets ?? []).map((asset) => [asset.path, path.resolve(folder, asset.path)]));
}

/**
 * An image's bytes for the build, read only from inside the manifest's folder: the loader
 * checked it, and it is checked again here, as it is read, in case a link changed since.
 */
function assetBytes(folder: DeckFolder, asset: string): Buffer {
  const bytes = folder.readInside(asset);
  if (!bytes) throw new Error(`image \`${asset}\` is no longer a file inside the manifest's folder (${folder.folder}); build again`);
  return bytes;
}

/** The path a dev-server request asks for, relative to the base (`/images/a%20b.png` -> `images/a b.png`). */
function requestedPath(url: string | undefined, base: string): string | undefined {
  let pathname = new URL(url ?? '/', 'http://dev').pathname;
  try {
    pathname = decodeURIComponent(pathname);
  } catch {
    return undefined;
  }
  return pathname.startsWith(base) ? pathname.slice(base.length) : pathname.replace(/^\/+/, '');
}

/** What the page gets, on load and on every save: remark's source cut per slide, the model (src/shared/page-deck.ts), the build id. */
function deckPayload(build: DeckBuild) {
  return { slideSources: build.slideSources, deck: build.deck && pageDeck(build.deck), buildId: deckBuildId(build.source) };
}

/** A JSON string, not an object literal: V8 parses JSON several times faster, and big decks carry megabytes. */
function moduleCode(build: DeckBuild): string {
  return `export default JSON.parse(${JSON.stringify(JSON.stringify(deckPayload(build)))});`;
}

/** The element of a built index.html that holds the deck's payload. */
const payloadElementId = 'deck-payload';

/**
 * A built page's deck is text in its document, not code in its script: the page's JavaScript is
 * the same whatever the deck (and stays within its budget), and the browser parses the text as
 * JSON, not as script. `<` is escaped so that no slide's `</script>` or `<!--` ends the element.
 */
function payloadElement(build: DeckBuild): HtmlTagDescriptor {
  const json = JSON.stringify(deckPayload(build)).replace(/</g, '\\u003c');
  return { tag: 'script', attrs: { type: 'application/json', id: payloadElementId }, children: json, injectTo: 'body-prepend' };
}

/** A built index.html for `build`: the deck's title, escaped, in `<title>` (tabs, bookmarks and link previews show it before any script runs), and its payload. */
export function builtPage(html: string, build: DeckBuild): { html: string; tags: HtmlTagDescriptor[] } {
  const title = build.deck ? html.replace(/<title>[^<]*<\/title>/, `<title>${escapeHtml(build.deck.title)}</title>`) : html;
  return { html: title, tags: [payloadElement(build)] };
}

/** The built page's `virtual:deck`: the payload its document carries. */
const payloadReaderCode = `export default JSON.parse(document.getElementById(${JSON.stringify(payloadElementId)}).textContent);`;

export function deckPlugin(options: DeckPluginOptions): Plugin[] {
  const { manifest, variant, allowErrors = false } = options;
  /** Chapter files' analyses between saves: a save re-parses only the file it changed. */
  const analyses = new FileAnalysisCache();
  /** The last deck without errors: what an open page keeps showing while the author fixes one. */
  let good: DeckBuild | undefined;
  /** The most recent load, good or not: what a page opened now must get. */
  let latest: DeckBuild | undefined;
  /** The page module was last served as an error: no page has a deck listening for updates. */
  let servedError = false;
  /** The grammars `virtual:deck-languages` last gave pages: a deck that needs others reloads them. */
  let servedLanguages: string | undefined;
  let watched = new Set<string>();
  /** The images the dev server may serve: those of the last deck loaded, and nothing else. */
  let assets = new Map<string, string>();
  let server: ViteDevServer | undefined;
  /** `vite build` (the payload rides in index.html) or the dev server (in the module, updated on save). */
  let building = false;

  const errorMessage = (build: DeckBuild) =>
    `The deck has errors:\n${build.diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic).join('\n')}`;

  /** When the last load started reading files (a file written after it is newer than that load). */
  let lastLoadAt = 0;
  const load = (): DeckBuild => {
    lastLoadAt = Date.now();
    const build = loadDeck(manifest, { variant, analyses });
    watched = new Set(build.files);
    // An image, found or not, is watched too: adding, editing or deleting one updates the page.
    server?.watcher.add(build.files);
    if (build.deck) assets = assetFiles(build, manifest);
    if (build.ok || (allowErrors && build.deck)) good = build;
    latest = build;
    return build;
  };

  /** Pushes the deck as it is now on disk to open pages: an update, a reload, or the errors. */
  const sendUpdate = (changed: string | undefined) => {
    const client = server?.environments.client;
    if (!client) return;
    const build = load();
    const log = client.config.logger;
    report(build.diagnostics, (line) => log.warn(line, { timestamp: true }));
    settleAfter();
    if (!build.ok) {
      const first = build.diagnostics.find((d) => d.severity === 'error') as Diagnostic;
      client.hot.send({
        type: 'error',
        err: {
          message: errorMessage(build),
          stack: '',
          id: first.file,
          plugin: 'deck',
          loc: { file: path.resolve(first.file), line: first.line, column: first.column },
        },
      });
      return;
    }
    // A later full page load must get this deck, not the cached module.
    const module = client.moduleGraph.getModuleById(resolvedVirtualId);
    if (module) client.moduleGraph.invalidateModule(module);
    // A page that was served the errors has no deck listening for updates. An image that
    // changed or appeared must be fetched again, which only a reload does for sure, and so must
    // grammars for a language the deck did not use before.
    const languages = bundledLanguages(build.deck?.languages ?? []).join(' ');
    const newLanguages = servedLanguages !== undefined && languages !== servedLanguages;
    if (newLanguages) {
      const languagesModule = client.moduleGraph.getModuleById(resolvedLanguagesId);
      if (languagesModule) client.moduleGraph.invalidateModule(languagesModule);
    }
    if (servedError || newLanguages || (changed !== undefined && [...assets.values()].includes(changed))) {
      client.hot.send({ type: 'full-reload' });
      return;
    }
    client.hot.send({ type: 'custom', event: 'deck:update', data: deckPayload(build) });
    log.info(`deck updated: ${build.deck?.slides.length} slides`, { timestamp: true });
  };

  /**
   * Vite's watcher (chokidar 3) drops a second change to a file within 50 ms of the first, so
   * a quick second save (format on save, an editor writing twice) could leave the page on the
   * first. Shortly after each update, any deck file written since that load is loaded again.
   */
  let settleTimer: ReturnType<typeof setTimeout> | undefined;
  const settleAfter = () => {
    const loadedAt = lastLoadAt;
    clearTimeout(settleTimer);
    settleTimer = setTimeout(() => {
      const written = [...watched].find((file) => (statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? 0) > loadedAt);
      if (written) sendUpdate(written);
    }, 120);
    settleTimer.unref?.();
  };

  const main: Plugin = {
    name: 'deck',
    // For other plugins (the follow server): the build id of the deck the dev server serves now.
    api: {
      buildId: (): string | undefined => (good ? deckBuildId(good.source) : undefined),
      // ...and the ids of its exercises and polls, which the room takes check-ins and votes for.
      roomPlan: (): RoomPlan | undefined => (good?.deck ? roomPlan(good.deck) : undefined),
    },
    // Before Vite's own resolver, or remark's highlighter would resolve to highlight.js 9.
    enforce: 'pre',
    config() {
      return {
        optimizeDeps: {
          // remark plus the internals the hot reload reuses (src/runtime/incremental-update.ts),
          // pre-bundled up front so the first save does not make Vite re-optimise and reload.
          include: [
            'remark-slide/src/remark.js',
            'remark-slide/src/remark/parser.js',
            'remark-slide/src/remark/models/slide.js',
            'events',
          ],
          rolldownOptions: { plugins: [remarkHighlighterRedirect] },
        },
      };
    },
    configResolved(config) {
      building = config.command === 'build';
    },
    transformIndexHtml(html) {
      if (!building || !good?.deck) return;
      return builtPage(html, good);
    },
    configureServer(devServer) {
      server = devServer;
      // Read from disk on every request (dev mode, ETag): an edited image shows on reload.
      const files = sirv(path.dirname(path.resolve(manifest)), { dev: true, etag: true, extensions: [], dotfiles: true });
      devServer.middlewares.use((req: IncomingMessage, res: ServerResponse, next: () => void) => {
        if (req.method !== 'GET' && req.method !== 'HEAD') return next();
        const asked = requestedPath(req.url, devServer.config.base);
        if (asked === undefined || !assets.has(asked)) return next();
        // Checked on every request: a link made or changed since the last load must not serve outside.
        if (DeckFolder.ofManifest(manifest).resolve(asked).kind !== 'file') {
          res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end(`${asked} is not a file in the deck's folder\n`);
          return;
        }
        const original = req.url;
        req.url = `/${asked.split('/').map(encodeURIComponent).join('/')}`;
        files(req, res, () => {
          req.url = original;
          res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end(`${asked} is gone\n`);
        });
      });
    },
    buildStart() {
      const build = load();
      report(build.diagnostics.filter((d) => d.severity === 'warning'), (line) => this.warn(line));
      if (!build.ok && !server && !(allowErrors && build.deck)) this.error(errorMessage(build));
    },
    resolveId(source, importer) {
      if (source === virtualId) return resolvedVirtualId;
      if (source === languagesModuleId) return resolvedLanguagesId;
      return isRemarkHighlighter(source, importer) ? ourHighlighter : null;
    },
    generateBundle() {
      // The slides' images, at the same paths relative to index.html as to the manifest.
      const folder = DeckFolder.ofManifest(manifest);
      for (const fileName of good ? assetFiles(good, manifest).keys() : []) {
        this.emitFile({ type: 'asset', fileName, source: assetBytes(folder, fileName) });
      }
      // Lets `npm start` tell whether dist/ holds this deck as it is now (by `buildId`, see
      // ensure-build.ts), and pages which build they show. Served to anyone: no local path in it.
      if (!good?.deck) return;
      const info: BuildInfo = { variant: variant ?? null, title: good.deck.title, slides: good.deck.slides.length, buildId: deckBuildId(good.source), room: roomPlan(good.deck) };
      this.emitFile({ type: 'asset', fileName: buildInfoFile, source: JSON.stringify(info, null, 2) });
    },
    load(id) {
      if (id === resolvedLanguagesId) {
        const languages = (latest ?? load()).deck?.languages ?? [];
        servedLanguages = bundledLanguages(languages).join(' ');
        return languagesModuleCode(languages);
      }
      if (id !== resolvedVirtualId) return null;
      // A page opened (or reloaded) while the deck is broken gets the last good deck: an
      // attendee keeps a deck; the presenter's page gets the errors too, in Vite's overlay
      // (dev-error-routing.ts). With no good deck yet, the errors alone.
      const build = latest ?? load();
      servedError = good === undefined;
      if (good === undefined) throw new Error(errorMessage(build));
      return building ? payloadReaderCode : moduleCode(good);
    },
    hotUpdate({ file }) {
      const changed = path.resolve(file);
      if (this.environment.name !== 'client' || !watched.has(changed)) return;
      sendUpdate(changed);
      return [];
    },
  };
  return [main];
}
