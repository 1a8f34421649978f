/**
 * `npm run bench:follow [-- 1000 5000]`: N simulated followers on loopback hold the event stream
 * of a follow server running in its own process (bench/follow-server.ts). For each of R control
 * requests it times presenter request → the LAST follower receiving the new state, and reports
 * p50/p99 over the rounds; then the server's memory per follower (RSS and heap after a full GC,
 * minus the same with no followers), and the server's own time per control request (the fan-out loop).
 * Goals (issue 3): p99 < 50 ms with 1,000 followers; 5,000 followers held in < 300 MB.
 */
import { fork } from 'node:child_process';
import { request } from 'node:http';
import { connect, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const counts = process.argv.slice(2).map(Number).filter((n) => n > 0);
const sizes = counts.length > 0 ? counts : [100, 1000, 5000];
const rounds = Number(process.env.BENCH_ROUNDS ?? 200);
const token = 'bench-presenter-secret';

interface Memory {
  rss: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
  attendees: number;
  /** ms from each control request's arrival to its response, in the server (fan-out included). */
  handling: number[];
}

const server = fork(fileURLToPath(new URL('./follow-server.ts', import.meta.url)), [], {
  execArgv: ['--import', 'tsx', '--expose-gc'],
  env: { ...process.env, BENCH_TOKEN: token },
});
const port = await new Promise<number>((resolve) => server.once('message', (m: { port: number }) => resolve(m.port)));

function serverMemory(): Promise<Memory> {
  return new Promise((resolve) => {
    server.once('message', (m: Memory) => resolve(m));
    server.send('memory');
  });
}

/** One follower: the highest sequence number it has received. */
interface Follower {
  socket: Socket;
  seen: number;
}

let waiting: { target: number; remaining: number; done: (at: number) => void } | undefined;

function onSeq(follower: Follower, seq: number): void {
  if (seq <= follower.seen) return;
  const before = follower.seen;
  follower.seen = seq;
  if (waiting && before < waiting.target && seq >= waiting.target && --waiting.remaining === 0) waiting.done(performance.now());
}

/**
 * A follower as cheap as can be: a raw socket that sends the request a browser would and scans
 * what comes back for the newest `"seq":`. A browser spends its own CPU on this; here thousands
 * share one process with the measurement, so the client must not be what is measured.
 */
function openFollower(): Promise<Follower> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const follower: Follower = { socket, seen: -1 };
    socket.once('connect', () => {
      socket.write('GET /_follow/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n');
      resolve(follower);
    });
    socket.once('data', (chunk: Buffer) => {
      if (!chunk.subarray(0, 12).toString('latin1').startsWith('HTTP/1.1 200')) reject(new Error(`follower refused: ${chunk.toString('latin1', 0, 40)}`));
    });
    socket.on('data', (chunk: Buffer) => {
      const at = chunk.lastIndexOf(seqMark);
      if (at >= 0) onSeq(follower, parseInt(chunk.toString('latin1', at + seqMark.length, at + seqMark.length + 12), 10));
    });
    socket.on('error', reject);
  });
}
const seqMark = Buffer.from('"seq":');

function control(slide: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const body = JSON.stringify({ slide, blackout: false });
    const req = request(
      { host: '127.0.0.1', port, method: 'POST', path: '/_follow/control', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } },
      (res) => {
        let text = '';
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => (res.statusCode === 200 ? resolve(JSON.parse(text).seq) : reject(new Error(`control refused: ${res.statusCode} ${text}`))));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

const baseline = await serverMemory();
console.log(`follow benchmark: ${rounds} control requests per size, server in its own process, loopback, heartbeat every 1 s`);
console.log(`server with no followers: RSS ${mb(baseline.rss)} MB, heap ${mb(baseline.heapUsed)} MB\n`);
console.log('| followers | p50 (ms) | p99 (ms) | max (ms) | server fan-out p50 / p99 (ms) | server RSS (MB) | RSS / follower (kB) | heap / follower (kB) |');
console.log('|---:|---:|---:|---:|---:|---:|---:|---:|');

let slide = 0;
let state = 0;
const followers: Follower[] = [];
for (const size of sizes) {
  // Connect in batches: a burst of thousands of SYNs would overflow the listen backlog.
  while (followers.length < size) {
    const batch = Math.min(250, size - followers.length);
    followers.push(...(await Promise.all(Array.from({ length: batch }, openFollower))));
  }
  // Every follower has had its first state.
  while (followers.some((f) => f.seen < state)) await new Promise((resolve) => setTimeout(resolve, 10));

  const latencies: number[] = [];
  for (let round = 0; round < rounds; round++) {
    slide = (slide + 1) % 1000;
    const started = performance.now();
    const received = new Promise<number>((resolve) => (waiting = { target: state + 1, remaining: followers.length, done: resolve }));
    state = await control(slide);
    if (waiting!.target !== state) throw new Error(`unexpected sequence ${state}`);
    latencies.push((await received) - started);
  }
  waiting = undefined;
  latencies.sort((a, b) => a - b);
  const memory = await serverMemory();
  const handling = memory.handling.sort((a, b) => a - b);
  if (memory.attendees !== size) throw new Error(`server holds ${memory.attendees} followers, expected ${size}`);
  const perRss = ((memory.rss - baseline.rss) / size / 1024).toFixed(1);
  const perHeap = ((memory.heapUsed - baseline.heapUsed) / size / 1024).toFixed(1);
  console.log(
    `| ${size} | ${percentile(latencies, 50).toFixed(1)} | ${percentile(latencies, 99).toFixed(1)} | ${latencies.at(-1)!.toFixed(1)} | ` +
      `${percentile(handling, 50).toFixed(1)} / ${percentile(handling, 99).toFixed(1)} | ${mb(memory.rss)} | ${perRss} | ${perHeap} |`,
  );
}

for (const follower of followers) follower.socket.destroy();
server.kill();
