/**
 * Builds the deck when its build folder is missing, holds another deck or variant, or is older
 * than its sources. Shared by `npm start`, `npm run pdf` and `npm run screenshots`; `npm run
 * build` and `npm run check` build through `buildSite` too. Vite is loaded only to build.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Logger, LogLevel } from 'vite';
import { buildInfoFile, type BuildInfo } from '../shared/build-info.js';
import { deckBuildId } from './deck-build-id.js';
import { loadDeck } from './load-deck.js';
import { repoRoot } from './repo-root.js';
import { shownPath } from './shown-path.js';
import { BuildFailed, type SiteOptions } from './site-options.js';

function newestMtime(paths: string[]): number {
  let newest = 0;
  for (const entry of paths) {
    if (!existsSync(entry)) continue;
    const stat = statSync(entry);
    if (stat.isDirectory()) {
      newest = Math.max(newest, newestMtime(readdirSync(entry).map((name) => path.join(entry, name))));
    } else {
      newest = Math.max(newest, stat.mtimeMs);
    }
  }
  return newest;
}

/**
 * Why `site.outDir` must be rebuilt, or `undefined` when it is current. The build names no path
 * (deck-build.json is served to anyone): it holds this deck when its `variant` is the one asked
 * for and its `buildId`, a hash of the remark source, is the one the manifest gives now; images
 * and the runtime are compared by modification time.
 */
export function rebuildReason(site: SiteOptions): string | undefined {
  const shown = shownPath(site.outDir);
  const info = path.join(site.outDir, buildInfoFile);
  if (!existsSync(info) || !existsSync(path.join(site.outDir, 'index.html'))) return `no build in ${shown}/`;
  const built = JSON.parse(readFileSync(info, 'utf8')) as Partial<BuildInfo>;
  const variant = site.variant;
  if ((built.variant ?? undefined) !== variant) return `${shown}/ holds the ${built.variant ?? 'default'} variant, not ${variant ?? 'the default'}`;
  const deck = loadDeck(site.manifest, { variant });
  if (!deck.ok || deckBuildId(deck.source) !== built.buildId) return `${shown}/ holds another deck, or these slides before their last change`;
  const sources = [...deck.files, ...['src', 'index.html', 'package-lock.json'].map((file) => path.join(repoRoot, file))];
  if (newestMtime(sources) > statSync(info).mtimeMs) return 'sources changed since the last build';
  return undefined;
}

export interface BuildSettings {
  logLevel?: LogLevel;
  customLogger?: Logger;
  /** Empty the folder first even when it is outside the repository (Vite's default: only inside). */
  emptyOutDir?: boolean;
}

/** Deck errors already name file and line: a stack trace into Rolldown would only bury them. */
export function withoutStack(text: string): string {
  return text.split('\n').filter((line) => !/^\s+at /.test(line)).join('\n');
}

/**
 * `vite build` of the site; throws with the loader's messages on deck errors (unless
 * `allowErrors`), without Rolldown's stack trace.
 */
export async function buildSite(site: SiteOptions, settings: BuildSettings = {}): Promise<void> {
  const [{ build }, { deckViteConfig }] = await Promise.all([import('vite'), import('./vite-config.js')]);
  const config = deckViteConfig(site);
  try {
    await build({
      ...config,
      configFile: false,
      logLevel: settings.logLevel ?? 'warn',
      customLogger: settings.customLogger,
      build: { ...config.build, ...(settings.emptyOutDir ? { emptyOutDir: true } : {}) },
    });
  } catch (error) {
    throw new BuildFailed(withoutStack(String((error as Error).message)), { cause: error });
  }
}

/**
 * Builds `site` when asked (`force`) or when its build is missing or older than its sources,
 * saying why first; throws `BuildFailed` with the deck's errors. What `start`, `pdf` and
 * `screenshots` do before they use the build.
 */
export async function ensureBuilt(site: SiteOptions, force: boolean, say: (line: string) => void): Promise<void> {
  const reason = force ? 'asked with --build' : rebuildReason(site);
  if (!reason) return;
  say(`Building the deck (${reason})...`);
  await buildSite(site);
}
