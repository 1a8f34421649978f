/**
 * Builds the deck when its build folder is missing, holds another manifest, or is older than
 * its sources. Shared by `npm start` and `npm run pdf`.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadDeck, variantFromEnv } from './load-deck.js';
import { buildInfoFile, type BuildInfo } from '../shared/build-info.js';
import { deckBuildId } from './vite-plugin-deck.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

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
 * Why `dist` must be rebuilt for `manifest` (both absolute), or `undefined` when it is current.
 * The build names no path (deck-build.json is served to anyone): it holds this deck when its
 * `buildId`, a hash of the remark source, is the one the manifest gives now; images and the
 * runtime are compared by modification time.
 */
export function rebuildReason(manifest: string, dist: string): string | undefined {
  const shown = path.relative(process.cwd(), dist) || dist;
  const info = path.join(dist, buildInfoFile);
  if (!existsSync(info) || !existsSync(path.join(dist, 'index.html'))) return `no build in ${shown}/`;
  const built = JSON.parse(readFileSync(info, 'utf8')) as Partial<BuildInfo>;
  const variant = variantFromEnv();
  if ((built.variant ?? undefined) !== variant) return `${shown}/ holds the ${built.variant ?? 'default'} variant, not ${variant ?? 'the default'}`;
  const deck = loadDeck(manifest, { variant });
  if (!deck.ok || deckBuildId(deck.source) !== built.buildId) return `${shown}/ holds another deck, or these slides before their last change`;
  const sources = [...deck.files, ...['src', 'index.html', 'vite.config.ts', 'package-lock.json'].map((file) => path.join(repoRoot, file))];
  if (newestMtime(sources) > statSync(info).mtimeMs) return 'sources changed since the last build';
  return undefined;
}

/** `vite build` of `manifest` into `dist`; throws with the loader's messages on deck errors. */
export async function buildSite(manifest: string, dist: string): Promise<void> {
  process.env.DECK_MANIFEST = manifest;
  const { build } = await import('vite');
  await build({ root: repoRoot, logLevel: 'warn', build: { outDir: dist } });
}
