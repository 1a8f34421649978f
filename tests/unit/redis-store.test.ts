/**
 * The follow state shared through a real redis-server (started here on a free loopback port):
 * sequence numbers stay monotonic under concurrent writers, a late joiner gets the live state,
 * stale messages are ignored, and an outage degrades to local moves that win when Redis returns.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { LiveState } from '../../src/shared/follow-protocol.ts';
import type { StateStore } from '../../src/server/follow-store.ts';
import { createRedisStore, redactRedisUrl } from '../../src/server/redis-store.ts';
import { until } from './until.ts';
import { useRedisServer } from './use-redis-server.ts';

const redis = useRedisServer();
let prefix = '';
const fresh = () => (prefix = redis.freshPrefix('test'));

/** A store on its own key prefix per test; `logs` collects what it logs. */
function store(options: { syncIntervalMs?: number } = {}) {
  const logs: string[] = [];
  const made = redis.closeAfterTest(createRedisStore({ url: redis.url, prefix, log: (line) => logs.push(line), syncIntervalMs: options.syncIntervalMs ?? 100 }));
  const seen: LiveState[] = [];
  made.onChange((state) => seen.push(state));
  return { store: made, logs, seen };
}

const shared = (s: StateStore) => s.health().shared;

/** Waits until each of `made` has connected to Redis (and merged); returns them. */
async function connected<T extends Array<ReturnType<typeof store>>>(...made: T): Promise<T> {
  await until(() => made.every(({ store }) => shared(store)), made.length === 1 ? 'the store to connect' : 'the stores to connect');
  return made;
}

/** One replica on slide 3, moved a second ago, whose periodic merge with Redis is a minute away. */
async function onSlideThreeWithoutMerges() {
  fresh();
  const [a] = await connected(store({ syncIntervalMs: 60_000 }));
  await a.store.apply({ slide: 3, blackout: false, at: Date.now() - 1000 });
  return { a, ...a.store.current() };
}

