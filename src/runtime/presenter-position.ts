/**
 * The presenter's half of following: every change of slide (with the slide's id) or blackout is
 * posted to the follow service, one request at a time and always the latest, so they reach the server in order. Each
 * move carries `at`, this tab's clock, never at or below a move it made or saw (even after a
 * reload): the server keeps the latest move, whichever server or replica it reached.
 */
import { presenterClock } from '../shared/follow-protocol.js';
import type { RemarkSlideshow } from './remark-slide.js';

/** The presenter tab's clock for its moves (the highest `at` sent or seen), kept across reloads. */
const clockKey = 'deck-presenter-clock';

export interface PresenterPositionOptions {
  url: string;
  token: string;
  slideshow: RemarkSlideshow;
  /** The id of the slide at an index (slide-identity.ts), sent with each move. */
  slideId(index: number): string | undefined;
  /** `refused` on a 401 (the secret is wrong), `accepted` once a move goes through after that. */
  onAnswer(answer: 'accepted' | 'refused'): void;
}

export interface PresenterPosition {
  /** Posts the position if it changed since the last one the server took. */
  send(): void;
  /** The server forgot (it restarted): post the position again, changed or not. */
  resend(): void;
  /** A move seen on the stream: this tab's next move comes after it. */
  seen(at: number): void;
}

export function presenterPosition(options: PresenterPositionOptions): PresenterPosition {
  const { slideshow } = options;
  let lastSent: string | undefined;
  let sending = false;
  let refused = false;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let lastAt = 0;
  try {
    const stored = Number(sessionStorage.getItem(clockKey));
    if (Number.isSafeInteger(stored) && stored > 0) lastAt = stored;
  } catch {
    // storage disabled: the clock and the moves seen still order this tab's moves
  }

  const currentPosition = () => {
    const slide = slideshow.getCurrentSlideIndex();
    return JSON.stringify({ slide, id: options.slideId(slide), blackout: document.body.classList.contains('remark-blackout-mode') });
  };

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

  async function send(): Promise<void> {
    if (sending || retryTimer !== undefined) return;
    const position = currentPosition();
    if (position === lastSent) return;
    sending = true;
    let retryIn: number | undefined;
    try {
      const response = await fetch(options.url, {
        method: 'POST',
        headers: { Authorization: `Bearer ${options.token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ ...(JSON.parse(position) as object), at: nextMoveAt() }),
        cache: 'no-store',
      });
      if (response.ok) {
        lastSent = position;
        if (refused) options.onAnswer('accepted');
        refused = false;
      } else if (response.status === 401) {
        refused = true;
        options.onAnswer('refused');
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
    if (retryIn !== undefined) {
      retryTimer = setTimeout(() => {
        retryTimer = undefined;
        void send();
      }, retryIn);
    } else if (!refused && currentPosition() !== lastSent) {
      void send(); // moved again while this one was in flight
    }
  }

  // Blackout is a class on the body: remark toggles it without an event of its own.
  new MutationObserver(() => void send()).observe(document.body, { attributes: true, attributeFilter: ['class'] });
  return {
    send: () => void send(),
    resend() {
      lastSent = undefined;
      void send();
    },
    seen(at) {
      if (Number.isSafeInteger(at)) lastAt = Math.max(lastAt, at);
    },
  };
}
