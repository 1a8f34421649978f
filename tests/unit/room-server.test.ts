/**
 * The room over real HTTP (src/server/room-server.ts, mounted by the follow server): check-ins
 * from attendees whose deck follows, the presenter's and helpers' view and actions, and each
 * protection: forged ids, keys without a stream, rate limits, helpers who cannot move slides.
 */
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { AttendeeRoomView, StaffRoomView } from '../../src/shared/room-protocol.ts';
import { attendeeIdOf } from '../../src/server/room-presence.ts';
import { follow, good, send, start, stopAll, token, type Stream } from './follow-http.ts';
import { until } from './until.ts';

afterEach(stopAll);

const helperToken = 'unit-test-helpers-secret';
const plan = { exercises: [{ id: 'netpol', minutes: 20 }, { id: 'egress' }], polls: [{ id: 'quiz', options: 3 }] };
const startRoom = (options: Parameters<typeof start>[0] = {}) => start({ helperToken, buildInfo: () => ({ buildId: 'b1', slides: 47, room: plan }), ...options });

const newKey = () => randomBytes(24).toString('base64url');
const json = { 'Content-Type': 'application/json' };

/** An attendee: a key, a follow stream carrying it, and their room views as they arrive. */
async function attendee(port: number, options: { key?: string; from?: string } = {}) {
  const key = options.key ?? newKey();
  const stream = await follow(port, { headers: { 'Deck-Attendee': key }, from: options.from });
  const rooms = () => (stream.messages as unknown as Array<{ room?: AttendeeRoomView }>).filter((m) => m.room).map((m) => m.room!);
  return {
    key,
    id: attendeeIdOf(key),
    stream,
    room: () => rooms().at(-1),
    act: (body: unknown, from = options.from) => send(port, { path: '/_room/attendee', headers: { ...json, 'Deck-Attendee': key }, body: JSON.stringify(body), from }),
  };
}

/** A presenter's or helper's stream of room views. */
async function staffStream(port: number, secret = token): Promise<Stream & { view(): StaffRoomView | undefined }> {
  const stream = await follow(port, { path: '/_room/events', headers: { Authorization: `Bearer ${secret}` } });
  return Object.assign(stream, { view: () => (stream.messages as unknown as StaffRoomView[]).at(-1) });
}

const staff = (port: number, body: unknown, secret = token) => send(port, { path: '/_room/staff', headers: { ...json, Authorization: `Bearer ${secret}` }, body: JSON.stringify(body) });

describe('check-ins', () => {
  it('reach the presenter within a second, with counts among those following, and the attendee sees their own', async () => {
    const { port } = await startRoom();
    const presenter = await staffStream(port);
    const [ana, bo, cy] = await Promise.all([attendee(port), attendee(port), attendee(port)]);
    await until(() => presenter.view()?.following === 3, 'three attendees following');
    const sent = Date.now();
    expect((await ana.act({ action: 'done', exercise: 'netpol' })).status).toBe(200);
    expect((await bo.act({ action: 'help', exercise: 'netpol', name: 'Bo', seat: 'Table 4' })).status).toBe(200);
    await until(() => presenter.view()?.exercises.netpol.help === 1 && presenter.view()?.exercises.netpol.done === 1, 'the tally');
    expect(Date.now() - sent).toBeLessThan(1000);
    const view = presenter.view()!;
    expect(view.exercises).toEqual({ netpol: { done: 1, help: 1 }, egress: { done: 0, help: 0 } });
    expect(view.queue).toEqual([{ attendee: bo.id, exercise: 'netpol', name: 'Bo', seat: 'Table 4', since: expect.any(Number) }]);
    await until(() => ana.room()?.mine.netpol?.status === 'done', 'Ana sees she is done');
    expect(cy.room()?.mine).toEqual({});
    // Nothing of Bo reaches another attendee, not even in what everyone is sent (a countdown).
    await staff(port, { action: 'countdown-start', exercise: 'netpol', minutes: 5 });
    await until(() => [ana, cy].every((other) => other.room()?.countdown?.exercise === 'netpol'), 'the countdown to reach everyone');
    for (const other of [ana, cy]) {
      expect(JSON.stringify(other.stream.messages)).not.toMatch(/Bo|Table 4|help/);
      expect(JSON.stringify(other.stream.messages)).not.toContain(bo.id);
    }
    expect(JSON.stringify(presenter.messages)).not.toContain(ana.key);
  });

  it('undo, on my way, resolved: the attendee hears that a helper is coming', async () => {
    const { port } = await startRoom();
    const helper = await staffStream(port, helperToken);
    const bo = await attendee(port);
    await bo.act({ action: 'help', exercise: 'egress', name: '', seat: '' });
    await until(() => helper.view()?.queue.length === 1, 'the queue');
    expect((await staff(port, { action: 'on-my-way', attendee: bo.id, exercise: 'egress', helper: 'Dee' }, helperToken)).status).toBe(200);
    await until(() => bo.room()?.mine.egress?.helper === true, 'Bo hears a helper is on the way');
    await until(() => helper.view()?.queue[0].helper === 'Dee', 'the queue says who');
    expect((await staff(port, { action: 'resolve', attendee: bo.id, exercise: 'egress' }, helperToken)).status).toBe(200);
    await until(() => helper.view()?.queue.length === 0 && bo.room()?.mine.egress === undefined, 'resolved');
    await bo.act({ action: 'done', exercise: 'egress' });
    await bo.act({ action: 'undo', exercise: 'egress' });
    await until(() => helper.view()?.exercises.egress.done === 0 && bo.room()?.mine.egress === undefined, 'undone');
  });

  it('survive a reload: the same key on a new stream finds its check-ins', async () => {
    const { port } = await startRoom();
    const first = await attendee(port);
    await first.act({ action: 'done', exercise: 'netpol' });
    first.stream.close();
    const again = await attendee(port, { key: first.key });
    await until(() => again.room()?.mine.netpol?.status === 'done', 'the check-in after a reload');
  });
});

