/**
 * The follow service: attendees' pages follow the presenter's position live.
 *
 * Framework-free, one `(req, res, next)` handler mounted by `npm start` (next to the static
 * files) and by the Vite dev server (src/node/vite-plugin-follow.ts), so both behave the same.
 * Paths are relative to the deck's base path:
 *   GET  deck-build.json  the build's info (as `vite build` writes it) plus `"follow": true`:
 *                         how a page tells this server from a plain static host, which has
 *                         the same file without the flag (so the page never requests a missing
 *                         endpoint there); with `join` (the attendees' address and its QR code)
 *                         and `handout` when this server has them
 *   GET  _follow/join.svg the QR code of the attendees' address (src/server/join-qr.ts)
 *   GET  _follow/events   Server-Sent Events: the live state at once, then on every change and
 *                         every heartbeat. With `Authorization: Bearer <secret>` it is the
 *                         presenter's, not counted as an attendee; any other is an attendee's
 *   GET  _follow/state    the live state as JSON
 *   POST _follow/control  the presenter moves everyone: `Authorization: Bearer <secret>`,
 *                         JSON `{"slide": <0-based index>, "id": <slide id>, "blackout": <boolean>, "at": <ms>}`
 *                         (`at`: the presenter tab's clock; the latest move wins, see src/shared/follow-protocol.ts)
 *   POST _follow/clock    the talk clock (clock-server.ts)
 *   .... _room/...        the room: check-ins, the help queue, countdowns, polls (room-server.ts)
 *   GET  /healthz, /readyz liveness and readiness (follow-health.ts)
 * The live state lives in a `StateStore` (src/server/follow-store.ts): this process's memory, or
 * Redis shared by several replicas. Nothing here logs: the secret must never reach a log. Who a
 * request comes from and how much one client may take: src/server/follow-guard.ts.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { buildInfoFile, followPath, type BuildInfo, type ServedBuildInfo } from '../shared/build-info.js';
import { parseControl, type LiveMessage, type LiveState } from '../shared/follow-protocol.js';
import type { ClockView } from '../shared/talk-clock.js';
import { createFileClockStore, type ClockStore } from './clock-store.js';
import { createClockService } from './clock-server.js';
import { createHealthService, type FollowHealth } from './follow-health.js';
import { createMemoryStore, type StateStore } from './follow-store.js';
import { failureLimiter, presenterSecret, requestOrigin, type FailureLimits, type TrustedProxies } from './follow-guard.js';
import { createStreamHub } from './follow-streams.js';
import { joinQrEndpoint, sendJoinQr } from './join-qr.js';
import { guarded, readJsonBody, refusal, sameOrigin, sendJson, type Middleware, type Refuse } from './http-json.js';
import { roomPath } from '../shared/room-protocol.js';
import { createRoomService, type RoomLimits } from './room-server.js';
import { createMemoryRoomStore, type RoomStore } from './room-store.js';

export interface FollowServerOptions {
  /** The presenter secret; only requests carrying it can move the audience. */
  token: string;
  /** The helpers' secret: the help queue (src/server/room-server.ts), never the slides. None: no helpers. */
  helperToken?: string;
  /** Where the room's check-ins, countdown and polls are kept (default: this process's memory). Closed by `close()`. */
  roomStore?: RoomStore;
  /** The room's rate limits and caps (room-server.ts's `roomDefaults`). */
  room?: Partial<RoomLimits>;
  /**
   * The served build's deck-build.json: `buildId` lets followers tell a stale page, `slides`
   * refuses positions past the end (unknown: any index up to 9999).
   */
  buildInfo?: () => Partial<BuildInfo>;
  /**
   * The address attendees open, as the start-up banner prints it (`Attendees:`); known once the
   * server listens. The page shows it, with its QR code, on the title slide and on `J`.
   */
  join?: () => string | undefined;
  /** The handout of the served build, when there is one (src/server/handout.ts). */
  handout?: () => ServedBuildInfo['handout'];
  /** Attendee streams held at once; more get 503. */
  maxAttendees?: number;
  /** Attendee streams one client (address, or IPv6 /64) may hold at once; more get 503. */
  streamsPerClient?: number;
  /**
   * Proxies whose `X-Forwarded-For` and `X-Forwarded-Proto` are believed (`TRUSTED_PROXIES`):
   * addresses, CIDR ranges, or `loopback`, `linklocal`, `uniquelocal`. Default: none.
   */
  trustedProxies?: TrustedProxies;
  /** How often every stream gets the current state again: keeps proxies open, lets clients notice a dead stream. */
  heartbeatMs?: number;
  /** Largest control request body accepted, in bytes. */
  maxBodyBytes?: number;
  /** Failed presenter attempts (wrong or missing secret) allowed per window; the right secret is never limited. */
  failedAttempts?: FailureLimits;
  /** A stream whose writes have not drained for this long is a dead or stalled client: closed. */
  stallTimeoutMs?: number;
  /** A stream with this many bytes queued is closed at once. */
  maxQueuedBytes?: number;
  /** Where the live state is kept (default: this process's memory). Closed by `close()`. */
  store?: StateStore;
  /** Where the talk clock is kept (default: this process's memory). Closed by `close()`. */
  clock?: ClockStore;
  /**
   * Where the operator hears that attendees are being turned away by a cap (once a minute per
   * cause): a room behind one NAT looks like one client. Never given a secret.
   */
  log?: (line: string) => void;
}

