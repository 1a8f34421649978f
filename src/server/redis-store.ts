/**
 * The follow state shared by every replica through Redis (`REDIS_URL`), with node-redis
 * (`@redis/client`, Redis's own client for Node).
 *
 * - One key, `<prefix>:state`, holds the live state as JSON `{epoch, seq, slide, blackout}`.
 *   Every change is made by a Lua script, which Redis runs atomically: it reads the state,
 *   takes the next sequence number, writes the state and publishes it on `<prefix>:moves`.
 *   Sequence numbers are therefore allocated in Redis and never go backwards, whichever
 *   replica the presenter is connected to.
 * - Each replica subscribes to `<prefix>:moves` and passes every newer state to its own
 *   followers; a state that is not newer than the one it holds (a late or repeated message) is
 *   ignored, here as in the browser.
 * - Every second, and whenever a connection to Redis is (re)established, a replica merges its
 *   state with Redis's (the `merge` script below): this is how a late joiner's replica catches
 *   up, how a Redis that restarted empty gets the live state back, and how followers
 *   resynchronise after an outage.
 * - Redis unreachable: the replica says so in its log and its health endpoints, keeps serving,
 *   and applies its presenter's moves locally (its own followers still follow). The client
 *   reconnects by itself; the merge then decides which state wins (see `mergeScript`).
 */
import { createClient } from '@redis/client';
import { applyControl, initialState, isNewer, type ControlUpdate, type LiveState } from './follow-state.js';
import { newEpoch, type StateStore, type StoreHealth } from './follow-store.js';

export interface RedisStoreOptions {
  /** `redis://[user:password@]host:port[/db]` or `rediss://` for TLS. */
  url: string;
  /** Key and channel names start with this (default `deck-follow`): decks can share one Redis. */
  prefix?: string;
  /** Where state changes of the connection are reported (never the state itself, never a secret). */
  log?: (line: string) => void;
  /** How often the replica merges its state with Redis's; also how fast an outage is noticed. */
  syncIntervalMs?: number;
  /** A command unanswered for this long counts as Redis unreachable. */
  commandTimeoutMs?: number;
}

/**
 * A presenter's move. ARGV: channel, this replica's state (JSON: the base when the key is
 * missing, i.e. Redis restarted empty), slide, blackout ('1' or '0'). Returns the live state.
 */
const applyScript = `
local stored = redis.call('GET', KEYS[1])
local s = cjson.decode(stored or ARGV[2])
local slide = tonumber(ARGV[3])
local blackout = ARGV[4] == '1'
if s.slide == slide and s.blackout == blackout then return stored or ARGV[2] end
s.seq = s.seq + 1
s.slide = slide
s.blackout = blackout
local text = cjson.encode(s)
redis.call('SET', KEYS[1], text)
redis.call('PUBLISH', ARGV[1], text)
return text
`;

/**
 * Merges a replica's state (ARGV[2]) with Redis's; returns the live state. Which one wins:
 * - Redis holds none (first start, or it restarted empty): the replica's.
 * - The replica's sequence is higher (its presenter moved while Redis was unreachable), or
 *   equal in the same epoch but at another position (two replicas moved apart during an
 *   outage; the later to reconnect wins): the replica's position, stored under Redis's epoch
 *   with a sequence above both, so that every follower on every replica takes it.
 * - Otherwise Redis's: the replica adopts it (a follower takes a state of another epoch too).
 */
const mergeScript = `
local stored = redis.call('GET', KEYS[1])
if not stored then
  redis.call('SET', KEYS[1], ARGV[2])
  redis.call('PUBLISH', ARGV[1], ARGV[2])
  return ARGV[2]
end
local s = cjson.decode(stored)
local l = cjson.decode(ARGV[2])
local moved = l.slide ~= s.slide or l.blackout ~= s.blackout
if not (l.seq > s.seq or (l.seq == s.seq and l.epoch == s.epoch and moved)) then return stored end
s.seq = math.max(l.seq, s.seq) + 1
s.slide = l.slide
s.blackout = l.blackout
local text = cjson.encode(s)
redis.call('SET', KEYS[1], text)
redis.call('PUBLISH', ARGV[1], text)
return text
`;

/** The URL as it may be logged: without user name or password. */
export function redactRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    return parsed.toString();
  } catch {
    return '(unparsable REDIS_URL)';
  }
}

function checkUrl(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`REDIS_URL is not a URL: set it like redis://redis:6379 (or unset it to keep the state in this process)`);
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
    throw new Error(`REDIS_URL must start with redis:// or rediss:// (it starts with ${parsed.protocol}//): set it like redis://redis:6379`);
  }
}

/** Accepts only what the scripts write; anything else from Redis is ignored. */
function parseState(text: unknown): LiveState | undefined {
  if (typeof text !== 'string') return undefined;
  try {
    const value = JSON.parse(text) as Partial<LiveState>;
    if (typeof value.epoch !== 'string' || typeof value.seq !== 'number' || typeof value.blackout !== 'boolean') return undefined;
    if (value.slide !== null && typeof value.slide !== 'number') return undefined;
    return { epoch: value.epoch, seq: value.seq, slide: value.slide, blackout: value.blackout };
  } catch {
    return undefined;
  }
}

