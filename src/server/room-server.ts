/**
 * The room service, mounted by the follow server (follow-server.ts) under `_room/`:
 *   POST _room/attendee  an attendee's check-in or vote: `Deck-Attendee: <key>`, JSON
 *                        (src/shared/room-protocol.ts). Taken only from a key that has a follow
 *                        stream open (room-presence.ts), within rate limits per client and per attendee.
 *   POST _room/staff     the presenter's or a helper's action: `Authorization: Bearer <secret>`
 *                        (the presenter's secret may do everything; the helpers' may not time the
 *                        room, run polls or reset it, and never moves slides: that is `_follow/control`).
 *   GET  _room/events    the presenter's and helpers' stream of `StaffRoomView`s, within 100 ms of a change.
 * Attendees get their `AttendeeRoomView` on their own follow stream (follow-streams.ts), when it
 * opens and whenever something of theirs changes. Names never go to an attendee.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { attendeeHeader, attendeeKeyPattern, maxRoomBodyBytes, parseAttendeeAction, parseStaffAction, presenterOnly, type RoomPlan } from '../shared/room-protocol.js';
import type { RequestOrigin, SecretCheck } from './follow-guard.js';
import { guarded, readJsonBody, refusal, sameOrigin, sendJson, type Refuse } from './http-json.js';
import { attendeeIdOf, createPresence } from './room-presence.js';
import { attendeeOp, attendeesConcerned, attendeeView, staffOp, staffView } from './room-state.js';
import type { RoomStore } from './room-store.js';

export interface RoomLimits {
  /** Requests one attendee (one key) may make per window. */
  perAttendee: number;
  /** Room requests one client address may make per window, refused ones included (default: 15 per stream it may hold). */
  perClient?: number;
  windowMs: number;
  /** How long an attendee whose stream closed still counts as following (a reload). */
  lingerMs: number;
  /** The presenter's and helpers' streams held at once. */
  staffStreams: number;
  /** Changes within this long of each other reach the presenter and helpers as one view. */
  staffEveryMs: number;
  /** Attendees the room keeps anything of until it is reset: past this, newcomers are refused (memory stays bounded). */
  maxAttendees: number;
  /** The room's clock (countdowns, waiting times); tests move it. */
  clock?: () => number;
}

export const roomDefaults: RoomLimits = { perAttendee: 20, windowMs: 10_000, lingerMs: 10_000, staffStreams: 64, staffEveryMs: 100, maxAttendees: 10_000 };

export interface RoomServiceOptions {
  store: RoomStore;
  presenter: (authorization: string | undefined) => SecretCheck;
  helper: (authorization: string | undefined) => SecretCheck;
  origin: RequestOrigin;
  /** Records a failed secret; resolves to the ms to wait (429), or 0. */
  failed: (client: string, res: ServerResponse, refuse: Refuse, go: () => void) => void;
  plan: () => RoomPlan | undefined;
  /** Attendee streams per client: at most this many attendees of one address count at once. */
  streamsPerClient: number;
  limits?: Partial<RoomLimits>;
}

export interface RoomService {
  /** Handles `_room/<pathname>`. */
  route(pathname: string, req: IncomingMessage, res: ServerResponse): void;
  /** For the follow streams (follow-streams.ts): an attendee with a key arrives, or leaves. */
  attendeeOpened(attendee: string, client: string, write: (text: string) => void): void;
  attendeeClosed(attendee: string): void;
  /** Where attendee views are sent: the follow streams' hub. */
  deliverWith(send: (text: (attendee: string) => string | undefined, only?: ReadonlySet<string>) => void): void;
  /** The attendee id a follow stream's request carries, if its key is well formed. */
  attendeeOf(req: IncomingMessage): string | undefined;
  close(): void;
}

const retryAfter = (rejection: unknown) => String(Math.ceil((rejection instanceof RateLimiterRes ? rejection.msBeforeNext : 1000) / 1000));

