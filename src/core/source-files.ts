/**
 * What the loader's shells hand the pure core for each file the deck names, and how the core
 * turns it into text: strict UTF-8 (a UTF-8 byte-order mark is dropped), and a clear finding for
 * a binary or UTF-16 file or one the shell refused to read (outside the deck's folder). No I/O.
 */
import { LineIndex } from './source-text.js';

export interface SourceFile {
  /** How the file is named in messages and in the model. */
  file: string;
  text: string;
}

/** A file's bytes as read from disk: the core decodes them, strictly. */
export interface SourceBytes {
  file: string;
  bytes: Uint8Array;
}

/** The shell would not read the file, and says why (a symbolic link out of the deck's folder). */
export interface Refusal {
  file: string;
  refused: string;
  fix: string;
}

/** What `read` gives for a path: the file, or why not; `undefined` when it does not exist. */
export type ReadResult = SourceFile | SourceBytes | Refusal | undefined;

/** What `exists` gives for an image path: whether it is a file, or why the shell refuses it. */
export type ExistsResult = boolean | Omit<Refusal, 'file'>;

export interface DecodeProblem {
  line: number;
  column: number;
  message: string;
  fix: string;
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const lossy = new TextDecoder('utf-8', { ignoreBOM: true });

const saveAsUtf8 = 'save it as UTF-8 text (any editor\'s "Save with encoding"); if it is not a text file, take it out of the manifest';

/** Text of a file as the loader reads it, or where and why it cannot be read as text. */
export function decodeSource(source: SourceFile | SourceBytes): { text: string } | DecodeProblem {
  if (!('bytes' in source)) {
    const text = source.text.startsWith('\uFEFF') ? source.text.slice(1) : source.text;
    const nul = text.indexOf('\u0000');
    return nul < 0 ? { text } : { ...new LineIndex(text).position(nul), ...nulProblem };
  }
  const bytes = source.bytes;
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return { line: 1, column: 1, message: 'the file is UTF-16 text (it starts with a UTF-16 byte-order mark); the loader reads UTF-8 only', fix: saveAsUtf8 };
  }
  const body = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  let text: string | undefined;
  try {
    text = utf8.decode(body);
  } catch {
    // Reported below, unless a NUL comes first.
  }
  const invalid = text === undefined ? firstInvalidByte(body) : -1;
  const nul = body.indexOf(0);
  if (nul >= 0 && (invalid < 0 || nul < invalid)) return { ...positionOfByte(body, nul), ...nulProblem };
  if (invalid >= 0) {
    return {
      ...positionOfByte(body, invalid),
      message: `the file is not valid UTF-8 (byte 0x${body[invalid].toString(16).padStart(2, '0')} here): it is binary, or text in another encoding`,
      fix: saveAsUtf8,
    };
  }
  return { text: text as string };
}

const nulProblem = {
  message: 'the file holds a NUL character, so it is binary, or UTF-16 text without a byte-order mark; remark would show garbage',
  fix: saveAsUtf8,
};

/**
 * Where the first invalid sequence starts: the platform's lossy decoder puts one U+FFFD for
 * each; a U+FFFD the file really holds is written EF BF BD and is skipped.
 */
function firstInvalidByte(bytes: Uint8Array): number {
  const text = lossy.decode(bytes);
  const encoder = new TextEncoder();
  let byteAt = 0;
  let charAt = 0;
  for (let i = text.indexOf('\uFFFD'); i >= 0; i = text.indexOf('\uFFFD', i + 1)) {
    byteAt += encoder.encode(text.slice(charAt, i)).length;
    if (bytes[byteAt] !== 0xef || bytes[byteAt + 1] !== 0xbf || bytes[byteAt + 2] !== 0xbd) return byteAt;
    byteAt += 3;
    charAt = i + 1;
  }
  return -1;
}

/** Line and column (in characters, an undecodable sequence counting one) of a byte. */
function positionOfByte(bytes: Uint8Array, at: number): { line: number; column: number } {
  let lineStart = at;
  while (lineStart > 0 && bytes[lineStart - 1] !== 0x0a) lineStart--;
  let line = 1;
  for (let i = 0; i < lineStart; i++) if (bytes[i] === 0x0a) line++;
  return { line, column: lossy.decode(bytes.subarray(lineStart, at)).length + 1 };
}

/**
 * A path the manifest names that leads out of the deck's folder before the shell is even asked
 * (`../x.md`, `/etc/passwd`): the manifest's folder, or `rootDepth` folders above it when the
 * manifest names a root (`root: ..`). The shell checks where symbolic links lead.
 */
export function pathLeavesFolder(written: string, rootDepth = 0): boolean {
  const normal = written.replace(/\\/g, '/');
  if (normal.startsWith('/') || /^[a-z]:/i.test(normal)) return true;
  let depth = 0;
  for (const segment of normal.split('/')) {
    if (segment === '..') depth--;
    else if (segment !== '' && segment !== '.') depth++;
    if (depth < -rootDepth) return true;
  }
  return false;
}

/** Where a finding about the file as a whole goes: the manifest line that names it. */
export interface NamedAt {
  file: string;
  line: number;
  column: number;
}

/**
 * The text of a file the manifest names (a chapter, the catalog), or `undefined` after
 * reporting why there is none: missing, outside the deck's folder, not UTF-8 text.
 */
export function loadNamedFile(
  result: ReadResult,
  written: string,
  what: string,
  namedAt: NamedAt,
  report: (finding: NamedAt & { message: string; fix: string }) => void,
  rootDepth = 0,
): SourceFile | undefined {
  if (pathLeavesFolder(written, rootDepth)) {
    report({
      ...namedAt,
      message: `${what} \`${written}\` is outside the deck's folder, and a build reads only what is inside it`,
      fix:
        "move the file into the manifest's folder (or below it) and name it by its path relative to that folder; " +
        'a deck that shares files with the folder above its manifest says so in the manifest with `root: ..`',
    });
    return undefined;
  }
  if (result === undefined) {
    report({ ...namedAt, message: `${what} \`${written}\` does not exist`, fix: "create it, or correct the path (relative to the manifest's folder)" });
    return undefined;
  }
  if ('refused' in result) {
    report({ ...namedAt, message: `${what} \`${written}\` ${result.refused}`, fix: result.fix });
    return undefined;
  }
  return decodeOrReport(result, report);
}

/** Decodes a file that was read, reporting at the file's own line when it is not UTF-8 text. */
export function decodeOrReport(source: SourceFile | SourceBytes, report: (finding: NamedAt & { message: string; fix: string }) => void): SourceFile | undefined {
  const decoded = decodeSource(source);
  if ('text' in decoded) return { file: source.file, text: decoded.text };
  report({ file: source.file, ...decoded });
  return undefined;
}
