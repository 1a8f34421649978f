/**
 * The room's protocol, pure, shared by the server (src/server/room-*.ts) and the page
 * (src/runtime/room/): what attendees, helpers and the presenter may send, checked field by
 * field, and what each of them is sent back.
 *
 * - An attendee's page keeps a random key (`attendeeKeyPattern`: 192 bits) in localStorage and
 *   sends it in the `Deck-Attendee` header, on its follow stream and on its check-ins. The server
 *   knows the attendee by a digest of the key (src/server/room-identity.ts): the key itself is
 *   never sent to anyone, so the ids that the presenter and helpers see cannot be used to act
 *   for someone else, and a check-in counts only while its key has a follow stream open.
 * - Attendees are sent `AttendeeRoomView`s on their follow stream (`{"room": ...}`): their own
 *   check-ins and votes, the countdown, the polls' states and revealed results. Never a name.
 * - The presenter and helpers read `StaffRoomView`s on `_room/events` with their secret.
 */
import { roomIdPattern, type RoomPlan } from '../core/room-plan.js';
import { jsonObject } from './follow-protocol.js';

export { roomIdPattern, type RoomPlan };

/** Where the room's endpoints live, relative to the deck's base path. */
export const roomPath = '/_room/';
/** The header an attendee's page sends its key in (lower case: as Node reads headers). */
export const attendeeHeader = 'deck-attendee';
/** 32 to 64 URL-safe base64 characters: the page makes 32 (192 random bits). */
export const attendeeKeyPattern = /^[A-Za-z0-9_-]{32,64}$/;
/** What the presenter and helpers know an attendee by: 22 URL-safe characters (132 bits of a digest). */
export const attendeeIdPattern = /^[A-Za-z0-9_-]{22}$/;

export const maxNameLength = 40;
export const maxSeatLength = 24;
export const maxCountdownMinutes = 600;
/** Room requests are small: a name and a seat at most. */
export const maxRoomBodyBytes = 1024;

export type CheckIn = 'done' | 'help';
export type PollState = 'open' | 'closed' | 'revealed';

export type AttendeeAction =
  | { action: 'done'; exercise: string }
  | { action: 'help'; exercise: string; name: string; seat: string }
  | { action: 'undo'; exercise: string }
  | { action: 'vote'; poll: string; option: number };

export type StaffAction =
  | { action: 'on-my-way'; attendee: string; exercise: string; helper: string }
  | { action: 'resolve'; attendee: string; exercise: string }
  | { action: 'countdown-start'; exercise: string; minutes: number }
  | { action: 'countdown-stop' }
  | { action: 'poll-open' | 'poll-close' | 'poll-reveal'; poll: string }
  | { action: 'reset' };

/** What helpers may not do: the room's timing and polls, and its reset, are the presenter's. */
export const presenterOnly: ReadonlySet<StaffAction['action']> = new Set(['countdown-start', 'countdown-stop', 'poll-open', 'poll-close', 'poll-reveal', 'reset']);

/** The exercise's countdown, by the server's clock (`now` in every view gives the offset). */
export interface Countdown {
  exercise: string;
  startedAt: number;
  endsAt: number;
}

export interface AttendeeRoomView {
  /** The server's clock when sent. */
  now: number;
  /** This attendee's check-ins, by exercise id; `helper`: one is on the way. */
  mine: Record<string, { status: CheckIn; helper?: true }>;
  /** This attendee's votes, by poll id. */
  votes: Record<string, number>;
  countdown: Countdown | null;
  /** Polls put to the room, by id; once revealed, `results` (votes per option) and `correct` (the option the author marked, if any). */
  polls: Record<string, { state: PollState; results?: number[]; correct?: number }>;
}

export interface HelpRequest {
  attendee: string;
  exercise: string;
  /** As typed, possibly empty: shown as text only. */
  name: string;
  seat: string;
  since: number;
  /** The helper on the way, as they named themselves, and since when. */
  helper?: string;
  helperSince?: number;
}

/** At most this many requests travel in a view (the oldest): `queueTotal` tells of the rest. */
export const maxQueueShown = 200;

export interface StaffRoomView {
  now: number;
  /** Attendees following now (distinct keys, every replica). */
  following: number;
  /** Done and help counts per exercise, among attendees following now. */
  exercises: Record<string, { done: number; help: number }>;
  /** Who needs help, oldest first. */
  queue: HelpRequest[];
  queueTotal: number;
  countdown: Countdown | null;
  /** Votes per option (among attendees following while it was open) and the number of voters. */
  polls: Record<string, { state: PollState; counts: number[]; voters: number }>;
  /** Each poll's correct option, by id, for the polls that have one: known to staff before any vote. */
  answers: Record<string, number>;
}

/**
 * A poll as everyone may see it, attendees and the projector alike: its state; once revealed,
 * votes per option and the correct option (if the author marked one), never before.
 */
export function publicPoll(state: PollState, counts: number[] | undefined, correct: number | undefined): AttendeeRoomView['polls'][string] {
  if (state !== 'revealed' || !counts) return { state };
  return correct === undefined ? { state, results: counts } : { state, results: counts, correct };
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

/**
 * Text an attendee or a helper typed, as the room keeps it: trimmed, runs of spaces made one,
 * control and direction-override characters dropped (they could disguise the rest of a queue
 * line). Undefined when longer than `max` characters.
 */
export function cleanText(value: unknown, max: number): string | undefined {
  if (value === undefined) return '';
  if (typeof value !== 'string') return undefined;
  // eslint-disable-next-line no-control-regex
  const clean = value.replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, ' ').replace(/\s+/g, ' ').trim();
  return [...clean].length <= max ? clean : undefined;
}

type Fields = Record<string, unknown>;

