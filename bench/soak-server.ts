/**
 * The server side of bench/soak.ts, in its own process: `npm start`'s server as it runs (the
 * static files and the follow service, default limits), trusting one proxy (127.0.0.1, the
 * loopback proxy of bench/soak-flood.ts). Reports its port; on request, its memory, open file
 * descriptors and attendee count.
 */
import { readdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { createFollowServer } from '../src/server/follow-server.ts';
import { createStaticServer } from '../src/server/static-server.ts';

const follow = createFollowServer({
  token: process.env.BENCH_TOKEN!,
  buildInfo: () => ({ buildId: 'soak', slides: 1000 }),
  trustedProxies: ['127.0.0.1'],
});
const server = createStaticServer({ root: process.env.BENCH_DIST!, middleware: follow.handle });
server.listen(0, '127.0.0.1', 4096, () => process.send!({ port: (server.address() as AddressInfo).port }));
process.on('message', (message) => {
  if (message !== 'report') return;
  globalThis.gc?.();
  process.send!({ rss: process.memoryUsage().rss, heapUsed: process.memoryUsage().heapUsed, fds: readdirSync('/proc/self/fd').length, attendees: follow.attendees() });
});
