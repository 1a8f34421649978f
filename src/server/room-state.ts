/**
 * The room's state and rules, pure (no I/O, no clock of its own): what a request changes, and
 * what each audience is shown.
 *
 * The state is kept as a flat map of fields, the same in memory and in a Redis hash
 * (room-store.ts, room-redis-store.ts), each field one thing that can change on its own:
 *   s|<exercise>|<attendee>   a check-in: {"status": "done"|"help", "at", "helper"?, "helperAt"?}
 *   p|<attendee>              the name and seat given with a help request: {"name", "seat"}
 *   v|<poll>|<attendee>       a vote: the option's index
 *   poll|<poll>               {"state": "open"|"closed"|"revealed", "at", "counts"?}
 *   countdown                 {"exercise", "startedAt", "endsAt"}
 * A change is a list of field writes (`RoomOp`), applied in the same order by every replica.
 * Every value read back is checked: one that is not what the room writes is ignored.
 */
import type { AttendeeAction, AttendeeRoomView, CheckIn, Countdown, HelpRequest, PollState, RoomPlan, StaffAction, StaffRoomView } from '../shared/room-protocol.js';
import { maxQueueShown, publicPoll } from '../shared/room-protocol.js';

export interface CheckInRecord {
  status: CheckIn;
  at: number;
  helper?: string;
  helperAt?: number;
}

export interface PollRecord {
  state: PollState;
  at: number;
  /** Votes per option when it was closed (or revealed): results do not change after. */
  counts?: number[];
}

export interface RoomState {
  /** By exercise, then attendee. */
  checkIns: Map<string, Map<string, CheckInRecord>>;
  people: Map<string, { name: string; seat: string }>;
  /** By poll, then attendee: the option. */
  votes: Map<string, Map<string, number>>;
  polls: Map<string, PollRecord>;
  countdown: Countdown | null;
  /** Every attendee the room has kept something of since its last reset: what its cap counts. */
  attendees: Set<string>;
}

export type FieldWrite = readonly [field: string, value: string | null];
export type RoomOp = { readonly writes: readonly FieldWrite[] } | { readonly reset: true };

export function emptyRoom(): RoomState {
  return { checkIns: new Map(), people: new Map(), votes: new Map(), polls: new Map(), countdown: null, attendees: new Set() };
}

const time = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
const text = (value: unknown, max = 200): value is string => typeof value === 'string' && value.length <= max;

