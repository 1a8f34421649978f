/**
 * The Vite configuration of a deck site, from options: what `buildSite` builds with, what
 * vite.config.ts (the bare `vite` dev server, vitest) and the tests' dev servers start from.
 */
import type { UserConfig } from 'vite';
import { repoRoot } from './repo-root.js';
import type { SiteOptions } from './site-options.js';
import { deckPlugin } from './vite-plugin-deck.js';
import { lazySlidesPlugin } from './vite-plugin-lazy-slides.js';
import { precompressPlugin } from './vite-plugin-precompress.js';
import { followPlugin, type FollowPluginOptions } from './vite-plugin-follow.js';

/** `follow`: the follow service on the dev server (none for builds and vitest). */
export function deckViteConfig(site: SiteOptions, follow?: FollowPluginOptions): UserConfig {
  return {
    root: repoRoot,
    // Relative asset URLs: the built deck works from any static server, under any base path.
    base: './',
    plugins: [deckPlugin(site), lazySlidesPlugin(), precompressPlugin(), ...(follow ? followPlugin(follow) : [])],
    build: {
      outDir: site.outDir,
      // Fonts and images stay files (cacheable, offline); nothing is fetched from elsewhere.
      assetsInlineLimit: 0,
      // Every browser the deck supports preloads modules itself (Chrome 66, Firefox 115, Safari
      // 17): the polyfill would be half a kilobyte of the first load for none of them.
      modulePreload: { polyfill: false },
    },
  };
}
