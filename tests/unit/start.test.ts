/**
 * `npm start` as a process, on a small build folder of our own: its output (the presenter secret
 * must not be in it when it may end up in a log), a dist/ holding links (one dangling), requests
 * that used to end the process, and what deck-build.json and /healthz tell anyone.
 */
import type { ChildProcess } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { rebuildReason } from '../../src/node/ensure-build.ts';
import { loadDeck } from '../../src/node/load-deck.ts';
import { deckBuildId } from '../../src/node/vite-plugin-deck.ts';
import { followBanner } from '../../src/server/follow-banner.ts';
import { followSettingsFromEnv } from '../../src/server/follow-settings.ts';
import QRCode from 'qrcode';
import { startDeckProcess, type DeckProcess } from './deck-process.ts';
import { until } from './until.ts';

/** A port nothing listens on now. */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

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
async function startDeck(env: Record<string, string | undefined>, handout = false): Promise<DeckProcess> {
  const deck = await startDeckProcess({ handout, args: ['--no-build'], env: { DECK_PRESENTER_TOKEN: undefined, DECK_OUT_DIR: dist, ...env } });
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

  it('does not print the kept secret where the output is not a terminal, and names the file that keeps it', async () => {
    const config = mkdtempSync(path.join(tmpdir(), 'deck-start-config-'));
    try {
      const deck = await startDeck({ XDG_CONFIG_HOME: config });
      const file = /#presenter=<the secret kept in (\S+)>/.exec(deck.output())?.[1];
      expect(file).toMatch(new RegExp(`^${config}/workshop-deck/slides-workshop-[0-9a-f]{10}/presenter\\.secret$`));
      const secret = readFileSync(file!, 'utf8').trim();
      expect(statSync(file!).mode & 0o777).toBe(0o600);
      expect(deck.output()).not.toContain(secret);
      expect(deck.output()).not.toMatch(/#presenter=[A-Za-z0-9_-]{12,}/);
      // The helpers' address likewise: on the attendees' address (their phones), its secret kept beside, not in the log.
      const helpers = /Helpers: \S+#helper=<the secret kept in (\S+)>/.exec(deck.output())?.[1];
      expect(helpers).toBe(path.join(path.dirname(file!), 'helpers.secret'));
      expect(statSync(helpers!).mode & 0o777).toBe(0o600);
      expect(deck.output()).not.toContain(readFileSync(helpers!, 'utf8').trim());
      expect(deck.output()).not.toMatch(/#helper=[A-Za-z0-9_-]{12,}/);
    } finally {
      rmSync(config, { recursive: true, force: true });
    }
  });

  it('keeps the presenter’s secret across a restart; --new-secret replaces it, DECK_PRESENTER_TOKEN wins over it', async () => {
    const config = mkdtempSync(path.join(tmpdir(), 'deck-start-config-'));
    const moveWith = (deck: DeckProcess, secret: string) =>
      fetch(new URL('_follow/control', deck.attendees), { method: 'POST', headers: { Authorization: `Bearer ${secret}`, 'Content-Type': 'application/json' }, body: '{"slide":1,"blackout":false}' });
    try {
      const first = await startDeck({ XDG_CONFIG_HOME: config });
      const file = /#presenter=<the secret kept in (\S+)>/.exec(first.output())![1];
      const secret = readFileSync(file, 'utf8').trim();
      expect((await moveWith(first, secret)).status).toBe(200);
      await first.stop();

      const again = await startDeck({ XDG_CONFIG_HOME: config });
      expect((await moveWith(again, secret)).status).toBe(200);
      await again.stop();

      const renewed = await startDeckProcess({ args: ['--no-build', '--new-secret'], env: { DECK_PRESENTER_TOKEN: undefined, DECK_OUT_DIR: dist, XDG_CONFIG_HOME: config } });
      children.push(renewed.child);
      const fresh = readFileSync(file, 'utf8').trim();
      expect(fresh).not.toBe(secret);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect((await moveWith(renewed, secret)).status).toBe(401);
      expect((await moveWith(renewed, fresh)).status).toBe(200);
      await renewed.stop();

      const operator = await startDeckProcess({ args: ['--no-build', '--new-secret'], env: { DECK_PRESENTER_TOKEN: token, DECK_OUT_DIR: dist, XDG_CONFIG_HOME: config } });
      children.push(operator.child);
      expect(operator.output()).toContain('--new-secret: DECK_PRESENTER_TOKEN is set and wins');
      expect(readFileSync(file, 'utf8').trim()).toBe(fresh);
      expect((await moveWith(operator, fresh)).status).toBe(401);
    } finally {
      rmSync(config, { recursive: true, force: true });
    }
  });

  it('prints plain text where the output is not a terminal: no QR code of escape codes, no colour', async () => {
    const deck = await startDeck({});
    await until(() => deck.output().includes('Stop with Ctrl+C.'), 'the whole banner');
    const output = deck.output();
    expect(output).toMatch(/^ {2}Attendees: http:\/\/127\.0\.0\.1:\d+\/$/m);
    expect(output.match(/[\u0000-\u0008\u000b-\u001f\u007f]/)?.[0], 'a control character').toBeUndefined();
    expect(output, 'a QR code drawn in blocks').not.toMatch(/[\u2580-\u259f]/);
    expect(output).toContain('QR code is on the deck’s title slide');
  });

  it('announces the attendees’ address and its QR code in deck-build.json; DECK_PUBLIC_URL is that address when set', async () => {
    const deck = await startDeck({});
    const served = await (await fetch(new URL('deck-build.json', deck.attendees))).json();
    expect(served.join).toEqual({ url: deck.attendees, qr: '_follow/join.svg' });
    const qr = await fetch(new URL(served.join.qr, deck.attendees));
    expect(qr.headers.get('content-type')).toBe('image/svg+xml');
    expect(await qr.text()).toBe(await QRCode.toString(deck.attendees, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' }));

    // Behind a proxy: the address attendees open is the public one, printed and on the card.
    const port = await freePort();
    const behindProxy = await startDeck({ PORT: String(port), DECK_PUBLIC_URL: 'https://deck.example.org/workshop' });
    expect(behindProxy.output()).toMatch(/^ {2}Attendees: https:\/\/deck\.example\.org\/workshop\/$/m);
    const info = await (await fetch(`http://127.0.0.1:${port}/deck-build.json`)).json();
    expect(info.join.url).toBe('https://deck.example.org/workshop/');
  });
});

describe('npm start’s handout in the background', () => {
  it('says so when no browser is found, and serves on', async () => {
    const deck = await startDeck({ CHROME_PATH: path.join(root, 'no-such-chrome') }, true);
    await until(() => deck.output().includes('Handout: none'), 'the handout line');
    expect(deck.output()).toContain('no browser was found');
    expect((await fetch(new URL('healthz', deck.attendees))).status).toBe(200);
  });

  it('logs a failed export and serves on without a handout', async () => {
    // A "browser" that exits at once: the export fails the way a crashing Chromium would.
    const deck = await startDeck({ CHROME_PATH: '/bin/false' }, true);
    await until(() => deck.output().includes('Handout: the export failed'), 'the failure in the log', 15_000);
    expect(deck.output()).toMatch(/Handout: the export failed, so the deck is served without one: .+/);
    expect(deck.child.exitCode).toBe(null);
    expect((await fetch(new URL('healthz', deck.attendees))).status).toBe(200);
    expect((await (await fetch(new URL('deck-build.json', deck.attendees))).json()).handout).toBeUndefined();
  }, 20_000);
});

describe('the start-up banner', () => {
  const address = { port: 8080, host: '127.0.0.1' };

  it('draws the QR code on a terminal only: a log gets plain text', async () => {
    const onTerminal = await followBanner({ ...address, token: 'fresh-secret-123', tokenSource: 'generated', terminal: true });
    expect(onTerminal).toContain('\u001b['); // the QR code's colours
    expect(onTerminal).toContain('Attendees: http://127.0.0.1:8080/');
    const inLog = await followBanner({ ...address, token: 'fresh-secret-123', tokenSource: 'generated', terminal: false });
    expect(inLog).not.toContain('\u001b');
    expect(inLog).not.toMatch(/[\u2580-\u259f]/);
    expect(inLog).toContain('Attendees: http://127.0.0.1:8080/');
  });

  it('prints DECK_PUBLIC_URL as the one address of attendees and presenter', async () => {
    const banner = await followBanner({ ...address, publicUrl: 'https://deck.example.org/', token: 'fresh-secret-123', tokenSource: 'generated', terminal: false });
    expect(banner).toContain('Attendees: https://deck.example.org/\n');
    expect(banner).toContain('Presenter: https://deck.example.org/#presenter=<secret not shown');
    expect(banner).not.toContain('127.0.0.1');
  });

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

  it('shows a kept secret on a terminal only, naming its file either way', async () => {
    const kept = { ...address, token: 'kept-secret-7890', tokenSource: 'file', secretFile: '/home/ann/.config/workshop-deck/k8s/presenter.secret' } as const;
    const onTerminal = await followBanner({ ...kept, terminal: true });
    expect(onTerminal).toContain('Presenter: http://localhost:8080/#presenter=kept-secret-7890');
    expect(onTerminal).toContain('kept in /home/ann/.config/workshop-deck/k8s/presenter.secret; npm start -- --new-secret makes a new one');
    const inLog = await followBanner({ ...kept, terminal: false });
    expect(inLog).not.toContain('kept-secret-7890');
    expect(inLog).toContain('#presenter=<the secret kept in /home/ann/.config/workshop-deck/k8s/presenter.secret>');
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

