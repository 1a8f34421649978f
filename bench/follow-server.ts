/**
 * The server side of bench/follow.ts, in its own process so that followers and server do not
 * share an event loop: the real follow handler on a plain HTTP server. Reports its port, and its
 * memory (after a full GC) when asked over IPC. With REDIS_URL, the state goes through Redis
 * (bench/redis.ts runs two of these).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { createFollowServer } from '../src/server/follow-server.ts';
import { readServeEnvironment } from '../src/cli/environment.ts';
import { createStateStore } from '../src/server/state-store.ts';

const follow = createFollowServer({
  token: process.env.BENCH_TOKEN!,
  buildInfo: () => ({ buildId: '97176b9b08d3bf88', slides: 1000 }),
  maxAttendees: 100_000,
  // Every simulated follower comes from 127.0.0.1: the per-client cap would refuse all but 20.
  streamsPerClient: 100_000,
  store: await createStateStore({ redis: (await readServeEnvironment()).redis, log: (line) => console.error(`[replica] ${line}`) }),
});
/** Time from a control request's arrival to its response: parsing plus the whole fan-out loop. */
let handling: number[] = [];
const server = createServer((req, res) => {
  if (req.url === '/_follow/control') {
    const started = performance.now();
    res.on('finish', () => handling.push(performance.now() - started));
  }
  follow.handle(req, res);
});
server.listen(0, '127.0.0.1', 4096, () => process.send!({ port: (server.address() as AddressInfo).port }));
process.on('message', (message) => {
  if (message !== 'memory') return;
  globalThis.gc?.();
  const { rss, heapUsed, external, arrayBuffers } = process.memoryUsage();
  process.send!({ rss, heapUsed, external, arrayBuffers, attendees: follow.attendees(), handling });
  handling = [];
});
