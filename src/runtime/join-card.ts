/**
 * The join card: how attendees reach this deck, the address the start-up banner prints as
 * Attendees and its QR code (an SVG the server makes: the page ships no QR encoder).
 *
 * - On the title slide, for every screen: one scan of the projected title joins.
 * - `J` shows it full screen, big enough to read from the back of the room, on the room's
 *   screens (the presenter's window and the projector): pressed in either, both show it; `J`,
 *   `Esc` or a click closes it, in both. Attendees have no `J` (they have joined).
 *
 * Loaded by screen-setup.ts only when the follow server announces a join address: a static
 * host, the PDF exporter and `npm run pdf` have none, and this module never loads there.
 * `html[data-join]` is `ready` once installed (help.ts then lists `J`), `open` while shown.
 */
import type { ServedBuildInfo } from '../shared/build-info.js';
import { isTypingOrShortcut, overlayOpen, type ScreenRole } from './screen.js';
import { onSlideRendered } from './slide-views.js';
import './styles/join-card.css';

export type JoinInfo = NonNullable<ServedBuildInfo['join']>;

/** What the card reads of the deck on screen (`window.deck`): its title and which slide is the title slide. */
export interface JoinDeck {
  title: string;
  slides: ReadonlyArray<{ kind: string }>;
}

function element<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** The QR code and the address, with a line saying what they are for. */
function joinCard(join: JoinInfo, className: string, heading: string): HTMLElement {
  const card = element('div', `join-card ${className}`);
  const qr = element('img', 'join-qr');
  qr.src = new URL(join.qr, document.baseURI).href;
  qr.alt = `QR code of ${join.url}`;
  qr.decoding = 'async';
  card.append(qr, element('p', 'join-heading', heading), element('p', 'join-address', join.url));
  return card;
}

/** Shared by the room's screens (the presenter's window and its clone): open or closed. */
const channelName = 'deck-join-card';

export function installJoinCard(join: JoinInfo, role: ScreenRole, deck: () => JoinDeck): void {
  const root = document.documentElement;
  onSlideRendered('join card', (container, index) => {
    const content = container.querySelector('.remark-slide-content');
    if (deck().slides[index]?.kind !== 'title' || !content || content.querySelector('.join-card')) return;
    content.classList.add('has-join-card');
    content.append(joinCard(join, 'join-card-slide', 'Follow on your device'));
  });
  if (role === 'attendee') return;
  root.dataset.join = 'ready';

  const channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(channelName) : undefined;
  let screen: HTMLElement | undefined;

  function onKey(event: KeyboardEvent): void {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    // Every key stops here while the card is up: J and Esc close it, the others do nothing.
    event.preventDefault();
    event.stopPropagation();
    if (event.key === 'Escape' || event.key.toLowerCase() === 'j') show(false, true);
  }
  const swallow = (event: Event) => event.stopPropagation();

  function show(open: boolean, tell: boolean): void {
    if (open === !!screen) return;
    if (tell) channel?.postMessage({ open });
    if (!open) {
      screen?.remove();
      screen = undefined;
      root.dataset.join = 'ready';
      window.removeEventListener('keydown', onKey, true);
      window.removeEventListener('keypress', swallow, true);
      return;
    }
    screen = element('div', 'join-screen deck-overlay');
    screen.setAttribute('role', 'dialog');
    screen.setAttribute('aria-modal', 'true');
    screen.setAttribute('aria-label', 'Join: the attendees’ address');
    screen.append(joinCard(join, 'join-card-screen', `Follow ${deck().title} on your device: scan, or open`));
    screen.addEventListener('click', () => show(false, true));
    document.body.append(screen);
    root.dataset.join = 'open';
    window.addEventListener('keydown', onKey, true);
    window.addEventListener('keypress', swallow, true);
  }

  channel?.addEventListener('message', (event: MessageEvent<{ open?: unknown }>) => show(event.data?.open === true, false));
  window.addEventListener(
    'keydown',
    (event) => {
      if (event.key.toLowerCase() !== 'j' || isTypingOrShortcut(event) || overlayOpen()) return;
      // remark's own `j` (next slide) never sees it.
      event.preventDefault();
      event.stopPropagation();
      show(true, true);
    },
    true,
  );
}
