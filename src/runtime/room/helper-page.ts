/**
 * The helpers' page (`Helpers:` address, `#helper=<secret>`), made for a phone: the help queue,
 * oldest first, with each attendee's name and seat as they typed them (text only), the exercise,
 * how long they have waited and who is on the way; "On my way" and "Resolved". The helper's own
 * name (remembered on the phone) tells the others who is going. The deck stays underneath,
 * hidden: a helper's page neither follows nor moves it, and is not counted as an attendee.
 */
import { maxNameLength } from '../../shared/room-protocol.js';
import { createQueueList } from './queue-list.js';
import { element, keepKeys, type RoomDeck } from './room-requests.js';
import { createRoomFeed } from './staff-feed.js';

const nameStorage = 'deck-helper-name';

export function showHelperPage({ deck, token }: { deck: () => RoomDeck; token?: string }): void {
  document.documentElement.dataset.screen = 'helper';
  document.title = `Help queue · ${deck().title}`;
  const page = element('main', 'helper-page');
  keepKeys(page);
  const header = element('header', 'helper-header');
  const summary = element('p', 'helper-summary');
  summary.setAttribute('role', 'status');
  header.append(element('h1', '', 'Help queue'), summary);

  const label = element('label', 'room-field helper-name');
  const name = element('input', '');
  name.type = 'text';
  name.maxLength = maxNameLength;
  name.setAttribute('autocomplete', 'name');
  try {
    name.value = localStorage.getItem(nameStorage) ?? '';
  } catch {
    // nothing remembered
  }
  name.addEventListener('change', () => {
    try {
      localStorage.setItem(nameStorage, name.value.trim());
    } catch {
      // asked again next time
    }
  });
  label.append(element('span', '', 'Your name, for the others (“Dee is on the way”)'), name);
  page.append(header, label);
  document.body.append(page);
  if (!token) {
    summary.textContent = 'This address needs the helpers’ secret: open the Helpers address that npm start printed.';
    return;
  }

  const feed = createRoomFeed(token);
  const queue = createQueueList({ feed, deck, helperName: () => name.value.trim() });
  page.append(queue.element);
  feed.subscribe((view) => {
    if (feed.connection() === 'lost') summary.textContent = 'Reconnecting…';
    else if (view) summary.textContent = `${view.queueTotal} waiting · ${view.following} following the deck`;
    else summary.textContent = 'Connecting…';
    queue.update(view);
  });
  setInterval(() => queue.tick(), 1000);
}
