/**
 * Secrets kept in files of the user's own (src/server/secret-file.ts): made once, mode 0600 in a
 * 0700 folder, read back the same, replaced on request, one folder per deck; and refused, saying
 * what to do, when another user could read them or they hold no secret.
 */
import { chmodSync, chownSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { presenterSecretFile } from '../../src/cli/environment.ts';
import { followSettingsFromEnv } from '../../src/server/follow-settings.ts';
import { clockFileFor, deckStateFolder, loadOrCreateSecret, writePrivateFile } from '../../src/server/secret-file.ts';

let home: string;
beforeEach(() => {
  home = mkdtempSync(path.join(tmpdir(), 'deck-secret-'));
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

const mode = (file: string) => statSync(file).mode & 0o777;

describe('loadOrCreateSecret', () => {
  it('makes the secret once, in a file only its owner reads, and reads the same one back', () => {
    const file = path.join(home, 'workshop-deck', 'deck-abc', 'presenter.secret');
    const made = loadOrCreateSecret({ file });
    expect(made).toMatchObject({ file, created: true });
    expect(made.secret).toMatch(/^[\w-]{24}$/);
    expect(mode(file)).toBe(0o600);
    expect(mode(path.dirname(file))).toBe(0o700);
    expect(readFileSync(file, 'utf8')).toBe(`${made.secret}\n`);
    expect(loadOrCreateSecret({ file })).toEqual({ secret: made.secret, file, created: false });
  });

  it('makes a new one on request, in place, still 0600', () => {
    const file = path.join(home, 'presenter.secret');
    const first = loadOrCreateSecret({ file });
    const renewed = loadOrCreateSecret({ file, renew: true });
    expect(renewed.created).toBe(true);
    expect(renewed.secret).not.toBe(first.secret);
    expect(loadOrCreateSecret({ file }).secret).toBe(renewed.secret);
    expect(mode(file)).toBe(0o600);
  });

  it('refuses a file others may read, another user’s file, and one holding no secret, saying what to do', () => {
    const file = path.join(home, 'presenter.secret');
    loadOrCreateSecret({ file });
    chmodSync(file, 0o644);
    expect(() => loadOrCreateSecret({ file })).toThrow(`${file} can be read by other users (mode 0644), so its secret may have leaked: start with --new-secret`);
    // --new-secret replaces it, private again.
    loadOrCreateSecret({ file, renew: true });
    expect(mode(file)).toBe(0o600);
    if (process.getuid?.() === 0) {
      chownSync(file, 4321, 4321);
      expect(() => loadOrCreateSecret({ file })).toThrow(`${file} belongs to another user`);
      chownSync(file, 0, 0);
    }
    writeFileSync(file, 'short\n', { mode: 0o600 });
    expect(() => loadOrCreateSecret({ file })).toThrow(`${file} holds no usable secret (12 characters or more, no spaces): delete it, or start with --new-secret`);
  });

  it('never replaces a file another process made first', () => {
    const file = path.join(home, 'presenter.secret');
    expect(writePrivateFile(file, 'first-secret-0001\n', 'create')).toBe('written');
    expect(writePrivateFile(file, 'second-secret-002\n', 'create')).toBe('exists');
    expect(loadOrCreateSecret({ file }).secret).toBe('first-secret-0001');
  });
});

describe('where a deck keeps its secret', () => {
  it('is a folder per deck under the configuration folder, the clock next to the secret', async () => {
    const a = deckStateFolder(home, '/talks/k8s/workshop.yml');
    expect(a).toMatch(new RegExp(`^${home}/workshop-deck/k8s-workshop-[0-9a-f]{10}$`));
    expect(deckStateFolder(home, '/talks/k8s/workshop.yml')).toBe(a);
    expect(deckStateFolder(home, '/talks/spark/workshop.yml')).not.toBe(a);
    expect(await presenterSecretFile({ XDG_CONFIG_HOME: home }, { manifest: '/talks/k8s/workshop.yml' })).toBe(path.join(a, 'presenter.secret'));
    expect(await presenterSecretFile({ XDG_CONFIG_HOME: home, DECK_SECRET_FILE: 'x/y.secret' }, { manifest: '/m.yml' })).toBe(path.resolve('x/y.secret'));
    expect(await presenterSecretFile({ DECK_SECRET_FILE: '/env.secret' }, { manifest: '/m.yml', secretFile: '/flag.secret' })).toBe('/flag.secret');
    expect(clockFileFor(path.join(a, 'presenter.secret'))).toBe(path.join(a, 'presenter.clock.json'));
  });

  it('gives way to DECK_PRESENTER_TOKEN, which leaves the file alone', () => {
    const file = path.join(home, 'presenter.secret');
    const settings = followSettingsFromEnv({ DECK_PRESENTER_TOKEN: 'operator-secret-456' }, { secretFile: file, renew: true });
    expect(settings).toMatchObject({ token: 'operator-secret-456', tokenSource: 'env', clockFile: path.join(home, 'presenter.clock.json') });
    expect(() => statSync(file)).toThrow(/ENOENT/);
    const kept = followSettingsFromEnv({}, { secretFile: file });
    expect(kept).toMatchObject({ tokenSource: 'file', secretFile: file, secretCreated: true });
    expect(followSettingsFromEnv({}, { secretFile: file })).toMatchObject({ token: kept.token, secretCreated: false });
  });
});
