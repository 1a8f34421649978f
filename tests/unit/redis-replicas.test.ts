/**
 * Replicas as they run in production, without session affinity: each a follow server over its
 * own Redis store, reached through its own cable to one real redis-server (so that the test can
 * take Redis away from both and give it back in the order it picks), with attendees reading the
 * event streams and applying states exactly as the page does (`isNewer`). The presenter's moves
 * alternate between replicas.
 */
import { createClient } from '@redis/client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { isNewer, type LiveMessage } from '../../src/shared/follow-protocol.ts';
import type { StateStore } from '../../src/server/follow-store.ts';
import { createRedisStore } from '../../src/server/redis-store.ts';
import { follow, move as send, start, stopAll } from './follow-http.ts';
import { until } from './until.ts';
import { redisCable, type RedisCable } from './redis-server.ts';
import { useRedisServer } from './use-redis-server.ts';

const redis = useRedisServer();
const cables: RedisCable[] = [];

afterEach(async () => {
  await stopAll();
  for (const cable of cables.splice(0)) await cable.close();
});

/** An attendee: every message it received, and the states it applied (as the page does). */
interface Follower {
  messages: LiveMessage[];
  applied(): LiveMessage[];
  slide(): number | null | undefined;
}

async function follower(port: number): Promise<Follower> {
  const { messages } = await follow(port);
  const applied = () => messages.reduce<LiveMessage[]>((kept, message) => (isNewer(kept.at(-1), message) ? [...kept, message] : kept), []);
  return { messages, applied, slide: () => applied().at(-1)?.slide };
}

interface Replica {
  name: string;
  store: StateStore;
  port: number;
  cable: RedisCable;
  followers: Follower[];
  logs: string[];
}

async function replica(name: string, prefix: string, followers = 10, syncIntervalMs?: number): Promise<Replica> {
  const cable = await redisCable(redis.port);
  cables.push(cable);
  const logs: string[] = [];
  const store = createRedisStore({ url: cable.url, prefix, log: (line) => logs.push(line), syncIntervalMs });
  const { port } = await start({ store });
  const made: Replica = { name, store, port, cable, followers: [], logs };
  for (let i = 0; i < followers; i++) made.followers.push(await follower(port));
  return made;
}

/** The presenter page's clock for its moves: its own time, never below one it used before. */
let presenterClock = 0;

async function moveOk(replica: Replica, slide: number): Promise<void> {
  presenterClock = Math.max(Date.now(), presenterClock + 1);
  const reply = await send(replica.port, { slide, blackout: false, at: presenterClock });
  expect(reply.status, reply.body).toBe(200);
}

const everyone = (...replicas: Replica[]) => replicas.flatMap((r) => r.followers);
const allOn = (followers: Follower[], slide: number) => followers.every((f) => f.slide() === slide);
const shared = (...replicas: Replica[]) => replicas.every((r) => r.store.health().shared);

async function readyz(replica: Replica): Promise<number> {
  const response = await fetch(`http://127.0.0.1:${replica.port}/readyz`);
  await response.body?.cancel();
  return response.status;
}

/** Slides each follower applied, in order, must never decrease (the moves here only go forward). */
function expectNeverBackwards(followers: Follower[]): void {
  for (const f of followers) {
    const slides = f.applied().map((m) => m.slide ?? -1);
    expect(slides, 'a follower moved backwards').toEqual([...slides].sort((x, y) => x - y));
  }
}

const outages = [
  { seven: 'during', first: 'A', redisAfter: 'kept' },
  { seven: 'during', first: 'B', redisAfter: 'kept' },
  { seven: 'during', first: 'A', redisAfter: 'restarted empty' },
  { seven: 'during', first: 'B', redisAfter: 'restarted empty' },
  { seven: 'before', first: 'A', redisAfter: 'restarted empty' },
  { seven: 'before', first: 'B', redisAfter: 'restarted empty' },
] as const;

