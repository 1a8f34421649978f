/** The file-system shell around the pure loader: reads the manifest and what it names. */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { buildDeck, type DeckBuild, type DeckOptions } from '../core/deck.js';

export const defaultManifest = 'slides/workshop.yml';

/**
 * The variant every shell builds unless told otherwise: `DECK_VARIANT`, so that `npm start`,
 * `npm run dev`, build, lint, check and the tests agree.
 */
export function variantFromEnv(): string | undefined {
  return process.env.DECK_VARIANT || undefined;
}

/** Loads a deck from disk; file names in messages are relative to the working folder. */
export function loadDeck(manifestPath: string = defaultManifest, options: DeckOptions = { variant: variantFromEnv() }): DeckBuild {
  const absolute = path.resolve(manifestPath);
  const folder = path.dirname(absolute);
  const display = (file: string) => path.relative(process.cwd(), file) || file;
  const readSource = (file: string) => {
    if (!existsSync(file) || !statSync(file).isFile()) return undefined;
    return { file: display(file), text: readFileSync(file, 'utf8') };
  };
  const manifest = readSource(absolute);
  if (!manifest) {
    return {
      diagnostics: [
        {
          severity: 'error',
          file: display(absolute),
          line: 1,
          column: 1,
          message: 'the manifest does not exist',
          fix: `create it, or pass the path of an existing manifest (default ${defaultManifest})`,
        },
      ],
      files: [absolute],
      ok: false,
    };
  }
  // Every path the loader asked for, found or not: a watcher must notice a missing chapter appear.
  const requested = new Set([absolute]);
  const build = buildDeck({
    manifest,
    read: (relative) => {
      const file = path.resolve(folder, relative);
      requested.add(file);
      return readSource(file);
    },
    exists: (relative) => {
      const file = path.resolve(folder, relative);
      requested.add(file);
      return existsSync(file) && statSync(file).isFile();
    },
  }, options);
  return { ...build, files: [...requested] };
}
