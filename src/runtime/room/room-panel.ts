/**
 * The presenter's room panel: `mountRoomPanel(element, options)` fills `element` (the console's
 * `<section class="console-room">`, or presenter-room.ts's overlay until the console has one)
 * and returns `{ destroy() }`. For the live exercise (the current slide's, else the one timed,
 * else the last shown; none before the first): following / done / need help, the countdown (start, stop, "time's up"
 * with the done ratio); the help queue; the poll of the current slide (open, live bars, close,
 * reveal); every exercise of the day with its done ratio; reset. Loaded on demand.
 */
import type { StaffRoomView } from '../../shared/room-protocol.js';
import { maxCountdownMinutes } from '../../shared/room-protocol.js';
import { createQueueList, exerciseTitle } from './queue-list.js';
import { button, clockText, element, keepKeys, type RoomDeck } from './room-requests.js';
import { createRoomFeed, type RoomFeed } from './staff-feed.js';

export interface RoomPanelOptions {
  /** The presenter's secret. */
  token: string;
  deck: () => RoomDeck;
  /** The presenter's current slide (0-based), and a way to hear of moves (returns the unsubscribe). */
  currentSlide: () => number;
  onSlideChange: (listener: () => void) => () => void;
  /** A feed to share (presenter-room.ts has one open); without it the panel opens its own. */
  feed?: RoomFeed;
}

