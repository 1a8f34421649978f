/**
 * The follow service's settings from the environment variables given: src/cli/environment.ts
 * reads them for the two edges that start the service (`npm start`, `npm run dev`), which pass
 * the settings inward as options.
 */
import { newHelperToken, newPresenterToken } from './follow-server.js';
import { requestOrigin, type TrustedProxies } from './follow-guard.js';

export interface FollowSettings {
  token: string;
  /** `env`: the operator's `DECK_PRESENTER_TOKEN`; `generated`: made for this run. */
  tokenSource: 'env' | 'generated';
  /** The helpers' secret (the help queue, never the slides), and where it came from (`DECK_HELPER_TOKEN`). */
  helperToken: string;
  helperTokenSource: 'env' | 'generated';
  trustedProxies: TrustedProxies;
  streamsPerClient?: number;
}

/**
 * `DECK_PRESENTER_TOKEN` and `DECK_HELPER_TOKEN` (or fresh secrets), `TRUSTED_PROXIES` (comma-separated addresses,
 * CIDR ranges, or loopback, linklocal, uniquelocal) and `DECK_STREAMS_PER_CLIENT`. Throws a
 * message naming the variable and what to do.
 */
export function followSettingsFromEnv(env: NodeJS.ProcessEnv): FollowSettings {
  const fromEnv = presenterTokenFromEnv(env);
  const helperFromEnv = secretFromEnv(env, 'DECK_HELPER_TOKEN');
  if (helperFromEnv !== undefined && helperFromEnv === fromEnv) {
    throw new Error('DECK_HELPER_TOKEN must differ from DECK_PRESENTER_TOKEN: the helpers\' secret must not move slides');
  }
  const trustedProxies = (env.TRUSTED_PROXIES ?? '').split(',').map((entry) => entry.trim()).filter(Boolean);
  requestOrigin(trustedProxies); // throws on an entry that is not an address or a range
  const perClient = env.DECK_STREAMS_PER_CLIENT?.trim();
  if (perClient && !/^[1-9]\d*$/.test(perClient)) {
    throw new Error(`DECK_STREAMS_PER_CLIENT must be a whole number of streams, 1 or more (got \`${perClient}\`)`);
  }
  return {
    token: fromEnv ?? newPresenterToken(),
    tokenSource: fromEnv ? 'env' : 'generated',
    helperToken: helperFromEnv ?? newHelperToken(),
    helperTokenSource: helperFromEnv ? 'env' : 'generated',
    trustedProxies,
    ...(perClient ? { streamsPerClient: Number(perClient) } : {}),
  };
}

/** `DECK_PRESENTER_TOKEN`, checked, or `undefined` to make a fresh one. */
export function presenterTokenFromEnv(env: NodeJS.ProcessEnv): string | undefined {
  return secretFromEnv(env, 'DECK_PRESENTER_TOKEN');
}

/** A secret from the environment (`DECK_PRESENTER_TOKEN`, `DECK_HELPER_TOKEN`), checked, or `undefined` to make a fresh one. */
function secretFromEnv(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const token = env[name];
  if (token === undefined || token === '') return undefined;
  if (/\s/.test(token)) throw new Error(`${name} must not contain spaces: pick a longer random word, or unset it for a fresh secret`);
  if (token.length < 12) throw new Error(`${name} is too short to be a secret: use 12 characters or more, or unset it for a fresh secret`);
  return token;
}
