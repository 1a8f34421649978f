/**
 * The deck's folder as the file-system shells see it: every file the deck reads, builds in or
 * serves (chapters, catalog, images) must be, after following symbolic links, inside the
 * manifest's folder. Otherwise a deck repository built from a pull request would publish
 * whatever a link in it points at (`images/logo.png -> /etc/passwd`).
 */
import { readFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';

export type ContainedFile =
  | { kind: 'file'; realPath: string }
  | { kind: 'missing' }
  | { kind: 'outside'; realPath: string };

export class DeckFolder {
  /** The deck's root with its own links resolved: what "inside" is measured against. */
  readonly root: string;

  /** `folder`: where relative paths start (the manifest's); `rootDepth`: how many folders above it are inside. */
  constructor(
    readonly folder: string,
    readonly rootDepth = 0,
  ) {
    this.root = realpathSync(path.resolve(folder, ...Array<string>(rootDepth).fill('..')));
  }

  static ofManifest(manifest: string, rootDepth = 0): DeckFolder {
    return new DeckFolder(path.dirname(path.resolve(manifest)), rootDepth);
  }

  /** Where a path relative to the folder really leads; a folder or a dangling link is missing. */
  resolve(relative: string): ContainedFile {
    let realPath: string;
    try {
      realPath = realpathSync(path.resolve(this.folder, relative));
    } catch {
      return { kind: 'missing' };
    }
    if (!isInside(this.root, realPath)) return { kind: 'outside', realPath };
    return statSync(realPath, { throwIfNoEntry: false })?.isFile() ? { kind: 'file', realPath } : { kind: 'missing' };
  }

  /** The bytes of a file inside the folder, checked again as it is read (a link may have changed). */
  readInside(relative: string): Buffer | undefined {
    const found = this.resolve(relative);
    return found.kind === 'file' ? readFileSync(found.realPath) : undefined;
  }

  /** Why a path is refused, in the loader's words (see `Refusal`). */
  refusal(relative: string, realPath: string): { refused: string; fix: string } {
    return {
      refused: `leads outside the deck's folder (${this.rootDepth === 0 ? "the manifest's" : 'the `root:` the manifest names'}; through a symbolic link, to \`${realPath}\`), and a build reads only what is inside it`,
      fix: `replace the link \`${relative}\` with a copy of the file, or point it at a file inside the manifest's folder`,
    };
  }
}

/** `child` is `root` or below it; both are real paths. */
export function isInside(root: string, child: string): boolean {
  const relative = path.relative(root, child);
  return relative === '' || (!relative.startsWith(`..${path.sep}`) && relative !== '..' && !path.isAbsolute(relative));
}
