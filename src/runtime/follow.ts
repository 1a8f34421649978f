/**
 * Following the presenter live (the browser half of src/server/follow-server.ts).
 *
 * - Attendees read the server's event stream and show the presenter's slide and blackout. One
 *   who navigates stops following until "Back to live (slide N)" (or `L`, or navigating back to
 *   the live slide).
 * - The presenter (a page opened once with `#presenter=<secret>`) posts its slide and blackout on
 *   every change, one request at a time and always the latest, and sees the attendee count. Each
 *   move carries `at`, this tab's clock, never at or below a move it made or saw (even after a
 *   reload): the server keeps the latest move by it, whichever server or replica it reached.
 * - A clone window (`C`) is synced by remark itself and takes no part.
 *
 * A page first asks deck-build.json whether it is served by the follow server (a plain static
 * host has the file without `follow: true`: then nothing here runs). The stream is read with fetch
 * rather than EventSource, which gives up for good on any HTTP error (a full server's 503, a
 * restarting dev server): we own the reconnection timing instead. Heartbeats arrive every second; a stream silent for longer than
 * `staleAfterMs` is presumed dead (sleep, network change) and replaced.
 */
import { buildInfoFile, followPath, type ServedBuildInfo } from '../shared/build-info.js';
import { eventStreamParser } from '../shared/event-stream.js';
import { isNewer, presenterClock, type LiveMessage } from '../shared/follow-protocol.js';
import type { RemarkSlideshow } from './remark-slide.js';

const tokenKey = 'deck-presenter-token';
/** The presenter tab's clock for its moves (the highest `at` sent or seen), kept across reloads. */
const clockKey = 'deck-presenter-clock';
/** No message for this long (two heartbeats missed): the stream is dead even if the socket looks open. */
const staleAfterMs = 2000;
const reconnectDelaysMs = [0, 250, 500, 1000];
/** A build id that differs for this long is a real new build, not a hot update in flight. */
const mismatchGraceMs = 1500;

type Role = 'attendee' | 'presenter';

/**
 * Moves the presenter secret from the address (`#presenter=...`) into this tab's sessionStorage
 * and clears it from the address bar. Must run before remark reads the hash. Returns the secret
 * this tab holds, if any.
 */
export function takePresenterToken(): string | undefined {
  const match = /^#presenter=([^&]*)$/.exec(location.hash);
  try {
    if (match) {
      const token = decodeURIComponent(match[1]);
      if (token) sessionStorage.setItem(tokenKey, token);
      else sessionStorage.removeItem(tokenKey); // `#presenter=` ends presenting in this tab
    }
    return sessionStorage.getItem(tokenKey) ?? undefined;
  } catch {
    return undefined; // storage disabled: this tab is an attendee
  } finally {
    if (match) history.replaceState(history.state, '', location.pathname + location.search);
  }
}

/** A clone window opened by remark's `C` from a deck window: remark keeps it in sync. */
function isRemarkClone(): boolean {
  try {
    return !!window.opener && (window.opener as Window).location.origin === location.origin && 'slideshow' in window.opener;
  } catch {
    return false;
  }
}

export interface FollowClient {
  /** After a hot update: the build id of the deck now on screen. */
  setBuildId(buildId: string): void;
  /** Runs a navigation that is not the user's (hot reload keeping the place), without unfollowing. */
  quietly(navigate: () => void): void;
}

export interface FollowOptions {
  slideshow: RemarkSlideshow;
  buildId: string;
  /** From `takePresenterToken()`. */
  token?: string;
}

