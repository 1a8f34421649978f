/**
 * The follow service's settings from the environment variables given: src/cli/environment.ts
 * reads them for the two edges that start the service (`npm start`, `npm run dev`), which pass
 * the settings inward as options.
 */
import { newPresenterToken } from './follow-server.js';
import { requestOrigin, type TrustedProxies } from './follow-guard.js';

export interface FollowSettings {
  token: string;
  /** `env`: the operator's `DECK_PRESENTER_TOKEN`; `generated`: made for this run. */
  tokenSource: 'env' | 'generated';
  trustedProxies: TrustedProxies;
  streamsPerClient?: number;
}

/**
 * `DECK_PRESENTER_TOKEN` (or a fresh secret), `TRUSTED_PROXIES` (comma-separated addresses,
 * CIDR ranges, or loopback, linklocal, uniquelocal) and `DECK_STREAMS_PER_CLIENT`. Throws a
 * message naming the variable and what to do.
 */
export function followSettingsFromEnv(env: NodeJS.ProcessEnv): FollowSettings {
  const fromEnv = presenterTokenFromEnv(env);
  const trustedProxies = (env.TRUSTED_PROXIES ?? '').split(',').map((entry) => entry.trim()).filter(Boolean);
  requestOrigin(trustedProxies); // throws on an entry that is not an address or a range
  const perClient = env.DECK_STREAMS_PER_CLIENT?.trim();
  if (perClient && !/^[1-9]\d*$/.test(perClient)) {
    throw new Error(`DECK_STREAMS_PER_CLIENT must be a whole number of streams, 1 or more (got \`${perClient}\`)`);
  }
  return {
    token: fromEnv ?? newPresenterToken(),
    tokenSource: fromEnv ? 'env' : 'generated',
    trustedProxies,
    ...(perClient ? { streamsPerClient: Number(perClient) } : {}),
  };
}

/** `DECK_PRESENTER_TOKEN`, checked, or `undefined` to make a fresh one. */
export function presenterTokenFromEnv(env: NodeJS.ProcessEnv): string | undefined {
  const token = env.DECK_PRESENTER_TOKEN;
  if (token === undefined || token === '') return undefined;
  if (/\s/.test(token)) throw new Error('DECK_PRESENTER_TOKEN must not contain spaces: pick a longer random word, or unset it for a fresh secret');
  if (token.length < 12) throw new Error('DECK_PRESENTER_TOKEN is too short to be a secret: use 12 characters or more, or unset it for a fresh secret');
  return token;
}