export function createRoomService(options: RoomServiceOptions): RoomService {
  const limits = { ...roomDefaults, ...options.limits };
  const { store } = options;
  const clock = limits.clock ?? Date.now;
  const presence = createPresence({ lingerMs: limits.lingerMs, perClient: options.streamsPerClient });
  const perAttendee = new RateLimiterMemory({ points: limits.perAttendee, duration: limits.windowMs / 1000 });
  const perClient = new RateLimiterMemory({ points: limits.perClient ?? 15 * options.streamsPerClient, duration: limits.windowMs / 1000 });
  let deliver: Parameters<RoomService['deliverWith']>[0] = () => {};
  const staff = new Set<ServerResponse>();

  const present = (): ReadonlySet<string> => {
    const elsewhere = store.elsewhere();
    const here = presence.entries();
    if (elsewhere.size === 0) return new Set(here.keys());
    return new Set([...here.keys(), ...elsewhere]);
  };
  const attendeeMessage = (attendee: string) => `data: ${JSON.stringify({ room: attendeeView(store.state(), attendee, clock(), options.plan()) })}\n\n`;

  // The presenter's and helpers' view: at most one per `staffEveryMs`, however many changes.
  let staffTimer: ReturnType<typeof setTimeout> | undefined;
  const sendStaffView = () => {
    staffTimer = undefined;
    if (staff.size === 0) return;
    try {
      const text = `data: ${JSON.stringify(staffView(store.state(), present(), clock(), options.plan()))}\n\n`;
      for (const res of staff) if (res.writableLength < 1024 * 1024) res.write(text);
    } catch {
      // From a timer: a throw would end the process. The next change sends a view again.
    }
  };
  const staffChanged = () => void (staffTimer ??= setTimeout(sendStaffView, limits.staffEveryMs));
  const heartbeat = setInterval(() => {
    for (const res of staff) res.write(':\n\n');
  }, 1000);
  heartbeat.unref();

  store.onApplied((op) => {
    const concerned = attendeesConcerned(op);
    deliver(attendeeMessage, concerned === 'all' ? undefined : concerned);
    staffChanged();
  });
  store.onPresence(staffChanged);
  store.sharePresence(() => presence.entries());
  presence.onChange(() => {
    staffChanged();
    store.presenceChanged();
  });

  const attendeeOf = (req: IncomingMessage) => {
    const key = req.headers[attendeeHeader];
    return typeof key === 'string' && attendeeKeyPattern.test(key) ? attendeeIdOf(key) : undefined;
  };

  /** Runs `go` unless `limiter` refuses `key` (then 429). */
  const within = (limiter: RateLimiterMemory, key: string, refuse: Refuse, go: () => void, res: ServerResponse) =>
    limiter.consume(key).then(
      () => guarded(res, go),
      (rejection: unknown) => guarded(res, () => refuse(429, 'too many room requests: wait a moment', { 'Retry-After': retryAfter(rejection) })),
    );

  function attendee(req: IncomingMessage, res: ServerResponse): void {
    const refuse = refusal(req, res);
    if (req.method !== 'POST') return refuse(405, 'use POST', { Allow: 'POST' });
    if (!sameOrigin(req, options.origin.scheme(req))) return refuse(403, 'room requests must come from the deck’s own origin');
    within(perClient, options.origin.client(req), refuse, () => {
      const id = attendeeOf(req);
      if (!id) return refuse(401, 'a Deck-Attendee key is required: reload the deck');
      readJsonBody(req, res, maxRoomBodyBytes, refuse, (body) => {
        const parsed = parseAttendeeAction(body, options.plan());
        if (!parsed.ok) return refuse(400, parsed.error);
        within(perAttendee, id, refuse, () => {
          const here = presence.has(id);
          void (here ? Promise.resolve(true) : store.presentElsewhere(id).catch(() => false)).then((following) =>
            guarded(res, () => {
              // A key without a follow stream is no attendee of this room (a script making up keys).
              if (!following) return refuse(409, 'check-ins count only from a deck that follows the presenter: open the deck, then try again');
              const room = store.state();
              if (!room.attendees.has(id) && room.attendees.size >= limits.maxAttendees) {
                return refuse(503, `the room keeps ${limits.maxAttendees} attendees at most until the presenter resets it`, { 'Retry-After': '60' });
              }
              const decision = attendeeOp(store.state(), id, parsed.value, clock());
              if (!decision.ok) return refuse(decision.status, decision.error);
              store.write(decision.op).then(
                () => guarded(res, () => sendJson(res, 200, { room: attendeeView(store.state(), id, clock(), options.plan()) })),
                () => guarded(res, () => refuse(503, 'the room cannot be reached right now: try again', { 'Retry-After': '1' })),
              );
            }),
          );
        }, res);
      });
    }, res);
  }

  /** `go` with the caller's role, or 401 (a failed attempt) without a valid secret. */
  function staffRole(req: IncomingMessage, res: ServerResponse, refuse: Refuse, go: (role: 'presenter' | 'helper') => void): void {
    const authorization = req.headers.authorization;
    if (options.presenter(authorization) === 'valid') return go('presenter');
    if (options.helper(authorization) === 'valid') return go('helper');
    options.failed(options.origin.client(req), res, refuse, () => refuse(401, 'the presenter’s or the helpers’ secret is required', { 'WWW-Authenticate': 'Bearer' }));
  }

  function staffAction(req: IncomingMessage, res: ServerResponse): void {
    const refuse = refusal(req, res);
    if (req.method !== 'POST') return refuse(405, 'use POST', { Allow: 'POST' });
    staffRole(req, res, refuse, (role) => {
      if (!sameOrigin(req, options.origin.scheme(req))) return refuse(403, 'room requests must come from the deck’s own origin');
      readJsonBody(req, res, maxRoomBodyBytes, refuse, (body) => {
        const plan = options.plan();
        const parsed = parseStaffAction(body, plan);
        if (!parsed.ok) return refuse(400, parsed.error);
        if (role === 'helper' && presenterOnly.has(parsed.value.action)) return refuse(403, 'helpers work the help queue: the countdown, polls and reset are the presenter’s');
        const decision = staffOp(store.state(), parsed.value, clock(), present(), plan);
        if (!decision.ok) return refuse(decision.status, decision.error);
        store.write(decision.op).then(
          () => guarded(res, () => sendJson(res, 200, { ok: true })),
          () => guarded(res, () => refuse(503, 'the room cannot be reached right now: try again', { 'Retry-After': '1' })),
        );
      });
    });
  }

  function staffStream(req: IncomingMessage, res: ServerResponse): void {
    const refuse: Refuse = (status, error, headers = {}) => sendJson(res, status, { error }, headers);
    if (req.method !== 'GET') return refuse(405, 'use GET', { Allow: 'GET' });
    staffRole(req, res, refuse, () => {
      if (staff.size >= limits.staffStreams) return refuse(503, 'too many presenter and helper pages are open', { 'Retry-After': '10' });
      if (res.destroyed || req.socket.destroyed) return;
      staff.add(res);
      req.socket.setKeepAlive(true, 10_000);
      req.socket.setNoDelay(true);
      req.socket.setTimeout(0);
      const forget = () => staff.delete(res);
      res.on('close', forget);
      res.on('error', forget);
      res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store, no-transform', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' });
      res.write(`retry: 1000\n\ndata: ${JSON.stringify(staffView(store.state(), present(), clock(), options.plan()))}\n\n`);
    });
  }

  return {
    route(pathname, req, res) {
      if (pathname === 'attendee') return attendee(req, res);
      if (pathname === 'staff') return staffAction(req, res);
      if (pathname === 'events') return staffStream(req, res);
      sendJson(res, 404, { error: 'not found' });
    },
    attendeeOpened(id, client, write) {
      presence.opened(id, client);
      write(attendeeMessage(id));
    },
    attendeeClosed: (id) => presence.closed(id),
    deliverWith(send) {
      deliver = send;
    },
    attendeeOf,
    close() {
      clearInterval(heartbeat);
      clearTimeout(staffTimer);
      presence.close();
      for (const res of staff) res.end();
      staff.clear();
    },
  };
}
