/**
 * The talk clock shared by replicas through a real redis-server (src/server/redis-clock-store.ts):
 * a request through one replica reaches the others; requests at once both count; what Redis
 * holds is checked; a Redis that comes back empty gets the clock back, and requests made while
 * it was away are not lost; a key of another type or a huge value is replaced, never read out.
 */
import { describe, expect, it } from 'vitest';
import type { ClockStore } from '../../src/server/clock-store.ts';
import { createRedisClockStore } from '../../src/server/redis-clock-store.ts';
import { clockJson, clockStarted, maxClockBytes, parseTalkClock } from '../../src/shared/talk-clock.ts';
import { until } from './until.ts';
import { useRedisServer } from './use-redis-server.ts';

const redis = useRedisServer();
let prefix = '';

const replica = (): ClockStore => redis.closeAfterTest(createRedisClockStore({ url: redis.url, prefix, syncIntervalMs: 50 }));

const stored = (): Promise<string | null> => redis.withClient((raw) => raw.get(`${prefix}:clock`));

/** Requests need Redis: wait until the replica has read it once (its copy equals what Redis holds). */
const settled = (store: ClockStore) => until(async () => clockJson(store.current()) === ((await stored()) ?? clockJson(store.current())), 'the replica to read Redis');

describe('the talk clock through Redis', () => {
  it('reaches every replica; requests at once through two replicas both count', async () => {
    prefix = redis.freshPrefix('clock');
    const [a, b] = [replica(), replica()];
    await Promise.all([settled(a), settled(b)]);
    await a.apply({ action: 'start' });
    await until(() => clockStarted(b.current()), 'replica b to see the clock start');
    await Promise.all([a.apply({ action: 'chapter', id: 'a.md#one' }), b.apply({ action: 'chapter', id: 'b.md#two' })]);
    await until(() => Object.keys(a.current().chapters).length === 2 && Object.keys(b.current().chapters).length === 2, 'both chapters on both replicas');
    await b.apply({ action: 'pause' });
    await until(() => a.current().runningSince === null, 'replica a to see the pause');
    expect(parseTalkClock((await stored())!, Date.now())).toEqual(b.current());
  });

  it('replaces what is no clock, and writes the clock back into a Redis that restarted empty', async () => {
    prefix = redis.freshPrefix('clock');
    await redis.withClient((raw) => raw.set(`${prefix}:clock`, '{"elapsedMs": "lots"}'));
    const a = replica();
    await until(async () => {
      await a.apply({ action: 'start' }).catch(() => undefined);
      return parseTalkClock((await stored()) ?? '', Date.now()) !== undefined;
    }, 'the junk to be replaced by a clock');
    const held = clockJson(a.current());

    await redis.stop();
    // Away: a request still applies here, and is written back once Redis answers again.
    await a.apply({ action: 'chapter', id: 'a.md#away' });
    expect(Object.keys(a.current().chapters)).toEqual(['a.md#away']);
    await redis.start();
    await until(async () => (await stored().catch(() => null)) === clockJson(a.current()), 'the clock written back into Redis');
    expect(clockJson(a.current())).not.toBe(held);
  });

  /** Starts the clock through `a` until Redis holds a clock (the request fails while the key holds something else). */
  const startedInRedis = (a: ClockStore, what: string) =>
    until(async () => {
      await a.apply({ action: 'start' }).catch(() => undefined);
      // Read only a short string: the test itself must not read a huge value out of Redis.
      const short = await redis.withClient((raw) => raw.strLen(`${prefix}:clock`)).then((length) => length <= maxClockBytes, () => false);
      return short && parseTalkClock((await stored()) ?? '', Date.now()) !== undefined;
    }, what);

  it('replaces a key of another Redis type (a list)', async () => {
    prefix = redis.freshPrefix('clock');
    await redis.withClient((raw) => raw.rPush(`${prefix}:clock`, '{}'));
    await startedInRedis(replica(), 'the list to be replaced by a clock');
  });

  it('replaces a huge value under the key without reading it out of Redis', async () => {
    prefix = redis.freshPrefix('clock');
    await redis.withClient(async (raw) => {
      const sentBytes = async () => Number(/total_net_output_bytes:(\d+)/.exec(await raw.info('stats'))![1]);
      await raw.set(`${prefix}:clock`, ' '.repeat(8_000_000));
      const before = await sentBytes();
      await startedInRedis(replica(), 'the huge value to be replaced by a clock');
      expect(await sentBytes()).toBeLessThan(before + 1_000_000);
    });
  });
});
