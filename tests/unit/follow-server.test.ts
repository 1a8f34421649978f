/**
 * The follow service over real HTTP: what a presenter's control request does, every control
 * request it must refuse (and that a refusal changes nothing), failed attempts limited per
 * client (behind a trusted proxy too) without ever slowing the presenter, the attendee caps,
 * stalled streams, and faults that must not take the server down.
 */
import { connect } from 'node:net';
import { createServer, request, type IncomingHttpHeaders, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createFollowServer, type FollowServer, type FollowServerOptions } from '../../src/server/follow-server.ts';
import { applyControl, initialState, isNewer, parseControl, type LiveMessage } from '../../src/server/follow-state.ts';
import { createMemoryStore } from '../../src/server/follow-store.ts';
import { createStreamHub } from '../../src/server/follow-streams.ts';

const token = 'unit-test-presenter-secret';
const running: Array<{ http: Server; follow: FollowServer }> = [];
const proxies: Server[] = [];

afterEach(async () => {
  for (const proxy of proxies.splice(0)) {
    proxy.closeAllConnections();
    proxy.close();
  }
  for (const { http, follow } of running.splice(0)) {
    follow.close();
    http.closeAllConnections();
    await new Promise((resolve) => http.close(resolve));
  }
});

async function start(options: Partial<FollowServerOptions> = {}) {
  const follow = createFollowServer({ token, buildInfo: () => ({ buildId: 'b1', slides: 47 }), ...options });
  const http = createServer((req, res) => follow.handle(req, res));
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  running.push({ http, follow });
  return { follow, port: (http.address() as AddressInfo).port };
}

/**
 * A reverse proxy on loopback, as nginx would be: it adds the address it sees to
 * `X-Forwarded-For` (after whatever the client sent) and passes everything, streams included.
 */
