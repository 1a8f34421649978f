/**
 * The talk clock shared by every replica through Redis (`REDIS_URL`): one key,
 * `<prefix>:clock`, holding the clock as JSON (src/shared/talk-clock.ts).
 *
 * - A request (start, pause, reset, a chapter reached) is decided on what the key holds and
 *   written with a compare-and-set script: two replicas' requests at once both count.
 * - Each replica reads the key every second: a request made through another replica reaches its
 *   presenter's stream within a second (the page counts the seconds itself meanwhile).
 * - Redis unreachable: requests apply to this replica's copy, which is written back once Redis
 *   answers again (and written too when Redis came back empty).
 * Everything read from Redis is checked (`parseTalkClock`); anything else is replaced.
 */
import { applyClockAction, clockJson, maxClockBytes, parseTalkClock, stoppedClock, type TalkClock } from '../shared/talk-clock.js';
import type { ClockStore } from './clock-store.js';
import { checkRedisUrl, createRedisClient, luaReadCurrent, withTimeout } from './redis-connection.js';

export interface RedisClockOptions {
  url: string;
  /** Key names start with this (default `deck-follow`), as the follow state's do. */
  prefix?: string;
  syncIntervalMs?: number;
  commandTimeoutMs?: number;
  now?: () => number;
}

/** KEYS[1] the clock; ARGV[1] what the caller read ('' for nothing), ARGV[2] what to write. Answers what the key holds after. */
const compareAndSetScript = `${luaReadCurrent(maxClockBytes)}
if current ~= ARGV[1] then return current end
redis.call('SET', KEYS[1], ARGV[2])
return ARGV[2]
`;
/** What KEYS[1] holds, read as the compare-and-set reads it: a plain GET fails on a list and reads out a huge value. */
const readScript = `${luaReadCurrent(maxClockBytes)}
return current
`;

export function createRedisClockStore(options: RedisClockOptions): ClockStore {
  checkRedisUrl(options.url);
  const key = `${options.prefix ?? 'deck-follow'}:clock`;
  const now = options.now ?? Date.now;
  const timeoutMs = options.commandTimeoutMs ?? 1000;
  const client = createRedisClient(options.url);
  client.on('error', () => {}); // the follow state's store reports the connection's health
  let clock = stoppedClock();
  /** Changed here while Redis was away: to be written back. */
  let dirty = false;
  let closed = false;
  const listeners = new Set<(clock: TalkClock) => void>();

  const take = (next: TalkClock) => {
    if (clockJson(next) === clockJson(clock)) return;
    clock = next;
    for (const listener of listeners) listener(clock);
  };
  const read = async () => {
    const text = String(await withTimeout(client.eval(readScript, { keys: [key] }), timeoutMs));
    return { text, clock: text ? parseTalkClock(text, now()) : undefined };
  };
  const compareAndSet = async (expected: string, next: string) =>
    String(await withTimeout(client.eval(compareAndSetScript, { keys: [key], arguments: [expected, next] }), timeoutMs));

  /** Writes `decide(what Redis holds)` with compare-and-set, deciding again if another replica wrote in between. */
  async function settle(decide: (held: TalkClock | undefined) => TalkClock): Promise<TalkClock> {
    let { text, clock: held } = await read();
    for (let attempt = 0; attempt < 20; attempt++) {
      const next = decide(held);
      const json = clockJson(next);
      if (held && json === clockJson(held)) return held;
      const reply = await compareAndSet(text, json);
      if (reply === json) return next;
      text = reply;
      held = parseTalkClock(reply, now());
    }
    throw new Error('the clock kept changing under 20 writes in a row');
  }

  let queue: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(task: () => Promise<T>): Promise<T> => {
    const run = queue.then(task, task);
    queue = run.catch(() => {});
    return run;
  };

  const sync = () =>
    exclusive(async () => {
      if (closed || !client.isReady) return;
      try {
        // Redis came back empty, or this replica changed the clock while it was away: write ours.
        const held = await read();
        if (dirty || (!held.clock && clockJson(clock) !== clockJson(stoppedClock()))) take(await settle(() => clock));
        else if (held.clock) take(held.clock);
        dirty = false;
      } catch {
        // unreachable: the next tick tries again
      }
    });
  const timer = setInterval(() => void sync(), options.syncIntervalMs ?? 1000);
  timer.unref();
  client.on('ready', () => void sync());
  void client.connect().catch(() => {});

  return {
    current: () => clock,
    apply: (action) =>
      exclusive(async () => {
        if (client.isReady) {
          try {
            take(await settle((held) => applyClockAction(held ?? clock, action, now())));
            return clock;
          } catch {
            // fall through: this replica's copy, written back later
          }
        }
        const next = applyClockAction(clock, action, now());
        if (next !== clock) dirty = true;
        take(next);
        return clock;
      }),
    onChange: (listener) => void listeners.add(listener),
    async close() {
      if (closed) return;
      closed = true;
      clearInterval(timer);
      await (client.isReady ? withTimeout(client.close(), 1000).catch(() => client.destroy()) : Promise.resolve(client.isOpen && client.destroy()));
    },
  };
}
