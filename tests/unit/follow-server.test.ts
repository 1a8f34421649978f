/**
 * The follow service over real HTTP: what a presenter's control request does, every control
 * request it must refuse (and that a refusal changes nothing), health, and faults that must
 * not take the server down. Limits per client and stream caps: follow-limits.test.ts.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { applyControl, initialState, isNewer, parseControl } from '../../src/shared/follow-protocol.ts';
import { createMemoryStore } from '../../src/server/follow-store.ts';
import { follow, good, move, presenterStream, send, start, stopAll, token, wrong, type Attempt } from './follow-http.ts';
import { until } from './until.ts';

afterEach(stopAll);

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
