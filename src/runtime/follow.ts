/**
 * Following the presenter live (the browser half of src/server/follow-server.ts).
 *
 * - Attendees read the server's event stream (follow-stream.ts) and show the presenter's slide
 *   and blackout. One who navigates stops following until "Back to live (slide N)" (or `L`, or
 *   navigating back to the live slide). The live slide is found by its id (slide-identity.ts),
 *   then by its number: a deck that changed (a dev save) keeps everyone on the same content.
 * - The presenter (a page opened once with `#presenter=<secret>`) posts its slide and blackout on
 *   every change (presenter-position.ts) and sees the attendee count.
 * - A clone window (`C`) is synced by remark itself and takes no part.
 *
 * A page first asks deck-build.json whether it is served by the follow server: on a plain static
 * host nothing here makes a request or shows anything.
 */
import { followPath } from '../shared/build-info.js';
import { findSlide } from '../core/slide-identity.js';
import { isNewer, type LiveMessage } from '../shared/follow-protocol.js';
import type { ClockView } from '../shared/talk-clock.js';
import { createFollowBar, type FollowBarView } from './follow-bar.js';
import { followServiceAvailable, openFollowStream } from './follow-stream.js';
import type { PresenterPosition } from './presenter-position.js';
import type { RemarkSlideshow } from './remark-slide.js';
import { isRemarkClone } from './screen.js';

/** The blackout dim (blackout-dim.ts), loaded with the first blackout. */
let blackoutDim: Promise<typeof import('./blackout-dim.js')> | undefined;
function dimForBlackout(blackout: boolean): void {
  if (!blackout && !blackoutDim) return;
  blackoutDim ??= import('./blackout-dim.js');
  void blackoutDim.then(({ showBlackout }) => showBlackout(blackout));
}
/** A build id that differs for this long is a real new build, not a hot update in flight. */
const mismatchGraceMs = 1500;

/**
 * Moves a secret from the address (`#presenter=...`, `#helper=...`) into this tab's
 * sessionStorage and clears it from the address bar. Must run before remark reads the hash.
 * Returns the secret this tab holds, if any.
 */
export function takeSecret(name: 'presenter' | 'helper'): string | undefined {
  const match = new RegExp(`^#${name}=([^&]*)$`).exec(location.hash);
  const key = `deck-${name}-token`;
  try {
    if (match) {
      const token = decodeURIComponent(match[1]);
      if (token) sessionStorage.setItem(key, token);
      else sessionStorage.removeItem(key); // `#presenter=` ends presenting in this tab
    }
    return sessionStorage.getItem(key) ?? undefined;
  } catch {
    return undefined; // storage disabled: this tab is an attendee
  } finally {
    if (match) history.replaceState(history.state, '', location.pathname + location.search);
  }
}

/** A message of the stream: the presenter's also carries the talk clock. */
export type FollowMessage = LiveMessage & { clock?: ClockView };

/** What the page knows of following, for the presenter console. */
export interface FollowView {
  connection: FollowBarView['connection'];
  attendees: number;
  /** The live state as the server last said it. */
  live?: FollowMessage;
}

/**
 * The presenter secret this page holds, without taking it: in the address still
 * (`#presenter=...`, before `takePresenterToken` ran) or in this tab's sessionStorage.
 */
export function presenterTokenInPage(): string | undefined {
  const match = /^#presenter=([^&]*)$/.exec(location.hash);
  try {
    return (match ? decodeURIComponent(match[1]) : sessionStorage.getItem('deck-presenter-token')) || undefined;
  } catch {
    return undefined;
  }
}

export const takePresenterToken = () => takeSecret('presenter');

/** The room's part in following (src/runtime/room/): the attendee's key, and the room's news on the stream. */
export interface RoomClient {
  key?: string;
  receive?(view: unknown): void;
}

export interface FollowClient {
  /** After a hot update: the build id of the deck now on screen. */
  setBuildId(buildId: string): void;
  /**
   * The deck on screen changed (a hot update): a following attendee goes to the live slide by its
   * id in the new deck; the presenter posts where it now stands.
   */
  deckChanged(): void;
  /** Every change of what the page knows (messages, the connection), at once and from then on. */
  watch(listener: (view: FollowView) => void): void;
  /** Runs a navigation that is not the user's (hot reload keeping the place), without unfollowing. */
  quietly(navigate: () => void): void;
  /** The live slide (0-based) an attendee who browsed away is offered to go back to, if any. */
  liveOffer(): number | undefined;
  returnToLive(): void;
}

export interface FollowOptions {
  slideshow: RemarkSlideshow;
  buildId: string;
  /** From `takePresenterToken()`. */
  token?: string;
  /** The ids of the slides on screen, in order (the deck model's): the live slide is found by its id. */
  slideIds: () => ReadonlyArray<string | undefined>;
  /** Loads the room once the follow server is known to serve the page (never on a static host). */
  room?(role: 'attendee' | 'presenter'): Promise<RoomClient | undefined> | undefined;
}

