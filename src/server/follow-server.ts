/**
 * The follow service: attendees' pages follow the presenter's position live.
 *
 * Framework-free, one `(req, res, next)` handler mounted by `npm start` (next to the static
 * files) and by the Vite dev server (src/node/vite-plugin-follow.ts), so both behave the same.
 * Paths are relative to the deck's base path:
 *   GET  deck-build.json  the build's info (as `vite build` writes it) plus `"follow": true`:
 *                         how a page tells this server from a plain static host, which has
 *                         the same file without the flag (so the page never requests a missing
 *                         endpoint there)
 *   GET  _follow/events   Server-Sent Events: the live state at once, then on every change and
 *                         every heartbeat (`?role=presenter`: not counted as an attendee)
 *   GET  _follow/state    the live state as JSON
 *   POST _follow/control  the presenter moves everyone: `Authorization: Bearer <secret>`,
 *                         JSON `{"slide": <0-based index>, "blackout": <boolean>}`
 *   GET  /healthz         liveness: 200 while the process serves, with the state store's health
 *   GET  /readyz          readiness: 200, or 503 with the reason (Redis unreachable, shutting down)
 * The live state lives in a `StateStore` (src/server/follow-store.ts): this process's memory, or
 * Redis shared by several replicas. Nothing here logs: the secret must never reach a log.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseControl, type LiveMessage, type LiveState } from './follow-state.js';
import { createMemoryStore, type StateStore, type StoreHealth } from './follow-store.js';

/** Every endpoint lives under this path, relative to the deck's base path. */
export const followPath = '/_follow/';

export interface FollowServerOptions {
  /** The presenter secret; only requests carrying it can move the audience. */
  token: string;
  /**
   * The served build's deck-build.json: `buildId` lets followers tell a stale page, `slides`
   * refuses positions past the end (unknown: any index up to 9999).
   */
  buildInfo?: () => BuildInfo;
  /** Attendee streams held at once; more get 503. */
  maxAttendees?: number;
  /** How often every stream gets the current state again: keeps proxies open, lets clients notice a dead stream. */
  heartbeatMs?: number;
  /** Largest control request body accepted, in bytes. */
  maxBodyBytes?: number;
  /** Control requests per client address: a bucket of `burst` refilled at `perSecond`. */
  rateLimit?: { burst: number; perSecond: number };
  /** A stream whose writes have not drained for this long is a dead or stalled client: closed. */
  stallTimeoutMs?: number;
  /** A stream with this many bytes queued is closed at once. */
  maxQueuedBytes?: number;
  /** Where the live state is kept (default: this process's memory). Closed by `close()`. */
  store?: StateStore;
}

export const followDefaults = {
  maxAttendees: 5000,
  heartbeatMs: 1000,
  maxBodyBytes: 1024,
  rateLimit: { burst: 60, perSecond: 20 },
  stallTimeoutMs: 15_000,
  maxQueuedBytes: 64 * 1024,
} as const;

export interface BuildInfo {
  buildId?: string;
  slides?: number;
  [key: string]: unknown;
}

/** Written by `vite build` next to index.html (see src/node/vite-plugin-deck.ts). */
const buildInfoPath = '/deck-build.json';

export type Middleware = (req: IncomingMessage, res: ServerResponse, next?: () => void) => void;

export interface FollowHealth {
  /** Serving, and (with Redis) sharing the state with the other replicas. */
  ready: boolean;
  /** Why not ready. */
  reason?: string;
  store: StoreHealth;
  attendees: number;
}

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

interface Stream {
  res: ServerResponse;
  presenter: boolean;
  /** Since when writes to this stream have stayed queued. */
  stalledSince?: number;
  /** When it is next due a heartbeat (any message counts as one). */
  nextBeatAt: number;
}

/** A fresh presenter secret: 144 random bits, URL-safe. */
export function newPresenterToken(): string {
  return randomBytes(18).toString('base64url');
}

const digest = (text: string) => createHash('sha256').update(text).digest();

