/**
 * The server side of bench/room.ts, in its own process so that attendees and server do not share
 * an event loop or a CPU account: the real follow handler with its room, defaults untouched (the
 * attendees come from 50 loopback addresses, 20 each, as the per-client caps expect). Reports its
 * port; on request, its memory after a full GC and its CPU time so far. With REDIS_URL, the room
 * (and the follow state) go through Redis.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { readServeEnvironment } from '../src/cli/environment.ts';
import { createFollowServer } from '../src/server/follow-server.ts';
import { createRoomStore, createStateStore } from '../src/server/state-store.ts';

const log = (line: string) => console.error(`[replica] ${line}`);
const redis = (await readServeEnvironment()).redis;
const follow = createFollowServer({
  token: process.env.BENCH_TOKEN!,
  helperToken: `${process.env.BENCH_TOKEN!}-helpers`,
  buildInfo: () => ({ buildId: 'bench', slides: 100, room: { exercises: [{ id: 'lab-1', minutes: 10 }], polls: [] } }),
  store: await createStateStore({ redis, log }),
  roomStore: await createRoomStore({ redis, log }),
});
/** Time from each check-in's arrival to its answer, in the server. */
let handling: number[] = [];
const server = createServer((req, res) => {
  if (req.url === '/_room/attendee') {
    const started = performance.now();
    res.on('finish', () => handling.push(performance.now() - started));
  }
  follow.handle(req, res);
});
server.listen(0, '127.0.0.1', 4096, () => process.send!({ port: (server.address() as AddressInfo).port }));
process.on('message', (message) => {
  if (message !== 'measure') return;
  globalThis.gc?.();
  const { rss, heapUsed } = process.memoryUsage();
  const { user, system } = process.cpuUsage();
  process.send!({ rss, heapUsed, cpuMs: (user + system) / 1000, attendees: follow.attendees(), handling });
  handling = [];
});
