/**
 * `npm start` as a process, for unit and browser tests alike: node itself (not npx, so that a
 * signal reaches the server), on a free loopback port, output piped as in a container.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { deckCommand } from '../deck-command.ts';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

export interface DeckProcess {
  child: ChildProcess;
  /** The printed `Attendees:` address. */
  attendees: string;
  /** The printed `Presenter:` address, without its `#presenter=` part. */
  presenter: string;
  port: number;
  /** Everything it printed so far, standard output and error. */
  output(): string;
  /** SIGTERM (after SIGCONT, in case a test froze it); resolves once it has exited. */
  stop(): Promise<void>;
}

/**
 * Starts `npm start`'s command (`scripts/deck.mjs start`, compiled as npm runs it) with `args`, `env` over this process's environment (PORT 0, HOST
 * 127.0.0.1 unless given; XDG_CONFIG_HOME a folder of its own, removed when it exits, unless
 * given: the presenter's secret and the talk clock are kept there, never in the user's own);
 * resolves once it has printed both addresses, fails with its output if it exits first or
 * prints nothing within `timeoutMs`. Without `handout`, it exports no handout in the background
 * (`--no-pdf`): a Chromium per server would slow every test down.
 */
export function startDeckProcess(
  options: { args?: string[]; env?: Record<string, string | undefined>; timeoutMs?: number; handout?: boolean } = {},
): Promise<DeckProcess> {
  const { args = [], env = {}, timeoutMs = 15_000, handout = false } = options;
  const ownConfig = 'XDG_CONFIG_HOME' in env ? undefined : mkdtempSync(path.join(tmpdir(), 'deck-config-'));
  const child = spawn(process.execPath, deckCommand('start', ...(handout ? [] : ['--no-pdf']), ...args), {
    cwd: repoRoot,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', ...(ownConfig ? { XDG_CONFIG_HOME: ownConfig } : {}), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (ownConfig) child.once('exit', () => rmSync(ownConfig, { recursive: true, force: true }));
  let text = '';
  child.stderr!.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGCONT');
      child.kill('SIGTERM');
    });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`npm start printed no addresses within ${timeoutMs / 1000} s:\n${text}`));
    }, timeoutMs);
    child.stdout!.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const attendees = /^\s*Attendees: (\S+)/m.exec(text)?.[1];
      const presenter = /^\s*Presenter: (\S+?)#presenter=/m.exec(text)?.[1];
      if (!attendees || !presenter) return;
      clearTimeout(timer);
      resolve({ child, attendees, presenter, port: Number(new URL(attendees).port), output: () => text, stop });
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`npm start exited (${code ?? signal}):\n${text}`));
    });
  });
}