export function createFollowServer(options: FollowServerOptions): FollowServer {
  if (!options.token) throw new Error('the follow server needs a presenter secret');
  const maxAttendees = options.maxAttendees ?? followDefaults.maxAttendees;
  const heartbeatMs = options.heartbeatMs ?? followDefaults.heartbeatMs;
  const maxBodyBytes = options.maxBodyBytes ?? followDefaults.maxBodyBytes;
  const rateLimit = options.rateLimit ?? followDefaults.rateLimit;
  const stallTimeoutMs = options.stallTimeoutMs ?? followDefaults.stallTimeoutMs;
  const maxQueuedBytes = options.maxQueuedBytes ?? followDefaults.maxQueuedBytes;
  // Compared as fixed-length hashes, so neither the content nor the length leaks through timing.
  const tokenDigest = digest(options.token);

  const store = options.store ?? createMemoryStore();
  let closing = false;
  const streams = new Set<Stream>();
  let attendeeCount = 0;
  const buckets = new Map<string, { tokens: number; at: number }>();

  const message = (): string => {
    const body: LiveMessage = { ...store.current(), buildId: options.buildInfo?.().buildId, attendees: attendeeCount };
    return `data: ${JSON.stringify(body)}\n\n`;
  };

  const drop = (stream: Stream) => {
    if (!streams.delete(stream)) return;
    if (!stream.presenter) attendeeCount -= 1;
    stream.res.destroy();
  };

  /** False (and the stream closed) when its client has stopped reading. */
  const healthy = (stream: Stream, now: number): boolean => {
    const queued = stream.res.writableLength;
    if (queued === 0) {
      stream.stalledSince = undefined;
      return true;
    }
    stream.stalledSince ??= now;
    if (queued > maxQueuedBytes || now - stream.stalledSince > stallTimeoutMs) {
      drop(stream);
      return false;
    }
    return true;
  };

  // Each stream's next heartbeat falls somewhere in the second half of the interval, so that
  // thousands of streams opened (or moved) together do not all beat in the same instant.
  const nextBeat = (now: number) => now + heartbeatMs * (0.5 + Math.random() / 2);

  /** Sends the state to every stream, or (`due`) only to those whose heartbeat is due. */
  const send = (now: number, due: boolean) => {
    let text: Buffer | undefined; // encoded once for all streams, and only if someone needs it
    for (const stream of streams) {
      if (due && stream.nextBeatAt > now) continue;
      if (!healthy(stream, now)) continue;
      text ??= Buffer.from(message());
      stream.res.write(text);
      stream.nextBeatAt = nextBeat(now);
    }
  };

  const heartbeat = setInterval(() => send(Date.now(), true), Math.max(1, heartbeatMs / 20));
  heartbeat.unref();
  // A move from any replica (or this one) reaches this replica's followers.
  store.onChange(() => send(Date.now(), false));

  const health = (): FollowHealth => {
    const storeHealth = store.health();
    const reason = closing ? 'shutting down' : storeHealth.shared ? undefined : storeHealth.problem;
    return { ready: reason === undefined, ...(reason === undefined ? {} : { reason }), store: storeHealth, attendees: attendeeCount };
  };

  function openStream(req: IncomingMessage, res: ServerResponse, presenter: boolean): void {
    if (closing) {
      // Pages try again at once: behind a load balancer, another replica answers.
      res.shouldKeepAlive = false;
      sendJson(res, 503, { error: 'this server is shutting down' }, { 'Retry-After': '0' });
      return;
    }
    if (!presenter && attendeeCount >= maxAttendees) {
      sendJson(res, 503, { error: `the deck is followed by ${maxAttendees} attendees already, the most it accepts` }, { 'Retry-After': '10' });
      return;
    }
    const stream: Stream = { res, presenter, nextBeatAt: nextBeat(Date.now()) };
    streams.add(stream);
    if (!presenter) attendeeCount += 1;
    // The OS notices a vanished peer (laptop gone) even when no write is queued.
    req.socket.setKeepAlive(true, 10_000);
    req.socket.setNoDelay(true);
    req.socket.setTimeout(0);
    res.on('close', () => drop(stream));
    res.on('error', () => drop(stream));
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store, no-transform',
      Connection: 'keep-alive',
      // nginx and similar proxies would otherwise buffer the stream.
      'X-Accel-Buffering': 'no',
    });
    res.write(`retry: 1000\n\n${message()}`);
  }

  /** Token bucket per client address; true when this request may go on. */
  function allow(address: string, now: number): { ok: boolean; retryAfter: number } {
    let bucket = buckets.get(address);
    if (!bucket) {
      if (buckets.size >= 10_000) buckets.clear(); // bounded memory under an address flood
      bucket = { tokens: rateLimit.burst, at: now };
      buckets.set(address, bucket);
    }
    bucket.tokens = Math.min(rateLimit.burst, bucket.tokens + ((now - bucket.at) / 1000) * rateLimit.perSecond);
    bucket.at = now;
    if (bucket.tokens < 1) return { ok: false, retryAfter: Math.ceil((1 - bucket.tokens) / rateLimit.perSecond) };
    bucket.tokens -= 1;
    return { ok: true, retryAfter: 0 };
  }

  function control(req: IncomingMessage, res: ServerResponse): void {
    // Refusals are answered before the body is read; the connection then closes instead of
    // reading a body nobody wants.
    const refuse = (status: number, error: string, headers: Record<string, string> = {}) => {
      res.shouldKeepAlive = false;
      sendJson(res, status, { error }, headers);
      req.resume();
    };
    if (req.method !== 'POST') return refuse(405, 'use POST', { Allow: 'POST' });
    const limit = allow(req.socket.remoteAddress ?? '', Date.now());
    if (!limit.ok) return refuse(429, 'too many control requests: slow down', { 'Retry-After': String(limit.retryAfter) });
    if (!sameOrigin(req)) return refuse(403, 'control requests must come from the deck’s own origin');
    const auth = /^Bearer (.+)$/.exec(req.headers.authorization ?? '');
    if (!auth || !timingSafeEqual(digest(auth[1]), tokenDigest)) {
      return refuse(401, 'a valid presenter secret is required', { 'WWW-Authenticate': 'Bearer' });
    }
    const length = Number(req.headers['content-length'] ?? 0);
    if (length > maxBodyBytes) return refuse(413, `the body may be at most ${maxBodyBytes} bytes`);
    if (!/^application\/json\s*(;|$)/i.test(req.headers['content-type'] ?? '')) {
      return refuse(415, 'send Content-Type: application/json');
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBodyBytes) {
        if (!tooLarge) refuse(413, `the body may be at most ${maxBodyBytes} bytes`);
        tooLarge = true;
        return;
      }
      chunks.push(chunk);
    });
    req.on('error', () => res.destroy());
    req.on('end', () => {
      if (tooLarge) return;
      const parsed = parseControl(Buffer.concat(chunks).toString('utf8'), options.buildInfo?.().slides);
      if (!parsed.ok) return refuse(400, parsed.error);
      // The store tells every stream (through onChange) before this resolves.
      store.apply(parsed.update).then(
        (state) => sendJson(res, 200, { seq: state.seq, epoch: state.epoch, attendees: attendeeCount }),
        () => sendJson(res, 500, { error: 'the move could not be stored' }),
      );
    });
  }

  const handle: Middleware = (req, res, next) => {
    const url = req.url ?? '/';
    const bare = url.split('?', 1)[0];
    const reading = req.method === 'GET' || req.method === 'HEAD';
    if (bare === buildInfoPath && reading) {
      sendJson(res, 200, { ...options.buildInfo?.(), follow: true });
      return;
    }
    if (bare === '/healthz' && reading) {
      // Alive as long as this answers: Redis being away is reported, not fatal.
      sendJson(res, 200, { status: 'ok', ...health() });
      return;
    }
    if (bare === '/readyz' && reading) {
      const now = health();
      sendJson(res, now.ready ? 200 : 503, now);
      return;
    }
    if (!url.startsWith(followPath)) {
      if (next) next();
      else sendJson(res, 404, { error: 'not found' });
      return;
    }
    const [pathname, query = ''] = url.slice(followPath.length).split('?', 2);
    try {
      if (pathname === 'control') return control(req, res);
      if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, { error: 'use GET' }, { Allow: 'GET, HEAD' });
      if (pathname === 'events') return openStream(req, res, new URLSearchParams(query).get('role') === 'presenter');
      if (pathname === 'state') return sendJson(res, 200, { ...store.current(), buildId: options.buildInfo?.().buildId, attendees: attendeeCount });
      sendJson(res, 404, { error: 'not found' });
    } catch {
      // A bad request must never take the server down.
      if (!res.headersSent) sendJson(res, 500, { error: 'internal error' });
      else res.destroy();
    }
  };

  return {
    handle,
    attendees: () => attendeeCount,
    state: () => store.current(),
    health,
    async close() {
      if (closing) return;
      closing = true;
      clearInterval(heartbeat);
      // A finished response (not a reset) is a clean end of the stream: the page reconnects at once.
      for (const stream of [...streams]) {
        streams.delete(stream);
        if (!stream.presenter) attendeeCount -= 1;
        // ...on a new connection, which a load balancer may send to another replica.
        stream.res.end(() => stream.res.socket?.end());
      }
      await store.close();
    },
  };
}

/**
 * Browsers send `Origin` on every POST: it must name this host. Scripts (curl) send none and
 * pass on the secret alone; a cross-site page cannot hide its origin.
 */
function sameOrigin(req: IncomingMessage): boolean {
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return false;
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false; // `null` (sandboxed frames, file: pages) and garbage
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...headers });
  res.end(`${JSON.stringify(body)}\n`);
}
