/**
 * Redirects remark's slide view (`src/remark/views/slideView.js`, which renders its slide as it
 * is built) to ours, which renders on first need (src/runtime/lazy-slide-view.ts): a deck of
 * thousands of slides opens at once. Like the highlighter's redirect (vite-plugin-deck.ts), for
 * `vite build` and for the dev server's pre-bundling of remark.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
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

/**
 * The dev server keeps remark's pre-bundle, our view and what it imports included, until its
 * configuration changes, plugin names included: naming the redirect after the runtime's
 * sources makes an edit to them rebuild it instead of serving the old view.
 */
function runtimeSourcesHash(): string {
  const folder = path.join(repoRoot, 'src/runtime');
  const hash = createHash('sha256');
  for (const name of readdirSync(folder).filter((file) => /\.(ts|cjs)$/.test(file)).sort()) hash.update(name).update(readFileSync(path.join(folder, name)));
  return hash.digest('hex').slice(0, 12);
}

export function lazySlidesPlugin(): Plugin {
  return {
    name: lazySlidesPluginName,
    // Before Vite's own resolver, which would find remark's file.
    enforce: 'pre',
    config: () => ({ optimizeDeps: { rolldownOptions: { plugins: [{ ...remarkSlideViewRedirect, name: `${remarkSlideViewRedirect.name}:${runtimeSourcesHash()}` }] } } }),
    resolveId: remarkSlideViewRedirect.resolveId,
  };
}
