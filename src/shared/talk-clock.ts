/**
 * The talk's clock, kept by the follow server (not by the presenter's page), so that a reload, a
 * second device or a server restart finds the same elapsed time. Pure: the server's stores
 * (src/server/clock-store.ts) hold it, the presenter console (src/runtime/console/) shows it.
 *
 * It starts with the presenter's first move (or their Start), pauses and resumes on request, and
 * records when each chapter was first reached, which paces the chapter on screen. Times are the
 * server's clock; a page counts on from the server's `now` sent with the clock.
 */

export interface TalkClock {
  /** Milliseconds counted in runs that ended (the clock paused since). */
  elapsedMs: number;
  /** When the current run began (ms since 1970, the server's clock); null while stopped or paused. */
  runningSince: number | null;
  /** Elapsed milliseconds at which each chapter was first reached, by the id of its title slide. */
  chapters: Record<string, number>;
}

/** What the presenter may ask of the clock (`POST _follow/clock`). */
export type ClockAction = { action: 'start' } | { action: 'pause' } | { action: 'reset' } | { action: 'chapter'; id: string };

/** The clock as the presenter's stream carries it: plus the server's clock when it was sent. */
export interface ClockView extends TalkClock {
  now: number;
}

/** Chapters recorded at most: a day has a few dozen. */
export const maxChapterMarks = 200;
const maxIdLength = 200;
/** A stored clock longer than this is not one. */
export const maxClockBytes = 32 * 1024;

export function stoppedClock(): TalkClock {
  return { elapsedMs: 0, runningSince: null, chapters: {} };
}

export function clockStarted(clock: TalkClock): boolean {
  return clock.runningSince !== null || clock.elapsedMs > 0;
}

/** Milliseconds counted at `now` (never negative, even if the clock went back). */
export function clockElapsed(clock: TalkClock, now: number): number {
  return clock.elapsedMs + (clock.runningSince === null ? 0 : Math.max(0, now - clock.runningSince));
}

/** The clock after `action` at `now`: the same object when it changes nothing. */
export function applyClockAction(clock: TalkClock, action: ClockAction, now: number): TalkClock {
  switch (action.action) {
    case 'start':
      return clock.runningSince === null ? { ...clock, runningSince: now } : clock;
    case 'pause':
      return clock.runningSince === null ? clock : { ...clock, elapsedMs: clockElapsed(clock, now), runningSince: null };
    case 'reset':
      return clockStarted(clock) || Object.keys(clock.chapters).length > 0 ? stoppedClock() : clock;
    case 'chapter': {
      const marks = Object.keys(clock.chapters);
      if (!clockStarted(clock) || Object.hasOwn(clock.chapters, action.id) || marks.length >= maxChapterMarks) return clock;
      return { ...clock, chapters: { ...clock.chapters, [action.id]: clockElapsed(clock, now) } };
    }
  }
}

function record(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

const isId = (value: unknown): value is string => typeof value === 'string' && value.length > 0 && value.length <= maxIdLength && /^[^\p{Cc}]+$/u.test(value);
const isTime = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;

export type ParsedClockAction = { ok: true; action: ClockAction } | { ok: false; error: string };

/** A clock request's body: `{"action": "start" | "pause" | "reset"}` or `{"action": "chapter", "id": <slide id>}`. */
export function parseClockAction(body: string): ParsedClockAction {
  const value = record(body);
  if (!value) return { ok: false, error: 'body must be a JSON object' };
  const { action, id, ...rest } = value;
  if (Object.keys(rest).length > 0) return { ok: false, error: `unknown field ${JSON.stringify(Object.keys(rest)[0])}` };
  if (action === 'chapter') {
    return isId(id) ? { ok: true, action: { action, id } } : { ok: false, error: `"id" must be the chapter's title slide id, 1 to ${maxIdLength} characters` };
  }
  if (id !== undefined) return { ok: false, error: '"id" goes with "action": "chapter" only' };
  if (action === 'start' || action === 'pause' || action === 'reset') return { ok: true, action: { action } };
  return { ok: false, error: '"action" must be "start", "pause", "reset" or "chapter"' };
}

/**
 * A clock read back from a file or from Redis, checked: exactly its fields, times in range (a
 * run begun at most a minute ahead of `now`). Anything else is no clock (`undefined`).
 */
export function parseTalkClock(text: string, now: number): TalkClock | undefined {
  if (text.length > maxClockBytes) return undefined;
  const value = record(text);
  if (!value || Object.keys(value).length !== 3) return undefined;
  const { elapsedMs, runningSince, chapters } = value;
  if (!isTime(elapsedMs) || !(runningSince === null || (isTime(runningSince) && runningSince <= now + 60_000))) return undefined;
  if (typeof chapters !== 'object' || chapters === null || Array.isArray(chapters)) return undefined;
  const entries = Object.entries(chapters);
  if (entries.length > maxChapterMarks || !entries.every(([id, at]) => isId(id) && isTime(at))) return undefined;
  return { elapsedMs, runningSince, chapters: Object.fromEntries(entries) as Record<string, number> };
}

export function clockJson(clock: TalkClock): string {
  return JSON.stringify({ elapsedMs: clock.elapsedMs, runningSince: clock.runningSince, chapters: clock.chapters });
}
