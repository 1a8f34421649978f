/**
 * The follow protocol's ordering rules (src/shared/follow-protocol.ts), pure, and the memory store
 * that applies them in one process: the presenter's latest move wins by its own clock, wherever
 * and whenever it arrives; absurd clocks are bounded; states read from Redis are validated; and
 * replicas that reconcile after an outage end on the latest move with every follower taking it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyControl,
  compareMoves,
  isNewer,
  maxMoveAheadMs,
  maxSeq,
  maxStateAheadMs,
  parseControl,
  parseLiveState,
  presenterClock,
  reconcile,
  stateJson,
  type ControlUpdate,
  type LiveState,
} from '../../src/shared/follow-protocol.ts';
import { createMemoryStore } from '../../src/server/follow-store.ts';

const now = 1_700_000_000_000;
const live = (fields: Partial<LiveState> = {}): LiveState => ({ epoch: 'e1', seq: 4, slide: 7, blackout: false, at: now - 1000, ...fields });

describe('a presenter’s move', () => {
  it('wins when it was made later, and is ignored when it was made earlier (a delayed request, another device)', () => {
    const state = live();
    expect(applyControl(state, { slide: 8, blackout: false, at: now - 500 }, now)).toEqual({ ...state, seq: 5, slide: 8, at: now - 500 });
    expect(applyControl(state, { slide: 6, blackout: false, at: now - 2000 }, now)).toBe(state);
    expect(applyControl(state, { slide: 6, blackout: false, at: state.at }, now)).toBe(state); // same instant, lower slide
    expect(applyControl(state, { slide: 8, blackout: false, at: state.at }, now).slide).toBe(8); // same instant, higher slide
  });

  it('back to where the state already is: no new number, but its time is recorded (it may have to beat a move elsewhere)', () => {
    const state = live();
    expect(applyControl(state, { slide: 7, blackout: false, at: now }, now)).toEqual({ ...state, at: now });
    // Without a time of its own it changes nothing at all.
    expect(applyControl(state, { slide: 7, blackout: false }, now)).toBe(state);
  });

  it('without "at" (curl, scripts) counts as made now, after the live state', () => {
    expect(applyControl(live(), { slide: 2, blackout: false }, now)).toMatchObject({ slide: 2, seq: 5, at: now });
    const ahead = live({ at: now + 5000 }); // a presenter whose clock runs a little fast
    expect(applyControl(ahead, { slide: 2, blackout: false }, now)).toMatchObject({ slide: 2, at: now + 5001 });
  });

  it('stamped absurdly far ahead counts as made now: it cannot pin the state', () => {
    const far = applyControl(live(), { slide: 9, blackout: false, at: now + 365 * 86_400_000 }, now);
    expect(far).toMatchObject({ slide: 9, at: now });
    // The presenter's next honest move, a second later, still wins.
    expect(applyControl(far, { slide: 10, blackout: false, at: now + 1000 }, now + 1000).slide).toBe(10);
    // A little ahead is trusted as it is.
    expect(applyControl(live(), { slide: 9, blackout: false, at: now + maxMoveAheadMs }, now).at).toBe(now + maxMoveAheadMs);
  });

  it('past the last sequence number starts a new epoch, which every follower takes', () => {
    const spent = live({ seq: maxSeq });
    const next = applyControl(spent, { slide: 8, blackout: false, at: now }, now);
    expect(next).toMatchObject({ seq: 1, slide: 8 });
    expect(next.epoch).not.toBe(spent.epoch);
    expect(isNewer(spent, next)).toBe(true);
    expect(parseLiveState(stateJson(next), now).ok).toBe(true);
  });

  it('the presenter page’s clock never repeats or goes back, across reloads and devices', () => {
    expect(presenterClock(now, 0)).toBe(now);
    expect(presenterClock(now, now)).toBe(now + 1); // two moves in one millisecond
    expect(presenterClock(now - 3000, now)).toBe(now + 1); // a device 3 s behind, after seeing the live move
  });

  it.each([
    ['a string', '"soon"'],
    ['a negative time', '-1'],
    ['a fractional time', '1.5'],
    ['a time past 2^53', '1e300'],
  ])('control requests refuse "at" as %s', (_name, at) => {
    const parsed = parseControl(`{"slide": 1, "blackout": false, "at": ${at}}`, 47);
    expect(parsed).toEqual({ ok: false, error: expect.stringMatching(/"at" must be/) });
  });

  it('control requests take "at" when valid, and stay valid without it', () => {
    expect(parseControl(`{"slide": 1, "blackout": true, "at": ${now}}`, 47)).toEqual({ ok: true, update: { slide: 1, blackout: true, at: now } });
    expect(parseControl('{"slide": 1, "blackout": true}', 47)).toEqual({ ok: true, update: { slide: 1, blackout: true } });
  });
});

describe('the memory store (one process)', () => {
  it('keeps the latest move by the presenter’s clock, whatever order the requests arrive in', async () => {
    const store = createMemoryStore('m1', () => now);
    const seen: LiveState[] = [];
    store.onChange((state) => seen.push(state));
    await store.apply({ slide: 3, blackout: false, at: now - 300 });
    await store.apply({ slide: 5, blackout: false, at: now - 100 });
    expect(await store.apply({ slide: 4, blackout: false, at: now - 200 })).toMatchObject({ slide: 5, seq: 2 }); // arrived late
    expect(seen.map((state) => state.slide)).toEqual([3, 5]);
    // A clock a year ahead does not pin it.
    await store.apply({ slide: 9, blackout: false, at: now + 365 * 86_400_000 });
    await store.apply({ slide: 10, blackout: false, at: now + 1 });
    expect(store.current()).toMatchObject({ slide: 10, seq: 4 });
    // Back where it is: its time kept, nothing broadcast.
    await store.apply({ slide: 10, blackout: false, at: now + 2 });
    expect(store.current()).toMatchObject({ slide: 10, seq: 4, at: now + 2 });
    expect(seen).toHaveLength(4);
  });
});

describe('reconciling a replica with Redis', () => {
  const held = live({ seq: 6, slide: 7, at: now - 100 });

  it('Redis empty or invalid: the replica’s state is written', () => {
    expect(reconcile(held, undefined)).toEqual({ state: held, write: true });
  });

  it('Redis holds a later move, numbered above the replica’s: taken as it is', () => {
    const stored = live({ seq: 7, slide: 8, at: now });
    expect(reconcile(held, stored)).toEqual({ state: stored, write: false });
    expect(reconcile(held, { ...stored, epoch: 'other', seq: 1 })).toEqual({ state: { ...stored, epoch: 'other', seq: 1 }, write: false });
  });

  it('Redis holds a later move under a number the replica’s followers have had: renumbered above it', () => {
    const stored = live({ seq: 6, slide: 8, at: now });
    expect(reconcile(held, stored)).toEqual({ state: { ...stored, seq: 7 }, write: true });
  });

  it('the replica holds the later move (made during an outage): written in Redis’s epoch, above both numbers', () => {
    expect(reconcile(held, live({ seq: 9, slide: 6, at: now - 200 }))).toEqual({ state: { ...held, seq: 10 }, write: true });
    expect(reconcile(held, live({ epoch: 'other', seq: 2, slide: 6, at: now - 200 }))).toEqual({ state: { ...held, epoch: 'other', seq: 3 }, write: true });
  });

  it('the replica came back to Redis’s position later: its time is written, under the same number', () => {
    expect(reconcile(held, live({ seq: 6, slide: 7, at: now - 300 }))).toEqual({ state: held, write: true });
    expect(reconcile(live({ seq: 6, slide: 7, at: now - 300 }), held)).toEqual({ state: held, write: false });
  });

  it('the same state on both sides: nothing to write', () => {
    expect(reconcile(held, { ...held })).toEqual({ state: held, write: false });
  });

  /**
   * Replicas hear moves in any order while cut off from Redis, then merge in any order, passing
   * on what Redis publishes as the store does. Every replica ends on the latest move; every
   * follower (applying by epoch and sequence) ends on it too and never goes back to an older move.
   */
  it('replicas end on the latest move, in any order of moves and merges, and no follower goes back', () => {
    const move = fc.record({ slide: fc.integer({ min: 0, max: 20 }), blackout: fc.boolean(), at: fc.integer({ min: 1, max: 50 }), replica: fc.nat(2) });
    fc.assert(
      fc.property(fc.array(move, { minLength: 1, maxLength: 12 }), fc.array(fc.nat(2), { minLength: 3, maxLength: 9 }), fc.boolean(), (moves, merges, redisKept) => {
        // All three shared one state before the outage; Redis keeps it, or restarted empty.
        const before: LiveState = { epoch: 'shared', seq: 3, slide: 0, blackout: false, at: 0 };
        const replicas = [0, 1, 2].map(() => ({ state: before, followers: [[before]] as LiveState[][] }));
        let redis: LiveState | undefined = redisKept ? before : undefined;
        const take = (r: (typeof replicas)[number], next: LiveState) => {
          r.state = next;
          for (const follower of r.followers) if (isNewer(follower.at(-1), next)) follower.push(next);
        };
        for (const { replica, ...update } of moves) take(replicas[replica], applyControl(replicas[replica].state, update, 100));
        const pending = new Set<number>([0, 1, 2]);
        const merge = (index: number) => {
          pending.delete(index);
          const { state, write } = reconcile(replicas[index].state, redis);
          if (write) {
            redis = state;
            // Published: every replica is offered it; one that cannot take it merges.
            for (const [other, r] of replicas.entries()) {
              if (reconcile(r.state, state).write) pending.add(other);
              else take(r, state);
            }
          } else take(replicas[index], state);
        };
        for (const index of merges) merge(index);
        for (let rounds = 0; pending.size > 0; rounds++) {
          if (rounds > 20) throw new Error('merges never settle');
          merge([...pending][0]);
        }
        const latest = [before, ...moves].reduce<Pick<LiveState, 'slide' | 'blackout' | 'at'>>((a, b) => (compareMoves(b, a) > 0 ? b : a), before);
        for (const r of replicas) {
          expect(r.state).toMatchObject({ slide: latest.slide, blackout: latest.blackout, at: latest.at });
          expect(r.state).toEqual(redis);
          for (const follower of r.followers) {
            expect(follower.at(-1)).toMatchObject({ slide: r.state.slide, blackout: r.state.blackout });
            const times = follower.map((s) => s.at);
            expect(times).toEqual([...times].sort((x, y) => x - y));
          }
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('a state read from Redis', () => {
  const valid = { epoch: 'e1', seq: 4, slide: 7, blackout: false, at: now };

  it('is taken when it is exactly what a server writes', () => {
    expect(parseLiveState(JSON.stringify(valid), now)).toEqual({ ok: true, state: valid });
    expect(parseLiveState(JSON.stringify({ ...valid, slide: null, seq: 0, at: 0 }), now).ok).toBe(true);
  });

  it.each([
    ['not JSON', 'nonsense'],
    ['an array', '[]'],
    ['a missing field', JSON.stringify({ ...valid, at: undefined })],
    ['an extra field', JSON.stringify({ ...valid, more: 1 })],
    ['a string seq', JSON.stringify({ ...valid, seq: '4' })],
    ['seq 1e15', JSON.stringify({ ...valid, seq: 1e15 })],
    ['slide 10000', JSON.stringify({ ...valid, slide: 10_000 })],
    ['a numeric blackout', JSON.stringify({ ...valid, blackout: 0 })],
    ['an epoch with a space', JSON.stringify({ ...valid, epoch: 'e 1' })],
    ['an epoch of 65 characters', JSON.stringify({ ...valid, epoch: 'e'.repeat(65) })],
    ['"at" too far ahead', JSON.stringify({ ...valid, at: now + maxStateAheadMs + 1 })],
    ['600 bytes (a valid state padded with spaces)', JSON.stringify(valid) + ' '.repeat(600)],
    ['a numeric id', JSON.stringify({ ...valid, id: 7 })],
    ['an id with a control character', JSON.stringify({ ...valid, id: 'a.md#x\u0007' })],
  ])('is refused when it has %s', (_name, text) => {
    expect(parseLiveState(text, now).ok).toBe(false);
  });
});

describe('the slide id a move carries', () => {
  const id = 'slides/isolation.md#network-policies~1x2y3z';

  it('is taken on a control request and kept in the state, stored and read back', () => {
    const parsed = parseControl(JSON.stringify({ slide: 3, id, blackout: false, at: now }), 47);
    expect(parsed).toEqual({ ok: true, update: { slide: 3, id, blackout: false, at: now } });
    const state = applyControl(live(), (parsed as { update: ControlUpdate }).update, now);
    expect(state).toMatchObject({ slide: 3, id, seq: 5 });
    expect(parseLiveState(stateJson(state), now)).toEqual({ ok: true, state });
    // Without one, the stored state has exactly the five fields it always had.
    expect(Object.keys(JSON.parse(stateJson(live())))).toEqual(['epoch', 'seq', 'slide', 'blackout', 'at']);
  });

  it('is refused when it is no slide id', () => {
    for (const bad of [5, '', 'x'.repeat(201), 'a\nb']) {
      expect(parseControl(JSON.stringify({ slide: 3, id: bad, blackout: false }), 47), JSON.stringify(bad)).toMatchObject({ ok: false, error: expect.stringContaining('"id"') });
    }
    expect(parseControl(JSON.stringify({ slide: 3, id: 'my chapter.md#a slide~1', blackout: false }), 47).ok).toBe(true);
  });

  it('makes a new position when it changes on the same slide number (the slide there was replaced)', () => {
    const state = applyControl(live(), { slide: 7, id, blackout: false, at: now }, now);
    expect(state).toMatchObject({ slide: 7, id, seq: 5 });
    const other = applyControl(state, { slide: 7, id: `${id}!2`, blackout: false, at: now + 1 }, now + 1);
    expect(other).toMatchObject({ id: `${id}!2`, seq: 6 });
    // The same instant on two devices: one order on every replica.
    const a = { slide: 7, id: 'a', blackout: false, at: now };
    const b = { ...a, id: 'b' };
    expect(Math.sign(compareMoves(a, b))).toBe(-Math.sign(compareMoves(b, a)));
    expect(compareMoves(a, b)).not.toBe(0);
  });
});
