/**
 * Picks where the follow state, the talk clock and the room's state live: Redis when the servers'
 * options name one (`REDIS_URL` at the edge, src/cli/environment.ts), otherwise this process's
 * memory (the clock saved to a file). The Redis client library
 * is loaded only then. Kept apart from follow-store.ts, which redis-store.ts builds on.
 */
import { createFileClockStore, type ClockStore } from './clock-store.js';
import { createMemoryStore, type StateStore } from './follow-store.js';
import { createMemoryRoomStore, type RoomStore } from './room-store.js';

export interface StateStoreOptions {
  /** `url`: `redis://…` or `rediss://…`; `prefix` (default `deck-follow`) names the keys, so decks can share one Redis. */
  redis?: { url: string; prefix?: string };
  /** Where changes of the Redis connection are reported. */
  log: (line: string) => void;
}

export async function createStateStore(options: StateStoreOptions): Promise<StateStore> {
  if (!options.redis) return createMemoryStore();
  const { createRedisStore } = await import('./redis-store.js');
  return createRedisStore({ url: options.redis.url, prefix: options.redis.prefix, log: options.log });
}

export interface ClockStoreOptions {
  redis?: { url: string; prefix?: string };
  /** Without Redis: the file the clock is saved to (next to the presenter's secret); none: memory only. */
  file?: string;
  log: (line: string) => void;
}

/** Where the talk clock lives: Redis when the state does, otherwise this process, saved to `file`. */
export async function createClockStore(options: ClockStoreOptions): Promise<ClockStore> {
  if (!options.redis) return createFileClockStore({ file: options.file, log: options.log });
  const { createRedisClockStore } = await import('./redis-clock-store.js');
  return createRedisClockStore({ url: options.redis.url, prefix: options.redis.prefix });
}

/** The room's state (check-ins, countdown, polls): in Redis beside the follow state, or in memory. */
export async function createRoomStore(options: StateStoreOptions): Promise<RoomStore> {
  if (!options.redis) return createMemoryRoomStore();
  const { createRedisRoomStore } = await import('./room-redis-store.js');
  return createRedisRoomStore({ url: options.redis.url, prefix: options.redis.prefix, log: options.log });
}
