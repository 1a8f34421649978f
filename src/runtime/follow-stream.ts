/**
 * The follow service's event stream, read with `fetch` rather than EventSource, which gives up
 * for good on any HTTP error (a full server's 503, a restarting dev server): this owns the
 * reconnection timing instead. It reconnects after 0, 0.25, 0.5, then every 1 s (or after a
 * 503's `Retry-After`), and replaces a stream silent for longer than `staleAfterMs` (two
 * heartbeats missed: sleep, a network change, a frozen server), checking at once when the tab is
 * shown again, the machine wakes or the network comes back.
 */
import { eventStreamParser } from '../shared/event-stream.js';
import type { LiveMessage } from '../shared/follow-protocol.js';
import { servedBuild } from './served-build.js';

/** No message for this long (two heartbeats missed): the stream is dead even if the socket looks open. */
const staleAfterMs = 2000;
const reconnectDelaysMs = [0, 250, 500, 1000];

/**
 * Served by the follow server? It answers deck-build.json with `follow: true`; a plain static
 * host has the file without it, and then the page makes no further request.
 */
export async function followServiceAvailable(): Promise<boolean> {
  return (await servedBuild())?.follow === true;
}

export interface FollowStreamOptions {
  url: string;
  /** The presenter secret: the stream is then the presenter's, not counted as an attendee. */
  token?: string;
  /** The attendee's room key (src/runtime/room/): the room sends its news on this stream. */
  attendeeKey?: string;
  onMessage(message: LiveMessage): void;
  /** `live` once a stream is open, `lost` when it drops (a reconnection is then scheduled). */
  onConnection(state: 'live' | 'lost'): void;
}

/** Returns a function that closes the stream for good. */
export function openFollowStream(options: FollowStreamOptions): () => void {
  let abort: AbortController | undefined;
  let connected = false;
  let attempts = 0;
  let reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  let lastMessageAt = 0;
  const headers = {
    Accept: 'text/event-stream',
    ...(options.token ? { Authorization: `Bearer ${options.token}` } : {}),
    ...(options.attendeeKey ? { 'Deck-Attendee': options.attendeeKey } : {}),
  };
  let stopped = false;

  function scheduleReconnect(delayMs?: number): void {
    if (reconnectTimer !== undefined || stopped) return;
    const delay = delayMs ?? reconnectDelaysMs[Math.min(attempts, reconnectDelaysMs.length - 1)];
    attempts += 1;
    reconnectTimer = setTimeout(() => {
      reconnectTimer = undefined;
      void connect();
    }, delay);
  }

  function lost(retryAfterMs?: number): void {
    connected = false;
    options.onConnection('lost');
    scheduleReconnect(retryAfterMs);
  }

  async function connect(): Promise<void> {
    abort?.abort();
    const controller = new AbortController();
    abort = controller;
    let response: Response;
    // A request into a black hole (the server frozen, a dead network) would wait forever.
    const timeout = setTimeout(() => controller.abort(), staleAfterMs);
    try {
      response = await fetch(options.url, { signal: controller.signal, cache: 'no-store', headers });
    } catch {
      if (abort === controller) lost();
      return;
    } finally {
      clearTimeout(timeout);
    }
    const isStream = response.ok && (response.headers.get('Content-Type') ?? '').startsWith('text/event-stream');
    if (!isStream || !response.body) {
      void response.body?.cancel();
      // A full room (503) says when to try again: a thousand pages retrying every second would not help it.
      const retryAfter = response.status === 503 ? Number(response.headers.get('Retry-After')) * 1000 || undefined : undefined;
      if (abort === controller) lost(retryAfter);
      return;
    }
    connected = true;
    attempts = 0;
    lastMessageAt = Date.now();
    options.onConnection('live');
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    const events = eventStreamParser((data) => {
      lastMessageAt = Date.now();
      if (data) options.onMessage(JSON.parse(data) as LiveMessage);
    });
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        events.push(value);
      }
    } catch {
      // aborted or dropped: handled below
    }
    if (abort === controller) lost();
  }

  /** Replaces a stream that has gone quiet: after sleep, a network change or a frozen tab. */
  function checkStream(): void {
    if (connected && Date.now() - lastMessageAt > staleAfterMs) {
      abort?.abort();
      lost();
    }
  }
  const checker = setInterval(checkStream, 500);
  // Timers are throttled in hidden tabs and stopped during sleep: check as soon as the page is back.
  const wake = () => {
    if (document.visibilityState === 'visible') checkStream();
  };
  document.addEventListener('visibilitychange', wake);
  window.addEventListener('pageshow', wake);
  window.addEventListener('focus', wake);
  window.addEventListener('online', () => {
    // Another network: the old connection is likely dead, whatever it looks like.
    abort?.abort();
    attempts = 0;
    lost();
  });
  void connect();
  return () => {
    stopped = true;
    clearInterval(checker);
    clearTimeout(reconnectTimer);
    abort?.abort();
  };
}