export function startFollowing({ slideshow, buildId, token, slideIds, room: loadRoom }: FollowOptions): FollowClient | undefined {
  if (isRemarkClone()) return undefined;
  const role = token ? 'presenter' : 'attendee';
  // Relative to the deck's base path: the deck may be served under any path.
  const url = (endpoint: string) => new URL(`.${followPath}${endpoint}`, document.baseURI).href;

  // What the server said last, and what we did about it.
  let live: FollowMessage | undefined;
  let following = role === 'attendee';
  let applying = false;
  let ownBuildId = buildId;
  let mismatchTimer: ReturnType<typeof setTimeout> | undefined;
  /** `reconnecting` only once the service was seen (or the first try failed): no flash on load. */
  let connection: FollowBarView['connection'] = 'connecting';
  let refused = false;

  const watchers = new Set<(view: FollowView) => void>();
  const bar = createFollowBar(role, () => returnToLive());
  /** The live slide in the deck on screen: the one with the live id, else the live number. */
  const liveIndex = () => (typeof live?.slide === 'number' ? findSlide(slideIds(), live.id, live.slide) : undefined);
  const liveOffer = () => (role === 'attendee' && !following ? liveIndex() : undefined);
  const view = (): FollowView => ({ connection: refused ? 'refused' : connection, attendees: live?.attendees ?? 0, live });
  const render = () => {
    bar.render({
      role,
      mode: role === 'presenter' ? 'presenter' : following ? 'following' : 'browsing',
      connection: refused ? 'refused' : connection,
      attendees: live?.attendees ?? 0,
      offerLive: liveOffer(),
    });
    for (const watcher of watchers) watcher(view());
  };

  // ---- Attendee: show the live state -----------------------------------------------------------
  function applyLive(): void {
    const slide = liveIndex();
    if (!live || slide === undefined) return;
    const { blackout } = live;
    applying = true;
    try {
      if (slideshow.getCurrentSlideIndex() !== slide && slide < slideshow.getSlideCount()) slideshow.gotoSlide(slide + 1);
      // Dimmed, not black: an attendee in the middle of an exercise keeps reading.
      dimForBlackout(blackout);
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

  // The presenter's half (presenter-position.ts) is loaded by the presenter's page only: not in
  // the attendees' first load. It posts where the page stands as soon as it is in.
  let presenter: PresenterPosition | undefined;
  let seenAt = 0;
  if (token) {
    void import('./presenter-position.js').then(({ presenterPosition }) => {
      presenter = presenterPosition({
        url: url('control'),
        token,
        slideshow,
        slideId: (index) => slideIds()[index],
        onAnswer(answer) {
          refused = answer === 'refused';
          render();
        },
      });
      presenter.seen(seenAt);
      if (live !== undefined) presenter.send();
    });
  }

  // remark emits showSlide before it updates getCurrentSlideIndex(): read the slide given.
  slideshow.on('showSlide', (slide) => {
    if (applying) return;
    if (role === 'presenter') {
      queueMicrotask(() => presenter?.send());
      return;
    }
    const index = (slide as { getSlideIndex(): number }).getSlideIndex();
    // Navigating by oneself leaves the live slide; navigating back onto it rejoins.
    const onLive = liveIndex() === index;
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
      bar.showVersionBanner(false);
    } else if (mismatchTimer === undefined && !bar.versionBannerShown()) {
      mismatchTimer = setTimeout(() => {
        mismatchTimer = undefined;
        if (live?.buildId && live.buildId !== ownBuildId) bar.showVersionBanner(true);
      }, mismatchGraceMs);
    }
  }

  function receive(message: FollowMessage): void {
    const firstMessage = live === undefined;
    const restarted = live !== undefined && live.epoch !== message.epoch;
    checkBuild(message.buildId);
    // Any move seen, however numbered: this tab's next move comes after it.
    seenAt = Math.max(seenAt, message.at);
    presenter?.seen(message.at);
    if (!isNewer(live, message)) {
      // Heartbeats: the count, the build and (the presenter's) the clock may have changed all the same.
      live = { ...live!, attendees: message.attendees, buildId: message.buildId, clock: message.clock };
      render();
      return;
    }
    live = message;
    if (role === 'presenter') {
      const landing = liveIndex();
      if (firstMessage && landing !== undefined && landing !== slideshow.getCurrentSlideIndex()) {
        // Opening the presenter page mid-talk lands where the talk is, instead of moving everyone to slide 1.
        applying = true;
        try {
          slideshow.gotoSlide(landing + 1);
        } finally {
          applying = false;
        }
      } else if (restarted || message.slide === null) {
        // A restarted server knows nothing: this page holds the truth.
        presenter?.resend();
      }
    } else if (following) {
      applyLive();
    }
    render();
  }

  render();
  void followServiceAvailable().then(async (available) => {
    // Nobody to follow (a plain static host): no controls, no requests.
    if (!available) return bar.remove();
    const room = await loadRoom?.(role)?.catch(() => undefined);
    openFollowStream({
      url: url('events'),
      token,
      attendeeKey: room?.key,
      onMessage: (message) => ('room' in message ? room?.receive?.(message.room) : receive(message)),
      onConnection(state) {
        connection = state === 'live' ? 'live' : 'reconnecting';
        render();
      },
    });
  });
  return {
    setBuildId(id) {
      ownBuildId = id;
      checkBuild(live?.buildId);
    },
    deckChanged() {
      if (role === 'presenter') presenter?.send();
      else if (following) applyLive();
      render();
    },
    watch(listener) {
      watchers.add(listener);
      listener(view());
    },
    quietly(navigate) {
      applying = true;
      try {
        navigate();
      } finally {
        applying = false;
      }
    },
    liveOffer,
    returnToLive,
  };
}
