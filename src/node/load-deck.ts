/**
 * The file-system shell around the pure loader: reads the manifest and what it names, and runs
 * the deck's macros as the page will (macro-dry-run.ts).
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { buildDeck, type DeckBuild, type DeckOptions } from '../core/deck.js';
import { declaredRootDepth } from '../core/manifest.js';
import { DeckFolder } from './deck-files.js';
import { macroFailures } from './macro-dry-run.js';
import { defaultManifest } from './site-options.js';

export { defaultManifest };

/**
 * Loads a deck from disk, in the variant `options` names (the default one when none); file
 * names in messages are relative to the working folder. Files
 * are handed to the loader as bytes (it decodes them strictly), and only from inside the
 * manifest's folder once symbolic links are followed: anything else comes back refused.
 */
export function loadDeck(manifestPath: string = defaultManifest, options: DeckOptions = {}): DeckBuild {
  const absolute = path.resolve(manifestPath);
  const display = (file: string) => path.relative(process.cwd(), file) || file;
  if (!statSync(absolute, { throwIfNoEntry: false })?.isFile()) {
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
  const manifestBytes = readFileSync(absolute);
  // Chapters, the catalog and included files come from the deck's folder, which a manifest may
  // widen with `root: ..`; images ship beside the page, so they stay in the manifest's folder.
  const rootDepth = declaredRootDepth(display(absolute), new TextDecoder().decode(manifestBytes));
  const folder = DeckFolder.ofManifest(absolute, rootDepth);
  const imageFolder = DeckFolder.ofManifest(absolute);
  // Every path the loader asked for, found or not: a watcher must notice a missing chapter appear.
  const requested = new Set([absolute]);
  const build = buildDeck({
    manifest: { file: display(absolute), bytes: manifestBytes },
    read: (relative) => {
      const file = path.resolve(folder.folder, relative);
      requested.add(file);
      const found = folder.resolve(relative);
      if (found.kind === 'missing') return undefined;
      if (found.kind === 'outside') return { file: display(file), ...folder.refusal(relative, found.realPath) };
      return { file: display(file), bytes: readFileSync(found.realPath) };
    },
    exists: (relative) => {
      requested.add(path.resolve(folder.folder, relative));
      const found = imageFolder.resolve(relative);
      return found.kind === 'outside' ? imageFolder.refusal(relative, found.realPath) : found.kind === 'file';
    },
  }, options);
  // The macros as the page will run them at start: one that throws is an error here.
  const failures = macroFailures(build);
  if (failures.length === 0) return { ...build, files: [...requested] };
  return { ...build, diagnostics: [...build.diagnostics, ...failures], ok: false, files: [...requested] };
}
