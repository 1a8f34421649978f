/**
 * The follow protocol's state and rules, pure: no I/O, shared by the server and the browser.
 *
 * Two orders, for two audiences:
 * - Moves are ordered by the presenter: each carries `at`, the presenter page's clock when it was
 *   made (see `presenterClock`). The latest move wins, whichever server or replica it reached
 *   and whenever that server hears of it (`compareMoves`). A move without `at` (curl, scripts),
 *   or one stamped absurdly far ahead of the server's clock, is taken as made now, after the
 *   live state (`moveTime`).
 * - Followers apply states by `(epoch, seq)`: each change the server accepts takes the next
 *   sequence number, and a follower applies a state only when it is newer than the last one it
 *   applied (a later sequence, or another run of the state, `epoch`), so a late or repeated
 *   message never moves anyone back. When replicas reconcile (`reconcile`), the winning move is
 *   renumbered above every number either side has handed out, so every follower takes it.
 */

/** Where the presenter is, as the server holds and broadcasts it. */
export interface LiveState {
  /** Identifies one run of the state: sequence numbers restart in a new one. */
  epoch: string;
  /** 0 before any presenter has spoken, then +1 per accepted change. */
  seq: number;
  /** 0-based remark slide index (every `--` step is its own slide); null until a presenter speaks. */
  slide: number | null;
  /**
   * The slide's identity (src/core/slide-identity.ts), when the presenter's page sent it:
   * followers whose deck has changed (a dev save, a rebuild) go to the slide with this id, and to
   * `slide` only when their deck has none.
   */
  id?: string;
  blackout: boolean;
  /** When the presenter made this move (ms since 1970, the presenter's clock; 0 before any move). */
  at: number;
}

/** One message on the event stream: the live state plus what followers need around it. */
export interface LiveMessage extends LiveState {
  /** Build id of the deck the server serves (see `deckBuildId`), when known. */
  buildId?: string;
  /** Attendee streams open now (presenter streams are not counted). */
  attendees: number;
}

/** The body of a presenter's control request. */
export interface ControlUpdate {
  slide: number;
  /** The slide's identity, as the presenter's deck names it. */
  id?: string;
  blackout: boolean;
  /** When the presenter made the move (`presenterClock`); absent: made now, by the server's clock. */
  at?: number;
}

/** Slide indexes above this are refused even when the server does not know the slide count. */
export const maxSlideIndex = 9999;
/** Sequence numbers stay at or below this (a move a second for 30 years); past it, a new epoch. */
export const maxSeq = 1e9;
export const maxEpochLength = 64;
/** A move stamped further ahead of the server's clock than this is taken as made now instead. */
export const maxMoveAheadMs = 10_000;
/**
 * A state read back from Redis further ahead of this replica's clock than this is invalid: a
 * stored `at` is at most `maxMoveAheadMs` ahead of the clock of the replica that took it, and
 * replicas' clocks may differ a little.
 */
export const maxStateAheadMs = 60_000;
/** A stored or published state longer than this is not one (a real one is under 400 bytes). */
export const maxStateBytes = 512;
/** The longest slide id taken (src/core/slide-identity.ts makes none longer). */
export const maxIdLength = 200;

export function initialState(epoch: string): LiveState {
  return { epoch, seq: 0, slide: null, blackout: false, at: 0 };
}

type Move = Pick<LiveState, 'at' | 'slide' | 'blackout' | 'id'>;

/**
 * Positive when move `a` comes after move `b`: the later `at`; in the same millisecond (two
 * devices at once), the higher slide, then blackout, then id, so that every replica picks the same one.
 */
export function compareMoves(a: Move, b: Move): number {
  const ids = (a.id ?? '') < (b.id ?? '') ? -1 : (a.id ?? '') > (b.id ?? '') ? 1 : 0;
  return a.at - b.at || (a.slide ?? -1) - (b.slide ?? -1) || Number(a.blackout) - Number(b.blackout) || ids;
}

const samePosition = (a: Move, b: Move) => a.slide === b.slide && a.blackout === b.blackout && a.id === b.id;

