/**
 * The follow benchmarks' shared parts (bench/follow.ts, bench/redis.ts): a follow server in a
 * process of its own (bench/follow-server.ts), thousands of cheap simulated followers, the
 * presenter's control request, and percentiles.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { connect, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

export const benchToken = 'bench-presenter-secret';

export interface ServerMemory {
  rss: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
  attendees: number;
  /** ms from each control request's arrival to its response, in the server (fan-out included). */
  handling: number[];
}

export interface BenchServer {
  port: number;
  process: ChildProcess;
  /** Memory after a full GC, and the control requests' handling times since the last call. */
  memory(): Promise<ServerMemory>;
  /** Readiness as the server's /readyz reports it. */
  ready(): Promise<boolean>;
  kill(): void;
}

/** bench/follow-server.ts in its own process; `env` adds e.g. REDIS_URL. */
export async function forkServer(env: Record<string, string> = {}): Promise<BenchServer> {
  const child = fork(fileURLToPath(new URL('./follow-server.ts', import.meta.url)), [], {
    execArgv: ['--import', 'tsx', '--expose-gc'],
    env: { ...process.env, BENCH_TOKEN: benchToken, ...env },
  });
  const port = await new Promise<number>((resolve) => child.once('message', (m: { port: number }) => resolve(m.port)));
  return {
    port,
    process: child,
    memory: () =>
      new Promise((resolve) => {
        child.once('message', (m: ServerMemory) => resolve(m));
        child.send('memory');
      }),
    ready: async () => (await fetch(`http://127.0.0.1:${port}/readyz`)).ok,
    kill: () => void child.kill(),
  };
}

/** One follower: the highest sequence number it has received. */
interface Follower {
  socket: Socket;
  seen: number;
}

const seqMark = Buffer.from('"seq":');

/** Simulated followers, on any number of servers, and the wait for all of them to reach a state. */
export class FollowerPool {
  readonly followers: Follower[] = [];
  private waiting: { target: number; remaining: number; done: (at: number) => void } | undefined;

  private onSeq(follower: Follower, seq: number): void {
    if (seq <= follower.seen) return;
    const before = follower.seen;
    follower.seen = seq;
    const waiting = this.waiting;
    if (waiting && before < waiting.target && seq >= waiting.target && --waiting.remaining === 0) waiting.done(performance.now());
  }

  /**
   * A follower as cheap as can be: a raw socket that sends the request a browser would and scans
   * what comes back for the newest `"seq":`. A browser spends its own CPU on this; here thousands
   * share one process with the measurement, so the client must not be what is measured.
   */
  private openOne(port: number): Promise<Follower> {
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
        if (at >= 0) this.onSeq(follower, parseInt(chunk.toString('latin1', at + seqMark.length, at + seqMark.length + 12), 10));
      });
      socket.on('error', reject);
    });
  }

  /** Opens `count` more followers on `port`, in batches: a burst of thousands of SYNs would overflow the listen backlog. */
  async open(port: number, count: number): Promise<void> {
    for (let opened = 0; opened < count; ) {
      const batch = Math.min(250, count - opened);
      this.followers.push(...(await Promise.all(Array.from({ length: batch }, () => this.openOne(port)))));
      opened += batch;
    }
  }

  /** Resolves when every follower has received a state with sequence `seq` or later. */
  async allAt(seq: number): Promise<void> {
    while (this.followers.some((f) => f.seen < seq)) await new Promise((resolve) => setTimeout(resolve, 10));
  }

  /** Resolves with the time (performance.now()) the LAST follower received sequence `target`. */
  expect(target: number): Promise<number> {
    return new Promise((resolve) => (this.waiting = { target, remaining: this.followers.length, done: resolve }));
  }

  close(): void {
    this.waiting = undefined;
    for (const follower of this.followers) follower.socket.destroy();
  }
}

/** The presenter's control request; resolves with the state's new sequence number. */
export function control(port: number, slide: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const body = JSON.stringify({ slide, blackout: false });
    const req = request(
      { host: '127.0.0.1', port, method: 'POST', path: '/_follow/control', headers: { Authorization: `Bearer ${benchToken}`, 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } },
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

export const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
export const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
