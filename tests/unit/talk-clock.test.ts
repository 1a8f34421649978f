/**
 * The talk clock (src/shared/talk-clock.ts), kept by the follow server: it starts with the
 * presenter's first move, pauses, resets, records when chapters are reached, survives a restart
 * in its file, and only the presenter's streams carry it.
 */
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createFileClockStore } from '../../src/server/clock-store.ts';
import { applyClockAction, clockElapsed, clockJson, maxChapterMarks, parseClockAction, parseTalkClock, stoppedClock, type TalkClock } from '../../src/shared/talk-clock.ts';
import { follow, good, move, presenterStream, send, start, stopAll, wrong } from './follow-http.ts';
import { until } from './until.ts';

const t0 = 1_700_000_000_000;

afterEach(stopAll);

describe('the clock', () => {
  it('counts while running, holds while paused, and starts again from zero on reset', () => {
    let clock = applyClockAction(stoppedClock(), { action: 'start' }, t0);
    expect(clockElapsed(clock, t0 + 60_000)).toBe(60_000);
    clock = applyClockAction(clock, { action: 'pause' }, t0 + 60_000);
    expect(clockElapsed(clock, t0 + 600_000)).toBe(60_000);
    clock = applyClockAction(clock, { action: 'start' }, t0 + 600_000);
    expect(clockElapsed(clock, t0 + 630_000)).toBe(90_000);
    expect(applyClockAction(clock, { action: 'start' }, t0 + 700_000)).toBe(clock); // running already
    expect(applyClockAction(applyClockAction(clock, { action: 'reset' }, t0), { action: 'pause' }, t0)).toEqual(stoppedClock());
    // A clock set back never counts backwards.
    expect(clockElapsed(clock, t0)).toBe(60_000);
  });

  it('records when each chapter was first reached, once, and only while it runs', () => {
    expect(applyClockAction(stoppedClock(), { action: 'chapter', id: 'a.md#a' }, t0)).toEqual(stoppedClock());
    let clock = applyClockAction(stoppedClock(), { action: 'start' }, t0);
    clock = applyClockAction(clock, { action: 'chapter', id: 'a.md#a' }, t0 + 5000);
    clock = applyClockAction(clock, { action: 'chapter', id: 'a.md#a' }, t0 + 9000);
    expect(clock.chapters).toEqual({ 'a.md#a': 5000 });
    for (let i = 0; i < maxChapterMarks + 5; i++) clock = applyClockAction(clock, { action: 'chapter', id: `c${i}` }, t0 + i);
    expect(Object.keys(clock.chapters)).toHaveLength(maxChapterMarks);
    // A chapter id of `__proto__` is a key like any other.
    const proto = applyClockAction(applyClockAction(stoppedClock(), { action: 'start' }, t0), { action: 'chapter', id: '__proto__' }, t0 + 1);
    expect(Object.hasOwn(proto.chapters, '__proto__')).toBe(true);
    expect(parseTalkClock(clockJson(proto), t0)).toEqual(proto);
  });

  it('takes requests as written and refuses the rest', () => {
    expect(parseClockAction('{"action":"pause"}')).toEqual({ ok: true, action: { action: 'pause' } });
    expect(parseClockAction('{"action":"chapter","id":"a.md#a"}')).toEqual({ ok: true, action: { action: 'chapter', id: 'a.md#a' } });
    for (const bad of ['[]', 'x', '{"action":"stop"}', '{"action":"pause","id":"x"}', '{"action":"chapter"}', '{"action":"start","more":1}', `{"action":"chapter","id":"${'x'.repeat(201)}"}`]) {
      expect(parseClockAction(bad).ok, bad).toBe(false);
    }
  });

  it('read back from a file or Redis is checked: anything else is no clock', () => {
    const clock: TalkClock = { elapsedMs: 5, runningSince: t0, chapters: { 'a.md#a': 3 } };
    expect(parseTalkClock(clockJson(clock), t0)).toEqual(clock);
    for (const bad of ['{}', 'null', '{"elapsedMs":-1,"runningSince":null,"chapters":{}}', '{"elapsedMs":0,"runningSince":null,"chapters":[]}', '{"elapsedMs":0,"runningSince":null,"chapters":{},"x":1}', JSON.stringify({ ...clock, runningSince: t0 + 3_600_000 })]) {
      expect(parseTalkClock(bad, t0), bad).toBeUndefined();
    }
  });
});

describe('the clock in its file', () => {
  let folder: string;
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  it('is saved on every change (0600) and read back by the next server, running on', async () => {
    folder = mkdtempSync(path.join(tmpdir(), 'deck-clock-'));
    const file = path.join(folder, 'presenter.clock.json');
    let now = t0;
    const first = createFileClockStore({ file, now: () => now });
    await first.apply({ action: 'start' });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    now += 90_000;
    const second = createFileClockStore({ file, now: () => now });
    expect(clockElapsed(second.current(), now)).toBe(90_000);
    writeFileSync(file, 'not a clock');
    const lines: string[] = [];
    const third = createFileClockStore({ file, log: (line) => lines.push(line) });
    expect(third.current()).toEqual(stoppedClock());
    expect(lines).toEqual([`The talk clock in ${file} is not one (edited by hand?): it starts again from zero.`]);
  });
});

describe('the follow server’s clock', () => {
  const clockOf = (stream: { messages: unknown[] }) => (stream.messages.at(-1) as { clock?: TalkClock & { now: number } }).clock;

  it('starts with the presenter’s first move from where they stood, and reaches the presenter’s streams only', async () => {
    const { port } = await start({ heartbeatMs: 60_000 });
    const presenter = await presenterStream(port);
    const attendee = await follow(port);
    await until(() => presenter.messages.length > 0 && attendee.messages.length > 0, 'the first messages');
    expect(clockOf(presenter)).toMatchObject({ elapsedMs: 0, runningSince: null });
    expect(clockOf(attendee)).toBeUndefined();
    // The presenter's page says where it stands: not a move yet.
    await move(port, { slide: 0, blackout: false });
    expect(clockOf(presenter)?.runningSince).toBe(null);
    await move(port, { slide: 1, blackout: false });
    await until(() => clockOf(presenter)?.runningSince !== null, 'the clock to start');
    expect(clockOf(attendee)).toBeUndefined();
    expect(attendee.messages.every((m) => !('clock' in (m as object)))).toBe(true);
  });

  it('takes start, pause, reset and chapters from the presenter only', async () => {
    const { port } = await start();
    const ask = (body: unknown, headers: Record<string, string> = good) => send(port, { path: '/_follow/clock', headers, body: JSON.stringify(body) });
    expect((await ask({ action: 'start' }, wrong)).status).toBe(401);
    expect((await ask({ action: 'start' }, { ...good, Origin: 'https://evil.example' })).status).toBe(403);
    expect((await ask({ action: 'stop' })).status).toBe(400);
    expect((await send(port, { method: 'GET', path: '/_follow/clock', headers: good })).status).toBe(405);
    const started = await ask({ action: 'start' });
    expect(started.status).toBe(200);
    expect(JSON.parse(started.body)).toMatchObject({ elapsedMs: 0, runningSince: expect.any(Number), now: expect.any(Number) });
    expect(JSON.parse((await ask({ action: 'chapter', id: 'a.md#a' })).body).chapters).toEqual({ 'a.md#a': expect.any(Number) });
    expect(JSON.parse((await ask({ action: 'pause' })).body).runningSince).toBe(null);
    expect(JSON.parse((await ask({ action: 'reset' })).body)).toMatchObject({ elapsedMs: 0, runningSince: null, chapters: {} });
  });
});