const stateJson = ({ epoch, seq, slide, blackout }: LiveState) => JSON.stringify({ epoch, seq, slide, blackout });

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

export function createRedisStore(options: RedisStoreOptions): StateStore {
  checkUrl(options.url);
  const prefix = options.prefix ?? 'deck-follow';
  const key = `${prefix}:state`;
  const channel = `${prefix}:moves`;
  const log = options.log ?? (() => {});
  const syncIntervalMs = options.syncIntervalMs ?? 1000;
  const commandTimeoutMs = options.commandTimeoutMs ?? 1000;
  const shownUrl = redactRedisUrl(options.url);

  let state = initialState(newEpoch());
  const listeners = new Set<(state: LiveState) => void>();
  /** Reachable and merged: moves go through Redis. Starts false until the first merge. */
  let shared = false;
  let problem: string | undefined = 'connecting to Redis';
  let wasEverShared = false;
  let closed = false;

  const client = createClient({
    url: options.url,
    // Fail at once while reconnecting: the move is then applied locally instead of waiting.
    disableOfflineQueue: true,
    // A frozen Redis answers no PING: the socket times out and the client reconnects.
    pingInterval: 1000,
    socket: {
      connectTimeout: 2000,
      socketTimeout: 3000,
      reconnectStrategy: (retries: number) => Math.min(100 * 2 ** retries, 1000),
    },
  });
  // Subscribing takes a connection of its own.
  const subscriber = client.duplicate();

  /** Takes a state when it is newer than ours: a late or repeated one never moves anyone back. */
  const adopt = (incoming: LiveState | undefined): void => {
    if (!incoming || !isNewer(state, incoming)) return;
    state = incoming;
    for (const listener of listeners) listener(state);
  };

  const goDown = (reason: string): void => {
    if (closed) return;
    const was = shared || problem === 'connecting to Redis';
    shared = false;
    problem = `Redis at ${shownUrl} is unreachable (${reason})`;
    if (was) log(`${problem}: this replica goes on serving the deck and its own followers; moves reach other replicas again once Redis is back.`);
  };

  const errorText = (error: unknown) => (error instanceof Error ? error.message || error.name : String(error)) || 'connection lost';
  for (const connection of [client, subscriber]) {
    connection.on('error', (error: unknown) => goDown(errorText(error)));
    connection.on('ready', () => void sync());
  }

  let syncing: Promise<void> | undefined;
  let syncAgain = false;
  /** Merges this replica's state with Redis's, one merge at a time. */
  function sync(): Promise<void> {
    if (closed) return Promise.resolve();
    if (syncing) {
      syncAgain = true;
      return syncing;
    }
    syncing = (async () => {
      do {
        syncAgain = false;
        if (!client.isReady || !subscriber.isReady) {
          if (shared) goDown('connection lost');
          continue;
        }
        try {
          const reply = await withTimeout(client.eval(mergeScript, { keys: [key], arguments: [channel, stateJson(state)] }), commandTimeoutMs);
          adopt(parseState(reply));
          if (!shared && !closed) {
            shared = true;
            problem = undefined;
            log(
              wasEverShared
                ? `Redis at ${shownUrl} is back: followers resynchronised (slide ${state.slide === null ? 'none yet' : state.slide + 1}, sequence ${state.seq}).`
                : `Sharing the presenter's position with other replicas through Redis at ${shownUrl}.`,
            );
            wasEverShared = true;
          }
        } catch (error) {
          goDown(errorText(error));
        }
      } while (syncAgain && !closed);
    })().finally(() => (syncing = undefined));
    return syncing;
  }

  const timer = setInterval(() => void sync(), syncIntervalMs);
  timer.unref();

  // connect() retries by itself until Redis answers; errors arrive as 'error' events meanwhile.
  void client.connect().catch(() => {});
  void subscriber
    .connect()
    .then(() => subscriber.subscribe(channel, (message) => adopt(parseState(message))))
    .catch(() => {});

  /** Redis unreachable: this replica's followers still follow its presenter. */
  const applyLocally = (update: ControlUpdate): LiveState => {
    const next = applyControl(state, update);
    if (next !== state) {
      state = next;
      for (const listener of listeners) listener(state);
    }
    return state;
  };

  return {
    current: () => state,
    async apply(update) {
      if (!shared) return applyLocally(update);
      try {
        const reply = await withTimeout(
          client.eval(applyScript, { keys: [key], arguments: [channel, stateJson(state), String(update.slide), update.blackout ? '1' : '0'] }),
          commandTimeoutMs,
        );
        const stored = parseState(reply);
        adopt(stored);
        // This move's own state: others may have moved since.
        return stored ?? state;
      } catch (error) {
        goDown(errorText(error));
        return applyLocally(update);
      }
    },
    onChange: (listener) => void listeners.add(listener),
    health(): StoreHealth {
      return { kind: 'redis', shared, problem, redis: shownUrl };
    },
    async close() {
      if (closed) return;
      closed = true;
      shared = false;
      problem = 'closed';
      clearInterval(timer);
      // A graceful close waits for pending replies; a Redis that is down has none to give.
      await Promise.all(
        [client, subscriber].map((connection) =>
          connection.isReady ? withTimeout(connection.close(), 1000).catch(() => connection.destroy()) : Promise.resolve(connection.isOpen && connection.destroy()),
        ),
      );
    },
  };
}
