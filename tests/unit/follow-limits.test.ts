/**
 * What one client may take from the follow server: failed presenter attempts limited per
 * client (behind a trusted proxy too) without ever slowing the presenter, attendee streams
 * counted and capped in all and per client, streams of clients that stopped reading.
 */
import { createServer } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createStreamHub } from '../../src/server/follow-streams.ts';
import { follow, guess, loopbackProxy, move, presenterStream, send, start, stopAll } from './follow-http.ts';
import { until } from './until.ts';

afterEach(stopAll);

describe('follow server: failed attempts', () => {
  const limits = { perClient: 3, everyone: 1000, windowMs: 60_000 };

  it('limits failed attempts per client, with Retry-After, never the right secret, and forgets them after the window', async () => {
    const { port, follow: server } = await start({ failedAttempts: { ...limits, windowMs: 400 } });
    const a = '127.0.0.2';
    const b = '127.0.0.3';
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await guess(port, a)).status);
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
    const limited = await guess(port, a);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    // Another client is not held back by the first one's failures...
    expect((await guess(port, b)).status).toBe(401);
    // ...and the presenter, even from the limited address, never is.
    for (let slide = 1; slide <= 5; slide++) expect((await move(port, { slide, blackout: false }, {}, a)).status).toBe(200);
    expect(server.state().slide).toBe(5);
    // A wrong secret on the event stream is a guess too (the attendee count would tell it was wrong).
    expect((await follow(port, { headers: { Authorization: 'Bearer not-the-secret' }, from: a })).status).toBe(429);
    // The window passes: the client may try again (a wrong secret is a plain 401 once more).
    let again = 429;
    await until(async () => (again = (await guess(port, a)).status) !== 429, 'the window to pass', 3000);
    expect(again).toBe(401);
  });

  it('a wrong-secret flood through a trusted proxy does not slow the presenter: every move reaches an attendee', async () => {
    const { port } = await start({ trustedProxies: ['127.0.0.1'], failedAttempts: { ...limits, perClient: 10 } });
    const proxy = await loopbackProxy(port);
    const attendee = await follow(proxy, { from: '127.0.0.4' });
    await until(() => attendee.messages.length > 0, 'the attendee’s first state');

    let flooding = true;
    const flood = (async () => {
      const statuses: number[] = [];
      while (flooding) statuses.push(...(await Promise.all(Array.from({ length: 10 }, () => guess(proxy, '127.0.0.2')))).map((r) => r.status));
      return statuses;
    })();
    const moves: number[] = [];
    for (let slide = 1; slide <= 19; slide++) moves.push((await move(proxy, { slide, blackout: false }, {}, '127.0.0.3')).status);
    await until(() => attendee.messages.some((m) => m.slide === 19), 'the last move to reach the attendee');
    flooding = false;
    const floodStatuses = await flood;

    expect(moves).toEqual(Array(19).fill(200));
    const seen = new Set(attendee.messages.map((m) => m.slide));
    expect([...Array(19).keys()].map((i) => i + 1).filter((slide) => !seen.has(slide))).toEqual([]);
    expect(floodStatuses.filter((s) => s === 401)).toHaveLength(10); // the flooder's own budget, then...
    expect(floodStatuses.filter((s) => s !== 401 && s !== 429)).toEqual([]);
    // ...429s for it alone: another client behind the same proxy still gets a plain 401.
    expect((await guess(proxy, '127.0.0.5')).status).toBe(401);
  });

  it('believes X-Forwarded-For only from a trusted proxy: rotating it does not skip the limit', async () => {
    // Nobody trusted: the header is ignored, the socket's address is the client.
    const direct = await start({ failedAttempts: limits });
    const spoofed = [];
    for (let i = 0; i < 6; i++) spoofed.push((await guess(direct.port, '127.0.0.2', { 'X-Forwarded-For': `198.51.100.${i}` })).status);
    expect(spoofed).toEqual([401, 401, 401, 429, 429, 429]);

    // Behind a trusted proxy, what the client wrote itself stays to the left of the hop the proxy adds.
    const behind = await start({ trustedProxies: ['127.0.0.1'], failedAttempts: limits });
    const proxy = await loopbackProxy(behind.port);
    const rotated = [];
    for (let i = 0; i < 6; i++) rotated.push((await guess(proxy, '127.0.0.2', { 'X-Forwarded-For': `198.51.100.${i}` })).status);
    expect(rotated).toEqual([401, 401, 401, 429, 429, 429]);

    // A proxy that is not trusted: all its clients are one (its own address).
    const untrusted = await start({ trustedProxies: ['192.0.2.1'], failedAttempts: limits });
    const shared = await loopbackProxy(untrusted.port);
    for (let i = 0; i < 3; i++) expect((await guess(shared, '127.0.0.2')).status).toBe(401);
    expect((await guess(shared, '127.0.0.3')).status).toBe(429);
  });

  it('holds at most `everyone` failed attempts per window, whatever the number of addresses', async () => {
    const { port } = await start({ trustedProxies: ['loopback'], failedAttempts: { perClient: 3, everyone: 5, windowMs: 60_000 } });
    const statuses = [];
    for (let i = 0; i < 8; i++) statuses.push((await guess(port, undefined, { 'X-Forwarded-For': `198.51.100.${i}` })).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429, 429]);
    expect((await move(port, { slide: 1, blackout: false })).status).toBe(200);
  });
});

