/**
 * The set-up every vitest file over a real Redis shares: one throwaway redis-server for the file
 * (./redis-server.ts), the stores each test opens on it closed after that test, a plain client
 * for what Redis holds, and a fresh key prefix per test. A missing redis-server fails the file's
 * `beforeAll`, so its tests fail (never skip quietly).
 */
import { createClient } from '@redis/client';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { startRedisServer, type RedisServer } from './redis-server.ts';

const rawClient = (url: string) => createClient({ url });
export type RawRedisClient = ReturnType<typeof rawClient>;

export interface TestRedis extends RedisServer {
  /** Closes `store` after the running test; returns it. */
  closeAfterTest<Store extends { close(): Promise<unknown> }>(store: Store): Store;
  /** Runs `use` with a plain client on the server (another replica, an operator), closed after it. */
  withClient<T>(use: (raw: RawRedisClient) => Promise<T>): Promise<T>;
  /** A key prefix no other test in this run uses: `<label>-<pid>-<n>`. */
  freshPrefix(label: string): string;
}

/** Call at the top of a test file: the server starts before its tests and is killed after them. */
export function useRedisServer(): TestRedis {
  let server: RedisServer | undefined;
  const opened: Array<{ close(): Promise<unknown> }> = [];
  let prefixes = 0;
  const started = (): RedisServer => {
    if (!server) throw new Error('the redis-server is not started: use it inside a test or a hook');
    return server;
  };

  beforeAll(async () => {
    server = await startRedisServer();
  });
  afterAll(async () => {
    await server?.stop();
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((store) => store.close()));
  });

  return {
    get port() {
      return started().port;
    },
    get url() {
      return started().url;
    },
    start: () => started().start(),
    stop: (signal) => started().stop(signal),
    freeze: () => started().freeze(),
    thaw: () => started().thaw(),
    closeAfterTest(store) {
      opened.push(store);
      return store;
    },
    async withClient(use) {
      const raw = rawClient(started().url);
      await raw.connect();
      try {
        return await use(raw);
      } finally {
        raw.destroy();
      }
    },
    freshPrefix: (label) => `${label}-${process.pid}-${++prefixes}`,
  };
}