export function startFollowing({ slideshow, buildId, token }: FollowOptions): FollowClient | undefined {
  if (isRemarkClone()) return undefined;
  const role: Role = token ? 'presenter' : 'attendee';
  // Relative to the deck's base path: the deck may be served under any path.
  const eventsUrl = new URL(`.${followPath}events`, document.baseURI).href;
  const controlUrl = new URL(`.${followPath}control`, document.baseURI).href;
  const root = document.documentElement;

  // What the server said last, and what we did about it.
  let live: LiveMessage | undefined;
  let following = role === 'attendee';
  let applying = false;
  let ownBuildId = buildId;
  let mismatchTimer: ReturnType<typeof setTimeout> | undefined;

  // Connection.
  let abort: AbortController | undefined;
  let connected = false;
  let attempts = 0;
  let reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  let lastMessageAt = 0;

  // ---- UI -------------------------------------------------------------------------------------
  const bar = document.createElement('div');
  bar.className = 'follow-bar';
  bar.dataset.role = role;
  const status = document.createElement('span');
  status.className = 'follow-status';
  status.setAttribute('role', 'status');
  status.setAttribute('aria-live', 'polite');
  const backToLive = document.createElement('button');
  backToLive.type = 'button';
  backToLive.className = 'follow-live';
  backToLive.hidden = true;
  backToLive.addEventListener('click', () => returnToLive());
  // A tap just after a swipe may never become a click (the browser's gesture detector drops it):
  // the finger lifting on the button is enough.
  backToLive.addEventListener('pointerup', (event) => event.pointerType === 'touch' && returnToLive());
  bar.append(status, backToLive);

  const versionBanner = document.createElement('div');
  versionBanner.className = 'follow-version';
  versionBanner.setAttribute('role', 'alert');
  versionBanner.hidden = true;
  const versionText = document.createElement('span');
  versionText.textContent = 'The presenter is showing a different version of this deck.';
  const reload = document.createElement('button');
  reload.type = 'button';
  reload.textContent = 'Reload';
  reload.addEventListener('click', () => location.reload());
  versionBanner.append(versionText, reload);

  // remark turns taps on the page into next/previous: a tap on our controls is not one.
  for (const element of [bar, versionBanner]) {
    for (const type of ['touchstart', 'touchmove', 'touchend'] as const) element.addEventListener(type, (event) => event.stopPropagation());
  }
  document.body.append(bar, versionBanner);

  /** `reconnecting` only once the service was seen (or the first try failed): no flash on load. */
  let connectionState: 'connecting' | 'live' | 'reconnecting' | 'refused' | 'off' = 'connecting';

  function render(): void {
    root.dataset.follow = role === 'presenter' ? 'presenter' : following ? 'following' : 'browsing';
    root.dataset.followConnection = connectionState;
    const count = live?.attendees ?? 0;
    let text = '';
    if (connectionState === 'reconnecting') text = 'Reconnecting…';
    else if (connectionState === 'refused') text = 'Presenter secret refused: open the Presenter address that npm start printed';
    else if (role === 'presenter' && connectionState === 'live') text = `Live · ${count} ${count === 1 ? 'attendee' : 'attendees'}`;
    // Heartbeats render every second: touch the DOM only for a change (a tap on a button whose
    // text was just replaced may not become a click).
    const set = (element: HTMLElement, content: string) => {
      if (element.textContent !== content) element.textContent = content;
      if (element.hidden !== (content === '')) element.hidden = content === '';
    };
    set(status, text);
    status.classList.toggle('follow-warning', connectionState === 'reconnecting' || connectionState === 'refused');
    const liveSlide = live?.slide;
    const offerLive = role === 'attendee' && !following && liveSlide !== null && liveSlide !== undefined;
    set(backToLive, offerLive ? `Back to live (slide ${liveSlide! + 1})` : '');
    if (bar.hidden !== (status.hidden && backToLive.hidden)) bar.hidden = status.hidden && backToLive.hidden;
  }

  // ---- Attendee: show the live state -----------------------------------------------------------
  function applyLive(): void {
    if (!live || live.slide === null) return;
    const { slide, blackout } = live;
    applying = true;
    try {
      if (slideshow.getCurrentSlideIndex() !== slide && slide < slideshow.getSlideCount()) slideshow.gotoSlide(slide + 1);
      document.body.classList.toggle('remark-blackout-mode', blackout);
    } finally {
      applying = false;
    }
  }

  function returnToLive(): void {
    if (role !== 'attendee') return;
    following = true;
    applyLive();
    render();
  }

  // remark emits showSlide before it updates getCurrentSlideIndex(): read the slide given.
  slideshow.on('showSlide', (slide) => {
    if (applying) return;
    if (role === 'presenter') {
      queueMicrotask(() => void sendPosition());
      return;
    }
    const index = (slide as { getSlideIndex(): number }).getSlideIndex();
    // Navigating by oneself leaves the live slide; navigating back onto it rejoins.
    const onLive = live?.slide === index;
    if (following !== onLive && live?.slide !== null && live !== undefined) {
      following = onLive;
      if (following) applyLive();
      render();
    }
  });

  window.addEventListener('keydown', (event) => {
    if (event.key !== 'l' || event.ctrlKey || event.metaKey || event.altKey || role !== 'attendee' || following) return;
    if (event.target instanceof HTMLElement && event.target.closest('input, textarea, [contenteditable]')) return;
    returnToLive();
  });

  function checkBuild(serverBuildId: string | undefined): void {
    const differs = !!serverBuildId && serverBuildId !== ownBuildId;
    if (!differs) {
      clearTimeout(mismatchTimer);
      mismatchTimer = undefined;
      versionBanner.hidden = true;
    } else if (mismatchTimer === undefined && versionBanner.hidden) {
      mismatchTimer = setTimeout(() => {
        mismatchTimer = undefined;
        if (live?.buildId && live.buildId !== ownBuildId) versionBanner.hidden = false;
      }, mismatchGraceMs);
    }
  }

  function receive(message: LiveMessage): void {
    lastMessageAt = Date.now();
    const firstMessage = live === undefined;
    const restarted = live !== undefined && live.epoch !== message.epoch;
    checkBuild(message.buildId);
    // Any move seen, however numbered: this tab's next move comes after it.
    if (role === 'presenter' && Number.isSafeInteger(message.at)) lastAt = Math.max(lastAt, message.at);
    if (!isNewer(live, message)) {
      live = { ...live!, attendees: message.attendees, buildId: message.buildId };
      render();
      return;
    }
    live = message;
    if (role === 'presenter') {
      if (firstMessage && message.slide !== null && message.slide !== slideshow.getCurrentSlideIndex()) {
        // Opening the presenter page mid-talk lands where the talk is, instead of moving everyone to slide 1.
        applying = true;
        try {
          slideshow.gotoSlide(message.slide + 1);
        } finally {
          applying = false;
        }
      } else if (restarted || message.slide === null) {
        // A restarted server knows nothing: this page holds the truth.
        lastSent = undefined;
        sendPosition();
      }
    } else if (following) {
      applyLive();
    }
    render();
  }

  // ---- Presenter: post the position ------------------------------------------------------------
  let lastSent: string | undefined;
  let sending = false;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let lastAt = 0;
  try {
    const stored = Number(sessionStorage.getItem(clockKey));
    if (Number.isSafeInteger(stored) && stored > 0) lastAt = stored;
  } catch {
    // storage disabled: the clock and the moves seen still order this tab's moves
  }

  function currentPosition(): string {
    return JSON.stringify({ slide: slideshow.getCurrentSlideIndex(), blackout: document.body.classList.contains('remark-blackout-mode') });
  }

  /** The time of the move being sent: see `presenterClock`. */
  function nextMoveAt(): number {
    lastAt = presenterClock(Date.now(), lastAt);
    try {
      sessionStorage.setItem(clockKey, String(lastAt));
    } catch {
      // as above
    }
    return lastAt;
  }

  /** Posts the latest position; one request at a time, so they reach the server in order. */
  async function sendPosition(): Promise<void> {
    if (role !== 'presenter' || sending || retryTimer !== undefined) return;
    const position = currentPosition();
    if (position === lastSent) return;
    sending = true;
    let retryIn: number | undefined;
    try {
      const response = await fetch(controlUrl, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ ...(JSON.parse(position) as object), at: nextMoveAt() }),
        cache: 'no-store',
      });
      if (response.ok) {
        lastSent = position;
        if (connectionState === 'refused') connectionState = connected ? 'live' : 'reconnecting';
      } else if (response.status === 401) {
        connectionState = 'refused';
      } else if (response.status === 429) {
        retryIn = Number(response.headers.get('Retry-After') ?? 1) * 1000;
      } else if (response.status !== 404) {
        retryIn = 1000;
      }
    } catch {
      retryIn = 1000; // server down: the stream's reconnection will also resend
    } finally {
      sending = false;
    }
    render();
    if (retryIn !== undefined) {
      retryTimer = setTimeout(() => {
        retryTimer = undefined;
        void sendPosition();
      }, retryIn);
    } else if (connectionState !== 'refused' && currentPosition() !== lastSent) {
      void sendPosition(); // moved again while this one was in flight
    }
  }

  if (role === 'presenter') {
    new MutationObserver(() => void sendPosition()).observe(document.body, { attributes: true, attributeFilter: ['class'] });
  }

  // ---- The event stream ------------------------------------------------------------------------
  function scheduleReconnect(delayMs?: number): void {
    if (reconnectTimer !== undefined) return;
    const delay = delayMs ?? reconnectDelaysMs[Math.min(attempts, reconnectDelaysMs.length - 1)];
    attempts += 1;
    reconnectTimer = setTimeout(() => {
      reconnectTimer = undefined;
      void connect();
    }, delay);
  }

  function lost(retryAfterMs?: number): void {
    connected = false;
    if (connectionState !== 'off') {
      if (connectionState !== 'refused') connectionState = 'reconnecting';
      render();
      scheduleReconnect(retryAfterMs);
    }
  }

  /** Served by the follow server? It answers deck-build.json with `follow: true`; a static host has the file without it. */
  async function discover(): Promise<boolean> {
    for (;;) {
      try {
        const response = await fetch(new URL(buildInfoFile, document.baseURI), { cache: 'no-store' });
        if (!response.ok) return false;
        return ((await response.json()) as ServedBuildInfo).follow === true;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 1000)); // the network hiccupped: ask again
      }
    }
  }

  /** Nobody to follow (a plain static host): no controls, no requests. */
  function goQuiet(): void {
    connectionState = 'off';
    bar.remove();
    versionBanner.remove();
    delete root.dataset.follow;
    delete root.dataset.followConnection;
  }

  async function connect(): Promise<void> {
    abort?.abort();
    const controller = new AbortController();
    abort = controller;
    let response: Response;
    // A request into a black hole (the server frozen, a dead network) would wait forever.
    const timeout = setTimeout(() => controller.abort(), staleAfterMs);
    try {
      response = await fetch(eventsUrl, { signal: controller.signal, cache: 'no-store', headers: { Accept: 'text/event-stream', ...(token ? { Authorization: `Bearer ${token}` } : {}) } });
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
    if (connectionState !== 'refused') connectionState = 'live';
    render();
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    const events = eventStreamParser((data) => {
      if (data) receive(JSON.parse(data) as LiveMessage);
      else lastMessageAt = Date.now();
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
    if (connectionState === 'off') return;
    if (connected && Date.now() - lastMessageAt > staleAfterMs) {
      abort?.abort();
      lost();
    }
  }
  setInterval(checkStream, 500);
  // Timers are throttled in hidden tabs and stopped during sleep: check as soon as the page is back.
  const wake = () => {
    if (document.visibilityState === 'visible') checkStream();
  };
  document.addEventListener('visibilitychange', wake);
  window.addEventListener('pageshow', wake);
  window.addEventListener('focus', wake);
  window.addEventListener('online', () => {
    // Another network: the old connection is likely dead, whatever it looks like.
    if (connectionState === 'off') return;
    abort?.abort();
    attempts = 0;
    lost();
  });

  render();
  void discover().then((available) => {
    if (available) void connect();
    else goQuiet();
  });
  return {
    setBuildId(id) {
      ownBuildId = id;
      checkBuild(live?.buildId);
    },
    quietly(navigate) {
      applying = true;
      try {
        navigate();
      } finally {
        applying = false;
      }
    },
  };
}
