/**
 * The room shared by every replica through Redis (`REDIS_URL`), beside the follow state:
 *
 * - One hash, `<prefix>:room`, holds the room's fields (room-state.ts). A change is written by a
 *   script that sets its fields, renews the hash's expiry (`dayMs`: the room is forgotten, names
 *   included, a day after its last change) and publishes the change on `<prefix>:room-ops`, in
 *   one step: the channel's order is the hash's order.
 * - Every replica, the writer included, applies changes as they come off the channel: all hold
 *   the same state in the same order. A write resolves once its own change came back (or, if the
 *   channel is slow, after a timeout, applied locally and followed by a reload of the hash).
 * - On (re)connecting, a replica reloads the whole hash, keeping the changes heard meanwhile.
 * - Who follows where: each replica adds its attendees to a sorted set, `<prefix>:room-present`,
 *   scored by the time until which each counts, every `presenceEveryMs` and whenever someone
 *   arrives; each reads the others' from it. A check-in reaching a replica that does not hold the
 *   attendee's stream asks the set.
 * - Redis unreachable: changes are refused (the pages retry), slides still follow.
 * Everything read from Redis is checked (room-state.ts's `applyWrite`, `parseOp` here).
 */
import { randomBytes } from 'node:crypto';
import { applyOp, applyWrite, emptyRoom, type FieldWrite, type RoomOp } from './room-state.js';
import { defaultRoomDayMs, type RoomStore } from './room-store.js';
import { checkRedisUrl, createRedisClient, errorText, redactRedisUrl, withTimeout } from './redis-connection.js';

export interface RedisRoomStoreOptions {
  url: string;
  /** Key and channel names start with this (default `deck-follow`). */
  prefix?: string;
  log?: (line: string) => void;
  dayMs?: number;
  presenceEveryMs?: number;
  commandTimeoutMs?: number;
}

/** KEYS[1] the hash; ARGV: channel, expiry (ms), `reset` or `writes`, the message, then field and value pairs ('' deletes). */
const writeScript = `
if ARGV[3] == 'reset' then redis.call('DEL', KEYS[1]) else
  for i = 5, #ARGV, 2 do
    if ARGV[i + 1] == '' then redis.call('HDEL', KEYS[1], ARGV[i]) else redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end
  end
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
redis.call('PUBLISH', ARGV[1], ARGV[4])
return 1
`;

/** KEYS[1] the set; ARGV: now, expiry (ms), then score and member pairs. Answers who is present, everywhere. */
const presenceScript = `
for i = 3, #ARGV, 2 do redis.call('ZADD', KEYS[1], 'GT', ARGV[i], ARGV[i + 1]) end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return redis.call('ZRANGEBYSCORE', KEYS[1], '(' .. ARGV[1], '+inf')
`;

/** A change as published: `{"tag", "writes"}` or `{"tag", "reset": true}`; undefined when it is not one. */
export function parseOp(text: string): { tag: string; op: RoomOp } | undefined {
  if (text.length > 64 * 1024) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!value || typeof value !== 'object') return undefined;
  const { tag, writes, reset } = value as Record<string, unknown>;
  if (typeof tag !== 'string' || tag.length > 64) return undefined;
  if (reset === true) return { tag, op: { reset: true } };
  if (!Array.isArray(writes) || writes.length > 256) return undefined;
  const valid = writes.every((w) => Array.isArray(w) && w.length === 2 && typeof w[0] === 'string' && w[0].length <= 200 && (w[1] === null || (typeof w[1] === 'string' && w[1].length <= 2048)));
  return valid ? { tag, op: { writes: writes as FieldWrite[] } } : undefined;
}