describe('protections', () => {
  it('a forged id changes nothing: the room knows attendees by a digest of a key nobody else sees', async () => {
    const { port } = await startRoom();
    const presenter = await staffStream(port);
    const bo = await attendee(port);
    await bo.act({ action: 'help', exercise: 'netpol', name: 'Bo', seat: '' });
    await until(() => presenter.view()?.queue.length === 1, 'the queue');
    // Mallory knows Bo's id (the presenter's page shows it) and sends it as a key, and as a field.
    const mallory = await attendee(port);
    const asKey = await send(port, { path: '/_room/attendee', headers: { ...json, 'Deck-Attendee': bo.id }, body: JSON.stringify({ action: 'undo', exercise: 'netpol' }) });
    expect(asKey.status).toBe(401);
    // A key that starts with Bo's id is another key, of nobody following.
    const lookalike = await attendee(port, { key: `${bo.id}${'x'.repeat(10)}` });
    expect((await lookalike.act({ action: 'undo', exercise: 'netpol' })).status).toBe(200);
    const asField = await mallory.act({ action: 'undo', exercise: 'netpol', attendee: bo.id });
    expect(asField.status).toBe(400);
    expect((await mallory.act({ action: 'undo', exercise: 'netpol' })).status).toBe(200);
    // A change of Mallory's own, seen by the presenter, comes after all of the above.
    await mallory.act({ action: 'done', exercise: 'egress' });
    await until(() => presenter.view()!.exercises.egress.done === 1, 'Mallory\'s own check-in');
    expect(presenter.view()!.queue.map((request) => request.attendee)).toEqual([bo.id]);
  });

  it('a key without a follow stream is refused, and made-up attendees never outnumber the streams', async () => {
    const { port } = await startRoom({ streamsPerClient: 3 });
    const presenter = await staffStream(port);
    const loose = await send(port, { path: '/_room/attendee', headers: { ...json, 'Deck-Attendee': newKey() }, body: JSON.stringify({ action: 'done', exercise: 'netpol' }) });
    expect(loose.status).toBe(409);
    // A flood from one address: streams opened and closed, each with a new key, each checking in.
    let accepted = 0;
    for (let round = 0; round < 10; round++) {
      const fake = await attendee(port, { from: '127.0.0.9' });
      if (fake.stream.status !== 200) continue;
      if ((await fake.act({ action: 'done', exercise: 'netpol' })).status === 200) accepted += 1;
      fake.stream.close();
    }
    expect(accepted).toBe(10);
    // A real attendee's check-in, seen by the presenter, comes after the flood.
    const real = await attendee(port, { from: '127.0.0.10' });
    await real.act({ action: 'done', exercise: 'egress' });
    await until(() => presenter.view()!.exercises.egress.done === 1, 'the real check-in');
    expect(presenter.view()!.exercises.netpol.done).toBeLessThanOrEqual(3);
    expect(presenter.view()!.following).toBeLessThanOrEqual(3 + 1);
  });

  it('rate limits: per attendee, then per client address', async () => {
    const { port } = await startRoom({ room: { perAttendee: 5, perClient: 10 } });
    const ana = await attendee(port, { from: '127.0.0.21' });
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await ana.act({ action: i % 2 ? 'undo' : 'done', exercise: 'netpol' })).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
    // Bo, on the same address, within his own limit: the address's is spent after 10 requests.
    const bo = await attendee(port, { from: '127.0.0.21' });
    const more: number[] = [];
    for (let i = 0; i < 5; i++) more.push((await bo.act({ action: 'done', exercise: 'egress' })).status);
    expect(more).toEqual([200, 200, 200, 429, 429]);
    expect((await attendee(port, { from: '127.0.0.22' }).then((cy) => cy.act({ action: 'done', exercise: 'egress' }))).status).toBe(200);
  });

  it('keeps a bounded number of attendees until the presenter resets the room', async () => {
    const { port } = await startRoom({ room: { maxAttendees: 2 } });
    const [ana, bo, cy] = await Promise.all([attendee(port), attendee(port), attendee(port)]);
    expect((await ana.act({ action: 'done', exercise: 'netpol' })).status).toBe(200);
    expect((await bo.act({ action: 'done', exercise: 'netpol' })).status).toBe(200);
    const full = await cy.act({ action: 'done', exercise: 'netpol' });
    expect(full.status).toBe(503);
    expect(full.body).toContain('resets it');
    expect((await ana.act({ action: 'undo', exercise: 'netpol' })).status).toBe(200); // those kept still act
    expect((await staff(port, { action: 'reset' })).status).toBe(200);
    expect((await cy.act({ action: 'done', exercise: 'netpol' })).status).toBe(200);
  });

  it('helpers work the queue but cannot move slides, time the room, run polls or reset', async () => {
    const { port } = await startRoom();
    const control = await send(port, { headers: { ...good, Authorization: `Bearer ${helperToken}` }, body: JSON.stringify({ slide: 3, blackout: false }) });
    expect(control.status).toBe(401);
    for (const action of [{ action: 'countdown-start', exercise: 'netpol', minutes: 5 }, { action: 'poll-open', poll: 'quiz' }, { action: 'reset' }]) {
      expect((await staff(port, action, helperToken)).status).toBe(403);
    }
    expect((await staff(port, { action: 'reset' }, 'not-a-secret-at-all')).status).toBe(401);
    expect((await staff(port, { action: 'reset' })).status).toBe(200);
  });

  it('names are kept as typed, control characters aside, and refused past their length', async () => {
    const { port } = await startRoom();
    const presenter = await staffStream(port);
    const bo = await attendee(port);
    const hostile = '<img src=x onerror=alert(1)>';
    expect((await bo.act({ action: 'help', exercise: 'netpol', name: `${hostile}\u202e`, seat: '"><b>' })).status).toBe(200);
    await until(() => presenter.view()?.queue.length === 1, 'the queue');
    expect(presenter.view()!.queue[0]).toMatchObject({ name: hostile, seat: '"><b>' });
    expect((await bo.act({ action: 'help', exercise: 'netpol', name: 'x'.repeat(41), seat: '' })).status).toBe(400);
    expect((await bo.act({ action: 'help', exercise: 'nope', name: '', seat: '' })).status).toBe(400);
  });
});

