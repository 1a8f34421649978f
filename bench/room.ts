/**
 * `npm run bench:room [-- 1000] [-- --memory | --redis]`: N simulated attendees (default 1,000)
 * each hold a follow stream with their own key (from 50 loopback addresses, 20 each: the server's
 * default caps) and check in ("done") at a random moment within 10 s, while the presenter reads
 * the room's stream. Reports: check-ins accepted; the presenter's tally at the end (it must be
 * exactly N) and how long after the last check-in's answer it got there (goal: within 1 s); the
 * delay from each check-in's answer to the presenter's tally counting it (p50, p99, max); each
 * attendee's own view; the check-in requests' latency; the server's CPU time over the 10 s and
 * its memory after a full GC. `--redis`: two replicas through a redis-server, the presenter on
 * one, streams on both, each check-in sent to the replica that does NOT hold its stream.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Agent, request } from 'node:http';
import { connect, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { eventStreamParser } from '../src/shared/event-stream.ts';
import type { StaffRoomView } from '../src/shared/room-protocol.ts';
import { startRedisServer, type RedisServer } from '../tests/unit/redis-server.ts';
import { mb, percentile } from './follow-clients.ts';

const count = Number(process.argv.find((arg) => /^\d+$/.test(arg)) ?? 1000);
const modes = process.argv.includes('--memory') ? ['memory'] : process.argv.includes('--redis') ? ['redis'] : ['memory', 'redis'];
const windowMs = 10_000;
const token = 'bench-room-presenter-secret';
const addresses = Array.from({ length: Math.ceil(count / 20) }, (_, i) => `127.0.${1 + Math.floor(i / 250)}.${1 + (i % 250)}`);

interface Replica {
  port: number;
  child: ChildProcess;
  measure(): Promise<{ rss: number; heapUsed: number; cpuMs: number; attendees: number; handling: number[] }>;
}

async function replica(env: Record<string, string>): Promise<Replica> {
  const child = fork(fileURLToPath(new URL('./room-server.ts', import.meta.url)), [], { execArgv: ['--import', 'tsx', '--expose-gc'], env: { ...process.env, BENCH_TOKEN: token, ...env } });
  const port = await new Promise<number>((resolve) => child.once('message', (m: { port: number }) => resolve(m.port)));
  return {
    port,
    child,
    measure: () =>
      new Promise((resolve) => {
        child.once('message', (m: Awaited<ReturnType<Replica['measure']>>) => resolve(m));
        child.send('measure');
      }),
  };
}

/** An event stream on a raw socket; `onData` gets each event's data. */
function stream(port: number, headers: Record<string, string>, localAddress: string, onData: (data: string) => void): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host: '127.0.0.1', localAddress });
    const parser = eventStreamParser((data) => data && onData(data));
    let head = '';
    socket.setEncoding('utf8');
    socket.once('connect', () => {
      const lines = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`).join('');
      socket.write(`GET ${headers.path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n${lines}\r\n`);
    });
    socket.on('data', (chunk: string) => {
      if (head !== undefined && !head.includes('\r\n\r\n')) {
        head += chunk;
        const end = head.indexOf('\r\n\r\n');
        if (end < 0) return;
        if (!head.startsWith('HTTP/1.1 200')) return reject(new Error(`stream refused: ${head.slice(0, 60)}`));
        resolve(socket);
        parser.push(head.slice(end + 4));
        return;
      }
      parser.push(chunk);
    });
    socket.on('error', reject);
  });
}

async function run(mode: string): Promise<void> {
  let redis: RedisServer | undefined;
  const env: Record<string, string> = {};
  if (mode === 'redis') {
    redis = await startRedisServer();
    Object.assign(env, { REDIS_URL: redis.url, DECK_REDIS_PREFIX: `bench-room-${process.pid}` });
  }
  const replicas = await Promise.all((mode === 'redis' ? [1, 2] : [1]).map(() => replica(env)));
  if (redis) await new Promise((resolve) => setTimeout(resolve, 1500)); // both replicas connected and loaded

  const empty = await Promise.all(replicas.map((r) => r.measure()));
  // The presenter, on the first replica.
  const views: Array<{ at: number; view: StaffRoomView }> = [];
  const presenter = await stream(replicas[0].port, { path: '/_room/events', Authorization: `Bearer ${token}` }, '127.0.0.1', (data) => views.push({ at: performance.now(), view: JSON.parse(data) }));
  const done = () => views.at(-1)?.view.exercises['lab-1']?.done ?? 0;

  // The attendees: each one's stream, on alternate replicas; their own "done" as it reaches them.
  const attendees = Array.from({ length: count }, (_, i) => ({ key: randomBytes(24).toString('base64url'), address: addresses[Math.floor(i / 20)], home: i % replicas.length, seesDone: 0 }));
  const sockets: Socket[] = [];
  for (let i = 0; i < count; i += 100) {
    sockets.push(
      ...(await Promise.all(
        attendees.slice(i, i + 100).map((a) => stream(replicas[a.home].port, { path: '/_follow/events', 'Deck-Attendee': a.key }, a.address, (data) => (a.seesDone ||= data.includes('"status":"done"') ? performance.now() : 0))),
      )),
    );
  }
  const following = async () => {
    const deadline = Date.now() + 15_000;
    while ((views.at(-1)?.view.following ?? 0) < count) {
      if (Date.now() > deadline) throw new Error(`the presenter sees ${views.at(-1)?.view.following} following, not ${count}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  await following();
  const before = await Promise.all(replicas.map((r) => r.measure()));

  // Each checks in once, at a random moment of the 10 s, on the replica that does not hold its stream.
  const agents = new Map(addresses.map((address) => [address, new Agent({ keepAlive: true, maxSockets: 4, localAddress: address })]));
  const answers: Array<{ at: number; status: number; took: number }> = [];
  const started = performance.now();
  // A kept-alive socket the server closes just as a request goes out fails: the page retries, so does this.
  const checkIn = (a: (typeof attendees)[number], retries: number): Promise<void> =>
    new Promise<void>((resolve) => {
      const sent = performance.now();
      const body = JSON.stringify({ action: 'done', exercise: 'lab-1' });
      const port = replicas[(a.home + 1) % replicas.length].port;
      const req = request({ host: '127.0.0.1', port, method: 'POST', path: '/_room/attendee', agent: agents.get(a.address), headers: { 'Content-Type': 'application/json', 'Deck-Attendee': a.key, 'Content-Length': Buffer.byteLength(body) } }, (res) => {
        res.resume();
        res.on('end', () => {
          const at = performance.now();
          answers.push({ at, status: res.statusCode ?? 0, took: at - sent });
          resolve();
        });
      });
      req.on('error', () => void (retries > 0 ? checkIn(a, retries - 1).then(resolve) : resolve()));
      req.end(body);
    });
  await Promise.all(attendees.map((a) => new Promise<void>((resolve) => setTimeout(() => void checkIn(a, 2).then(resolve), Math.random() * windowMs))));
  const lastAnswer = Math.max(...answers.map((a) => a.at));
  const deadline = performance.now() + 5000;
  while (done() < count && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
  const exactAt = views.find((v) => v.view.exercises['lab-1']?.done === count)?.at;
  const after = await Promise.all(replicas.map((r) => r.measure()));
  await new Promise((resolve) => setTimeout(resolve, 300));

  // Delay from each accepted check-in's answer (in order) to the presenter's tally reaching it.
  const accepted = answers.filter((a) => a.status === 200).sort((x, y) => x.at - y.at);
  const delays = accepted.map((answer, k) => (views.find((v) => (v.view.exercises['lab-1']?.done ?? 0) >= k + 1 && v.at >= started)?.at ?? Infinity) - answer.at).map((d) => Math.max(0, d)).sort((a, b) => a - b);
  const took = accepted.map((a) => a.took).sort((a, b) => a - b);
  const handled = after.flatMap((m) => m.handling).sort((a, b) => a - b);
  const seen = attendees.filter((a) => a.seesDone > 0).length;
  const cpu = after.reduce((sum, m, i) => sum + m.cpuMs - before[i].cpuMs, 0);
  const spanS = (lastAnswer - started) / 1000;
  console.log(`\n${mode === 'redis' ? 'Two replicas through Redis' : 'One server, memory store'}: ${count} attendees, check-ins over ${spanS.toFixed(1)} s`);
  console.log(`| check-ins accepted | presenter's tally | tally exact after the last answer | answer → tally p50 / p99 / max (ms) | attendees who saw their own check-in | check-in latency p50 / p99 (ms), in the server | server CPU (ms, % of a core) | server RSS / heap after GC (MB) | RSS / heap per attendee (kB) |`);
  console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  console.log(
    `| ${accepted.length} of ${count} | ${done()} | ${exactAt === undefined ? 'never' : `${Math.max(0, exactAt - lastAnswer).toFixed(0)} ms`} | ` +
      `${percentile(delays, 50).toFixed(0)} / ${percentile(delays, 99).toFixed(0)} / ${delays.at(-1)!.toFixed(0)} | ${seen} | ` +
      `${percentile(took, 50).toFixed(1)} / ${percentile(took, 99).toFixed(1)}, ${percentile(handled, 50).toFixed(1)} / ${percentile(handled, 99).toFixed(1)} | ${cpu.toFixed(0)} (${((100 * cpu) / (spanS * 1000)).toFixed(1)} %) | ` +
      `${after.map((m) => `${mb(m.rss)} / ${mb(m.heapUsed)}`).join(' + ')} | ` +
      `${((after.reduce((sum, m, i) => sum + m.rss - empty[i].rss, 0) / count) / 1024).toFixed(1)} / ${((after.reduce((sum, m, i) => sum + m.heapUsed - empty[i].heapUsed, 0) / count) / 1024).toFixed(1)} |`,
  );
  const refused = answers.filter((a) => a.status !== 200);
  if (refused.length) console.log(`refused: ${[...new Set(refused.map((a) => a.status))].join(', ')} (${refused.length})`);

  presenter.destroy();
  for (const socket of sockets) socket.destroy();
  for (const agent of agents.values()) agent.destroy();
  for (const r of replicas) r.child.kill();
  await redis?.stop();
}

for (const mode of modes) await run(mode);
