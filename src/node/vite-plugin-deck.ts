/**
 * The Vite shell around the loader: serves the deck as `virtual:deck`, redirects remark's
 * highlight.js 9 to ours, fails the build on deck errors, and in dev pushes every saved change
 * to the open page (`deck:update`) or shows the errors in Vite's overlay while the last good
 * deck stays on screen.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin, ViteDevServer } from 'vite';
import { formatDiagnostic, type Diagnostic } from '../core/diagnostics.js';
import type { DeckBuild } from '../core/deck.js';
import { defaultManifest, loadDeck } from './load-deck.js';

const virtualId = 'virtual:deck';
/** Written next to index.html by `vite build`. */
export const buildInfoFile = 'deck-build.json';
const resolvedVirtualId = '\0virtual:deck';
const ourHighlighter = fileURLToPath(new URL('../runtime/highlighter.ts', import.meta.url));

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

export interface DeckPluginOptions {
  /** Manifest path; default `DECK_MANIFEST` or `slides/workshop.yml`. */
  manifest?: string;
}

function report(diagnostics: Diagnostic[], log: (line: string) => void): void {
  for (const d of diagnostics) log(formatDiagnostic(d));
}

function moduleCode(build: DeckBuild): string {
  return `export default ${JSON.stringify({ source: build.source, deck: build.deck })};`;
}

export function deckPlugin(options: DeckPluginOptions = {}): Plugin[] {
  const manifest = options.manifest ?? process.env.DECK_MANIFEST ?? defaultManifest;
  /** The last deck without errors: what the page keeps showing while the author fixes one. */
  let good: DeckBuild | undefined;
  let watched = new Set<string>();
  let server: ViteDevServer | undefined;

  const errorMessage = (build: DeckBuild) =>
    `The deck has errors:\n${build.diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic).join('\n')}`;

  const load = (): DeckBuild => {
    const build = loadDeck(manifest);
    watched = new Set(build.files);
    server?.watcher.add(build.files);
    if (build.ok) good = build;
    return build;
  };

  const main: Plugin = {
    name: 'deck',
    // Before Vite's own resolver, or remark's highlighter would resolve to highlight.js 9.
    enforce: 'pre',
    config() {
      return {
        optimizeDeps: {
          include: ['remark-slide/src/remark.js'],
          rolldownOptions: { plugins: [remarkHighlighterRedirect] },
        },
      };
    },
    configureServer(devServer) {
      server = devServer;
    },
    buildStart() {
      const build = load();
      report(build.diagnostics.filter((d) => d.severity === 'warning'), (line) => this.warn(line));
      if (!build.ok && !server) this.error(errorMessage(build));
    },
    resolveId(source, importer) {
      if (source === virtualId) return resolvedVirtualId;
      return isRemarkHighlighter(source, importer) ? ourHighlighter : null;
    },
    generateBundle() {
      // Lets `npm start` tell whether dist/ holds this manifest's deck.
      const deck = good?.deck;
      this.emitFile({
        type: 'asset',
        fileName: buildInfoFile,
        source: JSON.stringify({ manifest: path.resolve(manifest), title: deck?.title, slides: deck?.slides.length }, null, 2),
      });
    },
    load(id) {
      if (id !== resolvedVirtualId) return null;
      const build = good ?? load();
      if (!build.ok) throw new Error(errorMessage(build));
      return moduleCode(build);
    },
    hotUpdate({ file, server: devServer }) {
      if (this.environment.name !== 'client' || !watched.has(path.resolve(file))) return;
      const pageHasDeck = good !== undefined;
      const build = load();
      const log = devServer.config.logger;
      report(build.diagnostics, (line) => log.warn(line, { timestamp: true }));
      if (!build.ok) {
        const first = build.diagnostics.find((d) => d.severity === 'error') as Diagnostic;
        this.environment.hot.send({
          type: 'error',
          err: {
            message: errorMessage(build),
            stack: '',
            id: first.file,
            plugin: 'deck',
            loc: { file: path.resolve(first.file), line: first.line, column: first.column },
          },
        });
        return [];
      }
      // A later full page load must get this deck, not the cached module.
      const module = this.environment.moduleGraph.getModuleById(resolvedVirtualId);
      if (module) this.environment.moduleGraph.invalidateModule(module);
      if (!pageHasDeck) {
        // The page never got a deck (the server started on a broken one): nothing listens yet.
        this.environment.hot.send({ type: 'full-reload' });
        return [];
      }
      this.environment.hot.send({ type: 'custom', event: 'deck:update', data: { source: build.source, deck: build.deck } });
      log.info(`deck updated: ${build.deck?.slides.length} slides`, { timestamp: true });
      return [];
    },
  };
  return [main];
}
