/**
 * The room's protocol and rules, pure: request bodies checked field by field, what a change
 * writes, what each audience is shown, values read back from a store checked, the day's expiry.
 */
import { describe, expect, it } from 'vitest';
import { cleanText, parseAttendeeAction, parseStaffAction } from '../../src/shared/room-protocol.ts';
import { applyOp, applyWrite, attendeeOp, attendeesConcerned, attendeeView, emptyRoom, staffOp, staffView, type RoomState } from '../../src/server/room-state.ts';
import { createMemoryRoomStore } from '../../src/server/room-store.ts';
import { createPresence } from '../../src/server/room-presence.ts';

const plan = { exercises: [{ id: 'netpol' }], polls: [{ id: 'quiz', options: 2 }] };
const ana = 'AAAAAAAAAAAAAAAAAAAAAA';
const bo = 'BBBBBBBBBBBBBBBBBBBBBB';

describe('request bodies', () => {
  it('take exactly the fields of one action', () => {
    expect(parseAttendeeAction('{"action":"done","exercise":"netpol"}', plan)).toEqual({ ok: true, value: { action: 'done', exercise: 'netpol' } });
    expect(parseAttendeeAction('{"action":"help","exercise":"netpol","name":"  Ana  Lee ","seat":"T4"}', plan)).toEqual({ ok: true, value: { action: 'help', exercise: 'netpol', name: 'Ana Lee', seat: 'T4' } });
    expect(parseAttendeeAction('{"action":"vote","poll":"quiz","option":1}', plan)).toEqual({ ok: true, value: { action: 'vote', poll: 'quiz', option: 1 } });
    for (const [body, error] of [
      ['nope', 'body is not JSON'],
      ['[]', 'body must be a JSON object'],
      ['{"action":"done","exercise":"other"}', 'one of this deck'],
      ['{"action":"done","exercise":"netpol","name":"x"}', 'only a help request'],
      ['{"action":"vote","poll":"quiz","option":2}', 'from 0 to 1'],
      ['{"action":"vote","poll":"quiz","option":1.5}', 'integer'],
      ['{"action":"done","exercise":"netpol","attendee":"x"}', 'unknown field "attendee"'],
      ['{"action":"help","exercise":"netpol","name":42}', '"name" must be text'],
      ['{"action":"dance","exercise":"netpol"}', '"action" must be'],
    ]) {
      expect(parseAttendeeAction(body, plan)).toEqual({ ok: false, error: expect.stringContaining(error) });
    }
    expect(parseStaffAction('{"action":"countdown-start","exercise":"netpol","minutes":601}', plan)).toMatchObject({ ok: false });
    expect(parseStaffAction('{"action":"on-my-way","attendee":"../etc","exercise":"netpol","helper":""}', plan)).toMatchObject({ ok: false });
    expect(parseStaffAction(`{"action":"resolve","attendee":"${ana}","exercise":"netpol"}`, plan)).toMatchObject({ ok: true });
    expect(parseStaffAction('{"action":"reset","poll":"quiz"}', plan)).toMatchObject({ ok: false });
  });

  it('keep typed text as typed, without control or direction-override characters, within its length', () => {
    expect(cleanText('<b>Ana</b>', 40)).toBe('<b>Ana</b>');
    expect(cleanText('Ana\u202e\u0000\nLee', 40)).toBe('Ana Lee');
    expect(cleanText('é'.repeat(40), 40)).toBe('é'.repeat(40));
    expect(cleanText('x'.repeat(41), 40)).toBeUndefined();
    expect(cleanText(undefined, 40)).toBe('');
  });
});

