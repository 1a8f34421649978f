/**
 * The follow service's settings from the environment variables given: src/cli/environment.ts
 * reads them for the two edges that start the service (`npm start`, `npm run dev`), which pass
 * the settings inward as options.
 */
import { newHelperToken, newPresenterToken, requestOrigin, type TrustedProxies } from './follow-guard.js';
import { clockFileFor, helperSecretFileFor, loadOrCreateSecret } from './secret-file.js';

export interface FollowSettings {
  token: string;
  /**
   * `env`: the operator's `DECK_PRESENTER_TOKEN`; `file`: kept in `secretFile` (made there the
   * first time, or by `--new-secret`); `generated`: made for this run and kept nowhere.
   */
  tokenSource: 'env' | 'file' | 'generated';
  /** Where the secret is kept, when `tokenSource` is `file`. */
  secretFile?: string;
  /** The secret was made by this start (the file was missing, or `--new-secret`). */
  secretCreated?: boolean;
  /** Where the talk clock is kept without Redis (next to the secret file); none: in memory only. */
  clockFile?: string;
  /**
   * The helpers' secret (the help queue, never the slides), and where it came from: the
   * operator's `DECK_HELPER_TOKEN`, kept in `helperSecretFile` next to the presenter's, or made for this run.
   */
  helperToken: string;
  helperTokenSource: 'env' | 'file' | 'generated';
  helperSecretFile?: string;
  trustedProxies: TrustedProxies;
  streamsPerClient?: number;
}

export interface SecretChoice {
  /** The presenter's secret file: read, or made the first time. Without it, a fresh secret each start. */
  secretFile?: string;
  /** Make a new secret in `secretFile` (`--new-secret`). */
  renew?: boolean;
}

/**
 * `DECK_PRESENTER_TOKEN` (else the secret kept in `secretFile`, else a fresh one),
 * `DECK_HELPER_TOKEN` (else the helpers' secret kept next to it, else a fresh one),
 * `TRUSTED_PROXIES` (comma-separated addresses, CIDR ranges, or loopback, linklocal,
 * uniquelocal) and `DECK_STREAMS_PER_CLIENT`. Throws a message naming the variable, or the
 * secret file, and what to do.
 */
export function followSettingsFromEnv(env: NodeJS.ProcessEnv, secret: SecretChoice = {}): FollowSettings {
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
  const limits = { trustedProxies, ...(perClient ? { streamsPerClient: Number(perClient) } : {}) };
  const clockFile = secret.secretFile ? clockFileFor(secret.secretFile) : undefined;
  // The helpers' secret is kept the same way, in a file of its own beside the presenter's.
  const helper = (): Pick<FollowSettings, 'helperToken' | 'helperTokenSource' | 'helperSecretFile'> => {
    if (helperFromEnv) return { helperToken: helperFromEnv, helperTokenSource: 'env' };
    if (!secret.secretFile) return { helperToken: newHelperToken(), helperTokenSource: 'generated' };
    const stored = loadOrCreateSecret({ file: helperSecretFileFor(secret.secretFile), renew: secret.renew, generate: newHelperToken });
    return { helperToken: stored.secret, helperTokenSource: 'file', helperSecretFile: stored.file };
  };
  // The operator's own secret wins over the file, which is then left alone.
  if (fromEnv) return { token: fromEnv, tokenSource: 'env', clockFile, ...helper(), ...limits };
  if (!secret.secretFile) return { token: newPresenterToken(), tokenSource: 'generated', ...helper(), ...limits };
  const stored = loadOrCreateSecret({ file: secret.secretFile, renew: secret.renew, generate: newPresenterToken });
  return { token: stored.secret, tokenSource: 'file', secretFile: stored.file, secretCreated: stored.created, clockFile, ...helper(), ...limits };
}

/** `DECK_PRESENTER_TOKEN`, checked, or `undefined` to use the secret file or a fresh one. */
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
