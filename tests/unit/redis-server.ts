/**
 * A throwaway `redis-server` for tests and benchmarks: its own loopback port, no persistence,
 * not daemonised, killed when this process exits (also on failure). It can be killed and
 * started again on the same port, as an outage would.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { connect, createServer, type Socket } from 'node:net';

export interface RedisServer {
  port: number;
  url: string;
  /** Starts it (again) on the same port; resolves once it accepts connections. */
  start(): Promise<void>;
  /** Kills it (SIGKILL by default: a crash, its data lost). */
  stop(signal?: NodeJS.Signals): Promise<void>;
  /** Freezes it (SIGSTOP): connections stay open, nothing answers. */
  freeze(): void;
  /** Thaws it (SIGCONT). */
  thaw(): void;
}

const children = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});

/** A port free on 127.0.0.1 now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

export async function startRedisServer(): Promise<RedisServer> {
  const port = await freePort();
  let child: ChildProcess | undefined;
  const server: RedisServer = {
    port,
    url: `redis://127.0.0.1:${port}`,
    start: () =>
      new Promise<void>((resolve, reject) => {
        const started = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no'], {
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        child = started;
        children.add(started);
        let output = '';
        const timer = setTimeout(() => reject(new Error(`redis-server was not ready within 10 s: ${output}`)), 10_000);
        started.stdout!.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          if (output.includes('Ready to accept connections')) {
            clearTimeout(timer);
            resolve();
          }
        });
        started.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
        started.once('error', (error) => {
          clearTimeout(timer);
          reject(new Error(`cannot start redis-server (install it: apt install redis-server): ${error.message}`));
        });
        started.once('exit', (code) => {
          clearTimeout(timer);
          children.delete(started);
          reject(new Error(`redis-server exited (${code}): ${output}`));
        });
      }),
    freeze: () => void child?.kill('SIGSTOP'),
    thaw: () => void child?.kill('SIGCONT'),
    stop: (signal = 'SIGKILL') =>
      new Promise<void>((resolve) => {
        const running = child;
        if (!running || running.exitCode !== null || running.signalCode !== null) return resolve();
        running.once('exit', () => resolve());
        running.kill('SIGCONT'); // a frozen one would not die of SIGTERM
        running.kill(signal);
      }),
  };
  await server.start();
  return server;
}

/**
 * One replica's own line to Redis: a loopback TCP relay that the test can cut (every open
 * connection reset, new ones closed at once) and restore, so that replicas lose Redis together
 * and get it back in an order the test picks.
 */
export interface RedisCable {
  url: string;
  cut(): void;
  restore(): void;
  close(): Promise<void>;
}

export async function redisCable(redisPort: number): Promise<RedisCable> {
  const sockets = new Set<Socket>();
  let connected = true;
  const relay = createServer((client) => {
    if (!connected) return void client.destroy();
    const upstream = connect(redisPort, '127.0.0.1');
    for (const [from, to] of [
      [client, upstream],
      [upstream, client],
    ]) {
      sockets.add(from);
      from.on('error', () => to.destroy());
      from.on('close', () => {
        sockets.delete(from);
        to.destroy();
      });
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
  const { port } = relay.address() as { port: number };
  return {
    url: `redis://127.0.0.1:${port}`,
    cut() {
      connected = false;
      for (const socket of sockets) socket.destroy();
    },
    restore: () => void (connected = true),
    close() {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => relay.close(() => resolve()));
    },
  };
}