describe('the presenter’s moves alternate between replicas (no session affinity)', () => {
  it.each(outages)(
    '7 on A $seven the outage, 8 on B during it; Redis back ($redisAfter), $first reconnects first: everyone on 8 within 3 s, nobody backwards',
    async ({ seven, first, redisAfter }) => {
      const prefix = redis.freshPrefix('replicas');
      const a = await replica('A', prefix);
      const b = await replica('B', prefix);
      await until(() => shared(a, b), 'both replicas to share the state');
      await moveOk(b, 6);
      await until(() => allOn(everyone(a, b), 6), 'every follower on 6');

      if (seven === 'before') {
        await moveOk(a, 7);
        await until(() => allOn(everyone(a, b), 7), 'every follower on 7');
      }
      a.cable.cut();
      b.cable.cut();
      await until(() => !a.store.health().shared && !b.store.health().shared, 'both replicas to notice the outage', 8000);
      if (seven === 'during') {
        await moveOk(a, 7);
        await until(() => allOn(a.followers, 7), 'A’s followers on 7');
      }
      await moveOk(b, 8);
      await until(() => allOn(b.followers, 8), 'B’s followers on 8');
      expect(allOn(a.followers, 7)).toBe(true);

      if (redisAfter === 'restarted empty') {
        await redis.stop();
        await redis.start();
      }
      const [early, late] = first === 'A' ? [a, b] : [b, a];
      early.cable.restore();
      await until(() => shared(early), `${early.name} to reconnect`, 8000);
      late.cable.restore();
      const back = Date.now();
      await until(
        () => shared(a, b) && allOn(everyone(a, b), 8),
        () => `every follower on 8 without a new move; followers' slides: A ${a.followers.map((f) => f.slide())}, B ${b.followers.map((f) => f.slide())}`,
        3000,
      );
      const converged = Date.now() - back;
      expect(converged).toBeLessThan(3000);
      expect(a.store.current()).toEqual(b.store.current());
      expect(a.store.current()).toMatchObject({ slide: 8, blackout: false });
      expectNeverBackwards(everyone(a, b));
      // Nothing undoes it later either (a merge a second on).
      await until(() => a.logs.concat(b.logs).filter((line) => line.includes('is back')).length >= 2, 'both to log their return', 8000);
      expect(everyone(a, b).every((f) => f.slide() === 8)).toBe(true);

      // And moves go through Redis again, from either replica.
      await moveOk(a, 9);
      await until(() => allOn(everyone(a, b), 9), 'every follower on 9');
      expect(await readyz(a)).toBe(200);
    },
    15_000,
  );
});

/** What a tempting state looks like: newer than the live one in every way, one field at a time made garbage below. */
const tempting = (epoch: string) => ({ epoch, seq: 1000, slide: 30, blackout: false, at: Date.now() + 1000 });
const withField = (field: string, value: unknown) => (epoch: string) => JSON.stringify({ ...tempting(epoch), [field]: value });
const garbage: Array<[string, (epoch: string) => string]> = [
  ['not JSON', () => '{"epoch": nonsense'],
  ['a JSON number', () => '42'],
  ['JSON null', () => 'null'],
  ['a JSON array', (epoch) => JSON.stringify([epoch, 1000, 30, false])],
  ['a string seq', withField('seq', '1000')],
  ['seq 1e15', withField('seq', 1e15)],
  ['a negative seq', withField('seq', -1)],
  ['a fractional seq', withField('seq', 2.5)],
  ['an out-of-range slide', withField('slide', 10_000)],
  ['a negative slide', withField('slide', -1)],
  ['a fractional slide', withField('slide', 2.5)],
  ['a string slide', withField('slide', '30')],
  ['a string blackout', withField('blackout', 'yes')],
  ['a number epoch', withField('epoch', 42)],
  ['an empty epoch', withField('epoch', '')],
  ['a huge epoch', withField('epoch', 'x'.repeat(100_000))],
  ['no order (a state without "at")', (epoch) => JSON.stringify({ epoch, seq: 1000, slide: 30, blackout: false })],
  ['a string "at"', withField('at', String(Date.now()))],
  ['a far-future "at" (a year ahead)', withField('at', Date.now() + 365 * 86_400_000)],
  ['an "at" past 2^53', withField('at', 2 ** 60)],
  ['a huge string (1 MB)', () => 'x'.repeat(1_000_000)],
];

