/**
 * Where the follow server keeps the talk clock (src/shared/talk-clock.ts) so that it survives
 * reloads, restarts and a second device: in this process, saved to a small file of the user's
 * own next to the presenter's secret (one server), or in Redis (`<prefix>:clock`, several
 * replicas). Like the follow state (follow-store.ts), behind one small interface.
 */
import { applyClockAction, clockJson, parseTalkClock, stoppedClock, type ClockAction, type TalkClock } from '../shared/talk-clock.js';
import { readPrivateFile, writePrivateFile } from './secret-file.js';

export interface ClockStore {
  /** The clock as this process knows it now. */
  current(): TalkClock;
  /** The presenter's request; resolves to the clock afterwards. Listeners hear of a change first. */
  apply(action: ClockAction): Promise<TalkClock>;
  /** Called on every change, whichever replica made it. */
  onChange(listener: (clock: TalkClock) => void): void;
  close(): Promise<void>;
}

export interface FileClockOptions {
  /** Where the clock is saved (mode 0600); none: this process's memory only. */
  file?: string;
  /** Where a file that cannot be read or written is reported (once each). */
  log?: (line: string) => void;
  now?: () => number;
}

/** The clock of one server, saved to `file` on every change and read back at start. */
export function createFileClockStore({ file, log = () => {}, now = Date.now }: FileClockOptions = {}): ClockStore {
  let clock = stoppedClock();
  const listeners = new Set<(clock: TalkClock) => void>();
  const told = new Set<string>();
  const tell = (line: string) => {
    if (told.has(line)) return;
    told.add(line);
    log(line);
  };
  if (file) {
    try {
      const text = readPrivateFile(file);
      const read = text === undefined ? undefined : parseTalkClock(text, now());
      if (read) clock = read;
      else if (text !== undefined) tell(`The talk clock in ${file} is not one (edited by hand?): it starts again from zero.`);
    } catch (error) {
      tell(`The talk clock cannot be read from ${file} (${(error as Error).message}): it starts from zero and lives in memory.`);
    }
  }
  const save = () => {
    if (!file) return;
    try {
      writePrivateFile(file, `${clockJson(clock)}\n`, 'replace');
    } catch (error) {
      tell(`The talk clock cannot be saved to ${file} (${(error as Error).message}): a restart will forget it.`);
    }
  };
  return {
    current: () => clock,
    async apply(action) {
      const next = applyClockAction(clock, action, now());
      if (next === clock) return clock;
      clock = next;
      save();
      for (const listener of listeners) listener(clock);
      return clock;
    },
    onChange: (listener) => void listeners.add(listener),
    async close() {},
  };
}
