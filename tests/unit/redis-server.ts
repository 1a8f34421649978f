/**
 * A throwaway `redis-server` for tests and benchmarks: its own loopback port, no persistence,
 * not daemonised, killed when this process exits (also on failure). It can be killed and
 * started again on the same port, as an outage would.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

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
        started.stdout!.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          if (output.includes('Ready to accept connections')) resolve();
        });
        started.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
        started.once('error', (error) => reject(new Error(`cannot start redis-server (install it: apt install redis-server): ${error.message}`)));
        started.once('exit', (code) => {
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
