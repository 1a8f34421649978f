/**
 * How the follow state talks to Redis (src/server/redis-store.ts; the talk clock's store too): the
 * client's settings for an outage (fail fast, notice a frozen server, reconnect by itself),
 * REDIS_URL checks, the URL as it may be logged, and how a compare-and-set script reads its key.
 */
import { createClient } from '@redis/client';

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

/** Refuses a REDIS_URL that cannot work, saying how to write one. */
export function checkRedisUrl(url: string): void {
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

/** `promise`, or a rejection once `ms` pass without an answer (a frozen Redis answers nothing). */
export function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
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

/**
 * The start of a compare-and-set script: sets `current` to what KEYS[1] holds, '' for no key. It
 * parses nothing and never reads out a value longer than `maxBytes`, so no value under the key
 * makes the script fail or costs a transfer: another Redis type reads as '(not a string)', a
 * value too long as '(too long)' (markers that are no valid value; the caller writes over them).
 */
export const luaReadCurrent = (maxBytes: number) => `
local size = redis.pcall('STRLEN', KEYS[1])
local current
if type(size) ~= 'number' then current = '(not a string)'
elseif size > ${maxBytes} then current = '(too long)'
else current = redis.call('GET', KEYS[1]) or '' end`;

/** A node-redis client that fails at once while Redis is away and reconnects within a second of its return. */
export function createRedisClient(url: string) {
  return createClient({
    url,
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
}

export const errorText = (error: unknown): string => (error instanceof Error ? error.message || error.name : String(error)) || 'connection lost';