const plain = (markdown: string) => markdown.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/`|\*\*|__/g, '').replace(/\s+/g, ' ').trim();
const ratio = (part: number, whole: number) => (whole > 0 ? `${Math.round((100 * part) / whole)}%` : '0%');

function section(title: string): { root: HTMLElement; heading: HTMLElement } {
  const root = element('section', 'room-section');
  const heading = element('h3', '', title);
  root.append(heading);
  return { root, heading };
}

function meter(): { root: HTMLElement; fill: HTMLElement } {
  const root = element('span', 'room-meter');
  const fill = element('span', 'room-meter-fill');
  root.append(fill);
  return { root, fill };
}

export function mountRoomPanel(host: HTMLElement, options: RoomPanelOptions): { destroy(): void } {
  const { deck } = options;
  const feed = options.feed ?? createRoomFeed(options.token);
  const panel = element('div', 'room-panel');
  panel.setAttribute('role', 'region');
  panel.setAttribute('aria-label', 'Room');
  keepKeys(panel);

  const header = element('header', 'room-header');
  const following = element('span', 'room-following');
  following.setAttribute('role', 'status');
  header.append(element('h2', '', 'Room'), following);

  // The live exercise.
  const live = section('Exercise');
  const tally = element('p', 'room-tally');
  tally.setAttribute('aria-live', 'polite');
  const progress = meter();
  const timer = element('p', 'room-timer');
  timer.setAttribute('role', 'timer');
  const minutes = element('input', 'room-minutes');
  minutes.type = 'number';
  minutes.min = '1';
  minutes.max = String(maxCountdownMinutes);
  minutes.setAttribute('aria-label', 'Minutes');
  const start = button('room-start', 'Start countdown', () => {
    const chosen = Math.round(Number(minutes.value));
    if (liveExercise && chosen >= 1 && chosen <= maxCountdownMinutes) void feed.act({ action: 'countdown-start', exercise: liveExercise, minutes: chosen });
  });
  const stop = button('room-stop', 'Stop countdown', () => void feed.act({ action: 'countdown-stop' }));
  const timing = element('div', 'room-timing');
  const minutesLabel = element('label', 'room-minutes-label');
  minutesLabel.append(minutes, element('span', '', 'min'));
  timing.append(minutesLabel, start, stop);
  live.root.append(tally, progress.root, timer, timing);

  const queue = section('Need help');
  const queueList = createQueueList({ feed, deck, helperName: () => 'The presenter' });
  queue.root.append(queueList.element);

  // The poll of the current slide (else the open one, else the last shown).
  const poll = section('Poll');
  const question = element('p', 'room-question');
  const bars = element('ol', 'room-poll-bars');
  const pollState = element('p', 'room-poll-state');
  pollState.setAttribute('aria-live', 'polite');
  const open = button('room-poll-open', 'Open poll', () => livePoll && void feed.act({ action: 'poll-open', poll: livePoll }));
  const close = button('room-poll-close', 'Close poll', () => livePoll && void feed.act({ action: 'poll-close', poll: livePoll }));
  const reveal = button('room-poll-reveal', 'Reveal results', () => livePoll && void feed.act({ action: 'poll-reveal', poll: livePoll }));
  const pollActions = element('div', 'room-actions');
  pollActions.append(open, close, reveal);
  poll.root.append(question, bars, pollState, pollActions);

  const day = section('Exercises of the day');
  const dayList = element('ol', 'room-day');
  day.root.append(dayList);

  const footer = element('footer', 'room-footer');
  const confirm = element('span', 'room-confirm', 'Forget every check-in, name and vote?');
  const reallyReset = button('room-really-reset', 'Reset the room', () => {
    void feed.act({ action: 'reset' });
    confirming(false);
  });
  const keep = button('room-keep', 'Keep', () => confirming(false));
  const reset = button('room-reset', 'Reset…', () => confirming(true));
  const confirming = (asking: boolean) => {
    reset.hidden = asking;
    confirm.hidden = reallyReset.hidden = keep.hidden = !asking;
    (asking ? keep : reset).focus();
  };
  footer.append(reset, confirm, reallyReset, keep);
  confirm.hidden = reallyReset.hidden = keep.hidden = true;

  panel.append(header, live.root, queue.root, poll.root, day.root, footer);
  host.append(panel);

  let liveExercise: string | undefined;
  let livePoll: string | undefined;
  let lastExercise: string | undefined;
  let lastPoll: string | undefined;
  let plannedFor: string | undefined;

  const render = () => {
    const view: StaffRoomView | undefined = feed.view();
    const model = deck();
    const slide = model.slides[options.currentSlide()];
    const here = slide?.exercises[0];
    if (here !== undefined) lastExercise = model.exercises[here]?.id;
    liveExercise = (here !== undefined ? model.exercises[here]?.id : undefined) ?? view?.countdown?.exercise ?? lastExercise;
    const herePoll = slide?.polls?.[0];
    if (herePoll !== undefined) lastPoll = model.polls[herePoll]?.id;
    const openPoll = Object.keys(view?.polls ?? {}).find((id) => view!.polls[id].state === 'open');
    livePoll = (herePoll !== undefined ? model.polls[herePoll]?.id : undefined) ?? openPoll ?? lastPoll;

    const people = view?.following ?? 0;
    following.textContent = feed.connection() === 'lost' ? 'Reconnecting…' : `${people} following`;
    live.root.hidden = !liveExercise;
    if (liveExercise) {
      live.heading.textContent = exerciseTitle(model, liveExercise);
      const counts = view?.exercises[liveExercise] ?? { done: 0, help: 0 };
      tally.textContent = `${counts.done} of ${people} done · ${counts.help} need${counts.help === 1 ? 's' : ''} help`;
      progress.fill.style.width = ratio(counts.done, people);
      if (plannedFor !== liveExercise) {
        plannedFor = liveExercise;
        minutes.value = String(model.exercises.find((e) => e.id === liveExercise)?.minutes ?? 10);
      }
    }
    tick();

    queue.heading.textContent = `Need help (${view?.queueTotal ?? 0})`;
    queueList.update(view);

    poll.root.hidden = !livePoll;
    const deckPoll = model.polls.find((p) => p.id === livePoll);
    if (deckPoll) {
      const held = view?.polls[deckPoll.id];
      question.textContent = plain(deckPoll.question);
      const counts = held?.counts ?? deckPoll.options.map(() => 0);
      const voters = held?.voters ?? 0;
      bars.replaceChildren(
        ...deckPoll.options.map((option, i) => {
          const item = element('li', i === view?.answers[deckPoll.id] ? 'room-correct' : '');
          const bar = meter();
          bar.fill.style.width = ratio(counts[i] ?? 0, voters);
          item.append(element('span', 'room-option', plain(option)), bar.root, element('span', 'room-votes', `${counts[i] ?? 0}`));
          return item;
        }),
      );
      const state = held?.state;
      pollState.textContent = state === undefined ? 'Not put to the room yet' : `${state === 'open' ? 'Open' : state === 'closed' ? 'Closed' : 'Revealed to everyone'} · ${voters} of ${people} voted`;
      open.textContent = state === undefined ? 'Open poll' : 'Open again';
      open.hidden = state === 'open';
      close.hidden = state !== 'open';
      reveal.hidden = state === undefined || state === 'revealed';
    }

    dayList.replaceChildren(
      ...model.exercises.map((exercise) => {
        const counts = view?.exercises[exercise.id] ?? { done: 0, help: 0 };
        const item = element('li', exercise.id === liveExercise ? 'room-live' : '');
        const bar = meter();
        bar.fill.style.width = ratio(counts.done, people);
        item.append(element('span', 'room-day-title', exerciseTitle(model, exercise.id)), bar.root, element('span', 'room-day-count', `${counts.done}/${people}${counts.help ? ` · ${counts.help} help` : ''}`));
        return item;
      }),
    );
  };

  function tick(): void {
    const view = feed.view();
    const countdown = view?.countdown;
    const now = Date.now() + feed.offset();
    stop.hidden = !countdown;
    let text = '';
    if (countdown) {
      const left = countdown.endsAt - now;
      const counts = view?.exercises[countdown.exercise] ?? { done: 0, help: 0 };
      const of = countdown.exercise === liveExercise ? '' : ` (${exerciseTitle(deck(), countdown.exercise)})`;
      text = left > 0 ? `${clockText(left)} left${of}` : `Time’s up${of} · ${counts.done} of ${view?.following ?? 0} done`;
      timer.classList.toggle('room-times-up', left <= 0);
    }
    if (timer.textContent !== text) timer.textContent = text;
    timer.hidden = text === '';
    queueList.tick();
  }

  const unsubscribe = feed.subscribe(render);
  const unfollow = options.onSlideChange(render);
  const clock = setInterval(tick, 1000);
  return {
    destroy() {
      clearInterval(clock);
      unsubscribe();
      unfollow();
      if (!options.feed) feed.close();
      panel.remove();
    },
  };
}
