/**
 * `npm run bench:soak`: the follow server under a hostile room, bounded in time. The server
 * (bench/soak-server.ts: `npm start`'s static files and follow service, default limits, one
 * trusted proxy) runs in its own process, and so does a loopback proxy with a wrong-secret
 * flood through it (bench/soak-flood.ts). Meanwhile, from this process:
 *   - 3,000 followers hold the event stream, 20 per address (the default per-client cap), each
 *     recording every sequence number it receives;
 *   - 300 slow connections: 150 dribble their headers a line a second and never finish
 *     (slowloris: reopened as soon as the server closes one), 150 open a stream and never read;
 *   - the presenter, through the same proxy, moves 100 times, one move every 250 ms, each
 *     timed until the LAST follower has it.
 * Passes when every move is accepted and every follower received every move; prints the
 * figures for bench/soak.md. SOAK_FOLLOWERS, SOAK_SLOW and SOAK_MOVES change the sizes.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { connect, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { buildSite, rebuildReason } from '../src/node/ensure-build.ts';
import { readEnvironment, siteOptions } from '../src/cli/environment.ts';
import { mb, percentile } from './follow-clients.ts';

const followerCount = Number(process.env.SOAK_FOLLOWERS ?? 3000);
const slowCount = Number(process.env.SOAK_SLOW ?? 300);
const moveCount = Number(process.env.SOAK_MOVES ?? 100);
const moveEveryMs = 250;
const token = 'soak-presenter-secret';

const site = siteOptions({}, readEnvironment());
const dist = site.outDir;
const reason = rebuildReason(site);
if (reason) {
  console.log(`Building the deck (${reason})...`);
  await buildSite(site);
}

function child<T>(file: string, env: Record<string, string>): Promise<{ process: ChildProcess; first: T }> {
  const proc = fork(fileURLToPath(new URL(file, import.meta.url)), [], { execArgv: ['--import', 'tsx', '--expose-gc'], env: { ...process.env, ...env } });
  return new Promise((resolve) => proc.once('message', (first: T) => resolve({ process: proc, first })));
}
const ask = <T>(proc: ChildProcess, message: string): Promise<T> =>
  new Promise((resolve) => {
    proc.once('message', (answer: T) => resolve(answer));
    proc.send(message);
  });

interface ServerReport {
  rss: number;
  heapUsed: number;
  fds: number;
  attendees: number;
}

const server = await child<{ port: number }>('./soak-server.ts', { BENCH_TOKEN: token, BENCH_DIST: dist });
const port = server.first.port;
const idle = await ask<ServerReport>(server.process, 'report');

/** The n-th address of a block of 127/8, `perAddress` clients on each. */
const address = (block: number, n: number, perAddress = 1) => {
  const a = Math.floor(n / perAddress);
  return `127.${block}.${Math.floor(a / 250)}.${1 + (a % 250)}`;
};

// ---- Followers ---------------------------------------------------------------------------------
interface Follower {
  socket: Socket;
  seen: Uint8Array;
  distinct: number;
  highest: number;
  buffer: string;
}
const followers: Follower[] = [];
/** How many followers have received each sequence number. */
const reached = new Uint32Array(moveCount + 1);

function openFollower(i: number): Promise<Follower> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host: '127.0.0.1', localAddress: address(1, i, 20) });
    const follower: Follower = { socket, seen: new Uint8Array(moveCount + 1), distinct: 0, highest: -1, buffer: '' };
    socket.setEncoding('latin1');
    socket.once('connect', () => socket.write('GET /_follow/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n'));
    socket.once('data', (chunk: string) => (chunk.startsWith('HTTP/1.1 200') ? resolve(follower) : reject(new Error(`follower ${i} refused: ${chunk.slice(0, 60)}`))));
    socket.on('data', (chunk: string) => {
      follower.buffer += chunk;
      let end: number;
      while ((end = follower.buffer.indexOf('\n\n')) >= 0) {
        const seq = /"seq":(\d+)/.exec(follower.buffer.slice(0, end))?.[1];
        follower.buffer = follower.buffer.slice(end + 2);
        if (seq === undefined) continue;
        const n = Number(seq);
        if (n <= moveCount && !follower.seen[n]) {
          follower.seen[n] = 1;
          follower.distinct += 1;
          reached[n] += 1;
        }
      }
    });
    socket.on('error', reject);
  });
}

const openStarted = performance.now();
for (let opened = 0; opened < followerCount; ) {
  const batch = Math.min(250, followerCount - opened);
  followers.push(...(await Promise.all(Array.from({ length: batch }, (_, k) => openFollower(opened + k)))));
  opened += batch;
}
const openSeconds = (performance.now() - openStarted) / 1000;