async function loopbackProxy(target: number): Promise<number> {
  const proxy = createServer((req, res) => {
    const forwarded = [req.headers['x-forwarded-for'], req.socket.remoteAddress].filter(Boolean).join(', ');
    const upstream = request(
      { host: '127.0.0.1', port: target, method: req.method, path: req.url, headers: { ...req.headers, 'x-forwarded-for': forwarded }, agent: false },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    res.on('close', () => upstream.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  proxies.push(proxy);
  return (proxy.address() as AddressInfo).port;
}

interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

interface Attempt {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** The client's own address (127.0.0.0/8 is all loopback): another machine, as the server sees it. */
  from?: string;
}

function send(port: number, options: Attempt): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, method: options.method ?? 'POST', path: options.path ?? '/_follow/control', headers: options.headers, localAddress: options.from, agent: false },
      (res) => {
        let body = '';
        res.on('data', (chunk) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

const good = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
const wrong = { ...good, Authorization: 'Bearer not-the-secret' };
const move = (port: number, body: unknown, headers: Record<string, string> = {}, from?: string) =>
  send(port, { headers: { ...good, ...headers }, body: JSON.stringify(body), from });
const guess = (port: number, from?: string, headers: Record<string, string> = {}) =>
  send(port, { headers: { ...wrong, ...headers }, body: JSON.stringify({ slide: 1, blackout: false }), from });

interface Stream {
  messages: LiveMessage[];
  status: number;
  headers: IncomingHttpHeaders;
  res: IncomingMessage;
  close(): void;
}

/** An event stream (an attendee's unless the secret is sent): every message received, parsed. */
function follow(port: number, options: { path?: string; headers?: Record<string, string>; from?: string } = {}): Promise<Stream> {
  return new Promise((resolve, reject) => {
    const messages: LiveMessage[] = [];
    const req = request({ host: '127.0.0.1', port, path: options.path ?? '/_follow/events', headers: options.headers, localAddress: options.from, agent: false }, (res) => {
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const data = /^data: (.*)$/m.exec(buffer.slice(0, end))?.[1];
          if (data) messages.push(JSON.parse(data));
          buffer = buffer.slice(end + 2);
        }
      });
      res.on('error', () => {});
      resolve({ messages, status: res.statusCode ?? 0, headers: res.headers, res, close: () => req.destroy() });
    });
    req.on('error', reject);
    req.end();
  });
}

const presenterStream = (port: number, from?: string) => follow(port, { headers: { Authorization: `Bearer ${token}` }, from });

async function until(condition: () => boolean, what: string, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('follow state', () => {
  it('numbers each change and leaves an unchanged state alone', () => {
    const first = initialState('e1');
    const moved = applyControl(first, { slide: 3, blackout: false });
    expect(moved).toMatchObject({ seq: 1, slide: 3, blackout: false });
    expect(applyControl(moved, { slide: 3, blackout: false })).toBe(moved);
    expect(applyControl(moved, { slide: 3, blackout: true }).seq).toBe(2);
  });

  it('followers apply only newer states, or any state of a restarted server', () => {
    expect(isNewer(undefined, { epoch: 'e1', seq: 0 })).toBe(true);
    expect(isNewer({ epoch: 'e1', seq: 5 }, { epoch: 'e1', seq: 4 })).toBe(false);
    expect(isNewer({ epoch: 'e1', seq: 5 }, { epoch: 'e1', seq: 5 })).toBe(false);
    expect(isNewer({ epoch: 'e1', seq: 5 }, { epoch: 'e1', seq: 6 })).toBe(true);
    expect(isNewer({ epoch: 'e1', seq: 5 }, { epoch: 'e2', seq: 1 })).toBe(true);
  });

  it.each([
    ['not JSON', '{slide: 1}', /not JSON/],
    ['an array', '[1, false]', /object/],
    ['a fractional slide', '{"slide": 1.5, "blackout": false}', /integer/],
    ['a negative slide', '{"slide": -1, "blackout": false}', /integer/],
    ['a slide past the end', '{"slide": 47, "blackout": false}', /from 0 to 46/],
    ['a string blackout', '{"slide": 1, "blackout": "yes"}', /true or false/],
    ['a missing blackout', '{"slide": 1}', /true or false/],
    ['an unknown field', '{"slide": 1, "blackout": false, "seq": 9}', /unknown field "seq"/],
  ])('refuses %s', (_name, body, error) => {
    const parsed = parseControl(body, 47);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toMatch(error);
  });
});

describe('follow server', () => {
  it('moves every follower with the presenter’s secret, and late joiners get the live state at once', async () => {
    const { port, follow: server } = await start();
    const early = await follow(port);
    await until(() => early.messages.length === 1, 'the first state');
    expect(early.messages[0]).toMatchObject({ seq: 0, slide: null, buildId: 'b1', attendees: 1 });

    const reply = await move(port, { slide: 5, blackout: false }, { Origin: `http://127.0.0.1:${port}` });
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.body)).toMatchObject({ seq: 1, attendees: 1 });
    await until(() => early.messages.some((m) => m.seq === 1), 'the broadcast');
    expect(early.messages.at(-1)).toMatchObject({ seq: 1, slide: 5, blackout: false });

    const late = await follow(port);
    await until(() => late.messages.length === 1, 'the late joiner’s state');
    expect(late.messages[0]).toMatchObject({ seq: 1, slide: 5, attendees: 2 });
    // The presenter's own stream (the secret sent with it) is not an attendee.
    const presenter = await presenterStream(port);
    await until(() => presenter.messages.length === 1, 'the presenter stream');
    expect(presenter.messages[0].attendees).toBe(2);
    expect(server.attendees()).toBe(2);
    late.close();
    await until(() => server.attendees() === 1, 'the closed stream to be counted out');
  });

  it('answers deck-build.json with the served build and the follow flag, and nothing else the file holds', async () => {
    const { port } = await start({ buildInfo: () => ({ buildId: 'b1', slides: 47, manifest: '/home/someone/talk/workshop.yml' }) });
    const reply = await send(port, { method: 'GET', path: '/deck-build.json' });
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.body)).toEqual({ buildId: 'b1', slides: 47, follow: true });
  });

  const refusals: Array<[string, Attempt, number]> = [
    ['no secret', { headers: { 'Content-Type': 'application/json' } }, 401],
    ['a wrong secret', { headers: wrong }, 401],
    ['a secret that is a prefix of the real one', { headers: { ...good, Authorization: `Bearer ${token.slice(0, 10)}` } }, 401],
    ['the secret with a character more', { headers: { ...good, Authorization: `Bearer ${token}x` } }, 401],
    ['another auth scheme', { headers: { ...good, Authorization: `Basic ${Buffer.from(`x:${token}`).toString('base64')}` } }, 401],
    ['a foreign Origin', { headers: { ...good, Origin: 'http://evil.example' } }, 403],
    ['an Origin on another port', { headers: { ...good, Origin: 'http://127.0.0.1:1' } }, 403],
    ['an Origin with another scheme', { headers: { ...good, Origin: 'https://127.0.0.1:PORT' } }, 403],
    ['a null Origin', { headers: { ...good, Origin: 'null' } }, 403],
    ['a cross-site fetch', { headers: { ...good, 'Sec-Fetch-Site': 'cross-site' } }, 403],
    ['an oversized body', { body: JSON.stringify({ slide: 1, blackout: false, pad: 'x'.repeat(5000) }) }, 413],
    ['a form post', { headers: { ...good, 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'slide=1&blackout=false' }, 415],
    ['a malformed payload', { body: '{"slide": "one"}' }, 400],
    ['invalid JSON', { body: '{"slide": 1,' }, 400],
    ['a GET', { method: 'GET' }, 405],
  ];

  it.each(refusals)('refuses a control request with %s, and changes nothing', async (_name, attempt, status) => {
    const { port, follow: server } = await start();
    const stream = await follow(port);
    await until(() => stream.messages.length === 1, 'the first state');
    const headers = Object.fromEntries(Object.entries(attempt.headers ?? good).map(([name, value]) => [name, value.replace('PORT', String(port))]));
    const reply = await send(port, { body: JSON.stringify({ slide: 3, blackout: true }), ...attempt, headers });
    expect(reply.status).toBe(status);
    expect(JSON.parse(reply.body).error).toBeTruthy();
    if (status === 401) expect(reply.headers['www-authenticate']).toBe('Bearer');
    expect(server.state()).toMatchObject({ seq: 0, slide: null, blackout: false });
    // Nothing broadcast: the next message after a real move is that move, with the first sequence number.
    expect((await move(port, { slide: 7, blackout: false })).status).toBe(200);
    await until(() => stream.messages.some((m) => m.seq > 0), 'the real move');
    expect(stream.messages.filter((m) => m.seq > 0)[0]).toMatchObject({ seq: 1, slide: 7, blackout: false });
    expect(stream.messages.some((m) => m.slide === 3 || m.blackout)).toBe(false);
  });

  it('takes a control request from the deck’s own origin, https behind a trusted proxy included', async () => {
    const { port } = await start({ trustedProxies: ['loopback'] });
    expect((await move(port, { slide: 1, blackout: false }, { Origin: `http://127.0.0.1:${port}`, 'Sec-Fetch-Site': 'same-origin' })).status).toBe(200);
    // A proxy that terminates TLS says so; the browser's Origin is then https.
    expect((await move(port, { slide: 2, blackout: false }, { Origin: `https://127.0.0.1:${port}`, 'X-Forwarded-Proto': 'https' })).status).toBe(200);
    expect((await move(port, { slide: 3, blackout: false }, { Origin: `http://127.0.0.1:${port}`, 'X-Forwarded-Proto': 'https' })).status).toBe(403);
    // Nobody trusted: X-Forwarded-Proto is anyone's header, and changes nothing.
    const untrusted = await start();
    expect((await move(untrusted.port, { slide: 2, blackout: false }, { Origin: `https://127.0.0.1:${untrusted.port}`, 'X-Forwarded-Proto': 'https' })).status).toBe(403);
  });

  it('refuses an oversized body sent without a length (chunked) once it passes the limit', async () => {
    const { port, follow: server } = await start();
    const reply = await send(port, { headers: { ...good, 'Transfer-Encoding': 'chunked' }, body: `{"slide": 1, "blackout": false, "x": "${'y'.repeat(4000)}"}` });
    expect(reply.status).toBe(413);
    expect(server.state().seq).toBe(0);
  });
});

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
    // The window passes: the client may try again.
    const deadline = Date.now() + 3000;
    let again = 429;
    while (again === 429 && Date.now() < deadline) again = (await guess(port, a)).status;
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
      expect(refused.headers['retry-after']).toBeTruthy();
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
      await send((http.address() as AddressInfo).port, { method: 'GET', path: '/_follow/events' }).catch(() => {});
      await until(() => hub.attendees() === 0, 'the stream to be counted out');
      expect(hub.admit('a')).toBe('ok'); // and its client's slot given back
    } finally {
      hub.endAll();
      http.close();
    }
  });

  it('caps the streams one client holds, the room’s slots staying for the others', async () => {
    const { port, follow: server } = await start({ streamsPerClient: 3 });
    const held = await Promise.all([1, 2, 3].map(() => follow(port, { from: '127.0.0.2' })));
    expect(held.map((s) => s.status)).toEqual([200, 200, 200]);
    const fourth = await send(port, { method: 'GET', path: '/_follow/events', from: '127.0.0.2' });
    expect(fourth.status).toBe(503);
    expect(fourth.headers['retry-after']).toBeTruthy();
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

  it('closes a stream whose client stopped reading once too much is queued', async () => {
    // A big state every 2 ms fills the socket buffers of a client that never reads.
    const { port, follow: server } = await start({ heartbeatMs: 2, maxQueuedBytes: 64 * 1024, stallTimeoutMs: 1e9, buildInfo: () => ({ buildId: 'x'.repeat(200_000) }) });
    const socket = connect(port, '127.0.0.1');
    socket.write('GET /_follow/events HTTP/1.1\r\nHost: x\r\n\r\n');
    socket.pause();
    await until(() => server.attendees() === 1, 'the stream to open');
    await until(() => server.attendees() === 0, 'the stalled stream to be closed');
    socket.destroy();
  });

  it('closes a stream whose writes have not drained for the stall timeout, however little is queued', async () => {
    const { port, follow: server } = await start({ heartbeatMs: 2, maxQueuedBytes: Infinity, stallTimeoutMs: 300, buildInfo: () => ({ buildId: 'x'.repeat(200_000) }) });
    const socket = connect(port, '127.0.0.1');
    socket.write('GET /_follow/events HTTP/1.1\r\nHost: x\r\n\r\n');
    socket.pause();
    await until(() => server.attendees() === 1, 'the stream to open');
    await until(() => server.attendees() === 0, 'the stalled stream to be closed');
    socket.destroy();
  });
});

