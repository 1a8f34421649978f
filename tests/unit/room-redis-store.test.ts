/**
 * The room shared through a real redis-server: two replicas apply every change in one order, a
 * late replica loads the room, who follows where is shared, the room expires after its day, and
 * what Redis holds is checked before it counts.
 */
import { describe, expect, it } from 'vitest';
import { createRedisRoomStore } from '../../src/server/room-redis-store.ts';
import type { RoomStore } from '../../src/server/room-store.ts';
import { until } from './until.ts';
import { useRedisServer } from './use-redis-server.ts';

const redis = useRedisServer();

const replica = (prefix: string, options: { dayMs?: number } = {}) =>
  redis.closeAfterTest(createRedisRoomStore({ url: redis.url, prefix, presenceEveryMs: 100, ...options }));
const ready = (...made: RoomStore[]) => until(() => made.every((store) => store.health().shared), 'the replicas to share the room');
const ana = 'AAAAAAAAAAAAAAAAAAAAAA';
const bo = 'BBBBBBBBBBBBBBBBBBBBBB';
const done = (who: string, at: number) => ({ writes: [[`s|netpol|${who}`, JSON.stringify({ status: 'done', at })]] as const });

describe('the room through Redis', () => {
  it('replicas apply the same changes in the same order, and a late one loads the room', async () => {
    const prefix = redis.freshPrefix('room');
    const [a, b] = [replica(prefix), replica(prefix)];
    await ready(a, b);
    const heardOnA: string[] = [];
    const heardOnB: string[] = [];
    a.onApplied((op) => heardOnA.push(JSON.stringify(op)));
    b.onApplied((op) => heardOnB.push(JSON.stringify(op)));
    await a.write(done(ana, 1));
    // A's write resolves once A applied it.
    expect(a.state().checkIns.get('netpol')?.get(ana)?.status).toBe('done');
    await Promise.all([a.write({ writes: [[`s|netpol|${bo}`, null]] }), b.write(done(bo, 2)), a.write({ writes: [['countdown', JSON.stringify({ exercise: 'netpol', startedAt: 5, endsAt: 9 })]] })]);
    // Each write resolves once its own replica applied it: the other may not have yet.
    await until(() => heardOnA.length === 4 && heardOnB.length === 4, 'A and B to hear every change');
    expect(heardOnB).toEqual(heardOnA);
    expect([...b.state().checkIns.get('netpol')!.keys()]).toEqual([...a.state().checkIns.get('netpol')!.keys()]);
    expect(b.state().countdown).toEqual({ exercise: 'netpol', startedAt: 5, endsAt: 9 });

    const late = replica(prefix);
    await ready(late);
    expect(late.state().checkIns.get('netpol')?.get(ana)?.status).toBe('done');
    expect(late.state().countdown).toEqual(a.state().countdown);

    await b.write({ reset: true });
    await until(() => [a, b, late].every((store) => store.state().checkIns.size === 0 && store.state().countdown === null), 'the reset everywhere');
  });

  it('share who follows where, and expire the room a day after its last change', async () => {
    const prefix = redis.freshPrefix('room');
    const [a, b] = [replica(prefix, { dayMs: 60_000 }), replica(prefix, { dayMs: 60_000 })];
    await ready(a, b);
    a.sharePresence(() => new Map([[ana, Infinity]]));
    a.presenceChanged();
    await until(() => b.elsewhere().has(ana), 'B to know that Ana follows on A');
    expect(await b.presentElsewhere(ana)).toBe(true);
    expect(await b.presentElsewhere(bo)).toBe(false);
    a.sharePresence(() => new Map());
    await until(() => !b.elsewhere().has(ana), 'Ana gone once her time is up');

    await a.write(done(ana, 1));
    await redis.withClient(async (raw) => {
      const ttl = await raw.pTTL(`${prefix}:room`);
      expect(ttl).toBeGreaterThan(50_000);
      expect(ttl).toBeLessThanOrEqual(60_000);
      // Whatever else sits in the hash (an operator, another program) is checked and ignored.
      await raw.hSet(`${prefix}:room`, { [`s|netpol|${bo}`]: '{"status":"root"}', [`p|${bo}`]: '<script>' });
      await raw.publish(`${prefix}:room-ops`, '{"tag":"x","writes":[["countdown",{"no":1}]]}');
    });
    const late = replica(prefix);
    await ready(late);
    expect([...late.state().checkIns.get('netpol')!.keys()]).toEqual([ana]);
    expect(late.state().people.size).toBe(0);
  });

  it('refuses changes while Redis is away, and loads the room again when it is back', async () => {
    const prefix = redis.freshPrefix('room');
    const a = replica(prefix);
    await ready(a);
    await a.write(done(ana, 1));
    await redis.stop();
    await expect(a.write(done(bo, 2))).rejects.toThrow();
    expect(a.health().shared).toBe(false);
    await redis.start();
    // Redis restarted empty (no persistence): the room it had is gone, and the replica says so by holding none.
    await until(() => a.health().shared, 'the replica to share the room again', 8000);
    expect(a.state().checkIns.size).toBe(0);
    await a.write(done(bo, 3));
    expect(a.state().checkIns.get('netpol')?.has(bo)).toBe(true);
  }, 15_000);
});
