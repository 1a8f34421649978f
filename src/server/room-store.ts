/**
 * Where the room's state lives (room-state.ts): this process's memory, or Redis shared by every
 * replica (room-redis-store.ts). Either way each replica holds the whole state in memory (a
 * workshop's room is small) and applies every change in the same order; Redis adds the order
 * across replicas, the copy that outlives a replica, and the expiry.
 *
 * The room is kept for the day: `dayMs` after its last change it is forgotten, names included
 * (a Redis key's expiry, a timer in memory). The presenter can forget it at once (reset).
 */
import { applyOp, emptyRoom, type RoomOp, type RoomState } from './room-state.js';

/** How long the room outlives its last change: a workshop day and its evening. */
export const defaultRoomDayMs = 16 * 3600_000;

export interface RoomStoreHealth {
  kind: 'memory' | 'redis';
  /** False while Redis is unreachable: changes are refused (the pages retry), moves still work. */
  shared: boolean;
}

export interface RoomStore {
  /** The state as this replica holds it now. */
  state(): RoomState;
  /** Makes a change; every replica applies it, this one before the promise resolves. Rejects when it cannot be stored. */
  write(op: RoomOp): Promise<void>;
  /** Called after each change is applied, whichever replica made it. */
  onApplied(listener: (op: RoomOp) => void): void;
  /**
   * Attendees following on other replicas: `present` is called with this replica's own (id to
   * the time until which each counts as present), so that the others know them.
   */
  sharePresence(present: () => ReadonlyMap<string, number>): void;
  /** This replica's attendees changed: tell the others soon. */
  presenceChanged(): void;
  /** Attendees following on other replicas, as last heard (none in memory). */
  elsewhere(): ReadonlySet<string>;
  /** Asked when a check-in reaches a replica that does not hold the attendee's stream. */
  presentElsewhere(attendee: string): Promise<boolean>;
  /** Called when `elsewhere()` changed. */
  onPresence(listener: () => void): void;
  health(): RoomStoreHealth;
  close(): Promise<void>;
}

/** The room of this process alone. */
export function createMemoryRoomStore(options: { dayMs?: number; clock?: () => number } = {}): RoomStore {
  const dayMs = options.dayMs ?? defaultRoomDayMs;
  const clock = options.clock ?? Date.now;
  let state = emptyRoom();
  let lastChange = clock();
  const listeners = new Set<(op: RoomOp) => void>();
  const apply = (op: RoomOp) => {
    state = applyOp(state, op);
    lastChange = clock();
    for (const listener of listeners) listener(op);
  };
  /** A day without a change: the room is forgotten, as Redis's expiry would. */
  const expire = () => {
    if (clock() - lastChange >= dayMs && !isEmpty(state)) apply({ reset: true });
  };
  const timer = setInterval(expire, Math.min(dayMs, 60_000));
  timer.unref();
  return {
    state() {
      expire();
      return state;
    },
    async write(op) {
      expire();
      apply(op);
    },
    onApplied: (listener) => void listeners.add(listener),
    sharePresence() {},
    presenceChanged() {},
    elsewhere: () => new Set(),
    presentElsewhere: async () => false,
    onPresence() {},
    health: () => ({ kind: 'memory', shared: true }),
    async close() {
      clearInterval(timer);
    },
  };
}

export function isEmpty(state: RoomState): boolean {
  return state.checkIns.size === 0 && state.people.size === 0 && state.votes.size === 0 && state.polls.size === 0 && state.countdown === null;
}