describe('follow server: health and faults', () => {
  it('never logs, whatever it is sent', async () => {
    const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((name) => vi.spyOn(console, name));
    const { port } = await start();
    await move(port, { slide: 1, blackout: false });
    await move(port, { slide: 1, blackout: false }, { Authorization: 'Bearer wrong' });
    await send(port, { headers: good, body: '{' });
    for (const spy of spies) {
      expect(spy).not.toHaveBeenCalled();
      spy.mockRestore();
    }
  });

  it('answers /healthz and /readyz; on close, readiness turns 503, streams end cleanly and new ones are sent elsewhere', async () => {
    const { port, follow: server } = await start();
    const health = await send(port, { method: 'GET', path: '/healthz' });
    expect(health.status).toBe(200);
    expect(JSON.parse(health.body)).toEqual({ status: 'ok', ready: true, store: { kind: 'memory', shared: true }, attendees: 0 });
    expect((await send(port, { method: 'GET', path: '/readyz' })).status).toBe(200);

    const stream = await follow(port);
    await until(() => stream.messages.length === 1, 'the first state');
    const ended = new Promise<void>((resolve) => stream.res.on('end', resolve));
    await server.close();
    await ended; // a clean end, not a reset: the page reconnects at once
    const ready = await send(port, { method: 'GET', path: '/readyz' });
    expect(ready.status).toBe(503);
    expect(JSON.parse(ready.body)).toMatchObject({ ready: false, reason: 'shutting down' });
    expect((await send(port, { method: 'GET', path: '/healthz' })).status).toBe(200);
    const refused = await send(port, { method: 'GET', path: '/_follow/events' });
    expect(refused.status).toBe(503);
    expect(refused.headers['retry-after']).toBe('0');
  });

  it('tells /healthz and /readyz callers that Redis is away, but not where it is', async () => {
    const memory = createMemoryStore();
    const problem = 'Redis at redis://10.1.2.3:6379 is unreachable (connect ECONNREFUSED 10.1.2.3:6379)';
    const store = { ...memory, health: () => ({ kind: 'redis' as const, shared: false, problem, redis: 'redis://10.1.2.3:6379' }) };
    const { port, follow: server } = await start({ store });
    for (const path of ['/healthz', '/readyz']) {
      const reply = await send(port, { method: 'GET', path });
      expect(reply.body).not.toContain('10.1.2.3');
      expect(JSON.parse(reply.body)).toMatchObject({ ready: false, reason: expect.stringMatching(/Redis is unreachable/), store: { kind: 'redis', shared: false } });
    }
    expect(server.health().reason).toBe(problem); // in process (and in the log), the details stay
  });

  it('answers 500 and keeps serving when anything behind a request throws or fails', async () => {
    let broken = true;
    const memory = createMemoryStore();
    const store = {
      ...memory,
      current: () => (broken ? (() => { throw new Error('store broken'); })() : memory.current()),
      apply: () => Promise.reject(new Error('store broken')),
    };
    const { port } = await start({ store, buildInfo: () => { throw new Error('no build info'); } });
    expect((await send(port, { method: 'GET', path: '/deck-build.json' })).status).toBe(500);
    expect((await send(port, { method: 'GET', path: '/_follow/state' })).status).toBe(500);
    expect((await move(port, { slide: 1, blackout: false })).status).toBe(500);
    broken = false;
    expect((await send(port, { method: 'GET', path: '/healthz' })).status).toBe(200);
    // And plain garbage gets plain answers.
    expect((await send(port, { method: 'GET', path: '/_follow/nothing' })).status).toBe(404);
    expect((await send(port, { method: 'DELETE', path: '/_follow/events' })).status).toBe(405);
  });
});