describe('the rules', () => {
  const room = (): RoomState => emptyRoom();
  const apply = (state: RoomState, decision: ReturnType<typeof attendeeOp>) => {
    if (!decision.ok) throw new Error(decision.error);
    return applyOp(state, decision.op);
  };

  it('count and queue only attendees following now; asking again keeps one\'s place', () => {
    let state = room();
    state = apply(state, attendeeOp(state, ana, { action: 'help', exercise: 'netpol', name: 'Ana', seat: '' }, 1000));
    state = apply(state, attendeeOp(state, bo, { action: 'done', exercise: 'netpol' }, 2000));
    state = apply(state, attendeeOp(state, ana, { action: 'help', exercise: 'netpol', name: 'Ana', seat: 'T1' }, 3000));
    const both = staffView(state, new Set([ana, bo]), 4000, plan);
    expect(both.exercises.netpol).toEqual({ done: 1, help: 1 });
    expect(both.queue).toEqual([{ attendee: ana, exercise: 'netpol', name: 'Ana', seat: 'T1', since: 1000 }]);
    expect(staffView(state, new Set([bo]), 4000, plan)).toMatchObject({ following: 1, exercises: { netpol: { done: 1, help: 0 } }, queue: [] });
    expect(attendeeView(state, bo, 4000).mine).toEqual({ netpol: { status: 'done' } });
  });

  it('freeze a poll\'s results when it closes; opening another closes the open one', () => {
    let state = room();
    const staff = (action: Parameters<typeof staffOp>[1], present = new Set([ana, bo])) => {
      const decision = staffOp(state, action, 5000, present, { ...plan, polls: [...plan.polls, { id: 'other', options: 2 }] });
      if (!decision.ok) throw new Error(decision.error);
      state = applyOp(state, decision.op);
    };
    staff({ action: 'poll-open', poll: 'quiz' });
    state = apply(state, attendeeOp(state, ana, { action: 'vote', poll: 'quiz', option: 1 }, 5100));
    state = apply(state, attendeeOp(state, bo, { action: 'vote', poll: 'quiz', option: 0 }, 5200));
    staff({ action: 'poll-open', poll: 'other' });
    expect(state.polls.get('quiz')).toEqual({ state: 'closed', at: 5000, counts: [1, 1] });
    // Bo leaves: a closed poll's results stay as they were.
    expect(staffView(state, new Set([ana]), 6000, plan).polls.quiz).toEqual({ state: 'closed', counts: [1, 1], voters: 2 });
    staff({ action: 'poll-reveal', poll: 'quiz' }, new Set([ana]));
    expect(attendeeView(state, bo, 6000).polls.quiz).toEqual({ state: 'revealed', results: [1, 1] });
    expect(attendeeOp(state, ana, { action: 'vote', poll: 'quiz', option: 0 }, 7000)).toMatchObject({ ok: false, status: 409 });
  });

  it('give a poll\'s correct option to staff from the start, to attendees only with the results', () => {
    const withAnswer = { ...plan, polls: [{ id: 'quiz', options: 2, correct: 1 }, { id: 'open-question', options: 3 }] };
    let state = room();
    const staff = (action: Parameters<typeof staffOp>[1]) => {
      const decision = staffOp(state, action, 5000, new Set([ana]), withAnswer);
      if (!decision.ok) throw new Error(decision.error);
      state = applyOp(state, decision.op);
    };
    expect(staffView(state, new Set([ana]), 5000, withAnswer).answers).toEqual({ quiz: 1 });
    staff({ action: 'poll-open', poll: 'quiz' });
    expect(attendeeView(state, ana, 5100, withAnswer).polls.quiz).toEqual({ state: 'open' });
    staff({ action: 'poll-close', poll: 'quiz' });
    expect(attendeeView(state, ana, 5200, withAnswer).polls.quiz).toEqual({ state: 'closed' });
    expect(JSON.stringify(attendeeView(state, ana, 5200, withAnswer))).not.toContain('correct');
    staff({ action: 'poll-reveal', poll: 'quiz' });
    expect(attendeeView(state, ana, 5300, withAnswer).polls.quiz).toEqual({ state: 'revealed', results: [0, 0], correct: 1 });
    // A poll without a marked option reveals its results alone.
    staff({ action: 'poll-open', poll: 'open-question' });
    staff({ action: 'poll-reveal', poll: 'open-question' });
    expect(attendeeView(state, ana, 5400, withAnswer).polls['open-question']).toEqual({ state: 'revealed', results: [0, 0, 0] });
  });

  it('tell attendees only what concerns them', () => {
    expect(attendeesConcerned({ writes: [[`s|netpol|${ana}`, null], [`p|${bo}`, '{}']] })).toEqual(new Set([ana]));
    expect(attendeesConcerned({ writes: [['countdown', null]] })).toBe('all');
    expect(attendeesConcerned({ reset: true })).toBe('all');
  });

  it('ignore values a store holds that the room never writes', () => {
    const state = room();
    applyWrite(state, `s|netpol|${ana}`, '{"status":"admin","at":1}');
    applyWrite(state, `s|netpol|${bo}`, 'not json');
    applyWrite(state, `v|quiz|${ana}`, '-1');
    applyWrite(state, 'poll|quiz', '{"state":"open","at":-5}');
    applyWrite(state, 'countdown', '{"exercise":"netpol","startedAt":"soon","endsAt":2}');
    applyWrite(state, `p|${ana}`, JSON.stringify({ name: 'x'.repeat(500), seat: '' }));
    expect(state).toEqual(emptyRoom());
  });
});

describe('the day', () => {
  it('the memory store forgets the room, names included, a day after its last change', async () => {
    let now = 0;
    const store = createMemoryRoomStore({ dayMs: 1000, clock: () => now });
    await store.write({ writes: [[`p|${ana}`, '{"name":"Ana","seat":""}']] });
    now = 999;
    expect(store.state().people.size).toBe(1);
    now = 1000;
    expect(store.state().people.size).toBe(0);
    await store.close();
  });

  it('an attendee lingers after their stream closes, but one address never holds more than its share', () => {
    let now = 0;
    const presence = createPresence({ lingerMs: 10_000, perClient: 2, clock: () => now });
    presence.opened('a', 'x');
    presence.closed('a');
    expect(presence.has('a')).toBe(true);
    presence.opened('b', 'x');
    presence.opened('c', 'x');
    expect([...presence.entries().keys()].sort()).toEqual(['b', 'c']);
    presence.closed('b');
    now = 10_000;
    expect(presence.has('b')).toBe(false);
    expect(presence.has('c')).toBe(true);
    presence.close();
  });
});
