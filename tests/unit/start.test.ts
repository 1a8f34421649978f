/**
 * `npm start` as a process, on a small build folder of our own: its output (the presenter secret
 * must not be in it when it may end up in a log), a dist/ holding links (one dangling), requests
 * that used to end the process, and what deck-build.json and /healthz tell anyone.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { rebuildReason } from '../../src/node/ensure-build.ts';
import { loadDeck } from '../../src/node/load-deck.ts';
import { deckBuildId } from '../../src/node/vite-plugin-deck.ts';
import { followBanner } from '../../src/server/follow-banner.ts';
import { followSettingsFromEnv } from '../../src/server/follow-settings.ts';
import { startDeckProcess, type DeckProcess } from './deck-process.ts';

const token = 'start-test-presenter-secret';
let root: string;
let dist: string;
const children: ChildProcess[] = [];

beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), 'deck-start-'));
  dist = path.join(root, 'dist');
  mkdirSync(dist);
  writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>deck</title>');
  writeFileSync(path.join(dist, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  writeFileSync(path.join(dist, 'deck-build.json'), JSON.stringify({ variant: null, title: 'Test deck', slides: 3, buildId: 'b1' }));
  writeFileSync(path.join(root, 'outside.txt'), 'not for the audience');
  symlinkSync(path.join(root, 'outside.txt'), path.join(dist, 'outside.txt'));
  symlinkSync(path.join(root, 'gone.txt'), path.join(dist, 'dangling.txt'));
});

afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

/** `npm start --no-build` on our folder, output piped (as in a container); resolves once it listens. */
async function startDeck(env: Record<string, string | undefined>): Promise<DeckProcess> {
  const deck = await startDeckProcess({ args: ['--no-build'], env: { DECK_PRESENTER_TOKEN: undefined, DECK_OUT_DIR: dist, ...env } });
  children.push(deck.child);
  return deck;
}

