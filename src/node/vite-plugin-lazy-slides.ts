/**
 * Redirects remark's slide view (`src/remark/views/slideView.js`, which renders its slide as it
 * is built) to ours, which renders on first need (src/runtime/lazy-slide-view.ts): a deck of
 * thousands of slides opens at once. Like the highlighter's redirect (vite-plugin-deck.ts), for
 * `vite build` and for the dev server's pre-bundling of remark.
 */
import path from 'node:path';
import type { Plugin } from 'vite';
import { repoRoot } from './repo-root.js';

/** CommonJS, as remark is: `require` of it must give the class itself. */
const lazySlideView = path.join(repoRoot, 'src/runtime/lazy-slide-view.cjs');

/** remark's slideshow view requires it as `./slideView`. */
function isRemarkSlideView(source: string, importer: string | undefined): boolean {
  if (!importer || !/slideView(\.js)?$/.test(source)) return false;
  const target = path.resolve(path.dirname(importer), source).replace(/\.js$/, '');
  return target.replace(/\\/g, '/').endsWith('remark-slide/src/remark/views/slideView');
}

/** Works as a Vite plugin and as a Rolldown plugin for the dev server's dependency pre-bundling. */
export const remarkSlideViewRedirect = {
  name: 'deck:remark-slide-view',
  resolveId(source: string, importer: string | undefined) {
    return isRemarkSlideView(source, importer) ? lazySlideView : null;
  },
};

export const lazySlidesPluginName = 'deck:lazy-slides';

export function lazySlidesPlugin(): Plugin {
  return {
    name: lazySlidesPluginName,
    // Before Vite's own resolver, which would find remark's file.
    enforce: 'pre',
    config: () => ({ optimizeDeps: { rolldownOptions: { plugins: [remarkSlideViewRedirect] } } }),
    resolveId: remarkSlideViewRedirect.resolveId,
  };
}
