/**
 * The keys (`?` or `H`), per screen: an attendee sees their own keys and gestures, never the
 * presenter's; the presenter sees remark's keys and ours (`P` the console); the projector what works there.
 * Loaded on demand (screen-keys.ts imports it dynamically): most pages never open it.
 */
import type { HelpAudience } from './screen-keys.js';

type Row = [keys: string[], what: string];

const moving: Row[] = [
  [['→', '↓', 'Space', 'Page Down'], 'Next slide or step'],
  [['←', '↑', 'Page Up'], 'Previous slide or step'],
  [['Home', 'End'], 'First, last slide'],
  [['N', 'Enter'], 'Slide number N, then Enter: go there'],
  [['O'], 'All slides, to jump to one'],
];

const rows: Record<HelpAudience, Row[]> = {
  attendee: [
    ...moving,
    [['L'], 'Back to the live slide, after browsing away'],
    [['R'], 'Reading view: the slide as a page of text'],
    [['D'], 'Dark or light theme'],
    [['F'], 'Full screen'],
    [['?', 'H'], 'This list'],
  ],
  standalone: [
    ...moving,
    [['R'], 'Reading view: the slide as a page of text'],
    [['D'], 'Dark or light theme'],
    [['F'], 'Full screen'],
    [['P'], 'Presenter console: notes, next slide, clocks'],
    [['T'], 'Pause or resume the talk clock'],
    [['C'], 'Clone window, for the projector'],
    [['B'], 'Blackout'],
    [['?', 'H'], 'This list'],
  ],
  presenter: [
    ...moving,
    [['P'], 'Presenter console: notes, next slide, clocks, pacing'],
    [['C'], 'Clone window, for the projector'],
    [['B'], 'Blackout: the room’s screens go black, attendees’ pages dim'],
    [['D'], 'Dark or light theme, here and on the projector'],
    [['R'], 'The room: check-ins, help queue, countdown, polls'],
    [['T'], 'Pause or resume the talk clock'],
    [['M'], 'Mirror the slide'],
    [['F'], 'Full screen'],
    [['?', 'H'], 'This list'],
  ],
  projector: [
    ...moving,
    [['D'], 'Dark or light theme'],
    [['F'], 'Full screen'],
    [['?', 'H'], 'This list'],
  ],
};

const gestures: Row[] = [
  [['Swipe ←', 'Swipe →'], 'Next, previous slide'],
  [['Tap right', 'Tap left'], 'Next, previous slide (not in the reading view)'],
  [['☰'], 'Menu: all slides, reading view, theme, handout'],
];

/** `J`, where the page has a join card to show (join-card.ts: the follow server's room screens). */
const join: Row = [['J'], 'Join card: the attendees’ address and QR code, full screen'];

function table(caption: string, list: Row[]): HTMLTableElement {
  const element = document.createElement('table');
  const title = document.createElement('caption');
  title.textContent = caption;
  element.append(title);
  for (const [keys, what] of list) {
    const row = element.insertRow();
    const keyCell = row.insertCell();
    keys.forEach((key, i) => {
      if (i > 0) keyCell.append(' ');
      const kbd = document.createElement('kbd');
      kbd.textContent = key;
      keyCell.append(kbd);
    });
    row.insertCell().textContent = what;
  }
  return element;
}

let open: { element: HTMLElement; returnTo: Element | null; onKey: (event: KeyboardEvent) => void } | undefined;

export function closeHelp(): void {
  if (!open) return;
  const { element, returnTo, onKey } = open;
  open = undefined;
  element.remove();
  window.removeEventListener('keydown', onKey, true);
  window.removeEventListener('keypress', swallow, true);
  delete document.documentElement.dataset.help;
  if (returnTo instanceof HTMLElement) returnTo.focus();
}

function swallow(event: Event): void {
  event.stopPropagation();
}

/** Shows the list for `audience`; focus goes back to `returnTo` (or where it was) on closing. */
export function toggleHelp(audience: HelpAudience, returnTo?: HTMLElement): void {
  if (open) return closeHelp();
  const element = document.createElement('div');
  element.className = 'deck-help deck-overlay';
  element.setAttribute('role', 'dialog');
  element.setAttribute('aria-modal', 'true');
  element.setAttribute('aria-labelledby', 'deck-help-title');
  const panel = document.createElement('div');
  panel.className = 'deck-help-panel';
  const heading = document.createElement('h2');
  heading.id = 'deck-help-title';
  heading.textContent = audience === 'presenter' ? 'Presenter keys' : audience === 'projector' ? 'Projector keys' : 'Keys';
  const close = document.createElement('button');
  close.type = 'button';
  close.className = 'deck-help-close';
  close.textContent = 'Close';
  close.addEventListener('click', closeHelp);
  const keys = document.documentElement.dataset.join ? [...rows[audience].slice(0, -1), join, ...rows[audience].slice(-1)] : rows[audience];
  panel.append(heading, table('Keyboard', keys));
  if (audience === 'attendee' || audience === 'standalone') panel.append(table('Touch', gestures));
  panel.append(close);
  element.append(panel);
  // A press outside the panel closes it.
  element.addEventListener('click', (event) => event.target === element && closeHelp());

  // While open, the dialog takes every key: Escape, ? and H close it; Tab stays on its button.
  const onKey = (event: KeyboardEvent) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === 'Escape' || event.key === '?' || event.key.toLowerCase() === 'h') closeHelp();
    else if (event.key === 'Enter' || event.key === ' ') return void event.stopPropagation(); // the focused button acts
    else if (event.key === 'Tab') close.focus();
    else return void event.stopPropagation();
    event.preventDefault();
    event.stopPropagation();
  };
  open = { element, returnTo: returnTo ?? document.activeElement, onKey };
  window.addEventListener('keydown', onKey, true);
  window.addEventListener('keypress', swallow, true);
  document.body.append(element);
  document.documentElement.dataset.help = 'open';
  close.focus();
}
