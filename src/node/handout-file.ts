/**
 * The handout: the deck's PDF (one slide per page) in its build folder, offered to attendees by
 * `npm start`. A stamp beside it (`.deck-handout.json`, a dotfile: never served) names the file,
 * the build it was made from and its size. The server offers the PDF only while the stamp's build
 * is the one it serves and the file has the stamped size: a rebuild (which empties the folder),
 * another build or another PDF written over it (`npm run pdf -- --steps`) each withdraw it.
 * Written by the exporter (src/pdf/export-pdf.ts), read by src/server/handout.ts.
 */
import { readFileSync, rmSync, statSync, writeFileSync, renameSync } from 'node:fs';
import path from 'node:path';

export const handoutStampFile = '.deck-handout.json';

export interface HandoutStamp {
  /** The PDF's name in the build folder (no folder part). */
  file: string;
  /** The build it was made from (deck-build.json's `buildId`). */
  buildId: string;
  bytes: number;
}

/** The handout's name: the manifest's, as `npm run pdf` names its default file (`workshop.pdf`). */
export function handoutFileName(manifest: string): string {
  return `${path.basename(manifest).replace(/\.ya?ml$/i, '')}.pdf`;
}

const plainPdfName = /^[\w][\w.-]*\.pdf$/;

export function readHandoutStamp(dir: string): HandoutStamp | undefined {
  try {
    const stamp = JSON.parse(readFileSync(path.join(dir, handoutStampFile), 'utf8')) as Partial<HandoutStamp>;
    const valid = typeof stamp.file === 'string' && plainPdfName.test(stamp.file) && typeof stamp.buildId === 'string' && Number.isSafeInteger(stamp.bytes);
    return valid ? (stamp as HandoutStamp) : undefined;
  } catch {
    return undefined;
  }
}

/** The handout's path when the folder holds one made from `buildId`, unchanged since. */
export function currentHandout(dir: string, buildId: string | undefined): { file: string; path: string } | undefined {
  const stamp = readHandoutStamp(dir);
  if (!stamp || !buildId || stamp.buildId !== buildId) return undefined;
  const file = path.join(dir, stamp.file);
  const size = statSync(file, { throwIfNoEntry: false })?.size;
  return size === stamp.bytes ? { file: stamp.file, path: file } : undefined;
}

/** The stamp of `file` (in `dir`), replacing any: written after the PDF, atomically. */
export function writeHandoutStamp(dir: string, stamp: HandoutStamp): void {
  const target = path.join(dir, handoutStampFile);
  const temporary = `${target}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(stamp)}\n`);
  renameSync(temporary, target);
}

/** Withdraws the handout when `file` (about to be written) is the stamped one. */
export function withdrawHandoutIfOverwritten(dir: string, file: string): void {
  const stamp = readHandoutStamp(dir);
  if (stamp && path.resolve(dir, stamp.file) === path.resolve(file)) rmSync(path.join(dir, handoutStampFile), { force: true });
}
