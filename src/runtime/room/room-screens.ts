/**
 * The room on the presenter's own page and on the projector (remark's clone window):
 *
 * - the presenter's page reads the room (staff-feed.ts), shows the exercise's countdown in a
 *   corner ("time's up" with the done ratio), the revealed poll results on its slides, and the
 *   room panel (room-panel.ts) in the presenter console's room region, or beside the slides by `R`;
 * - the projector has no stream of its own: the presenter's page tells it (BroadcastChannel,
 *   same origin, same browser) the countdown and the revealed results, which the room sees.
 *   Nothing meant for one person (names, the queue) goes there.
 */
import { publicPoll, type AttendeeRoomView, type Countdown, type StaffRoomView } from '../../shared/room-protocol.js';
import type { RemarkSlideshow } from '../remark-slide.js';
import { isTypingOrShortcut, overlayOpen } from '../screen.js';
import { createPollBoard } from './poll-board.js';
import { clockText, element, keepKeys, type RoomDeck } from './room-requests.js';
import { createRoomFeed } from './staff-feed.js';

export interface RoomScreenOptions {
  slideshow: RemarkSlideshow;
  deck: () => RoomDeck;
  token?: string;
}

/** What the projector is told. */
interface ProjectorNews {
  countdown: Countdown | null;
  /** The server's clock minus the presenter page's. */
  offset: number;
  polls: AttendeeRoomView['polls'];
}

const channelName = 'deck-room';

/** A corner pill with the countdown; `after` adds to "Time's up" (the presenter's done ratio). */
function countdownPill(): { show(countdown: Countdown | null | undefined, offset: number, after?: () => string): void } {
  const pill = element('div', 'room-pill');
  pill.setAttribute('role', 'timer');
  pill.hidden = true;
  document.body.append(pill);
  let current: { countdown: Countdown; offset: number; after?: () => string } | undefined;
  const tick = () => {
    if (!current) return;
    const left = current.countdown.endsAt - (Date.now() + current.offset);
    const text = left > 0 ? `${clockText(left)} left` : `Time’s up${current.after ? ` · ${current.after()}` : ''}`;
    if (pill.textContent !== text) pill.textContent = text;
    pill.classList.toggle('room-times-up', left <= 0);
  };
  setInterval(tick, 250);
  return {
    show(countdown, offset, after) {
      current = countdown ? { countdown, offset, after } : undefined;
      pill.hidden = !current;
      tick();
    },
  };
}

/** A staff view's polls as everyone may see them: states, and results and the correct option once revealed (the projector shows them). */
function publicPolls(view: StaffRoomView | undefined): AttendeeRoomView['polls'] {
  const polls: AttendeeRoomView['polls'] = {};
  for (const [id, held] of Object.entries(view?.polls ?? {})) polls[id] = publicPoll(held.state, held.counts, view?.answers[id]);
  return polls;
}

export function startPresenterRoom({ slideshow, deck, token }: RoomScreenOptions): void {
  if (!token) return;
  const feed = createRoomFeed(token);
  const pill = countdownPill();
  const board = createPollBoard({ deck });
  const channel = 'BroadcastChannel' in window ? new BroadcastChannel(channelName) : undefined;
  let news: ProjectorNews = { countdown: null, offset: 0, polls: {} };
  channel?.addEventListener('message', (event) => {
    if ((event.data as { ask?: boolean })?.ask) channel.postMessage(news);
  });
  feed.subscribe((view) => {
    const done = () => {
      const exercise = view?.countdown?.exercise;
      return `${(exercise && view?.exercises[exercise]?.done) ?? 0} of ${view?.following ?? 0} done`;
    };
    pill.show(view?.countdown, feed.offset(), done);
    news = { countdown: view?.countdown ?? null, offset: feed.offset(), polls: publicPolls(view) };
    board.update(news.polls, {});
    channel?.postMessage(news);
  });

  const listeners = new Set<() => void>();
  // remark tells of a new slide before its index says so: tell the panel once the move is done.
  slideshow.on('afterShowSlide', () => queueMicrotask(() => listeners.forEach((listener) => listener())));
  const panelOptions = {
    token,
    deck,
    feed,
    currentSlide: () => slideshow.getCurrentSlideIndex(),
    onSlideChange(listener: () => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  // The console's room region (console-panels.ts) holds the panel: there whenever the console is open.
  const inConsole = element('div', 'room-in-console');
  keepKeys(inConsole);
  void Promise.all([import('./room-panel.js'), import('../console-panels.js')]).then(([{ mountRoomPanel }, { mountConsolePanel }]) => {
    mountRoomPanel(inConsole, panelOptions);
    mountConsolePanel('room', inConsole);
  });
  // `R`: the same panel beside the slides, without the console.
  let overlay: HTMLElement | undefined;
  let panel: { destroy(): void } | undefined;
  const toggle = async () => {
    if (overlay) {
      panel?.destroy();
      overlay.remove();
      overlay = panel = undefined;
      delete document.documentElement.dataset.roomPanel;
      return;
    }
    const opened = (overlay = element('aside', 'room-overlay'));
    const place = element('section', 'console-room');
    opened.append(place);
    keepKeys(opened);
    document.body.append(opened);
    document.documentElement.dataset.roomPanel = 'open';
    const { mountRoomPanel } = await import('./room-panel.js');
    if (overlay !== opened) return; // closed again while it loaded
    panel = mountRoomPanel(place, panelOptions);
  };
  window.addEventListener(
    'keydown',
    (event) => {
      if (event.key.toLowerCase() !== 'r' || isTypingOrShortcut(event) || overlayOpen()) return;
      event.preventDefault();
      event.stopPropagation();
      void toggle();
    },
    true,
  );
}

export function startProjectorRoom({ deck }: RoomScreenOptions): void {
  if (!('BroadcastChannel' in window)) return;
  const pill = countdownPill();
  const board = createPollBoard({ deck });
  const channel = new BroadcastChannel(channelName);
  channel.addEventListener('message', (event) => {
    const news = event.data as ProjectorNews;
    if (!news || typeof news !== 'object' || !('polls' in news)) return;
    pill.show(news.countdown, news.offset);
    board.update(news.polls, {});
  });
  channel.postMessage({ ask: true });
}