describe('follow state in Redis', () => {
  // Each test gets fresh keys on the one redis-server.
  afterEach(() => {
    prefix = '';
  });

  it('numbers moves from two replicas written at once in one rising sequence, and both end on the same state', async () => {
    fresh();
    const [a, b] = await connected(store(), store());
    const moves = 60;
    const results = await Promise.all(
      Array.from({ length: moves }, (_, i) => (i % 2 === 0 ? a : b).store.apply({ slide: i + 1, blackout: false })),
    );
    // Every move is a change, so each took its own sequence number: 1..60, none twice.
    expect(results.map((state) => state.seq).sort((x, y) => x - y)).toEqual(Array.from({ length: moves }, (_, i) => i + 1));
    await until(() => a.store.current().seq === moves && b.store.current().seq === moves, 'both replicas to hold the last move');
    expect(a.store.current()).toEqual(b.store.current());
    // What each replica passed on to its followers never went backwards.
    for (const { seen } of [a, b]) {
      const seqs = seen.map((state) => state.seq);
      expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
      expect(new Set(seqs).size).toBe(seqs.length);
    }
    // One epoch for everyone: followers switching replicas are not thrown off.
    expect(new Set([...a.seen, ...b.seen].map((state) => state.epoch)).size).toBe(1);
  });

  it('a burst of moves on one replica all go through Redis, in one rising sequence, Redis never taken for unreachable', async () => {
    fresh();
    const [a, b] = await connected(store(), store());
    const moves = 150;
    const results = await Promise.all(Array.from({ length: moves }, (_, i) => a.store.apply({ slide: i + 1, blackout: false })));
    expect(results.map((state) => state.seq).sort((x, y) => x - y)).toEqual(Array.from({ length: moves }, (_, i) => i + 1));
    await until(() => b.store.current().seq === moves, 'B to hold the last move');
    expect(a.logs.join('\n')).not.toContain('unreachable');
  });

  it('a replica started later lands on the live state; an unchanged move takes no number', async () => {
    fresh();
    const [a] = await connected(store());
    await a.store.apply({ slide: 7, blackout: true });
    expect((await a.store.apply({ slide: 7, blackout: true })).seq).toBe(1);
    const late = store();
    await until(() => late.store.current().slide === 7, 'the late replica to get the live slide');
    expect(late.store.current()).toEqual(a.store.current());
    expect(late.logs.join('\n')).toContain(`through Redis at ${redis.url}`);
  });

  it('ignores a stale, an older or a malformed message from any replica; takes a newer one', async () => {
    fresh();
    const [a] = await connected(store());
    await a.store.apply({ slide: 3, blackout: false });
    await a.store.apply({ slide: 4, blackout: false });
    const { epoch, at } = a.store.current();
    await redis.withClient(async (raw) => {
      const publish = (state: object) => raw.publish(`${prefix}:moves`, typeof state === 'string' ? state : JSON.stringify(state));
      await publish({ epoch, seq: 1, slide: 1, blackout: false, at: at - 10 }); // stale: an earlier number
      await publish({ epoch, seq: 5, slide: 2, blackout: false, at: at - 10 }); // a later number, but an older move
      await publish({ epoch, seq: 6, slide: 9 }); // no order, no blackout: not a state
      await publish({ epoch, seq: 3, slide: 9, blackout: false, at: at + 10 });
      await until(() => a.store.current().seq === 3, 'the newer message');
      expect(a.store.current().slide).toBe(9);
      expect(a.seen.map((state) => state.slide)).toEqual([3, 4, 9]);
      // A replica whose own state fell behind never writes it over a newer one.
      await raw.set(`${prefix}:state`, JSON.stringify({ epoch, seq: 10, slide: 12, blackout: false, at: at + 20 }));
      await until(() => a.store.current().seq === 10, 'the replica to adopt the newer stored state');
      expect(JSON.parse((await raw.get(`${prefix}:state`))!)).toMatchObject({ seq: 10, slide: 12 });
      // One holding a later move than Redis writes it back, numbered above Redis's.
      await raw.set(`${prefix}:state`, JSON.stringify({ epoch, seq: 20, slide: 2, blackout: false, at: at + 5 }));
      await until(async () => JSON.parse((await raw.get(`${prefix}:state`))!).slide === 12, 'the replica to write its later move back');
      expect(JSON.parse((await raw.get(`${prefix}:state`))!)).toMatchObject({ seq: 21, slide: 12, at: at + 20 });
      expect(a.seen.map((state) => state.slide)).toEqual([3, 4, 9, 12, 12]);
    });
  });

  it('judges a move on what Redis holds now, not on what the replica last read', async () => {
    const { a, epoch, seq } = await onSlideThreeWithoutMerges();
    await redis.withClient(async (raw) => {
      // Another replica's move, which this one has not heard of yet (not published)...
      await raw.set(`${prefix}:state`, JSON.stringify({ epoch, seq: seq + 1, slide: 5, blackout: false, at: Date.now() - 500 }));
      // ...then the presenter, later, back on 3: the latest move, though 3 is what this replica shows.
      expect(await a.store.apply({ slide: 3, blackout: false, at: Date.now() })).toMatchObject({ slide: 3, seq: seq + 2 });
      expect(JSON.parse((await raw.get(`${prefix}:state`))!)).toMatchObject({ slide: 3, seq: seq + 2 });
    });
  });

  it('offered a later move under a number its followers have had, a replica renumbers it at once', async () => {
    const { a, epoch, seq } = await onSlideThreeWithoutMerges();
    await redis.withClient(async (raw) => {
      const later = JSON.stringify({ epoch, seq, slide: 6, blackout: false, at: Date.now() });
      await raw.set(`${prefix}:state`, later);
      await raw.publish(`${prefix}:moves`, later);
      // Not after the next periodic merge (a minute away): now.
      await until(() => a.store.current().slide === 6, 'the replica to take the later move', 1000);
      expect(a.store.current().seq).toBe(seq + 1);
      expect(a.seen.at(-1)).toMatchObject({ slide: 6, seq: seq + 1 });
    });
  });

  it('a huge value under the key is replaced without being read out of Redis', async () => {
    fresh();
    await redis.withClient(async (raw) => {
      const sentBytes = async () => Number(/total_net_output_bytes:(\d+)/.exec(await raw.info('stats'))![1]);
      await raw.set(`${prefix}:state`, ' '.repeat(8_000_000));
      const before = await sentBytes();
      const [a, b] = await connected(store(), store());
      await until(async () => (await raw.strLen(`${prefix}:state`)) < 512, 'the value to be replaced');
      expect(await sentBytes()).toBeLessThan(before + 1_000_000);
      expect(a.logs.concat(b.logs).join('\n')).toMatch(/held no valid follow state .*\(longer than 512 bytes\): replaced/);
    });
  });

  it('Redis gone: reported, moves stay local; back (empty): the presenter’s replica wins and every replica resynchronises', async () => {
    fresh();
    const [a, b] = await connected(store(), store());
    await a.store.apply({ slide: 2, blackout: false });
    await until(() => b.store.current().slide === 2, 'B to follow A');

    await redis.stop('SIGKILL');
    await until(() => !shared(a.store) && !shared(b.store), 'both replicas to notice the outage', 8000);
    expect(a.store.health().problem).toMatch(/^Redis at redis:\/\/127\.0\.0\.1:\d+ is unreachable/);
    expect(a.logs.join('\n')).toMatch(/unreachable .*goes on serving the deck and its own followers/);
    // The presenter on A still moves A's followers; B cannot know.
    const local = await a.store.apply({ slide: 5, blackout: true });
    expect(local).toMatchObject({ slide: 5, blackout: true, seq: 2 });
    // A's followers hear of it before apply() resolves (the follow server relies on it), not at the next heartbeat.
    expect(a.seen.at(-1)).toEqual(local);
    expect(b.store.current().slide).toBe(2);

    await redis.start(); // empty: a crash lost the state
    await until(() => shared(a.store) && shared(b.store), 'both replicas to reconnect', 8000);
    await until(() => b.store.current().slide === 5, 'B to resynchronise on A’s move', 8000);
    expect(b.store.current()).toMatchObject({ slide: 5, blackout: true });
    expect(b.store.current().seq).toBeGreaterThanOrEqual(2);
    expect(a.store.current()).toEqual(b.store.current());
    expect(a.logs.join('\n')).toContain('is back: followers resynchronised');
    // Moves go through Redis again.
    await b.store.apply({ slide: 6, blackout: false });
    await until(() => a.store.current().slide === 6, 'A to follow B again', 8000);
  }, 20_000);

  it('Redis frozen (no answers, connections open): noticed; its state kept, the later local move wins when it thaws', async () => {
    fresh();
    const [a, b] = await connected(store(), store());
    await a.store.apply({ slide: 1, blackout: false });
    await until(() => b.store.current().slide === 1, 'B to follow A');
    redis.freeze();
    try {
      await until(() => !shared(a.store) && !shared(b.store), 'both replicas to notice the frozen Redis', 8000);
      await a.store.apply({ slide: 8, blackout: false });
      expect(a.store.current()).toMatchObject({ slide: 8, seq: 2 });
    } finally {
      redis.thaw();
    }
    await until(() => b.store.current().slide === 8, 'B to resynchronise on A’s move', 8000);
    await until(() => shared(a.store) && shared(b.store), 'both replicas to be shared again', 8000);
    expect(a.store.current()).toEqual(b.store.current());
  }, 20_000);

  it('never logs a password from REDIS_URL', () => {
    expect(redactRedisUrl('redis://user:hunter2-secret@redis:6379/0')).toBe('redis://redis:6379/0');
    expect(() => createRedisStore({ url: 'http://redis:6379' })).toThrow(/redis:\/\//);
  });
});