// ---- Slow connections --------------------------------------------------------------------------
let soaking = true;
const slowlorisLifetimes: number[] = [];
const dribblers = new Set<Socket>();
function slowloris(n: number): void {
  const socket = connect({ port, host: '127.0.0.1', localAddress: address(3, n) });
  const opened = performance.now();
  dribblers.add(socket);
  socket.on('error', () => {});
  socket.once('connect', () => socket.write('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n'));
  const dribble = setInterval(() => socket.writable && socket.write('X-Slow: 1\r\n'), 1000);
  socket.on('close', () => {
    clearInterval(dribble);
    dribblers.delete(socket);
    slowlorisLifetimes.push(performance.now() - opened);
    if (soaking) slowloris(n); // another one at once: the server must keep closing them
  });
}
const nonReaders: Socket[] = [];
let nonReadersClosed = 0;
for (let n = 0; n < slowCount / 2; n++) slowloris(n);
for (let n = 0; n < slowCount - Math.floor(slowCount / 2); n++) {
  const socket = connect({ port, host: '127.0.0.1', localAddress: address(4, n, 20) });
  socket.on('error', () => {});
  socket.on('close', () => (nonReadersClosed += 1));
  socket.once('connect', () => {
    socket.write('GET /_follow/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    socket.pause(); // never reads
  });
  nonReaders.push(socket);
}

// ---- The flood, through the proxy ------------------------------------------------------------
const flood = await child<{ port: number }>('./soak-flood.ts', { BENCH_PORT: String(port) });
const proxyPort = flood.first.port;

// ---- The presenter, through the same proxy -----------------------------------------------------
function move(slide: number): Promise<number> {
  return new Promise((resolve) => {
    const body = JSON.stringify({ slide, blackout: false });
    const req = request(
      { host: '127.0.0.1', port: proxyPort, method: 'POST', path: '/_follow/control', localAddress: '127.0.0.3', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', 'Content-Length': body.length } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', () => resolve(0));
    req.end(body);
  });
}
/** A page load from a newcomer during the soak: index.html and the favicon. */
async function pageLoad(): Promise<{ ms: number; ok: boolean }> {
  const started = performance.now();
  const statuses = await Promise.all(['/', '/favicon.svg'].map((file) => fetch(`http://127.0.0.1:${port}${file}`).then((r) => r.arrayBuffer().then(() => r.status), () => 0)));
  return { ms: performance.now() - started, ok: statuses.every((s) => s === 200) };
}
const waitUntil = async (condition: () => boolean, deadlineMs: number) => {
  const deadline = performance.now() + deadlineMs;
  while (!condition() && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 2));
  return condition();
};

const latencies: number[] = [];
const controlStatuses = new Map<number, number>();
const pageLoads: Array<{ ms: number; ok: boolean }> = [];
const soakStarted = performance.now();
for (let k = 1; k <= moveCount; k++) {
  const due = soakStarted + k * moveEveryMs;
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - performance.now())));
  const started = performance.now();
  const status = await move(k);
  controlStatuses.set(status, (controlStatuses.get(status) ?? 0) + 1);
  if (await waitUntil(() => reached[k] >= followerCount, 10_000)) latencies.push(performance.now() - started);
  if (k % 10 === 0) pageLoads.push(await pageLoad());
}
const soakSeconds = (performance.now() - soakStarted) / 1000;
await waitUntil(() => followers.every((f) => f.distinct >= moveCount), 5000);
const during = await ask<ServerReport>(server.process, 'report');
const floodReport = await ask<{ sent: number; seconds: number; statuses: Record<string, number> }>(flood.process, 'stop');
soaking = false;

// ---- Report ------------------------------------------------------------------------------------
const missed = followers.filter((f) => f.distinct < moveCount).length;
latencies.sort((a, b) => a - b);
slowlorisLifetimes.sort((a, b) => a - b);
const pageMs = pageLoads.map((p) => p.ms).sort((a, b) => a - b);
console.log(`soak: ${followerCount} followers (20 per address), ${slowCount} slow connections, a wrong-secret flood through a loopback proxy, ${moveCount} presenter moves through the same proxy`);
console.log(`followers opened in ${openSeconds.toFixed(1)} s; soak ${soakSeconds.toFixed(1)} s`);
console.log('');
console.log('| measure | figure |');
console.log('|---|---|');
console.log(`| presenter moves accepted | ${controlStatuses.get(200) ?? 0} of ${moveCount} (answers: ${JSON.stringify(Object.fromEntries(controlStatuses))}) |`);
console.log(`| followers that received every move | ${followerCount - missed} of ${followerCount} |`);
console.log(`| move → last follower, p50 / p99 / max (ms) | ${percentile(latencies, 50).toFixed(1)} / ${percentile(latencies, 99).toFixed(1)} / ${latencies.at(-1)?.toFixed(1)} (${latencies.length} moves timed) |`);
console.log(`| wrong-secret flood through the proxy | ${floodReport.sent} requests in ${floodReport.seconds.toFixed(1)} s (${(floodReport.sent / floodReport.seconds).toFixed(0)}/s), answers ${JSON.stringify(floodReport.statuses)} |`);
console.log(`| slowloris connections closed by the server | ${slowlorisLifetimes.length}, after ${(percentile(slowlorisLifetimes, 50) / 1000).toFixed(1)} s (p50), ${((slowlorisLifetimes.at(-1) ?? 0) / 1000).toFixed(1)} s (max) |`);
console.log(`| never-reading streams closed by the server | ${nonReadersClosed} of ${nonReaders.length} (they hold a slot until 64 KiB is queued or 15 s without draining) |`);
console.log(`| page loads during the soak (index.html + favicon) | ${pageLoads.filter((p) => p.ok).length} of ${pageLoads.length} OK, p50 ${percentile(pageMs, 50)?.toFixed(1)} ms, max ${pageMs.at(-1)?.toFixed(1)} ms |`);
console.log(`| server: attendees / open fds / RSS | ${during.attendees} / ${during.fds} / ${mb(during.rss)} MB (idle: ${idle.fds} fds, ${mb(idle.rss)} MB) |`);

for (const follower of followers) follower.socket.destroy();
for (const socket of [...nonReaders, ...dribblers]) socket.destroy();
flood.process.kill();
server.process.kill();
if (missed > 0 || (controlStatuses.get(200) ?? 0) !== moveCount) {
  console.error('FAILED: a move was refused or did not reach every follower');
  process.exitCode = 1;
}