function parse(value: string): Record<string, unknown> | undefined {
  if (value.length > 2048) return undefined;
  try {
    const parsed: unknown = JSON.parse(value);
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function nested<V>(outer: Map<string, Map<string, V>>, key: string, inner: string, value: V | undefined): void {
  const map = outer.get(key) ?? new Map<string, V>();
  if (value === undefined) map.delete(inner);
  else map.set(inner, value);
  if (map.size > 0) outer.set(key, map);
  else outer.delete(key);
}

/** Applies one field write to `state` (in place). An invalid value counts as a deletion. */
export function applyWrite(state: RoomState, field: string, value: string | null): void {
  const [kind, a, b] = field.split('|');
  const record = value === null ? undefined : parse(value);
  if (kind === 's' && a && b) {
    const valid = record && (record.status === 'done' || record.status === 'help') && time(record.at) && (record.helper === undefined || text(record.helper)) && (record.helperAt === undefined || time(record.helperAt));
    nested(state.checkIns, a, b, valid ? (record as unknown as CheckInRecord) : undefined);
    if (valid) state.attendees.add(b);
  } else if (kind === 'p' && a) {
    if (record && text(record.name) && text(record.seat)) {
      state.people.set(a, { name: record.name, seat: record.seat });
      state.attendees.add(a);
    } else state.people.delete(a);
  } else if (kind === 'v' && a && b) {
    const option = value === null ? NaN : Number(value);
    const valid = Number.isInteger(option) && option >= 0 && option < 64;
    nested(state.votes, a, b, valid ? option : undefined);
    if (valid) state.attendees.add(b);
  } else if (kind === 'poll' && a) {
    const valid = record && (record.state === 'open' || record.state === 'closed' || record.state === 'revealed') && time(record.at) && (record.counts === undefined || (Array.isArray(record.counts) && record.counts.length <= 64 && record.counts.every(time)));
    if (valid) state.polls.set(a, record as unknown as PollRecord);
    else state.polls.delete(a);
  } else if (kind === 'countdown') {
    state.countdown = record && text(record.exercise) && time(record.startedAt) && time(record.endsAt) ? { exercise: record.exercise, startedAt: record.startedAt, endsAt: record.endsAt } : null;
  }
}

export function applyOp(state: RoomState, op: RoomOp): RoomState {
  if ('reset' in op) return emptyRoom();
  for (const [field, value] of op.writes) applyWrite(state, field, value);
  return state;
}

const checkInField = (exercise: string, attendee: string) => `s|${exercise}|${attendee}`;

export type Decision = { ok: true; op: RoomOp } | { ok: false; status: number; error: string };

/** What an attendee's action changes. `attendee` is the id of the key that sent it. */
export function attendeeOp(state: RoomState, attendee: string, action: AttendeeAction, now: number): Decision {
  if (action.action === 'vote') {
    if (state.polls.get(action.poll)?.state !== 'open') return { ok: false, status: 409, error: 'this poll is not open' };
    return { ok: true, op: { writes: [[`v|${action.poll}|${attendee}`, String(action.option)]] } };
  }
  const field = checkInField(action.exercise, attendee);
  if (action.action === 'undo') return { ok: true, op: { writes: [[field, null]] } };
  const held = state.checkIns.get(action.exercise)?.get(attendee);
  if (action.action === 'done') return { ok: true, op: { writes: [[field, JSON.stringify({ status: 'done', at: now })]] } };
  // Asking again keeps one's place in the queue, and the helper on the way.
  const record: CheckInRecord = held?.status === 'help' ? held : { status: 'help', at: now };
  const writes: FieldWrite[] = [[field, JSON.stringify(record)]];
  if (action.name || action.seat) writes.push([`p|${attendee}`, JSON.stringify({ name: action.name, seat: action.seat })]);
  return { ok: true, op: { writes } };
}

/** Votes per option of `poll` among `present` attendees, and how many voted. */
function tally(state: RoomState, poll: string, options: number, present: ReadonlySet<string>): { counts: number[]; voters: number } {
  const counts = new Array<number>(options).fill(0);
  let voters = 0;
  for (const [attendee, option] of state.votes.get(poll) ?? []) {
    if (!present.has(attendee) || option >= options) continue;
    counts[option] += 1;
    voters += 1;
  }
  return { counts, voters };
}

const optionsOf = (plan: RoomPlan | undefined, poll: string) => plan?.polls.find((p) => p.id === poll)?.options ?? 8;

/** What a presenter's or helper's action changes (who may send which is decided before). */
export function staffOp(state: RoomState, action: StaffAction, now: number, present: ReadonlySet<string>, plan?: RoomPlan): Decision {
  switch (action.action) {
    case 'on-my-way':
    case 'resolve': {
      const held = state.checkIns.get(action.exercise)?.get(action.attendee);
      if (held?.status !== 'help') return { ok: false, status: 409, error: 'this attendee no longer asks for help' };
      const field = checkInField(action.exercise, action.attendee);
      if (action.action === 'resolve') return { ok: true, op: { writes: [[field, null]] } };
      return { ok: true, op: { writes: [[field, JSON.stringify({ ...held, helper: action.helper || 'A helper', helperAt: now })]] } };
    }
    case 'countdown-start':
      return { ok: true, op: { writes: [['countdown', JSON.stringify({ exercise: action.exercise, startedAt: now, endsAt: now + action.minutes * 60_000 })]] } };
    case 'countdown-stop':
      return { ok: true, op: { writes: [['countdown', null]] } };
    case 'reset':
      return { ok: true, op: { reset: true } };
    default: {
      const poll = action.poll;
      const held = state.polls.get(poll);
      /** `id` ended in `ending` now, its results frozen as they stand among those present. */
      const ended = (id: string, ending: PollState): FieldWrite => [`poll|${id}`, JSON.stringify({ state: ending, at: now, counts: tally(state, id, optionsOf(plan, id), present).counts })];
      if (action.action === 'poll-open') {
        // One poll at a time: opening one closes any other.
        const others = [...state.polls].filter(([id, record]) => id !== poll && record.state === 'open').map(([id]) => ended(id, 'closed'));
        return { ok: true, op: { writes: [...others, [`poll|${poll}`, JSON.stringify({ state: 'open', at: now })]] } };
      }
      if (!held) return { ok: false, status: 409, error: 'this poll was never opened' };
      if (action.action === 'poll-close') return held.state === 'open' ? { ok: true, op: { writes: [ended(poll, 'closed')] } } : { ok: false, status: 409, error: 'this poll is not open' };
      return { ok: true, op: { writes: [held.state === 'open' ? ended(poll, 'revealed') : [`poll|${poll}`, JSON.stringify({ ...held, state: 'revealed', at: now })]] } };
    }
  }
}

/** Who must be sent a new view after `op`: everyone (`all`), or the attendees named. */
export function attendeesConcerned(op: RoomOp): 'all' | Set<string> {
  if ('reset' in op) return 'all';
  const concerned = new Set<string>();
  for (const [field] of op.writes) {
    const [kind, , b] = field.split('|');
    if (kind === 's' || kind === 'v') concerned.add(b);
    else if (kind === 'poll' || kind === 'countdown') return 'all';
  }
  return concerned;
}

/**
 * What one attendee is shown: their own check-ins and votes, the countdown, the polls (with the
 * correct option from `plan` once revealed, never before). Never a name.
 */
export function attendeeView(state: RoomState, attendee: string, now: number, plan?: RoomPlan): AttendeeRoomView {
  const mine: AttendeeRoomView['mine'] = {};
  for (const [exercise, checkIns] of state.checkIns) {
    const held = checkIns.get(attendee);
    if (held) mine[exercise] = held.helper ? { status: held.status, helper: true } : { status: held.status };
  }
  const votes: AttendeeRoomView['votes'] = {};
  for (const [poll, cast] of state.votes) {
    const option = cast.get(attendee);
    if (option !== undefined) votes[poll] = option;
  }
  const polls: AttendeeRoomView['polls'] = {};
  const answers = pollAnswers(plan);
  for (const [poll, record] of state.polls) polls[poll] = publicPoll(record.state, record.counts, answers[poll]);
  return { now, mine, votes, countdown: state.countdown, polls };
}

/** What the presenter and helpers are shown: counts among attendees `present` now, the queue with names. */
export function staffView(state: RoomState, present: ReadonlySet<string>, now: number, plan?: RoomPlan): StaffRoomView {
  const exercises: StaffRoomView['exercises'] = {};
  for (const exercise of plan?.exercises ?? []) exercises[exercise.id] = { done: 0, help: 0 };
  const queue: HelpRequest[] = [];
  for (const [exercise, checkIns] of state.checkIns) {
    const counts = (exercises[exercise] ??= { done: 0, help: 0 });
    for (const [attendee, held] of checkIns) {
      if (!present.has(attendee)) continue;
      counts[held.status] += 1;
      if (held.status !== 'help') continue;
      const person = state.people.get(attendee);
      queue.push({
        attendee,
        exercise,
        name: person?.name ?? '',
        seat: person?.seat ?? '',
        since: held.at,
        ...(held.helper ? { helper: held.helper, helperSince: held.helperAt } : {}),
      });
    }
  }
  queue.sort((a, b) => a.since - b.since);
  const polls: StaffRoomView['polls'] = {};
  for (const [poll, record] of state.polls) {
    const live = tally(state, poll, optionsOf(plan, poll), present);
    polls[poll] = { state: record.state, counts: record.counts ?? live.counts, voters: record.counts ? record.counts.reduce((a, b) => a + b, 0) : live.voters };
  }
  return { now, following: present.size, exercises, queue: queue.slice(0, maxQueueShown), queueTotal: queue.length, countdown: state.countdown, polls, answers: pollAnswers(plan) };
}

/** The polls' correct options by id, for those that have one. */
function pollAnswers(plan: RoomPlan | undefined): Record<string, number> {
  const answers: Record<string, number> = {};
  for (const poll of plan?.polls ?? []) if (poll.correct !== undefined) answers[poll.id] = poll.correct;
  return answers;
}