export function createRedisRoomStore(options: RedisRoomStoreOptions): RoomStore {
  checkRedisUrl(options.url);
  const prefix = options.prefix ?? 'deck-follow';
  const hash = `${prefix}:room`;
  const channel = `${prefix}:room-ops`;
  const presentKey = `${prefix}:room-present`;
  const dayMs = options.dayMs ?? defaultRoomDayMs;
  const presenceEveryMs = options.presenceEveryMs ?? 1000;
  const timeoutMs = options.commandTimeoutMs ?? 1000;
  const log = options.log ?? (() => {});
  const replica = randomBytes(6).toString('base64url');
  let written = 0;

  let state = emptyRoom();
  let shared = false;
  let closed = false;
  const applied = new Set<(op: RoomOp) => void>();
  const presenceListeners = new Set<() => void>();
  const waiting = new Map<string, () => void>();
  let elsewhere: ReadonlySet<string> = new Set();
  let localPresence: () => ReadonlyMap<string, number> = () => new Map();
  /** Changes heard while the hash is being reloaded: applied on top of it. */
  let heardWhileLoading: RoomOp[] | undefined;

  const client = createRedisClient(options.url);
  const subscriber = client.duplicate();

  const apply = (op: RoomOp) => {
    state = applyOp(state, op);
    for (const listener of applied) listener(op);
  };
  const goDown = (reason: string) => {
    if (closed || !shared) return;
    shared = false;
    log(`Redis at ${redactRedisUrl(options.url)} is unreachable for the room (${reason}): check-ins wait until it is back.`);
  };

  async function reload(): Promise<void> {
    if (closed || !client.isReady || !subscriber.isReady || heardWhileLoading) return;
    heardWhileLoading = [];
    try {
      const fields = await withTimeout(client.hGetAll(hash), timeoutMs);
      const next = emptyRoom();
      for (const [field, value] of Object.entries(fields)) applyWrite(next, field, value);
      state = heardWhileLoading.reduce(applyOp, next);
      heardWhileLoading = undefined;
      for (const listener of applied) listener({ reset: true }); // everyone's view may have changed
      if (!shared) log(`The room is shared with other replicas through Redis at ${redactRedisUrl(options.url)}.`);
      shared = true;
    } catch (error) {
      heardWhileLoading = undefined;
      goDown(errorText(error));
    }
  }

  for (const connection of [client, subscriber]) {
    connection.on('error', (error: unknown) => goDown(errorText(error)));
    connection.on('end', () => goDown('connection closed'));
  }
  client.on('ready', () => void reload());
  void client.connect().catch(() => {});
  void subscriber
    .connect()
    .then(() =>
      subscriber.subscribe(channel, (message) => {
        const heard = parseOp(message);
        if (!heard) return;
        if (heardWhileLoading) heardWhileLoading.push(heard.op);
        else apply(heard.op);
        waiting.get(heard.tag)?.();
      }),
    )
    .then(() => {
      // Subscribed (again, after a reconnection): what was missed meanwhile is in the hash.
      subscriber.on('ready', () => void reload());
      void reload();
    })
    .catch(() => {});

  let announcing: Promise<void> | undefined;
  async function announce(): Promise<void> {
    if (closed || !client.isReady) return;
    const now = Date.now();
    const args = [String(now), String(dayMs)];
    for (const [id, until] of localPresence()) args.push(String(until === Infinity ? now + 3 * presenceEveryMs : until), id);
    try {
      const present = await withTimeout(client.eval(presenceScript, { keys: [presentKey], arguments: args }), timeoutMs);
      const next = new Set(Array.isArray(present) ? present.map(String) : []);
      const changed = next.size !== elsewhere.size || [...next].some((id) => !elsewhere.has(id));
      elsewhere = next;
      if (changed) for (const listener of presenceListeners) listener();
    } catch (error) {
      goDown(errorText(error));
    }
  }
  const announceSoon = () => void (announcing ??= announce().finally(() => (announcing = undefined)));
  const timer = setInterval(announceSoon, presenceEveryMs);
  timer.unref();

  return {
    state: () => state,
    async write(op) {
      if (!shared) throw new Error('Redis is unreachable');
      const tag = `${replica}:${++written}`;
      const message = JSON.stringify('reset' in op ? { tag, reset: true } : { tag, writes: op.writes });
      const args = [channel, String(dayMs), 'reset' in op ? 'reset' : 'writes', message];
      if (!('reset' in op)) for (const [field, value] of op.writes) args.push(field, value ?? '');
      const cameBack = new Promise<void>((resolve) => waiting.set(tag, resolve));
      try {
        await withTimeout(client.eval(writeScript, { keys: [hash], arguments: args }), timeoutMs);
        await withTimeout(cameBack, timeoutMs).catch(() => {
          // Written, but the channel is slow: apply it here now, and take the hash as it is.
          apply(op);
          void reload();
        });
      } catch (error) {
        goDown(errorText(error));
        throw error;
      } finally {
        waiting.delete(tag);
      }
    },
    onApplied: (listener) => void applied.add(listener),
    sharePresence(present) {
      localPresence = present;
    },
    presenceChanged: announceSoon,
    elsewhere: () => elsewhere,
    async presentElsewhere(attendee) {
      if (!client.isReady) return false;
      try {
        const score = await withTimeout(client.zScore(presentKey, attendee), timeoutMs);
        return score !== null && score > Date.now();
      } catch {
        return false;
      }
    },
    onPresence: (listener) => void presenceListeners.add(listener),
    health: () => ({ kind: 'redis', shared }),
    async close() {
      if (closed) return;
      closed = true;
      clearInterval(timer);
      await Promise.all(
        [client, subscriber].map((connection) =>
          connection.isReady ? withTimeout(connection.close(), 1000).catch(() => connection.destroy()) : Promise.resolve(connection.isOpen && connection.destroy()),
        ),
      );
    },
  };
}
