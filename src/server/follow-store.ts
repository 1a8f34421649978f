/**
 * Where the follow server keeps the presenter's live state: in this process (one server, the
 * default), or in Redis (src/server/redis-store.ts) so that several replicas behind a load
 * balancer agree on it. The follow server talks to this interface only; state-store.ts picks one.
 */
import { randomBytes } from 'node:crypto';
import { applyControl, initialState, type ControlUpdate, type LiveState } from '../shared/follow-protocol.js';

export interface StoreHealth {
  /** `memory`: this process alone; `redis`: shared with the other replicas through Redis. */
  kind: 'memory' | 'redis';
  /** False while the shared store cannot be reached (this replica then serves its own followers alone). */
  shared: boolean;
  /** What is wrong, when `shared` is false for a Redis store. */
  problem?: string;
  /** The Redis address, without any password. */
  redis?: string;
}

export interface StateStore {
  /** The live state as this process knows it now. */
  current(): LiveState;
  /**
   * A presenter's move. Resolves to the live state afterwards (the same state when nothing
   * changed, or when the move is older than the live one: the latest move wins, by the
   * presenter's `at`, see src/shared/follow-protocol.ts). Listeners hear of the change before the promise resolves.
   */
  apply(update: ControlUpdate): Promise<LiveState>;
  /** Called with the new state on every change, whichever replica made it. */
  onChange(listener: (state: LiveState) => void): void;
  health(): StoreHealth;
  close(): Promise<void>;
}

/** A fresh id for a run of the state: sequence numbers count from 0 within one epoch. */
export function newEpoch(): string {
  return randomBytes(6).toString('base64url');
}

/** The state of this process only: what `npm start` does without Redis. Same rules as with Redis. */
export function createMemoryStore(epoch = newEpoch(), clock: () => number = Date.now): StateStore {
  let state = initialState(epoch);
  const listeners = new Set<(state: LiveState) => void>();
  return {
    current: () => state,
    async apply(update) {
      const next = applyControl(state, update, clock());
      const renumbered = next.seq !== state.seq || next.epoch !== state.epoch;
      state = next;
      // A move back to where the state is records its time only: nothing to broadcast.
      if (renumbered) for (const listener of listeners) listener(state);
      return state;
    },
    onChange: (listener) => void listeners.add(listener),
    health: () => ({ kind: 'memory', shared: true }),
    async close() {},
  };
}
