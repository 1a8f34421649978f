/**
 * The follow service over real HTTP: what a presenter's control request does, every control
 * request it must refuse (and that a refusal changes nothing), the attendee cap, stalled streams.
 */
import { connect } from 'node:net';
import { createServer, request, type IncomingHttpHeaders, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createFollowServer, type FollowServer, type FollowServerOptions } from '../../src/server/follow-server.ts';
import { applyControl, initialState, isNewer, parseControl, type LiveMessage } from '../../src/server/follow-state.ts';

const token = 'unit-test-presenter-secret';
const running: Array<{ http: Server; follow: FollowServer }> = [];

afterEach(async () => {
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

interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

function send(port: number, options: { method?: string; path?: string; headers?: Record<string, string>; body?: string | Buffer; chunked?: boolean }): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, method: options.method ?? 'POST', path: options.path ?? '/_follow/control', headers: options.headers },
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
const move = (port: number, body: unknown, headers: Record<string, string> = {}) =>
  send(port, { headers: { ...good, ...headers }, body: JSON.stringify(body) });

/** An attendee's event stream: every message received, parsed. */
function follow(port: number, path = '/_follow/events'): Promise<{ messages: LiveMessage[]; status: number; res: IncomingMessage; close(): void }> {
  return new Promise((resolve, reject) => {
    const messages: LiveMessage[] = [];
    const req = request({ host: '127.0.0.1', port, path }, (res) => {
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
      resolve({ messages, status: res.statusCode ?? 0, res, close: () => req.destroy() });
    });
    req.on('error', reject);
    req.end();
  });
}

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 3000;
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
    // The presenter's own stream is not an attendee.
    const presenter = await follow(port, '/_follow/events?role=presenter');
    await until(() => presenter.messages.length === 1, 'the presenter stream');
    expect(server.attendees()).toBe(2);
    late.close();
    await until(() => server.attendees() === 1, 'the closed stream to be counted out');
  });

  it('answers deck-build.json with the served build and the follow flag', async () => {
    const { port } = await start();
    const reply = await send(port, { method: 'GET', path: '/deck-build.json' });
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.body)).toEqual({ buildId: 'b1', slides: 47, follow: true });
  });

  const refusals: Array<[string, { method?: string; headers?: Record<string, string>; body?: string }, number]> = [
    ['no secret', { headers: { 'Content-Type': 'application/json' } }, 401],
    ['a wrong secret', { headers: { ...good, Authorization: 'Bearer not-the-secret' } }, 401],
    ['a secret that is a prefix of the real one', { headers: { ...good, Authorization: `Bearer ${token.slice(0, 10)}` } }, 401],
    ['another auth scheme', { headers: { ...good, Authorization: `Basic ${Buffer.from(`x:${token}`).toString('base64')}` } }, 401],
    ['a foreign Origin', { headers: { ...good, Origin: 'http://evil.example' } }, 403],
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
    const reply = await send(port, { body: JSON.stringify({ slide: 3, blackout: true }), ...attempt, headers: attempt.headers ?? good });
    expect(reply.status).toBe(status);
    expect(JSON.parse(reply.body).error).toBeTruthy();
    expect(server.state()).toMatchObject({ seq: 0, slide: null, blackout: false });
    // Nothing broadcast: only heartbeats of the unchanged state.
    expect(stream.messages.every((m) => m.seq === 0)).toBe(true);
    if (status === 401) expect(reply.headers['www-authenticate']).toBe('Bearer');
  });

  it('refuses an oversized body sent without a length (chunked) once it passes the limit', async () => {
    const { port, follow: server } = await start();
    const reply = await send(port, { headers: { ...good, 'Transfer-Encoding': 'chunked' }, body: `{"slide": 1, "blackout": false, "x": "${'y'.repeat(4000)}"}` });
    expect(reply.status).toBe(413);
    expect(server.state().seq).toBe(0);
  });

  it('rate limits control requests per client, with Retry-After, then lets them through again', async () => {
    const { port, follow: server } = await start({ rateLimit: { burst: 3, perSecond: 20 } });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await move(port, { slide: i, blackout: false })).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    const limited = await move(port, { slide: 9, blackout: false });
    expect(limited.headers['retry-after']).toBe('1');
    expect(server.state().slide).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect((await move(port, { slide: 9, blackout: false })).status).toBe(200);
  });

  it('refuses attendees past the cap with 503, and takes them again when one leaves', async () => {
    const { port } = await start({ maxAttendees: 2 });
    const first = await follow(port);
    await follow(port);
    const third = await send(port, { method: 'GET', path: '/_follow/events' });
    expect(third.status).toBe(503);
    expect(third.headers['retry-after']).toBeTruthy();
    // The presenter is never locked out by a full room.
    const presenter = await follow(port, '/_follow/events?role=presenter');
    expect(presenter.status).toBe(200);
    presenter.close();
    first.close();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const again = await follow(port);
    expect(again.status).toBe(200);
    again.close();
  });

  it('closes a stream whose client stopped reading', async () => {
    // A big state every 2 ms fills the socket buffers of a client that never reads.
    const { port, follow: server } = await start({ heartbeatMs: 2, maxQueuedBytes: 64 * 1024, buildInfo: () => ({ buildId: 'x'.repeat(200_000) }) });
    const socket = connect(port, '127.0.0.1');
    socket.write('GET /_follow/events HTTP/1.1\r\nHost: x\r\n\r\n');
    socket.pause();
    await until(() => server.attendees() === 1, 'the stream to open');
    await until(() => server.attendees() === 0, 'the stalled stream to be closed');
    socket.destroy();
  });

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
    expect(JSON.parse(health.body)).toMatchObject({ status: 'ok', ready: true, store: { kind: 'memory', shared: true } });
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

  it('survives garbage requests', async () => {
    const { port } = await start();
    expect((await send(port, { method: 'GET', path: '/_follow/nothing' })).status).toBe(404);
    expect((await send(port, { method: 'DELETE', path: '/_follow/events' })).status).toBe(405);
    expect((await send(port, { method: 'GET', path: '/_follow/state' })).status).toBe(200);
  });
});