describe('follow server: streams', () => {
  it('counts and caps attendee streams whatever their query string; only the secret makes a presenter’s', async () => {
    const { port, follow: server } = await start({ maxAttendees: 2 });
    const first = await follow(port, { path: '/_follow/events?role=presenter' });
    await follow(port, { path: '/_follow/events?role=presenter&role=attendee' });
    expect(server.attendees()).toBe(2);
    for (const path of ['/_follow/events', '/_follow/events?role=presenter', '/_follow/events?x=1']) {
      const refused = await send(port, { method: 'GET', path });
      expect(refused.status, path).toBe(503);
      expect(refused.headers['retry-after'], path).toBe('10');
    }
    expect((await follow(port, { headers: { Authorization: 'Bearer not-the-secret' } })).status).toBe(503);
    // The presenter is never locked out by a full room, and is not counted.
    const presenter = await presenterStream(port);
    expect(presenter.status).toBe(200);
    await until(() => presenter.messages.length === 1, 'the presenter’s first state');
    expect(presenter.messages[0].attendees).toBe(2);
    first.close();
    await until(() => server.attendees() === 1, 'the closed stream to be counted out');
    const again = await follow(port);
    expect(again.status).toBe(200);
  });

  it('does not count a stream whose client left while it was being admitted', async () => {
    // A wrong secret waits on the limiter before its stream opens: the client may be gone by then.
    const hub = createStreamHub({ maxAttendees: 10, streamsPerClient: 10, heartbeatMs: 1000, stallTimeoutMs: 1000, maxQueuedBytes: 1024, message: () => 'data: {}\n\n' });
    const http = createServer((req, res) => {
      expect(hub.admit('a')).toBe('ok');
      req.socket.destroy();
      req.socket.once('close', () => setImmediate(() => hub.open(req, res, { presenter: false, client: 'a' })));
    });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    try {
      // The server hangs up on it: the request fails, as the client's own would.
      await expect(send((http.address() as AddressInfo).port, { method: 'GET', path: '/_follow/events' })).rejects.toThrow(/socket hang up|ECONNRESET/);
      await until(() => hub.attendees() === 0, 'the stream to be counted out');
      expect(hub.admit('a')).toBe('ok'); // and its client's slot given back
    } finally {
      hub.endAll();
      http.close();
    }
  });

  it('caps the streams one client holds, the room’s slots staying for the others', async () => {
    const logged: string[] = [];
    const { port, follow: server } = await start({ streamsPerClient: 3, log: (line) => logged.push(line) });
    const held = await Promise.all([1, 2, 3].map(() => follow(port, { from: '127.0.0.2' })));
    expect(held.map((s) => s.status)).toEqual([200, 200, 200]);
    expect(logged).toEqual([]);
    const fourth = await send(port, { method: 'GET', path: '/_follow/events', from: '127.0.0.2' });
    expect(fourth.status).toBe(503);
    expect(fourth.headers['retry-after']).toBe('10');
    // The operator hears of it, once, with what to do: a room behind one NAT looks like this.
    await send(port, { method: 'GET', path: '/_follow/events', from: '127.0.0.2' });
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatch(/127\.0\.0\.2 turned away: .*holds 3 streams.*DECK_STREAMS_PER_CLIENT/);
    expect((await follow(port, { from: '127.0.0.3' })).status).toBe(200);
    expect((await presenterStream(port, '127.0.0.2')).status).toBe(200);
    expect(server.attendees()).toBe(4);
    held[0].close();
    await until(() => server.attendees() === 3, 'the closed stream to be counted out');
    expect((await follow(port, { from: '127.0.0.2' })).status).toBe(200);
  });

  it('tells clients behind a trusted proxy apart by the hop it adds', async () => {
    const { port, follow: server } = await start({ streamsPerClient: 2, trustedProxies: ['loopback'] });
    const proxy = await loopbackProxy(port);
    for (const from of ['127.0.0.2', '127.0.0.2', '127.0.0.3', '127.0.0.3']) expect((await follow(proxy, { from })).status).toBe(200);
    expect((await send(proxy, { method: 'GET', path: '/_follow/events', from: '127.0.0.2' })).status).toBe(503);
    expect(server.attendees()).toBe(4);
  });

  /**
   * A client that opens the event stream and never reads it, while a big state every 2 ms fills
   * the socket buffers; resolves once the server has closed that stream.
   */
  async function stallAStream(limits: { maxQueuedBytes: number; stallTimeoutMs: number }): Promise<void> {
    const { port, follow: server } = await start({ heartbeatMs: 2, ...limits, buildInfo: () => ({ buildId: 'x'.repeat(200_000) }) });
    const socket = connect(port, '127.0.0.1');
    try {
      socket.write('GET /_follow/events HTTP/1.1\r\nHost: x\r\n\r\n');
      socket.pause();
      await until(() => server.attendees() === 1, 'the stream to open');
      await until(() => server.attendees() === 0, 'the stalled stream to be closed');
    } finally {
      socket.destroy();
    }
  }

  it('closes a stream whose client stopped reading once too much is queued', async () => {
    await stallAStream({ maxQueuedBytes: 64 * 1024, stallTimeoutMs: 1e9 });
  });

  it('closes a stream whose writes have not drained for the stall timeout, however little is queued', async () => {
    await stallAStream({ maxQueuedBytes: Infinity, stallTimeoutMs: 300 });
  });
});

