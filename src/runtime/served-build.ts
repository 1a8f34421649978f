/**
 * What the server says about the deck it serves (`deck-build.json`), asked once per page: the
 * follow service answers with `follow: true` (with `join`, and `handout` when a PDF of this build
 * exists); a plain static host serves the file `vite build` wrote, without any of them.
 */
import { buildInfoFile, type ServedBuildInfo } from '../shared/build-info.js';

let asked: Promise<ServedBuildInfo | undefined> | undefined;

/** Asks now (what may change while the page is open: the handout exported in the background). */
export async function askServedBuild(): Promise<ServedBuildInfo | undefined> {
  for (;;) {
    try {
      const response = await fetch(new URL(buildInfoFile, document.baseURI), { cache: 'no-store' });
      if (!response.ok) return undefined;
      const info: unknown = await response.json();
      return info && typeof info === 'object' ? (info as ServedBuildInfo) : undefined;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 1000)); // the network hiccupped: ask again
    }
  }
}

/** The first answer, shared by everything that asks. */
export function servedBuild(): Promise<ServedBuildInfo | undefined> {
  asked ??= askServedBuild();
  return asked;
}
