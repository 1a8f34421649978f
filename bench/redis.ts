/**
 * `npm run bench:redis [-- 2500]`: two follow-server replicas (bench/follow-server.ts, each in its
 * own process) share the state through one redis-server (started here on a free loopback port),
 * with N simulated followers on EACH replica (default 2,500: 5,000 in all). For each of R
 * control requests sent to replica A it times presenter request → the LAST follower, on either
 * replica, receiving the new state; reports p50/p99, and each replica's memory (RSS and heap
 * after a full GC, and the growth over the same with no followers). Needs `redis-server`.
 */
import { performance } from 'node:perf_hooks';
import { startRedisServer } from '../tests/unit/redis-server.ts';
import { control, FollowerPool, forkServer, mb, percentile, type BenchServer } from './follow-clients.ts';

const perReplica = Number(process.argv[2] ?? 2500);
const rounds = Number(process.env.BENCH_ROUNDS ?? 200);

const redis = await startRedisServer();
const env = { REDIS_URL: redis.url, DECK_REDIS_PREFIX: `bench-${process.pid}` };
const replicas: BenchServer[] = [await forkServer(env), await forkServer(env)];
const pool = new FollowerPool();
const stop = async () => {
  pool.close();
  for (const replica of replicas) replica.kill();
  await redis.stop();
};

try {
  for (const replica of replicas) {
    const deadline = Date.now() + 10_000;
    while (!(await replica.ready().catch(() => false))) {
      if (Date.now() > deadline) throw new Error(`replica on port ${replica.port} never became ready (Redis at ${redis.url})`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  const baselines = await Promise.all(replicas.map((replica) => replica.memory()));
  for (const replica of replicas) await pool.open(replica.port, perReplica);
  await pool.allAt(0);

  const [a] = replicas;
  const latencies: number[] = [];
  let state = 0;
  for (let round = 0; round < rounds; round++) {
    const started = performance.now();
    const received = pool.expect(state + 1);
    const expected = state + 1;
    state = await control(a.port, (round % 999) + 1);
    if (state !== expected) throw new Error(`unexpected sequence ${state}, expected ${expected}`);
    latencies.push((await received) - started);
  }
  latencies.sort((x, y) => x - y);
  const memories = await Promise.all(replicas.map((replica) => replica.memory()));

  console.log(`follow over Redis: 2 replicas x ${perReplica} followers, one redis-server, ${rounds} control requests to replica A, loopback, heartbeat every 1 s\n`);
  console.log('| propagation to the last of all followers | p50 (ms) | p99 (ms) | max (ms) |');
  console.log('|---|---:|---:|---:|');
  console.log(`| ${pool.followers.length} followers | ${percentile(latencies, 50).toFixed(1)} | ${percentile(latencies, 99).toFixed(1)} | ${latencies.at(-1)!.toFixed(1)} |\n`);
  console.log('| replica | followers | RSS (MB) | RSS with none (MB) | heap (MB) | RSS / follower (kB) | heap / follower (kB) | control handling p50 / p99 (ms) |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
  memories.forEach((memory, i) => {
    const base = baselines[i];
    const handling = memory.handling.sort((x, y) => x - y);
    if (memory.attendees !== perReplica) throw new Error(`replica ${i} holds ${memory.attendees} followers, expected ${perReplica}`);
    console.log(
      `| ${i === 0 ? 'A (presenter)' : 'B'} | ${memory.attendees} | ${mb(memory.rss)} | ${mb(base.rss)} | ${mb(memory.heapUsed)} | ` +
        `${((memory.rss - base.rss) / perReplica / 1024).toFixed(1)} | ${((memory.heapUsed - base.heapUsed) / perReplica / 1024).toFixed(1)} | ` +
        (handling.length ? `${percentile(handling, 50).toFixed(1)} / ${percentile(handling, 99).toFixed(1)}` : '–') +
        ' |',
    );
  });
} finally {
  await stop();
}