describe('garbage in Redis', () => {
  let raw: ReturnType<typeof createClient>;
  beforeAll(async () => {
    raw = createClient({ url: redis.url });
    await raw.connect();
  });
  afterAll(() => raw?.destroy());

  async function liveOnThree() {
    const prefix = redis.freshPrefix('garbage');
    const a = await replica('A', prefix, 3, 100);
    const b = await replica('B', prefix, 3, 100);
    await until(() => shared(a, b), 'both replicas to share the state');
    await moveOk(a, 3);
    await until(() => allOn(everyone(a, b), 3), 'every follower on 3');
    return { a, b, key: `${prefix}:state`, channel: `${prefix}:moves`, epoch: a.store.current().epoch };
  }

  /** The key holds a valid state again: the live one, written back by a replica. */
  async function storedSlide(key: string): Promise<unknown> {
    const text = await raw.get(key).catch(() => null);
    try {
      return text === null ? undefined : (JSON.parse(text) as { slide?: unknown }).slide;
    } catch {
      return undefined;
    }
  }

  it('(the control) a valid newer state written by another replica is taken by every follower', async () => {
    const { a, b, key, channel, epoch } = await liveOnThree();
    const text = JSON.stringify(tempting(epoch));
    await raw.set(key, text);
    await raw.publish(channel, text);
    await until(() => allOn(everyone(a, b), 30), 'every follower on 30');
  });

  it.each(garbage)('%s under the key and on the channel: replaced, never reaches a follower, readiness holds', async (_name, make) => {
    const { a, b, key, channel, epoch } = await liveOnThree();
    const text = make(epoch);
    await raw.set(key, text);
    await raw.publish(channel, text);
    let statuses: number[] = [];
    await until(
      async () => {
        const [slide, ...ready] = await Promise.all([storedSlide(key), readyz(a), readyz(b)]);
        statuses = ready;
        return slide === 3 && shared(a, b) && ready.every((status) => status === 200);
      },
      async () =>
        `the live state written back and both replicas ready; Redis holds ${JSON.stringify((await raw.get(key).catch(() => '(not a string)'))?.slice(0, 80))}, ` +
        `/readyz ${statuses.join(' and ')}, followers on ${[...new Set(everyone(a, b).map((f) => f.slide()))].join(', ')}`,
    );
    // Followers first saw their replica's own epoch (before it reached Redis), then the shared one.
    const epochs = new Set([epoch, ...everyone(a, b).map((f) => f.messages[0].epoch)]);
    for (const f of everyone(a, b)) {
      const seen = f.messages.filter((m) => !(m.slide === null || m.slide === 3) || !epochs.has(m.epoch) || m.seq >= 1000);
      expect(seen, 'a follower saw the garbage').toEqual([]);
    }
    // Not frozen: the next move reaches everyone.
    await moveOk(b, 4);
    await until(() => allOn(everyone(a, b), 4), 'every follower on 4');
  }, 10_000);

  it('a key of another Redis type (a list) is replaced; readiness holds', async () => {
    const { a, b, key, epoch } = await liveOnThree();
    await raw.del(key);
    await raw.rPush(key, JSON.stringify(tempting(epoch)));
    await until(async () => (await raw.type(key)) === 'string' && (await storedSlide(key)) === 3, 'a replica to write the live state back');
    await until(async () => shared(a, b) && (await readyz(a)) === 200, 'both replicas ready');
    expect(a.logs.concat(b.logs).join('\n')).toMatch(/held no valid follow state .*\(another Redis type than a string\): replaced/);
    await moveOk(b, 4);
    await until(() => allOn(everyone(a, b), 4), 'every follower on 4');
  }, 10_000);
});
