/**
 * The follow service's health (follow-server.ts), for the operator and the load balancer:
 *   GET  /healthz  liveness: 200 while the process serves, with the state store's health
 *   GET  /readyz   readiness: 200, or 503 with the reason (Redis unreachable, shutting down)
 * Both tell whether, and why not in general terms: the Redis address and its error stay in this
 * replica's log (the store logs them).
 */
import type { ServerResponse } from 'node:http';
import type { StateStore, StoreHealth } from './follow-store.js';
import { sendJson } from './http-json.js';

export interface FollowHealth {
  /** Serving, and (with Redis) sharing the state with the other replicas. */
  ready: boolean;
  /** Why not ready. */
  reason?: string;
  store: StoreHealth;
  attendees: number;
}

export interface HealthService {
  health(): FollowHealth;
  /** Answers `/healthz` and `/readyz` (read requests); false for any other request. */
  route(bare: string, reading: boolean, res: ServerResponse): boolean;
}

export function createHealthService({ store, attendees, closing }: { store: StateStore; attendees: () => number; closing: () => boolean }): HealthService {
  const health = (): FollowHealth => {
    const storeHealth = store.health();
    const reason = closing() ? 'shutting down' : storeHealth.shared ? undefined : storeHealth.problem;
    return { ready: reason === undefined, ...(reason === undefined ? {} : { reason }), store: storeHealth, attendees: attendees() };
  };
  const publicHealth = () => {
    const now = health();
    const reason = now.reason === undefined ? undefined : closing() ? 'shutting down' : 'Redis is unreachable (this replica’s log says more)';
    return { ready: now.ready, ...(reason === undefined ? {} : { reason }), store: { kind: now.store.kind, shared: now.store.shared }, attendees: now.attendees };
  };
  return {
    health,
    route(bare, reading, res) {
      if (!reading || (bare !== '/healthz' && bare !== '/readyz')) return false;
      const now = publicHealth();
      // Alive as long as this answers: Redis being away is reported, not fatal.
      if (bare === '/healthz') sendJson(res, 200, { status: 'ok', ...now });
      else sendJson(res, now.ready ? 200 : 503, now);
      return true;
    },
  };
}
