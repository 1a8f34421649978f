/**
 * Secrets (and small state) kept in files of the user's own, so that an address holding a
 * secret stays valid across restarts: the presenter's (`npm start`, `npm run dev`), and any other
 * role's that needs one the same way (`loadOrCreateSecret` with a file of its own).
 *
 * - Each deck has a folder of its own under the user's configuration folder
 *   (`$XDG_CONFIG_HOME/workshop-deck/<deck>/`, else `~/.config/...`): `deckStateFolder`. The
 *   command line names another file (`--secret-file`, `DECK_SECRET_FILE`), read only at the edge.
 * - Files are written whole (a temporary file, then renamed or linked into place), mode 0600 in a
 *   folder made 0700: a half-written secret is never read, and no other user reads one.
 * - A secret file that other users could read, or that another user owns, is refused with what to
 *   do, as ssh refuses such a key: the secret may have leaked.
 */
import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, linkSync, mkdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** A secret file that cannot be used; the message names the file and what to do. */
export class SecretFileError extends Error {}

export interface SecretFileOptions {
  file: string;
  /** Make a new secret even if the file holds one (`--new-secret`): the old one stops working. */
  renew?: boolean;
  /** Makes a secret (default: 144 random bits, URL-safe). */
  generate?: () => string;
}

export interface StoredSecret {
  secret: string;
  file: string;
  /** Made now (the file was missing, or `renew`), rather than read. */
  created: boolean;
}

/** What a usable secret looks like: what `DECK_PRESENTER_TOKEN` requires too. */
export function isUsableSecret(secret: string): boolean {
  return secret.length >= 12 && !/\s/.test(secret);
}

const freshSecret = () => randomBytes(18).toString('base64url');

/** The secret `file` holds, or a new one written there (mode 0600) when it holds none or `renew`. */
export function loadOrCreateSecret({ file, renew = false, generate = freshSecret }: SecretFileOptions): StoredSecret {
  if (!renew) {
    const text = readPrivateFile(file, { secret: true });
    if (text !== undefined) return { secret: checkedSecret(file, text), file, created: false };
  }
  const secret = generate();
  if (writePrivateFile(file, `${secret}\n`, renew ? 'replace' : 'create') === 'exists') {
    // Another process made it in the meantime (two servers started at once): use theirs.
    return { secret: checkedSecret(file, readPrivateFile(file, { secret: true }) ?? ''), file, created: false };
  }
  return { secret, file, created: true };
}

function checkedSecret(file: string, text: string): string {
  const secret = text.trim();
  if (!isUsableSecret(secret)) {
    throw new SecretFileError(`${file} holds no usable secret (12 characters or more, no spaces): delete it, or start with --new-secret to write a new one`);
  }
  return secret;
}

/**
 * The file's text, or `undefined` when it does not exist. With `secret`, a file that another user
 * owns or that group or others may read is refused (the secret may have leaked).
 */
export function readPrivateFile(file: string, { secret = false } = {}): string | undefined {
  let stats;
  try {
    stats = statSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new SecretFileError(`cannot read ${file}: ${(error as Error).message}`);
  }
  if (!stats.isFile()) throw new SecretFileError(`${file} is not a file: remove it, or name another file`);
  // Owners and modes do not apply on Windows.
  if (secret && process.getuid) {
    if (stats.uid !== process.getuid()) throw new SecretFileError(`${file} belongs to another user: remove it, or start with --new-secret`);
    if ((stats.mode & 0o077) !== 0) {
      const mode = (stats.mode & 0o777).toString(8).padStart(4, '0');
      throw new SecretFileError(`${file} can be read by other users (mode ${mode}), so its secret may have leaked: start with --new-secret to replace it, or run \`chmod 600 ${file}\` if nobody else could read it`);
    }
  }
  return readFileSync(file, 'utf8');
}

/**
 * Writes `text` whole into `file`, mode 0600, making its folder (0700) if needed. `create` never
 * replaces an existing file (`'exists'` then); `replace` does, in one step.
 */
export function writePrivateFile(file: string, text: string, how: 'create' | 'replace'): 'written' | 'exists' {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(temporary, text, { mode: 0o600, flag: 'wx' });
  try {
    // The mode given at creation is masked by the umask: set it, whatever the umask.
    chmodSync(temporary, 0o600);
    if (how === 'replace') {
      renameSync(temporary, file);
      return 'written';
    }
    try {
      linkSync(temporary, file);
      return 'written';
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return 'exists';
      // A file system without hard links: create exclusively instead.
      try {
        writeFileSync(file, text, { mode: 0o600, flag: 'wx' });
        chmodSync(file, 0o600);
        return 'written';
      } catch (fallback) {
        if ((fallback as NodeJS.ErrnoException).code === 'EEXIST') return 'exists';
        throw fallback;
      }
    }
  } finally {
    try {
      unlinkSync(temporary);
    } catch {
      // renamed into place
    }
  }
}

/** A file name's worth of `text`: letters, digits and dashes. */
function fileSafe(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40) || 'deck';
}

/**
 * The folder where a deck keeps its secrets and state: one per manifest (by its absolute path),
 * named so that a person can tell which deck it is (`slides-workshop-3fa2b1c9d0`).
 */
export function deckStateFolder(configHome: string, manifest: string): string {
  const absolute = path.resolve(manifest);
  const readable = `${fileSafe(path.basename(path.dirname(absolute)))}-${fileSafe(path.basename(absolute, path.extname(absolute)))}`;
  const key = createHash('sha256').update(absolute).digest('hex').slice(0, 10);
  return path.join(configHome, 'workshop-deck', `${readable}-${key}`);
}

/** The presenter's secret file in a deck's folder. */
export const presenterSecretName = 'presenter.secret';

/** Where the helpers' secret is kept next to the presenter's: `presenter.secret` → `helpers.secret`. */
export function helperSecretFileFor(secretFile: string): string {
  return path.join(path.dirname(secretFile), 'helpers.secret');
}

/** Where the talk clock is kept next to a secret file: `presenter.secret` → `presenter.clock.json`. */
export function clockFileFor(secretFile: string): string {
  return `${secretFile.replace(/\.secret$/, '')}.clock.json`;
}
