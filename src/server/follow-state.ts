/**
 * The follow protocol's state and rules, pure: no I/O, shared by the server and the browser.
 *
 * The server holds one live state. Each accepted control request that changes it takes the next
 * sequence number; followers apply a state only when it is newer than the last one they applied
 * (a later sequence, or another run of the state, `epoch`), so a late or repeated message never moves
 * anyone back.
 */

/** Where the presenter is, as the server holds and broadcasts it. */
export interface LiveState {
  /** Identifies one server run: sequence numbers restart when the server does. */
  epoch: string;
  /** 0 before any presenter has spoken, then +1 per accepted change. */
  seq: number;
  /** 0-based remark slide index (every `--` step is its own slide); null until a presenter speaks. */
  slide: number | null;
  blackout: boolean;
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
  blackout: boolean;
}

export function initialState(epoch: string): LiveState {
  return { epoch, seq: 0, slide: null, blackout: false };
}

/** The state after a presenter's update: the same object when nothing changes (no broadcast). */
export function applyControl(state: LiveState, update: ControlUpdate): LiveState {
  if (state.slide === update.slide && state.blackout === update.blackout) return state;
  return { ...state, seq: state.seq + 1, slide: update.slide, blackout: update.blackout };
}

/** True when a follower that last applied `seen` should apply `incoming`. */
export function isNewer(seen: Pick<LiveState, 'epoch' | 'seq'> | undefined, incoming: Pick<LiveState, 'epoch' | 'seq'>): boolean {
  return !seen || incoming.epoch !== seen.epoch || incoming.seq > seen.seq;
}

/** Slide indexes above this are refused even when the server does not know the slide count. */
export const maxSlideIndex = 9999;

export type ParsedControl = { ok: true; update: ControlUpdate } | { ok: false; error: string };

/** Validates a control request body: exactly `{"slide": <index>, "blackout": <boolean>}`. */
export function parseControl(body: string, slideCount?: number): ParsedControl {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return { ok: false, error: 'body is not JSON' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, error: 'body must be a JSON object' };
  const record = value as Record<string, unknown>;
  const unknown = Object.keys(record).filter((key) => key !== 'slide' && key !== 'blackout');
  if (unknown.length > 0) return { ok: false, error: `unknown field ${JSON.stringify(unknown[0])}` };
  const { slide, blackout } = record;
  const last = slideCount !== undefined ? slideCount - 1 : maxSlideIndex;
  if (typeof slide !== 'number' || !Number.isInteger(slide) || slide < 0 || slide > last) {
    return { ok: false, error: `"slide" must be an integer from 0 to ${last}` };
  }
  if (typeof blackout !== 'boolean') return { ok: false, error: '"blackout" must be true or false' };
  return { ok: true, update: { slide, blackout } };
}
