/**
 * The follow server's open event streams: who may open one (the room's cap and each client's),
 * the broadcast and the heartbeat, and closing the streams of clients that stopped reading.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { streamCounter } from './follow-guard.js';

export interface StreamHubOptions {
  maxAttendees: number;
  streamsPerClient: number;
  heartbeatMs: number;
  stallTimeoutMs: number;
  maxQueuedBytes: number;
  /** The message a stream gets, given the attendee count: the presenter's may say more. */
  message(attendees: number, presenter: boolean): string;
  /** An attendee's stream that carries their room key opened: `write` sends to that stream alone. */
  attendeeOpened?(attendee: string, client: string, write: (text: string) => void): void;
  /** ...and closed. */
  attendeeClosed?(attendee: string): void;
}

export interface StreamOwner {
  /** The presenter's streams (the secret was given) are neither counted nor capped. */
  presenter: boolean;
  /** Whose stream, for the per-client cap (see follow-guard.ts). */
  client: string;
  /** The room's id of the attendee (room-presence.ts), when the page sent its key. */
  attendee?: string;
}

interface Stream extends StreamOwner {
  res: ServerResponse;
  /** Since when writes to this stream have stayed queued. */
  stalledSince?: number;
  /** When it is next due a heartbeat (any message counts as one). */
  nextBeatAt: number;
}

export type Admission = 'ok' | 'room full' | 'client full';

export interface StreamHub {
  /** Attendee streams open now. */
  attendees(): number;
  /** Takes a slot for an attendee of `client`, unless the room or that client is full. */
  admit(client: string): Admission;
  /** Gives back a slot `admit` took for a stream that was never opened. */
  release(client: string): void;
  /** Opens the stream; an attendee's slot was taken with `admit`. */
  open(req: IncomingMessage, res: ServerResponse, owner: StreamOwner): void;
  /** Sends the state to every stream now (`presentersOnly`: to the presenter's streams). */
  broadcast(presentersOnly?: boolean): void;
  /** Sends each attendee stream carrying a room key what `text` makes for its attendee (nothing for `undefined`). */
  sendToAttendees(text: (attendee: string) => string | undefined, only?: ReadonlySet<string>): void;
  /** Ends every stream cleanly (pages reconnect at once) and stops the heartbeat. */
  endAll(): void;
}

export function createStreamHub(options: StreamHubOptions): StreamHub {
  const streams = new Set<Stream>();
  const perClient = streamCounter(options.streamsPerClient);
  let attendees = 0;

  const forget = (stream: Stream): boolean => {
    if (!streams.delete(stream)) return false;
    if (!stream.presenter) {
      attendees -= 1;
      perClient.release(stream.client);
    }
    if (stream.attendee) options.attendeeClosed?.(stream.attendee);
    return true;
  };
  const drop = (stream: Stream) => {
    if (forget(stream)) stream.res.destroy();
  };
  const release = (client: string) => {
    attendees -= 1;
    perClient.release(client);
  };

  /** False (and the stream closed) when its client has stopped reading. */
  const healthy = (stream: Stream, now: number): boolean => {
    const queued = stream.res.writableLength;
    if (queued === 0) {
      stream.stalledSince = undefined;
      return true;
    }
    stream.stalledSince ??= now;
    if (queued > options.maxQueuedBytes || now - stream.stalledSince > options.stallTimeoutMs) {
      drop(stream);
      return false;
    }
    return true;
  };

  // Each stream's next heartbeat falls somewhere in the second half of the interval, so that
  // thousands of streams opened (or moved) together do not all beat in the same instant.
  const nextBeat = (now: number) => now + options.heartbeatMs * (0.5 + Math.random() / 2);

  /** Sends the state to every stream, or (`due`) only to those whose heartbeat is due. */
  const send = (now: number, due: boolean, presentersOnly = false) => {
    // Encoded once for all attendees' streams and once for the presenter's, and only if someone needs it.
    let text: Buffer | undefined;
    let presenterText: Buffer | undefined;
    try {
      for (const stream of streams) {
        if ((due && stream.nextBeatAt > now) || (presentersOnly && !stream.presenter)) continue;
        if (!healthy(stream, now)) continue;
        if (stream.presenter) stream.res.write((presenterText ??= Buffer.from(options.message(attendees, true))));
        else stream.res.write((text ??= Buffer.from(options.message(attendees, false))));
        stream.nextBeatAt = nextBeat(now);
      }
    } catch {
      // Runs from a timer and from the store: a throw here would end the process. The next beat tries again.
    }
  };

  const heartbeat = setInterval(() => send(Date.now(), true), Math.max(1, options.heartbeatMs / 20));
  heartbeat.unref();

  return {
    attendees: () => attendees,
    admit(client) {
      if (attendees >= options.maxAttendees) return 'room full';
      if (!perClient.take(client)) return 'client full';
      // Counted at once, so that admissions decided together cannot overshoot the cap.
      attendees += 1;
      return 'ok';
    },
    release,
    open(req, res, owner) {
      // Gone while its admission was decided (a wrong secret waits on the limiter): no 'close' will come.
      if (res.destroyed || req.socket.destroyed) {
        if (!owner.presenter) release(owner.client);
        return;
      }
      const stream: Stream = { res, ...owner, nextBeatAt: nextBeat(Date.now()) };
      streams.add(stream);
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
      res.write(`retry: 1000\n\n${options.message(attendees, owner.presenter)}`);
      if (stream.attendee) options.attendeeOpened?.(stream.attendee, stream.client, (text) => void (streams.has(stream) && res.write(text)));
    },
    broadcast: (presentersOnly) => send(Date.now(), false, presentersOnly),
    sendToAttendees(text, only) {
      const now = Date.now();
      try {
        for (const stream of streams) {
          if (!stream.attendee || (only && !only.has(stream.attendee)) || !healthy(stream, now)) continue;
          const message = text(stream.attendee);
          if (message !== undefined) stream.res.write(message);
        }
      } catch {
        // As for `send`: never a throw out of a broadcast.
      }
    },
    endAll() {
      clearInterval(heartbeat);
      // A finished response (not a reset) is a clean end of the stream: the page reconnects at once.
      for (const stream of [...streams]) {
        forget(stream);
        // ...on a new connection, which a load balancer may send to another replica.
        stream.res.end(() => stream.res.socket?.end());
      }
    },
  };
}