/** The move's fields of a state, `id` only when there is one (a stored state has exactly its fields). */
const position = (move: Move) => ({ slide: move.slide, ...(move.id === undefined ? {} : { id: move.id }), blackout: move.blackout, at: move.at });

/**
 * The time a move is ordered by. Its own `at`, unless it has none or it is more than
 * `maxMoveAheadMs` ahead of `now` (the server's clock; omitted, no bound): then it counts as made
 * now, and after the live state (a clock set wrong must not pin the state, nor lose every move).
 */
export function moveTime(update: ControlUpdate, state: LiveState, now?: number): number {
  if (update.at !== undefined && (now === undefined || update.at <= now + maxMoveAheadMs)) return update.at;
  return Math.max(now ?? 0, state.at + 1);
}

/** `move` as state number `seq` of `epoch`; past `maxSeq`, the first of a new epoch named after the move. */
function numbered(epoch: string, seq: number, move: Move): LiveState {
  if (seq <= maxSeq) return { epoch, seq, ...position(move) };
  let next = `s${move.at.toString(36)}`;
  if (next === epoch) next += '0';
  return { epoch: next, seq: 1, ...position(move) };
}

/**
 * The state after a presenter's update, given the server's clock `now`: the same object when
 * the move is older than the live one (a delayed request, another device's earlier move) or
 * changes nothing. A move to where the state already is keeps its number (no broadcast) but
 * records its time when it carries one: the presenter came back there later than any move
 * elsewhere that a replica cut off from this one may hold.
 */
export function applyControl(state: LiveState, update: ControlUpdate, now?: number): LiveState {
  const move = { slide: update.slide, id: update.id, blackout: update.blackout, at: moveTime(update, state, now) };
  if (compareMoves(move, state) <= 0) return state;
  if (samePosition(move, state)) return update.at === undefined ? state : { ...state, at: move.at };
  return numbered(state.epoch, state.seq + 1, move);
}

/**
 * Reconciles what a replica holds (`held`: what its followers have been sent) with what Redis
 * holds (`stored`; undefined when missing or invalid). The latest move wins, in Redis's epoch,
 * with the lowest number that every follower takes when its slide changes: above the one each
 * side's followers have seen, for the side whose position changes. `write` is false when that is
 * Redis's state exactly (the replica takes it as it is); otherwise it must be written to Redis.
 */
export function reconcile(held: LiveState, stored: LiveState | undefined): { state: LiveState; write: boolean } {
  if (!stored) return { state: held, write: true };
  const winner = compareMoves(stored, held) >= 0 ? stored : held;
  const sameRun = held.epoch === stored.epoch;
  let seq = Math.max(stored.seq, sameRun ? held.seq : 0);
  if ((!samePosition(winner, stored) && seq === stored.seq) || (sameRun && !samePosition(winner, held) && seq === held.seq)) seq += 1;
  const state = numbered(stored.epoch, seq, winner);
  const unchanged = state.epoch === stored.epoch && state.seq === stored.seq && compareMoves(state, stored) === 0;
  return unchanged ? { state: stored, write: false } : { state, write: true };
}

/** True when a follower that last applied `seen` should apply `incoming`. */
export function isNewer(seen: Pick<LiveState, 'epoch' | 'seq'> | undefined, incoming: Pick<LiveState, 'epoch' | 'seq'>): boolean {
  return !seen || incoming.epoch !== seen.epoch || incoming.seq > seen.seq;
}

/**
 * The presenter page's clock for its next move: its own time, but never at or below a move it
 * made or saw before (`last`: the highest `at` it sent or received). A reload keeps its order
 * (the page keeps `last`), and a second device whose clock is a little behind still comes after
 * the moves it has seen.
 */
export function presenterClock(now: number, last: number): number {
  return Math.max(now, last + 1);
}

export type ParsedControl = { ok: true; update: ControlUpdate } | { ok: false; error: string };

const isIndex = (value: unknown, last: number): value is number => typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= last;
const isTime = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;

