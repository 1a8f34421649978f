/**
 * The environment variables the commands read: read and checked here, and nowhere else in src/
 * (vite.config.ts, for the bare `vite` dev server, and playwright.config.ts call this too).
 * Everything past this edge gets plain options. README.md's "Environment" table lists the same
 * variables; tests/unit/environment.test.ts keeps the two in step.
 */
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
  'DECK_PRESENTER_TOKEN',
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

/**
 * The servers' variables. The follow settings (`DECK_PRESENTER_TOKEN`, `DECK_HELPER_TOKEN`, `TRUSTED_PROXIES`,
 * `DECK_STREAMS_PER_CLIENT`) are checked by src/server/follow-settings.ts, loaded only here, so
 * that the commands that serve nothing do not load the follow server.
 */
export async function readServeEnvironment(variables: Variables = process.env): Promise<ServeEnvironment> {
  const { followSettingsFromEnv } = await import('../server/follow-settings.js');
  const url = given(variables, 'REDIS_URL');
  return {
    port: wholeNumber(variables, 'PORT', 'a port number from 0 to 65535 (0: any free port)', 65535),
    host: given(variables, 'HOST'),
    shutdownTimeoutMs: wholeNumber(variables, 'DECK_SHUTDOWN_TIMEOUT_MS', 'a number of milliseconds') ?? 10_000,
    redis: url ? { url, prefix: given(variables, 'DECK_REDIS_PREFIX') } : undefined,
    follow: followSettingsFromEnv(variables),
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
