/**
 * `npm run bench:follow [-- 1000 5000]`: N simulated followers on loopback hold the event stream
 * of a follow server running in its own process (bench/follow-server.ts). For each of R control
 * requests it times presenter request → the LAST follower receiving the new state, and reports
 * p50/p99 over the rounds; then the server's memory per follower (RSS and heap after a full GC,
 * minus the same with no followers), and the server's own time per control request (the fan-out loop).
 * Goals (issue 3): p99 < 50 ms with 1,000 followers; 5,000 followers held in < 300 MB.
 */
import { performance } from 'node:perf_hooks';
import { control, FollowerPool, forkServer, mb, percentile } from './follow-clients.ts';

const counts = process.argv.slice(2).map(Number).filter((n) => n > 0);
const sizes = counts.length > 0 ? counts : [100, 1000, 5000];
const rounds = Number(process.env.BENCH_ROUNDS ?? 200);

const server = await forkServer();
const port = server.port;
const serverMemory = () => server.memory();
const pool = new FollowerPool();

const baseline = await serverMemory();
console.log(`follow benchmark: ${rounds} control requests per size, server in its own process, loopback, heartbeat every 1 s`);
console.log(`server with no followers: RSS ${mb(baseline.rss)} MB, heap ${mb(baseline.heapUsed)} MB\n`);
console.log('| followers | p50 (ms) | p99 (ms) | max (ms) | server fan-out p50 / p99 (ms) | server RSS (MB) | RSS / follower (kB) | heap / follower (kB) |');
console.log('|---:|---:|---:|---:|---:|---:|---:|---:|');

let slide = 0;
let state = 0;
for (const size of sizes) {
  await pool.open(port, size - pool.followers.length);
  // Every follower has had its first state.
  await pool.allAt(state);

  const latencies: number[] = [];
  for (let round = 0; round < rounds; round++) {
    slide = (slide + 1) % 1000;
    const started = performance.now();
    const received = pool.expect(state + 1);
    const expected = state + 1;
    state = await control(port, slide);
    if (expected !== state) throw new Error(`unexpected sequence ${state}`);
    latencies.push((await received) - started);
  }
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

pool.close();
server.kill();