describe('npm start', () => {
  it('never prints the secret the operator set; survives bad ranges; follows no link; tells no path', async () => {
    const deck = await startDeck({ DECK_PRESENTER_TOKEN: token });
    expect(deck.output()).toContain('Presenter: http://localhost:');
    expect(deck.output()).toContain('#presenter=<your DECK_PRESENTER_TOKEN>');
    // The links in dist/ are named as not served, the dangling one too, and start-up went on.
    expect(deck.output()).toMatch(/outside\.txt .*symbolic link: not served/);
    expect(deck.output()).toMatch(/dangling\.txt .*symbolic link: not served/);

    for (const range of ['bytes=5-2', 'bytes=10-5', 'bytes=0-18446744073709551615']) {
      const reply = await fetch(new URL('favicon.svg', deck.attendees), { headers: { Range: range } });
      expect([200, 206, 416], range).toContain(reply.status);
      await reply.arrayBuffer();
    }
    expect((await fetch(new URL('favicon.svg', deck.attendees))).status).toBe(200);
    expect(deck.child.exitCode).toBe(null);

    const linked = await fetch(new URL('outside.txt', deck.attendees));
    expect(linked.status).toBe(404);
    expect(await linked.text()).not.toContain('not for the audience');

    for (const file of ['deck-build.json', 'healthz', 'readyz']) {
      const text = await (await fetch(new URL(file, deck.attendees))).text();
      expect(text, file).not.toContain(root);
      expect(text, file).not.toMatch(/"\/(home|root|tmp|work|Users)\//);
    }
    expect(deck.output()).not.toContain(token);
  });

  it('does not print a fresh secret where the output is not a terminal, and says how to present', async () => {
    const deck = await startDeck({});
    const presenter = /Presenter: (\S+)/.exec(deck.output())![1];
    expect(presenter).toBe(`${deck.attendees.replace('127.0.0.1', 'localhost')}#presenter=<secret`);
    expect(deck.output()).not.toMatch(/#presenter=[A-Za-z0-9_-]{12,}/);
    expect(deck.output()).toContain('set DECK_PRESENTER_TOKEN');
    // The helpers' address likewise: on the attendees' address (their phones), its secret not in a log.
    expect(/Helpers: (\S+)/.exec(deck.output())![1]).toBe(`${deck.attendees}#helper=<secret`);
    expect(deck.output()).not.toMatch(/#helper=[A-Za-z0-9_-]{12,}/);
    expect(deck.output()).toContain('set DECK_HELPER_TOKEN');
  });
});

describe('the start-up banner', () => {
  const address = { port: 8080, host: '127.0.0.1' };

  it('shows a fresh secret on a terminal only', async () => {
    const helper = { token: 'fresh-helpers-789', tokenSource: 'generated' as const };
    const onTerminal = await followBanner({ ...address, token: 'fresh-secret-123', tokenSource: 'generated', helper, terminal: true });
    expect(onTerminal).toContain('Presenter: http://localhost:8080/#presenter=fresh-secret-123');
    expect(onTerminal).toContain('Helpers: http://127.0.0.1:8080/#helper=fresh-helpers-789');
    const inLog = await followBanner({ ...address, token: 'fresh-secret-123', tokenSource: 'generated', helper, terminal: false });
    expect(inLog).not.toContain('fresh-secret-123');
    expect(inLog).not.toContain('fresh-helpers-789');
    expect(inLog).toContain('DECK_PRESENTER_TOKEN');
    expect(inLog).toContain('Helpers: http://127.0.0.1:8080/#helper=<secret not shown: this output is not a terminal>');
  });

  it('never shows the operator’s own secrets, terminal or not', async () => {
    for (const terminal of [true, false]) {
      const helper = { token: 'operator-helpers-789', tokenSource: 'env' as const };
      const banner = await followBanner({ ...address, token: 'operator-secret-456', tokenSource: 'env', helper, terminal });
      expect(banner).not.toContain('operator-secret-456');
      expect(banner).not.toContain('operator-helpers-789');
      expect(banner).toContain('Presenter: http://localhost:8080/#presenter=<your DECK_PRESENTER_TOKEN>');
      expect(banner).toContain('Helpers: http://127.0.0.1:8080/#helper=<your DECK_HELPER_TOKEN>');
    }
  });
});

describe('the follow settings npm start and npm run dev read', () => {
  it('takes TRUSTED_PROXIES and DECK_STREAMS_PER_CLIENT, and names the variable when one is wrong', () => {
    const settings = followSettingsFromEnv({ TRUSTED_PROXIES: 'loopback, 10.0.0.0/8,fd00::/8', DECK_STREAMS_PER_CLIENT: '500' });
    expect(settings).toMatchObject({ tokenSource: 'generated', trustedProxies: ['loopback', '10.0.0.0/8', 'fd00::/8'], streamsPerClient: 500 });
    expect(followSettingsFromEnv({ DECK_PRESENTER_TOKEN: 'operator-secret-456' })).toMatchObject({ token: 'operator-secret-456', tokenSource: 'env', trustedProxies: [] });
    expect(() => followSettingsFromEnv({ TRUSTED_PROXIES: 'ingress-nginx' })).toThrow(/TRUSTED_PROXIES: `ingress-nginx` is not an IP address/);
    expect(() => followSettingsFromEnv({ DECK_STREAMS_PER_CLIENT: 'many' })).toThrow(/DECK_STREAMS_PER_CLIENT must be a whole number/);
    expect(() => followSettingsFromEnv({ DECK_PRESENTER_TOKEN: 'short' })).toThrow(/too short/);
    expect(followSettingsFromEnv({ DECK_HELPER_TOKEN: 'operator-helpers-789' })).toMatchObject({ helperToken: 'operator-helpers-789', helperTokenSource: 'env', tokenSource: 'generated' });
    const fresh = followSettingsFromEnv({});
    expect(fresh.helperToken).not.toBe(fresh.token);
    expect(() => followSettingsFromEnv({ DECK_HELPER_TOKEN: 'short' })).toThrow(/^DECK_HELPER_TOKEN is too short/);
    expect(() => followSettingsFromEnv({ DECK_PRESENTER_TOKEN: 'the-same-secret', DECK_HELPER_TOKEN: 'the-same-secret' })).toThrow(/DECK_HELPER_TOKEN must differ from DECK_PRESENTER_TOKEN/);
  });
});

describe('npm start’s rebuild check', () => {
  it('knows its deck by build id, with no path in deck-build.json', () => {
    const manifest = path.resolve('tests/fixtures/check-deck/workshop.yml');
    const built = path.join(root, 'built');
    mkdirSync(built, { recursive: true });
    writeFileSync(path.join(built, 'index.html'), '<!doctype html>');
    writeFileSync(path.join(built, 'deck-build.json'), JSON.stringify({ variant: null, buildId: deckBuildId(loadDeck(manifest, { variant: undefined }).source) }));
    expect(rebuildReason({ manifest, outDir: built })).toBeUndefined();
    expect(rebuildReason({ manifest, outDir: built, variant: 'self-paced' })).toMatch(/holds the default variant, not self-paced/);
    writeFileSync(path.join(built, 'deck-build.json'), JSON.stringify({ variant: null, buildId: 'another-deck' }));
    expect(rebuildReason({ manifest, outDir: built })).toMatch(/holds another deck/);
  });
});

