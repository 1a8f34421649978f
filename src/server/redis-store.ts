/**
 * The follow state shared by every replica through Redis (`REDIS_URL`), with node-redis
 * (`@redis/client`, Redis's own client for Node).
 *
 * - One key, `<prefix>:state`, holds the live state as JSON `{epoch, seq, slide, blackout, at}`.
 *   A replica decides what to write by the protocol's own rules (src/shared/follow-protocol.ts:
 *   `applyControl` for a move, `reconcile` to merge) and writes with a compare-and-set script,
 *   which stores the state and publishes it on `<prefix>:moves` only if the key still holds what
 *   the replica read; otherwise the replica decides again on what it holds now. Sequence numbers
 *   therefore never go backwards, whichever replica the presenter reaches.
 * - Everything read from Redis (the key, every message) is validated (`parseLiveState`): an
 *   invalid state never reaches a follower, and the next write (a move, or a merge) replaces it.
 * - Each replica subscribes to `<prefix>:moves` and takes a state when `reconcile` says it can
 *   as it is: the latest move, numbered above what its followers have seen. Otherwise (an older
 *   move, or one its followers would ignore) it merges at once.
 * - Every second, and whenever a connection to Redis is (re)established, a replica merges its
 *   state with Redis's: this is how a late joiner's replica catches up, how a Redis that
 *   restarted empty gets the live state back, and how followers resynchronise after an outage.
 * - Redis unreachable: the replica says so in its log and its health endpoints, keeps serving,
 *   and applies its presenter's moves locally, by the same rules (its own followers still
 *   follow). The client reconnects by itself; the merge then keeps the presenter's latest move,
 *   whichever replica it reached and whichever reconnects first.
 */
import {
  applyControl,
  initialState,
  maxStateBytes,
  parseLiveState,
  reconcile,
  stateJson,
  type ControlUpdate,
  type LiveState,
  type ParsedState,
} from '../shared/follow-protocol.js';
import { newEpoch, type StateStore, type StoreHealth } from './follow-store.js';
import { checkRedisUrl, createRedisClient, errorText, luaReadCurrent, redactRedisUrl, withTimeout } from './redis-connection.js';

export { redactRedisUrl };

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
 * Compare-and-set: KEYS[1] the state key; ARGV[1] the channel, ARGV[2] what the caller last read,
 * ARGV[3] what to write ('' to only read). Writes and publishes only if the key still holds
 * ARGV[2]; answers what the key holds afterwards. It parses nothing, so no value under the key
 * can make it fail: a missing key reads as '', a value of another Redis type or too long to be a
 * state as a marker that is not one (the caller then writes over it).
 */
const compareAndSetScript = `${luaReadCurrent(maxStateBytes)}
if ARGV[3] == '' or current ~= ARGV[2] then return current end
redis.call('SET', KEYS[1], ARGV[3])
redis.call('PUBLISH', ARGV[1], ARGV[3])
return ARGV[3]
`;

/** What the script's markers stand for, as a reason the value is not a state. */
const markers = new Map([
  ['(not a string)', 'another Redis type than a string'],
  ['(too long)', `longer than ${maxStateBytes} bytes`],
]);

/** What the key holds, as the script answered: nothing (''), a valid state, or why it is none. */
function readStored(text: string): ParsedState | undefined {
  if (text === '') return undefined;
  const marker = markers.get(text);
  return marker ? { ok: false, error: marker } : parseLiveState(text, Date.now());
}

/** Attempts at one write before giving up (each lost only to another replica's write in between). */
const maxWriteAttempts = 50;

