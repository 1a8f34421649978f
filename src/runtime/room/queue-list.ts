/**
 * The help queue, for the presenter's panel and the helpers' page: who asked (name and seat as
 * they typed them, shown as text only), for which exercise, for how long, who is on the way, and
 * "On my way" / "Resolved". Rows are kept by attendee and exercise and updated in place, so that
 * a button is never replaced under a finger by the next view.
 */
import type { HelpRequest, StaffRoomView } from '../../shared/room-protocol.js';
import { button, element, waitedText, type RoomDeck } from './room-requests.js';
import type { RoomFeed } from './staff-feed.js';

export interface QueueListOptions {
  feed: RoomFeed;
  deck: () => RoomDeck;
  /** The name a helper goes by ("Dee is on the way"). */
  helperName: () => string;
}

interface Row {
  item: HTMLLIElement;
  who: HTMLElement;
  where: HTMLElement;
  waited: HTMLElement;
  coming: HTMLElement;
  request: HelpRequest;
}

export const exerciseTitle = (deck: RoomDeck, id: string): string => {
  const exercise = deck.exercises.find((e) => e.id === id);
  return (exercise && deck.slides[exercise.slide]?.title) || id;
};

export function createQueueList(options: QueueListOptions): { element: HTMLElement; update(view: StaffRoomView | undefined): void; tick(): void } {
  const list = element('ol', 'room-queue-list');
  const empty = element('p', 'room-empty', 'Nobody needs help right now.');
  const more = element('p', 'room-more');
  const wrapper = element('div', 'room-queue');
  wrapper.append(list, empty, more);
  const rows = new Map<string, Row>();
  const note = element('p', 'room-note');
  note.setAttribute('role', 'status');
  wrapper.append(note);

  const act = async (row: Row, action: 'on-my-way' | 'resolve') => {
    const { attendee, exercise } = row.request;
    const answer = await options.feed.act(action === 'resolve' ? { action, attendee, exercise } : { action, attendee, exercise, helper: options.helperName() });
    note.textContent = answer.status === 200 ? '' : String(answer.body?.error ?? 'not sent: try again');
  };

  const newRow = (request: HelpRequest): Row => {
    const item = element('li', 'room-request');
    const who = element('strong', 'room-who');
    const where = element('span', 'room-where');
    const waited = element('span', 'room-waited');
    const coming = element('span', 'room-coming');
    const actions = element('span', 'room-request-actions');
    const row: Row = { item, who, where, waited, coming, request };
    actions.append(button('room-on-my-way', 'On my way', () => void act(row, 'on-my-way')), button('room-resolved', 'Resolved', () => void act(row, 'resolve')));
    item.append(who, where, waited, coming, actions);
    return row;
  };

  const set = (target: HTMLElement, text: string) => {
    if (target.textContent !== text) target.textContent = text;
    target.hidden = text === '';
  };

  const draw = (row: Row) => {
    const { request } = row;
    const now = Date.now() + options.feed.offset();
    set(row.who, request.name || 'Someone');
    set(row.where, [request.seat, exerciseTitle(options.deck(), request.exercise)].filter(Boolean).join(' · '));
    set(row.waited, `waiting ${waitedText(now - request.since)}`);
    set(row.coming, request.helper ? `${request.helper} on the way (${waitedText(now - (request.helperSince ?? now))})` : '');
    row.item.classList.toggle('room-helped', !!request.helper);
  };

  return {
    element: wrapper,
    update(view) {
      const queue = view?.queue ?? [];
      const keys = new Set<string>();
      let previous: HTMLLIElement | undefined;
      for (const request of queue) {
        const key = `${request.attendee}|${request.exercise}`;
        keys.add(key);
        const row = rows.get(key) ?? newRow(request);
        rows.set(key, row);
        row.request = request;
        draw(row);
        // In the queue's order (oldest first), moving a row only when it is out of place.
        const expected = previous ? previous.nextElementSibling : list.firstElementChild;
        if (expected !== row.item) (previous ? previous.after(row.item) : list.prepend(row.item));
        previous = row.item;
      }
      for (const [key, row] of rows) {
        if (keys.has(key)) continue;
        row.item.remove();
        rows.delete(key);
      }
      empty.hidden = queue.length > 0;
      const hidden = (view?.queueTotal ?? 0) - queue.length;
      set(more, hidden > 0 ? `and ${hidden} more` : '');
    },
    tick() {
      for (const row of rows.values()) draw(row);
    },
  };
}