describe('countdown and polls', () => {
  it('the countdown reaches every attendee; a poll takes one vote each, changeable until closed, results revealed to all', async () => {
    const { port } = await startRoom();
    const presenter = await staffStream(port);
    const [ana, bo] = await Promise.all([attendee(port), attendee(port)]);
    expect((await staff(port, { action: 'countdown-start', exercise: 'netpol', minutes: 20 })).status).toBe(200);
    await until(() => [ana, bo].every((a) => a.room()?.countdown?.exercise === 'netpol'), 'the countdown');
    const { startedAt, endsAt } = ana.room()!.countdown!;
    expect(endsAt - startedAt).toBe(20 * 60_000);

    expect((await ana.act({ action: 'vote', poll: 'quiz', option: 1 })).status).toBe(409); // not open yet
    await staff(port, { action: 'poll-open', poll: 'quiz' });
    await until(() => ana.room()?.polls.quiz?.state === 'open', 'the poll opens');
    await ana.act({ action: 'vote', poll: 'quiz', option: 1 });
    await ana.act({ action: 'vote', poll: 'quiz', option: 2 });
    await bo.act({ action: 'vote', poll: 'quiz', option: 2 });
    expect((await bo.act({ action: 'vote', poll: 'quiz', option: 3 })).status).toBe(400);
    await until(() => presenter.view()?.polls.quiz?.voters === 2, 'two voters');
    expect(presenter.view()!.polls.quiz.counts).toEqual([0, 0, 2]);
    expect(ana.room()!.polls.quiz.results).toBeUndefined();
    await staff(port, { action: 'poll-close', poll: 'quiz' });
    expect((await bo.act({ action: 'vote', poll: 'quiz', option: 0 })).status).toBe(409);
    await staff(port, { action: 'poll-reveal', poll: 'quiz' });
    await until(() => [ana, bo].every((a) => a.room()?.polls.quiz?.results?.join() === '0,0,2'), 'the results, to everyone');
    expect(ana.room()!.votes).toEqual({ quiz: 2 });

    expect((await staff(port, { action: 'reset' })).status).toBe(200);
    await until(() => ana.room()?.countdown === null && Object.keys(ana.room()!.polls).length === 0, 'the reset reaches attendees');
    await until(() => presenter.view()?.polls.quiz === undefined, 'and the presenter');
  });
});
