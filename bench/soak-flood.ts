/**
 * The hostile side of bench/soak.ts, in its own process: a loopback reverse proxy (node http,
 * adding X-Forwarded-For as nginx does) in front of the server, and a flood of control requests
 * with a wrong secret through it, from one address and from 250 rotating ones. Reports the
 * proxy's port, then, when told to stop, the answers the flood got.
 */
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';

const target = Number(process.env.BENCH_PORT);
const proxy = createServer((req, res) => {
  const forwarded = [req.headers['x-forwarded-for'], req.socket.remoteAddress].filter(Boolean).join(', ');
  const upstream = request({ host: '127.0.0.1', port: target, method: req.method, path: req.url, headers: { ...req.headers, 'x-forwarded-for': forwarded } }, (answer) => {
    res.writeHead(answer.statusCode ?? 502, answer.headers);
    answer.pipe(res);
  });
  upstream.on('error', () => res.destroy());
  res.on('close', () => upstream.destroy());
  req.pipe(upstream);
});
await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', 1024, resolve));
const port = (proxy.address() as AddressInfo).port;

const statuses = new Map<number, number>();
let flooding = true;
let sent = 0;
const body = JSON.stringify({ slide: 1, blackout: false });
function guess(from: string): Promise<void> {
  return new Promise((resolve) => {
    const req = request(
      { host: '127.0.0.1', port, method: 'POST', path: '/_follow/control', localAddress: from, headers: { Authorization: 'Bearer wrong-secret', 'Content-Type': 'application/json', 'Content-Length': body.length } },
      (res) => {
        statuses.set(res.statusCode ?? 0, (statuses.get(res.statusCode ?? 0) ?? 0) + 1);
        res.resume();
        res.on('end', resolve);
      },
    );
    req.on('error', () => {
      statuses.set(0, (statuses.get(0) ?? 0) + 1);
      resolve();
    });
    req.end(body);
    sent += 1;
  });
}
/** `concurrency` requests in flight at all times until told to stop. */
async function flood(concurrency: number, address: (i: number) => string): Promise<void> {
  await Promise.all(
    Array.from({ length: concurrency }, async (_, lane) => {
      for (let i = lane; flooding; i += concurrency) await guess(address(i));
    }),
  );
}
const started = Date.now();
const done = Promise.all([flood(16, () => '127.0.0.2'), flood(16, (i) => `127.0.2.${1 + (i % 250)}`)]);
process.send!({ port });
process.on('message', async (message) => {
  if (message !== 'stop') return;
  flooding = false;
  await done;
  process.send!({ sent, seconds: (Date.now() - started) / 1000, statuses: Object.fromEntries(statuses) });
  proxy.close();
  proxy.closeAllConnections();
});
