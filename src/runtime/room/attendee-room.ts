/**
 * The room on an attendee's page, loaded once the follow server is known to serve it:
 *
 * - on a slide with an `.exercise[` or `.lab[`, a bar with **Done** and **Need help** (which asks
 *   once who and where they are: help-form.ts), then their status for that exercise ("a helper is
 *   on the way") and **Undo**. Status is kept by the server under the attendee's key, per
 *   exercise: it survives reloads and shows again on any slide of the exercise;
 * - the exercise's countdown, in the same bar, on every slide while it runs;
 * - polls: the options become buttons while a poll is open, results show once revealed
 *   (poll-board.ts); browsing elsewhere, a button goes to the open poll.
 *
 * The server sends this attendee's view on their follow stream (`receive`) and in answer to
 * each request. Text goes on the page as text only.
 */
import { attendeeHeader, type AttendeeAction, type AttendeeRoomView } from '../../shared/room-protocol.js';
import type { RoomClient } from '../follow.js';
import type { RemarkSlideshow } from '../remark-slide.js';
import { whereabouts } from './help-form.js';
import { createPollBoard } from './poll-board.js';
import { attendeeKey, button, clockText, element, keepKeys, postRoom, type RoomDeck } from './room-requests.js';

export interface AttendeeRoomOptions {
  slideshow: RemarkSlideshow;
  deck: () => RoomDeck;
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function startAttendeeRoom({ slideshow, deck }: AttendeeRoomOptions): RoomClient {
  const key = attendeeKey();
  const root = document.documentElement;
  let view: AttendeeRoomView | undefined;
  /** The server's clock minus this one's, from the last view: countdowns end when the server says. */
  let offset = 0;
  let busy = false;
  let note = '';

  const bar = element('div', 'room-bar');
  bar.setAttribute('role', 'region');
  bar.setAttribute('aria-label', 'Exercise check-in');
  bar.hidden = true;
  const status = element('span', 'room-status');
  status.setAttribute('role', 'status');
  const clock = element('span', 'room-countdown');
  clock.setAttribute('role', 'timer');
  clock.setAttribute('aria-label', 'Time left for the exercise');
  const exercise = () => {
    const at = deck().slides[slideshow.getCurrentSlideIndex()]?.exercises[0];
    return at === undefined ? undefined : deck().exercises[at];
  };
  const done = button('room-done', 'Done', () => void act({ action: 'done', exercise: exercise()!.id }));
  const help = button('room-help', 'Need help', () => {
    const id = exercise()!.id;
    void whereabouts(help).then((where) => where && act({ action: 'help', exercise: id, ...where }));
  });
  const undo = button('room-undo', 'Undo', () => void act({ action: 'undo', exercise: exercise()!.id }));
  const openPoll = () => Object.keys(view?.polls ?? {}).find((id) => view!.polls[id].state === 'open');
  const toPoll = button('room-to-poll', 'Go to the poll', () => {
    const slide = deck().polls.find((poll) => poll.id === openPoll())?.slide;
    if (slide !== undefined && slide >= 0) slideshow.gotoSlide(slide + 1);
  });
  bar.append(status, clock, done, help, undo, toPoll);
  keepKeys(bar);
  document.body.append(bar);
  const polls = createPollBoard({ deck, vote: (poll, option) => void act({ action: 'vote', poll, option }) });

  function take(next: AttendeeRoomView): void {
    view = next;
    offset = next.now - Date.now();
    polls.update(next.polls, next.votes);
    render();
  }

  /** Sends an action; retries while the stream is not yet known to the server, or the server is away. */
  async function act(action: AttendeeAction): Promise<void> {
    if (busy) return;
    busy = true;
    note = '';
    render();
    for (let attempt = 1; ; attempt++) {
      const answer = await postRoom('attendee', action, { [attendeeHeader]: key });
      const error = typeof answer.body?.error === 'string' ? answer.body.error : '';
      if (answer.status === 200) {
        if (answer.body?.room) take(answer.body.room as AttendeeRoomView);
        break;
      }
      const retry = answer.status === 0 || answer.status === 503 || (answer.status === 409 && error.includes('follows the presenter'));
      if (!retry || attempt >= 5) {
        note = answer.status === 429 ? 'Too many clicks: wait a moment' : answer.status === 0 ? 'Not sent: no connection' : error || 'Not sent';
        break;
      }
      await wait(answer.retryAfterMs ?? 1000);
    }
    busy = false;
    render();
  }

  function render(): void {
    const current = exercise();
    const mine = current && view?.mine[current.id];
    const countdown = view?.countdown;
    const poll = openPoll();
    const pollIndex = deck().polls.findIndex((p) => p.id === poll);
    const onPoll = pollIndex >= 0 && (deck().slides[slideshow.getCurrentSlideIndex()]?.polls ?? []).includes(pollIndex);
    const shown = !!view && (!!current || !!countdown || (poll !== undefined && !onPoll));
    bar.hidden = !shown;
    if (shown) root.dataset.roomBar = 'on';
    else delete root.dataset.roomBar;
    const said = mine?.status === 'done' ? 'Done ✓' : mine?.status === 'help' ? (mine.helper ? 'A helper is on the way' : 'Help asked for: a helper will come') : '';
    status.textContent = note || said;
    status.hidden = status.textContent === '';
    done.hidden = help.hidden = !current || !!mine;
    undo.hidden = !current || !mine;
    toPoll.hidden = poll === undefined || onPoll;
    for (const control of [done, help, undo]) control.disabled = busy;
    tick();
  }

  function tick(): void {
    const countdown = view?.countdown;
    clock.hidden = !countdown;
    if (!countdown) return;
    const left = countdown.endsAt - (Date.now() + offset);
    const text = left > 0 ? `${clockText(left)} left` : 'Time’s up';
    if (clock.textContent !== text) clock.textContent = text;
    clock.classList.toggle('room-times-up', left <= 0);
  }

  // remark tells of a new slide before its index says so: read it once the move is done.
  slideshow.on('afterShowSlide', () => queueMicrotask(render));
  setInterval(tick, 250);
  return { key, receive: (next) => take(next as AttendeeRoomView) };
}