export const followDefaults = {
  maxAttendees: 5000,
  streamsPerClient: 20,
  heartbeatMs: 1000,
  maxBodyBytes: 1024,
  failedAttempts: { perClient: 10, everyone: 300, windowMs: 60_000 },
  stallTimeoutMs: 15_000,
  maxQueuedBytes: 64 * 1024,
} as const;

export type { FollowHealth } from './follow-health.js';

export interface FollowServer {
  handle: Middleware;
  /** Attendee streams open now. */
  attendees(): number;
  state(): LiveState;
  health(): FollowHealth;
  /**
   * Stops: readiness turns 503, every stream is ended (pages reconnect, through a load balancer
   * to another replica), new streams are refused, the heartbeat stops and the store closes.
   */
  close(): Promise<void>;
}

export function createFollowServer(options: FollowServerOptions): FollowServer {
  if (!options.token) throw new Error('the follow server needs a presenter secret');
  const maxBodyBytes = options.maxBodyBytes ?? followDefaults.maxBodyBytes;
  const maxAttendees = options.maxAttendees ?? followDefaults.maxAttendees;
  const streamsPerClient = options.streamsPerClient ?? followDefaults.streamsPerClient;
  const checkSecret = presenterSecret(options.token);
  const origin = requestOrigin(options.trustedProxies);
  const failures = failureLimiter(options.failedAttempts ?? followDefaults.failedAttempts);

  const store = options.store ?? createMemoryStore();
  const clock = createClockService({ store: options.clock ?? createFileClockStore(), presenterRequest });
  let closing = false;
  /** When each cause was last logged: a refused page retries every 10 s, the log says it once a minute. */
  const toldAt = new Map<string, number>();
  const tellOperator = (cause: string, line: string) => {
    const now = Date.now();
    if (!options.log || now - (toldAt.get(cause) ?? -Infinity) < 60_000) return;
    if (toldAt.size >= 1000) toldAt.clear();
    toldAt.set(cause, now);
    options.log(line);
  };
  const roomStore = options.roomStore ?? createMemoryRoomStore();
  const helperSecret = options.helperToken ? presenterSecret(options.helperToken) : () => 'absent' as const;
  const room = createRoomService({
    store: roomStore,
    presenter: checkSecret,
    helper: helperSecret,
    origin,
    failed: (client, res, refuse, go) => afterFailure(client, res, refuse, go),
    plan: () => options.buildInfo?.().room,
    streamsPerClient,
    limits: options.room,
  });
  const hub = createStreamHub({
    attendeeOpened: room.attendeeOpened,
    attendeeClosed: room.attendeeClosed,
    maxAttendees,
    streamsPerClient,
    heartbeatMs: options.heartbeatMs ?? followDefaults.heartbeatMs,
    stallTimeoutMs: options.stallTimeoutMs ?? followDefaults.stallTimeoutMs,
    maxQueuedBytes: options.maxQueuedBytes ?? followDefaults.maxQueuedBytes,
    message: (attendees, presenter) => {
      const body: LiveMessage & { clock?: ClockView } = { ...store.current(), buildId: options.buildInfo?.().buildId, attendees };
      // The talk clock is the presenter's business: attendees' streams (thousands) go without.
      if (presenter) body.clock = clock.view();
      return `data: ${JSON.stringify(body)}\n\n`;
    },
  });
  // A move from any replica (or this one) reaches this replica's followers.
  store.onChange(() => hub.broadcast());
  clock.onChange(() => hub.broadcast(true));
  room.deliverWith((text, only) => hub.sendToAttendees(text, only));

  const health = createHealthService({ store, attendees: () => hub.attendees(), closing: () => closing });

  /** Answers 429 when `client` has failed too often, else calls `go`. */
  function afterFailure(client: string, res: ServerResponse, refuse: Refuse, go: () => void): void {
    failures.fail(client).then(
      (waitMs) =>
        guarded(res, () => (waitMs > 0 ? refuse(429, 'too many attempts with a wrong presenter secret: wait', { 'Retry-After': String(Math.ceil(waitMs / 1000)) }) : go())),
      () => guarded(res, () => refuse(500, 'internal error')),
    );
  }

  function openStream(req: IncomingMessage, res: ServerResponse): void {
    const refuse: Refuse = (status, error, headers = {}) => sendJson(res, status, { error }, headers);
    if (closing) {
      // Pages try again at once: behind a load balancer, another replica answers.
      res.shouldKeepAlive = false;
      refuse(503, 'this server is shutting down', { 'Retry-After': '0' });
      return;
    }
    const client = origin.client(req);
    const secret = checkSecret(req.headers.authorization);
    // A wrong secret is a guess (the attendee count would tell whether it was right): it counts
    // as a failed attempt, and the stream is an attendee's.
    const attend = () => {
      const admission = closing ? 'closing' : hub.admit(client);
      if (admission === 'ok') hub.open(req, res, { presenter: false, client, attendee: room.attendeeOf(req) });
      else if (admission === 'closing') refuse(503, 'this server is shutting down', { 'Retry-After': '0' });
      else if (admission === 'room full') {
        tellOperator('room full', `Attendees turned away: ${maxAttendees} follow already, the most this server accepts.`);
        refuse(503, `the deck is followed by ${maxAttendees} attendees already, the most it accepts`, { 'Retry-After': '10' });
      } else {
        tellOperator(
          `client full ${client}`,
          `Attendees from ${client} turned away: that address holds ${streamsPerClient} streams, the most one client may. ` +
            'If a whole room reaches the deck through one address (a NAT, a proxy), raise DECK_STREAMS_PER_CLIENT or set TRUSTED_PROXIES.',
        );
        refuse(503, `this address holds ${streamsPerClient} streams already, the most one client may`, { 'Retry-After': '10' });
      }
    };
    if (secret === 'valid') hub.open(req, res, { presenter: true, client });
    else if (secret === 'wrong') afterFailure(client, res, refuse, attend);
    else attend();
  }

  /** A presenter's request: the secret, the origin and a JSON body checked, then `use(body)`. */
  function presenterRequest(req: IncomingMessage, res: ServerResponse, use: (body: string, refuse: Refuse) => void): void {
    const refuse = refusal(req, res);
    if (req.method !== 'POST') return refuse(405, 'use POST', { Allow: 'POST' });
    // The secret first: the right one is never slowed down, whoever else shares its address.
    if (checkSecret(req.headers.authorization) !== 'valid') {
      return afterFailure(origin.client(req), res, refuse, () =>
        refuse(401, 'a valid presenter secret is required', { 'WWW-Authenticate': 'Bearer' }),
      );
    }
    if (!sameOrigin(req, origin.scheme(req))) {
      return refuse(403, 'control requests must come from the deck’s own origin (behind a proxy that terminates TLS, set TRUSTED_PROXIES)');
    }
    readJsonBody(req, res, maxBodyBytes, refuse, (body) => use(body, refuse));
  }

  function control(req: IncomingMessage, res: ServerResponse): void {
    presenterRequest(req, res, (body, refuse) => {
      const parsed = parseControl(body, options.buildInfo?.().slides);
      if (!parsed.ok) return refuse(400, parsed.error);
      const before = store.current().slide;
      // The store tells every stream (through onChange) before this resolves.
      store.apply(parsed.update).then(
        (state) => {
          clock.moved(before, state.slide);
          guarded(res, () => sendJson(res, 200, { seq: state.seq, epoch: state.epoch, attendees: hub.attendees() }));
        },
        () => guarded(res, () => sendJson(res, 500, { error: 'the move could not be stored' })),
      );
    });
  }

  function route(req: IncomingMessage, res: ServerResponse, next?: () => void): void {
    const url = req.url ?? '/';
    const bare = url.split('?', 1)[0];
    const reading = req.method === 'GET' || req.method === 'HEAD';
    if (bare === `/${buildInfoFile}` && reading) {
      // The fields a page needs, whatever else the file holds (an older build named its manifest's path).
      const { buildId, slides, title, variant } = options.buildInfo?.() ?? {};
      const join = options.join?.();
      const handout = options.handout?.();
      const served: ServedBuildInfo = {
        buildId,
        slides,
        title,
        variant,
        follow: true,
        ...(join ? { join: { url: join, qr: `${followPath.slice(1)}${joinQrEndpoint}` } } : {}),
        ...(handout ? { handout } : {}),
      };
      sendJson(res, 200, served);
      return;
    }
    if (health.route(bare, reading, res)) return;
    if (url.startsWith(roomPath)) return room.route(bare.slice(roomPath.length), req, res);
    if (!url.startsWith(followPath)) {
      if (next) next();
      else sendJson(res, 404, { error: 'not found' });
      return;
    }
    const pathname = bare.slice(followPath.length);
    if (pathname === 'control') return control(req, res);
    if (pathname === 'clock') return clock.request(req, res);
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, { error: 'use GET' }, { Allow: 'GET, HEAD' });
    // Whatever the query says (`?role=presenter`): only the secret makes a presenter's stream.
    if (pathname === 'events') return openStream(req, res);
    if (pathname === joinQrEndpoint) return sendJoinQr(res, options.join?.(), req.method === 'HEAD');
    if (pathname === 'state') return sendJson(res, 200, { ...store.current(), buildId: options.buildInfo?.().buildId, attendees: hub.attendees() });
    sendJson(res, 404, { error: 'not found' });
  }

  const handle: Middleware = (req, res, next) => guarded(res, () => route(req, res, next));

  return {
    handle,
    attendees: () => hub.attendees(),
    state: () => store.current(),
    health: health.health,
    async close() {
      if (closing) return;
      closing = true;
      hub.endAll();
      room.close();
      await Promise.all([store.close(), clock.close(), roomStore.close()]);
    },
  };
}
