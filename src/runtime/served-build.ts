/**
 * What the server says about the deck it serves (`deck-build.json`), asked once per page: the
 * follow service answers with `follow: true` (and `handout` when a PDF of this build exists); a
 * plain static host serves the file `vite build` wrote, without either.
 */
import { buildInfoFile, type ServedBuildInfo } from '../shared/build-info.js';

let asked: Promise<ServedBuildInfo | undefined> | undefined;

async function ask(): Promise<ServedBuildInfo | undefined> {
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

export function servedBuild(): Promise<ServedBuildInfo | undefined> {
  asked ??= ask();
  return asked;
}

/** The handout's address, when the server announces one for this deck (a same-origin URL only). */
export function handoutUrl(info: ServedBuildInfo | undefined): string | undefined {
  if (typeof info?.handout !== 'string' || info.handout === '') return undefined;
  try {
    const url = new URL(info.handout, document.baseURI);
    return url.origin === location.origin ? url.href : undefined;
  } catch {
    return undefined;
  }
}
