/**
 * The environment variables the commands read: read and checked here, and nowhere else in src/
 * (vite.config.ts, for the bare `vite` dev server, and playwright.config.ts call this too).
 * Everything past this edge gets plain options. README.md's "Environment" table lists the same
 * variables; tests/unit/environment.test.ts keeps the two in step.
 */
import { homedir } from 'node:os';
import path from 'node:path';
import type { FollowSettings } from '../server/follow-settings.js';
import type { SiteOptions } from '../node/site-options.js';
import { defaultManifest, defaultOutDir } from '../node/site-options.js';

export type Variables = Record<string, string | undefined>;

/** A variable set to something unusable; the message names it and what to do. */
export class EnvironmentError extends Error {}

/** Every variable read here, for the README table's test. */
export const environmentVariables = [
  'DECK_MANIFEST',
  'DECK_VARIANT',
  'DECK_OUT_DIR',
  'PORT',
  'HOST',
  'DECK_PUBLIC_URL',
  'DECK_PRESENTER_TOKEN',
  'DECK_SECRET_FILE',
  'XDG_CONFIG_HOME',
  'DECK_HELPER_TOKEN',
  'TRUSTED_PROXIES',
  'DECK_STREAMS_PER_CLIENT',
  'REDIS_URL',
  'DECK_REDIS_PREFIX',
  'DECK_SHUTDOWN_TIMEOUT_MS',
  'CHROME_PATH',
  'SOURCE_DATE_EPOCH',
] as const;

/** What every command may need: which deck, which variant, where its build goes, which browser. */
export interface DeckEnvironment {
  manifest?: string;
  variant?: string;
  outDir?: string;
  chromePath?: string;
  /** `SOURCE_DATE_EPOCH`: the creation date written into PDFs, for reproducible files. */
  createdAt?: Date;
}

/** What the two servers (`npm start`, `npm run dev`) need on top. */
export interface ServeEnvironment {
  port?: number;
  host?: string;
  /** `DECK_PUBLIC_URL`: where attendees reach the deck when it is not this machine's address (a proxy, a DNS name). */
  publicUrl?: string;
  shutdownTimeoutMs: number;
  /** Set when `REDIS_URL` is: share the presenter's position with other replicas. */
  redis?: { url: string; prefix?: string };
  follow: FollowSettings;
}

/** A set variable, trimmed; empty counts as unset. */
function given(variables: Variables, name: string): string | undefined {
  const value = variables[name]?.trim();
  return value ? value : undefined;
}

function wholeNumber(variables: Variables, name: string, what: string, max = Number.MAX_SAFE_INTEGER): number | undefined {
  const value = given(variables, name);
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) > max) throw new EnvironmentError(`${name} must be ${what} (got \`${value}\`)`);
  return Number(value);
}

/** `DECK_PUBLIC_URL`, an http(s) address, ending with `/` (the deck's folder). */
function publicUrl(variables: Variables): string | undefined {
  const value = given(variables, 'DECK_PUBLIC_URL');
  if (value === undefined) return undefined;
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    // reported below
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.search || url.hash || url.username || url.password) {
    throw new EnvironmentError(`DECK_PUBLIC_URL must be the http:// or https:// address attendees open, without query or #part (got \`${value}\`)`);
  }
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return url.href;
}

export function readEnvironment(variables: Variables = process.env): DeckEnvironment {
  const epoch = wholeNumber(variables, 'SOURCE_DATE_EPOCH', 'a number of seconds since 1970');
  return {
    manifest: given(variables, 'DECK_MANIFEST'),
    variant: given(variables, 'DECK_VARIANT'),
    outDir: given(variables, 'DECK_OUT_DIR'),
    chromePath: given(variables, 'CHROME_PATH'),
    createdAt: epoch === undefined ? undefined : new Date(epoch * 1000),
  };
}

/** Which deck a server serves, and what its command line says of the presenter's secret. */
export interface ServedDeck {
  /** The manifest, absolute: the deck's secrets and state are kept per deck. */
  manifest: string;
  /** `--secret-file`: wins over `DECK_SECRET_FILE`. */
  secretFile?: string;
  /** `--new-secret`: replace the kept secret with a new one. */
  newSecret?: boolean;
}

/**
 * The presenter's secret file: `--secret-file`, else `DECK_SECRET_FILE`, else `presenter.secret`
 * in the deck's folder under `$XDG_CONFIG_HOME/workshop-deck/` (default `~/.config`).
 */
export async function presenterSecretFile(variables: Variables, deck: ServedDeck): Promise<string> {
  const { deckStateFolder, presenterSecretName } = await import('../server/secret-file.js');
  const chosen = deck.secretFile ?? given(variables, 'DECK_SECRET_FILE');
  if (chosen) return path.resolve(chosen);
  const configHome = given(variables, 'XDG_CONFIG_HOME') ?? path.join(homedir(), '.config');
  return path.join(deckStateFolder(configHome, deck.manifest), presenterSecretName);
}

/**
 * The servers' variables. The follow settings (`DECK_PRESENTER_TOKEN`, the secret file,
 * `TRUSTED_PROXIES`, `DECK_STREAMS_PER_CLIENT`) are checked by src/server/follow-settings.ts,
 * loaded only here, so that the commands that serve nothing do not load the follow server.
 * Without `deck`, the presenter's secret is kept nowhere: a fresh one (tests).
 */
export async function readServeEnvironment(variables: Variables = process.env, deck?: ServedDeck): Promise<ServeEnvironment> {
  const { followSettingsFromEnv } = await import('../server/follow-settings.js');
  const secretFile = deck && (await presenterSecretFile(variables, deck));
  const url = given(variables, 'REDIS_URL');
  return {
    port: wholeNumber(variables, 'PORT', 'a port number from 0 to 65535 (0: any free port)', 65535),
    host: given(variables, 'HOST'),
    publicUrl: publicUrl(variables),
    shutdownTimeoutMs: wholeNumber(variables, 'DECK_SHUTDOWN_TIMEOUT_MS', 'a number of milliseconds') ?? 10_000,
    redis: url ? { url, prefix: given(variables, 'DECK_REDIS_PREFIX') } : undefined,
    follow: followSettingsFromEnv(variables, { secretFile, renew: deck?.newSecret }),
  };
}

/**
 * What to build, from the command line first, then the environment, then the defaults: the
 * one place that decides it for every command.
 */
export function siteOptions(fromArgs: { manifest?: string; variant?: string; outDir?: string }, env: DeckEnvironment): SiteOptions {
  return {
    manifest: path.resolve(fromArgs.manifest ?? env.manifest ?? defaultManifest),
    variant: fromArgs.variant || env.variant,
    outDir: path.resolve(fromArgs.outDir ?? env.outDir ?? defaultOutDir),
  };
}
