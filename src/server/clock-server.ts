/**
 * The talk clock's part of the follow service (follow-server.ts), as room-server.ts is the room's:
 *   POST _follow/clock  the talk clock (src/shared/talk-clock.ts): `{"action": "start" | "pause" |
 *                       "reset"}` or `{"action": "chapter", "id": <title slide id>}`, with the
 *                       presenter's secret; answers the clock with the server's `now`
 * The presenter's streams carry the clock (`view()`), attendees' do not; the presenter's first
 * move starts it (`moved()`). It is kept in a `ClockStore` (clock-store.ts, or Redis).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { clockStarted, parseClockAction, type ClockView } from '../shared/talk-clock.js';
import type { ClockStore } from './clock-store.js';
import { guarded, sendJson, type Refuse } from './http-json.js';

export interface ClockServiceOptions {
  store: ClockStore;
  /** The follow server's check of a presenter's request (method, secret, origin, JSON body), then `use`. */
  presenterRequest: (req: IncomingMessage, res: ServerResponse, use: (body: string, refuse: Refuse) => void) => void;
}

export interface ClockService {
  /** Handles `POST _follow/clock`. */
  request(req: IncomingMessage, res: ServerResponse): void;
  /** The clock as the presenter's streams carry it. */
  view(): ClockView;
  /** The presenter moved from slide `before` to `after`: the first move starts the clock. */
  moved(before: number | null, after: number | null): void;
  /** Called on every change of the clock, whichever replica made it. */
  onChange(listener: () => void): void;
  close(): Promise<void>;
}

export function createClockService({ store, presenterRequest }: ClockServiceOptions): ClockService {
  return {
    request(req, res) {
      presenterRequest(req, res, (body, refuse) => {
        const parsed = parseClockAction(body);
        if (!parsed.ok) return refuse(400, parsed.error);
        store.apply(parsed.action).then(
          (now) => guarded(res, () => sendJson(res, 200, { ...now, now: Date.now() })),
          () => guarded(res, () => sendJson(res, 500, { error: 'the clock could not be stored' })),
        );
      });
    },
    view: () => ({ ...store.current(), now: Date.now() }),
    moved(before, after) {
      // The talk clock starts with the presenter's first move from where they stood.
      if (before !== null && after !== before && !clockStarted(store.current())) void store.apply({ action: 'start' });
    },
    onChange: (listener) => store.onChange(() => listener()),
    close: () => store.close(),
  };
}