/** `text` parsed as a JSON object, or why it is none (`not JSON`, `not a JSON object`). */
export function jsonObject(text: string): Record<string, unknown> | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return 'not JSON';
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not a JSON object';
  return value as Record<string, unknown>;
}

/** A slide id as the loader makes them (a file name may hold spaces): no control characters, of bounded length. */
const isSlideId = (value: unknown): value is string => typeof value === 'string' && value.length > 0 && value.length <= maxIdLength && /^[^\p{Cc}]+$/u.test(value);
const idError = `"id" must be the slide's id: 1 to ${maxIdLength} characters, no control characters`;

/** Validates a control request body: exactly `{"slide": <index>, "blackout": <boolean>}`, plus `"at"` and `"id"` optionally. */
export function parseControl(body: string, slideCount?: number): ParsedControl {
  const record = jsonObject(body);
  if (typeof record === 'string') return { ok: false, error: record === 'not JSON' ? 'body is not JSON' : 'body must be a JSON object' };
  const unknown = Object.keys(record).filter((key) => key !== 'slide' && key !== 'blackout' && key !== 'at' && key !== 'id');
  if (unknown.length > 0) return { ok: false, error: `unknown field ${JSON.stringify(unknown[0])}` };
  const { slide, blackout, at, id } = record;
  const last = slideCount !== undefined ? slideCount - 1 : maxSlideIndex;
  if (!isIndex(slide, last)) return { ok: false, error: `"slide" must be an integer from 0 to ${last}` };
  if (typeof blackout !== 'boolean') return { ok: false, error: '"blackout" must be true or false' };
  if (at !== undefined && !isTime(at)) return { ok: false, error: '"at" must be the time of the move in milliseconds since 1970, a non-negative integer' };
  if (id !== undefined && !isSlideId(id)) return { ok: false, error: idError };
  return { ok: true, update: { slide, ...(id === undefined ? {} : { id }), blackout, ...(at === undefined ? {} : { at }) } };
}

export type ParsedState = { ok: true; state: LiveState } | { ok: false; error: string };

/**
 * Validates a state read from Redis (the key, or a message on the channel): exactly the fields a
 * server writes, each in range, `at` at most `maxStateAheadMs` ahead of `now` (this replica's
 * clock). Anything else is not a state: it never reaches a follower.
 */
export function parseLiveState(text: string, now: number): ParsedState {
  if (text.length > maxStateBytes) return { ok: false, error: `longer than ${maxStateBytes} bytes` };
  const record = jsonObject(text);
  if (typeof record === 'string') return { ok: false, error: record };
  const { epoch, seq, slide, id, blackout, at } = record;
  const fields = Object.keys(record);
  if (fields.length !== (id === undefined ? 5 : 6)) return { ok: false, error: 'not exactly the fields epoch, seq, slide, blackout, at and optionally id' };
  if (typeof epoch !== 'string' || !/^[\w-]+$/.test(epoch) || epoch.length > maxEpochLength) {
    return { ok: false, error: `"epoch" must be 1 to ${maxEpochLength} letters, digits, _ or -` };
  }
  if (!isIndex(seq, maxSeq)) return { ok: false, error: `"seq" must be an integer from 0 to ${maxSeq}` };
  if (slide !== null && !isIndex(slide, maxSlideIndex)) return { ok: false, error: `"slide" must be null or an integer from 0 to ${maxSlideIndex}` };
  if (typeof blackout !== 'boolean') return { ok: false, error: '"blackout" must be true or false' };
  if (!isTime(at) || at > now + maxStateAheadMs) return { ok: false, error: `"at" must be a time in milliseconds, at most ${maxStateAheadMs / 1000} s ahead` };
  if (id !== undefined && !isSlideId(id)) return { ok: false, error: idError };
  return { ok: true, state: { epoch, seq, ...position({ slide, id, blackout, at }) } };
}

/** A state as stored in Redis and parsed back by `parseLiveState`: exactly its fields. */
export function stateJson(state: LiveState): string {
  return JSON.stringify({ epoch: state.epoch, seq: state.seq, ...position(state) });
}
