/** The file-system shell around the pure loader: reads the manifest and what it names. */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { buildDeck, type DeckBuild } from '../core/deck.js';

export const defaultManifest = 'slides/workshop.yml';

/** Loads a deck from disk; file names in messages are relative to the working folder. */
export function loadDeck(manifestPath: string = defaultManifest): DeckBuild {
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
  const build = buildDeck({ manifest, read: (relative) => readSource(path.resolve(folder, relative)) });
  return { ...build, files: build.files.map((f) => path.resolve(f)) };
}