export function createRedisStore(options: RedisStoreOptions): StateStore {
  checkRedisUrl(options.url);
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

  const client = createRedisClient(options.url);
  // Subscribing takes a connection of its own.
  const subscriber = client.duplicate();

  /** Holds a state; followers hear of it when it has a new number (they apply by it). */
  const take = (next: LiveState): void => {
    const renumbered = next.epoch !== state.epoch || next.seq !== state.seq;
    state = next;
    if (renumbered) for (const listener of listeners) listener(state);
  };

  /**
   * A state from Redis (a message, a write's result): taken when it can be as it is; otherwise
   * (an older move, or one this replica's followers would ignore) this replica merges at once.
   */
  const offer = (incoming: LiveState): void => {
    if (reconcile(state, incoming).write) void sync();
    else take(incoming);
  };

  const goDown = (reason: string): void => {
    if (closed) return;
    const was = shared || problem === 'connecting to Redis';
    shared = false;
    problem = `Redis at ${shownUrl} is unreachable (${reason})`;
    if (was) log(`${problem}: this replica goes on serving the deck and its own followers; moves reach other replicas again once Redis is back.`);
  };

  for (const connection of [client, subscriber]) {
    connection.on('error', (error: unknown) => goDown(errorText(error)));
    connection.on('ready', () => void sync());
  }

  /** What the key held when this replica last looked (as the script answers): what its next write expects. */
  let lastRead = '';

  const compareAndSet = async (expected: string, next: string): Promise<string> => {
    const reply = await withTimeout(client.eval(compareAndSetScript, { keys: [key], arguments: [channel, expected, next] }), commandTimeoutMs);
    if (typeof reply !== 'string') throw new Error('the compare-and-set script answered no string');
    return reply;
  };

  /**
   * Brings Redis to what `decide` makes of its state (undefined: missing or invalid) and returns
   * that state. Decides on what this replica last read; if the key held something else by then,
   * decides again on that. Even a decision to write nothing is checked against the key, so that
   * a move is never judged on a stale view.
   */
  async function settle(decide: (stored: LiveState | undefined) => { state: LiveState; write: boolean }): Promise<LiveState> {
    for (let attempt = 1; ; attempt++) {
      const read = readStored(lastRead);
      const { state: next, write } = decide(read?.ok ? read.state : undefined);
      const text = write ? stateJson(next) : '';
      const reply = await compareAndSet(lastRead, text);
      if (write ? reply === text : reply === lastRead) {
        if (read && !read.ok) log(`Redis held no valid follow state under ${key} (${read.error}): replaced with this replica's.`);
        if (write) lastRead = text;
        return next;
      }
      lastRead = reply;
      if (attempt >= maxWriteAttempts) throw new Error(`the state kept changing under ${maxWriteAttempts} writes in a row`);
    }
  }

  /** One Redis conversation at a time per replica: its own writes never race each other. */
  let queue: Promise<unknown> = Promise.resolve();
  function exclusive<T>(task: () => Promise<T>): Promise<T> {
    const run = queue.then(task, task);
    queue = run.catch(() => {});
    return run;
  }

  let pendingSync: Promise<void> | undefined;
  /** Merges this replica's state with Redis's (one pending merge at most: requests meanwhile share it). */
  function sync(): Promise<void> {
    if (closed) return Promise.resolve();
    pendingSync ??= exclusive(async () => {
      pendingSync = undefined;
      if (closed) return;
      if (!client.isReady || !subscriber.isReady) {
        if (shared) goDown('connection lost');
        return;
      }
      try {
        offer(await settle((stored) => reconcile(state, stored)));
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
    });
    return pendingSync;
  }

  const timer = setInterval(() => void sync(), syncIntervalMs);
  timer.unref();

  // connect() retries by itself until Redis answers; errors arrive as 'error' events meanwhile.
  void client.connect().catch(() => {});
  void subscriber
    .connect()
    .then(() =>
      subscriber.subscribe(channel, (message) => {
        const parsed = parseLiveState(message, Date.now());
        if (parsed.ok) offer(parsed.state);
      }),
    )
    .catch(() => {});

  /** Redis unreachable: this replica's followers still follow its presenter, by the same rules. */
  const applyLocally = (update: ControlUpdate): LiveState => {
    take(applyControl(state, update, Date.now()));
    return state;
  };

  /** The move on top of Redis's state (merged with this replica's first): written unless it changes nothing. */
  const moveOnto =
    (update: ControlUpdate) =>
    (stored: LiveState | undefined): { state: LiveState; write: boolean } => {
      const merged = reconcile(state, stored);
      const next = applyControl(merged.state, update, Date.now());
      return next === merged.state ? merged : { state: next, write: true };
    };

  return {
    current: () => state,
    async apply(update) {
      if (!shared) return applyLocally(update);
      try {
        return await exclusive(async () => {
          const next = await settle(moveOnto(update));
          offer(next);
          // This move's own state (or the live one, if the move changed nothing).
          return next;
        });
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