function fields(body: string, allowed: readonly string[]): Fields | string {
  const record = jsonObject(body);
  if (typeof record === 'string') return record === 'not JSON' ? 'body is not JSON' : 'body must be a JSON object';
  const unknown = Object.keys(record).find((key) => !allowed.includes(key));
  return unknown === undefined ? record : `unknown field ${JSON.stringify(unknown)}`;
}

const roomId = (value: unknown): value is string => typeof value === 'string' && roomIdPattern.test(value);

/** An exercise of this deck (any well-formed id when the plan is unknown). */
function exerciseOf(value: unknown, plan: RoomPlan | undefined): string | undefined {
  if (!roomId(value)) return undefined;
  return !plan || plan.exercises.some((exercise) => exercise.id === value) ? value : undefined;
}

function pollOf(value: unknown, plan: RoomPlan | undefined): { id: string; options: number } | undefined {
  if (!roomId(value)) return undefined;
  if (!plan) return { id: value, options: 8 };
  return plan.polls.find((poll) => poll.id === value);
}

const noExercise = '"exercise" must be the id of one of this deck\'s exercises';
const noPoll = '"poll" must be the id of one of this deck\'s polls';

/** An attendee's request body: exactly the fields of one action, each checked. */
export function parseAttendeeAction(body: string, plan?: RoomPlan): Parsed<AttendeeAction> {
  const record = fields(body, ['action', 'exercise', 'name', 'seat', 'poll', 'option']);
  if (typeof record === 'string') return { ok: false, error: record };
  const { action } = record;
  if (action === 'vote') {
    const poll = pollOf(record.poll, plan);
    if (!poll) return { ok: false, error: noPoll };
    const option = record.option;
    if (typeof option !== 'number' || !Number.isInteger(option) || option < 0 || option >= poll.options) {
      return { ok: false, error: `"option" must be an integer from 0 to ${poll.options - 1}` };
    }
    if (record.exercise !== undefined || record.name !== undefined || record.seat !== undefined) return { ok: false, error: 'a vote has only "poll" and "option"' };
    return { ok: true, value: { action, poll: poll.id, option } };
  }
  if (action !== 'done' && action !== 'help' && action !== 'undo') return { ok: false, error: '"action" must be done, help, undo or vote' };
  const exercise = exerciseOf(record.exercise, plan);
  if (!exercise) return { ok: false, error: noExercise };
  if (record.poll !== undefined || record.option !== undefined) return { ok: false, error: `${action} has no "poll" or "option"` };
  if (action !== 'help') {
    if (record.name !== undefined || record.seat !== undefined) return { ok: false, error: 'only a help request carries a name and a seat' };
    return { ok: true, value: { action, exercise } };
  }
  const name = cleanText(record.name, maxNameLength);
  const seat = cleanText(record.seat, maxSeatLength);
  if (name === undefined) return { ok: false, error: `"name" must be text of ${maxNameLength} characters at most` };
  if (seat === undefined) return { ok: false, error: `"seat" must be text of ${maxSeatLength} characters at most` };
  return { ok: true, value: { action, exercise, name, seat } };
}

/** A presenter's or helper's request body. Who may send which is the server's to decide (`presenterOnly`). */
export function parseStaffAction(body: string, plan?: RoomPlan): Parsed<StaffAction> {
  const record = fields(body, ['action', 'attendee', 'exercise', 'helper', 'minutes', 'poll']);
  if (typeof record === 'string') return { ok: false, error: record };
  const { action } = record;
  const only = (...names: string[]) => Object.keys(record).every((key) => key === 'action' || names.includes(key));
  switch (action) {
    case 'on-my-way':
    case 'resolve': {
      if (typeof record.attendee !== 'string' || !attendeeIdPattern.test(record.attendee)) return { ok: false, error: '"attendee" must be an attendee id from the queue' };
      const exercise = exerciseOf(record.exercise, plan);
      if (!exercise) return { ok: false, error: noExercise };
      if (action === 'resolve') return only('attendee', 'exercise') ? { ok: true, value: { action, attendee: record.attendee, exercise } } : { ok: false, error: 'resolve has only "attendee" and "exercise"' };
      const helper = cleanText(record.helper, maxNameLength);
      if (helper === undefined) return { ok: false, error: `"helper" must be text of ${maxNameLength} characters at most` };
      return only('attendee', 'exercise', 'helper') ? { ok: true, value: { action, attendee: record.attendee, exercise, helper } } : { ok: false, error: 'on-my-way has only "attendee", "exercise" and "helper"' };
    }
    case 'countdown-start': {
      const exercise = exerciseOf(record.exercise, plan);
      if (!exercise) return { ok: false, error: noExercise };
      const minutes = record.minutes;
      if (typeof minutes !== 'number' || !Number.isInteger(minutes) || minutes < 1 || minutes > maxCountdownMinutes) {
        return { ok: false, error: `"minutes" must be a whole number from 1 to ${maxCountdownMinutes}` };
      }
      return only('exercise', 'minutes') ? { ok: true, value: { action, exercise, minutes } } : { ok: false, error: 'countdown-start has only "exercise" and "minutes"' };
    }
    case 'poll-open':
    case 'poll-close':
    case 'poll-reveal': {
      const poll = pollOf(record.poll, plan);
      if (!poll) return { ok: false, error: noPoll };
      return only('poll') ? { ok: true, value: { action, poll: poll.id } } : { ok: false, error: `${action} has only "poll"` };
    }
    case 'countdown-stop':
    case 'reset':
      return only() ? { ok: true, value: { action } } : { ok: false, error: `${action} has no other field` };
    default:
      return { ok: false, error: '"action" must be on-my-way, resolve, countdown-start, countdown-stop, poll-open, poll-close, poll-reveal or reset' };
  }
}
