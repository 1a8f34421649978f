/**
 * What to build: one deck, one variant, into one folder. The commands make it at their edge
 * (src/cli/environment.ts: arguments, then environment, then these defaults) and pass it to
 * `loadDeck`, `buildSite` and the Vite plugin; nothing below reads the environment.
 */
export const defaultManifest = 'slides/workshop.yml';
export const defaultOutDir = 'dist';

export interface SiteOptions {
  /** The manifest, absolute. */
  manifest: string;
  /** A variant named under the manifest's `variants:`; the default variant when absent. */
  variant?: string;
  /** The build folder, absolute. */
  outDir: string;
  /**
   * Build even when the deck has errors: `npm run check` renders such a deck to find its
   * layout problems too. Never for a deck meant for an audience.
   */
  allowErrors?: boolean;
}

/** The deck could not be built: the message names every error's file and line. */
export class BuildFailed extends Error {}
