/**
 * Redirects remark's slide view (`src/remark/views/slideView.js`, which renders its slide as it
 * is built) to ours, which renders on first need (src/runtime/lazy-slide-view.ts): a deck of
 * thousands of slides opens at once. And remark's presenter view's timer and notes, which the
 * presenter console (src/runtime/console/) replaces, to nothing (remark's timer ticked ten times a
 * second on every page, attendees' phones included). Like the highlighter's redirect
 * (vite-plugin-deck.ts), for `vite build` and for the dev server's pre-bundling of remark.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Plugin } from 'vite';
import { repoRoot } from './repo-root.js';

/** CommonJS, as remark is: `require` of it must give the class itself. */
const lazySlideView = path.join(repoRoot, 'src/runtime/lazy-slide-view.cjs');

/** What stands in for remark's presenter view's parts: a constructor that makes nothing. */
const replacedByTheConsole = path.join(repoRoot, 'src/runtime/remark-presenter-parts.cjs');

/** remark's modules (as its slideshow view requires them), and ours in their place. */
const redirects = new Map([
  ['remark-slide/src/remark/views/slideView', lazySlideView],
  ['remark-slide/src/remark/views/notesView', replacedByTheConsole],
  ['remark-slide/src/remark/components/timer/timer', replacedByTheConsole],
]);

function redirectOf(source: string, importer: string | undefined): string | null {
  if (!importer || !/(slideView|notesView|timer)(\.js)?$/.test(source)) return null;
  const target = path.resolve(path.dirname(importer), source).replace(/\.js$/, '').replace(/\\/g, '/');
  for (const [remark, ours] of redirects) if (target.endsWith(remark)) return ours;
  return null;
}

/** Works as a Vite plugin and as a Rolldown plugin for the dev server's dependency pre-bundling. */
export const remarkSlideViewRedirect = {
  name: 'deck:remark-slide-view',
  resolveId(source: string, importer: string | undefined) {
    return redirectOf(source, importer);
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
