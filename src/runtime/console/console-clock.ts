/**
 * The talk clock as the presenter console sees it (src/shared/talk-clock.ts): the follow
 * server's, carried on the presenter's event stream and changed with `POST _follow/clock`; or,
 * on a plain static host (no server), one kept in this browser's localStorage, by the same rules.
 * Either way it survives a reload.
 */
import { followPath } from '../../shared/build-info.js';
import { applyClockAction, clockJson, parseTalkClock, stoppedClock, type ClockAction, type TalkClock } from '../../shared/talk-clock.js';
import type { FollowClient } from '../follow.js';

export interface ClockReading {
  clock: TalkClock;
  /** Add to this page's `Date.now()` to get the clock's own time (the server's). */
  offsetMs: number;
}

export interface ConsoleClock {
  /** Undefined until the server has said. */
  read(): ClockReading | undefined;
  request(action: ClockAction): void;
  onChange(listener: () => void): void;
  /** True when the server keeps it; false on a static host (this browser keeps it). */
  readonly shared: boolean;
}

/** The follow server's clock, for the presenter's page (it holds the secret). */
export function serverClock(follow: FollowClient, token: string): ConsoleClock {
  let reading: ClockReading | undefined;
  const listeners = new Set<() => void>();
  const take = (clock: TalkClock & { now: number }) => {
    const { now, ...rest } = clock;
    reading = { clock: rest, offsetMs: now - Date.now() };
    listeners.forEach((listener) => listener());
  };
  follow.watch((view) => {
    if (view.live?.clock) take(view.live.clock);
  });
  return {
    shared: true,
    read: () => reading,
    request(action) {
      void fetch(new URL(`.${followPath}clock`, document.baseURI), {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(action),
        cache: 'no-store',
      })
        .then(async (response) => (response.ok ? take((await response.json()) as TalkClock & { now: number }) : undefined))
        .catch(() => {}); // the stream brings the clock again once the server is back
    },
    onChange: (listener) => void listeners.add(listener),
  };
}

const storageKey = 'deck-talk-clock';

/** A clock kept by this browser, for a deck on a plain static host. */
export function localClock(): ConsoleClock {
  const listeners = new Set<() => void>();
  let clock = stoppedClock();
  try {
    clock = parseTalkClock(localStorage.getItem(storageKey) ?? '', Date.now()) ?? clock;
  } catch {
    // storage disabled: the clock lasts as long as the page
  }
  return {
    shared: false,
    read: () => ({ clock, offsetMs: 0 }),
    request(action) {
      const next = applyClockAction(clock, action, Date.now());
      if (next === clock) return;
      clock = next;
      try {
        localStorage.setItem(storageKey, clockJson(clock));
      } catch {
        // as above
      }
      listeners.forEach((listener) => listener());
    },
    onChange: (listener) => void listeners.add(listener),
  };
}
