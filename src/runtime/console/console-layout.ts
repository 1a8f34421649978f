/**
 * The presenter console's elements (styles/presenter-console.css lays them out): a bar with
 * where the talk is, the time of day, the talk clock and its buttons, and the room's status;
 * the current slide's box; pacing; the room region other modules fill (console-panels.ts); the
 * next slide; the speaker notes. Every text is set with `textContent`.
 */

export interface ConsoleElements {
  root: HTMLElement;
  chapter: HTMLElement;
  slideNumber: HTMLElement;
  wallClock: HTMLElement;
  elapsed: HTMLElement;
  clockState: HTMLElement;
  startPause: HTMLButtonElement;
  reset: HTMLButtonElement;
  status: HTMLElement;
  current: HTMLElement;
  blackout: HTMLElement;
  pacing: HTMLElement;
  room: HTMLElement;
  next: HTMLElement;
  notes: HTMLElement;
  smaller: HTMLButtonElement;
  larger: HTMLButtonElement;
}

function element<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string): HTMLElementTagNameMap[K] {
  const made = document.createElement(tag);
  made.className = className;
  if (text !== undefined) made.textContent = text;
  return made;
}

function section(className: string, label: string): HTMLElement {
  const made = element('section', className);
  made.setAttribute('aria-label', label);
  return made;
}

function button(className: string, text: string, label?: string): HTMLButtonElement {
  const made = element('button', className, text);
  made.type = 'button';
  if (label) made.setAttribute('aria-label', label);
  return made;
}

export function buildConsole(): ConsoleElements {
  const root = element('div', 'presenter-console');
  root.setAttribute('role', 'region');
  root.setAttribute('aria-label', 'Presenter console');

  const bar = element('header', 'console-bar');
  const where = element('div', 'console-where');
  const chapter = element('span', 'console-chapter');
  const slideNumber = element('span', 'console-slide-number');
  where.append(chapter, slideNumber);
  const times = element('div', 'console-times');
  const wall = element('div', 'console-time');
  const wallClock = element('span', 'console-wall');
  wall.append(element('span', 'console-label', 'Time'), wallClock);
  const talk = element('div', 'console-time');
  const elapsed = element('span', 'console-elapsed');
  const clockState = element('span', 'console-label console-clock-state', 'Elapsed');
  talk.append(clockState, elapsed);
  const startPause = button('console-button console-start-pause', 'Start');
  const reset = button('console-button console-reset', 'Reset', 'Reset the talk clock');
  times.append(wall, talk, startPause, reset);
  const status = element('div', 'console-status');
  status.setAttribute('role', 'status');
  status.setAttribute('aria-live', 'polite');
  // Beside the status, not on the slide: nothing of the console covers the current slide.
  const blackout = element('span', 'console-blackout', 'Blackout: the room sees black (B)');
  blackout.hidden = true;
  bar.append(where, times, blackout, status);

  const current = section('console-current', 'Current slide');
  const pacing = section('console-pacing', 'Pacing');
  // Issue 13's room panel and any other module's: see src/runtime/console-panels.ts.
  const room = section('console-room', 'Room');
  room.hidden = true;

  const side = element('div', 'console-side');
  const nextBox = section('console-next', 'Next slide');
  const next = element('div', 'console-next-frame');
  nextBox.append(element('h2', 'console-label', 'Next'), next);
  const notesBox = section('console-notes', 'Speaker notes');
  const head = element('div', 'console-notes-head');
  const smaller = button('console-button console-font', 'A−', 'Smaller notes');
  const larger = button('console-button console-font', 'A+', 'Larger notes');
  head.append(element('h2', 'console-label', 'Notes'), smaller, larger);
  const notes = element('div', 'console-notes-body');
  // Scrolled with the keyboard too, once focused (Tab).
  notes.tabIndex = 0;
  notesBox.append(head, notes);
  side.append(nextBox, notesBox);

  const main = element('div', 'console-main');
  main.append(current, pacing, room);
  root.append(bar, main, side);
  return { root, chapter, slideNumber, wallClock, elapsed, clockState, startPause, reset, status, current, blackout, pacing, room, next, notes, smaller, larger };
}

/** One line of pacing: a label, the pace in its colour, and what it is measured against. */
export function paceLine(label: string, pace: { kind: string; text: string } | undefined, detail: string): HTMLElement {
  const line = element('div', 'console-pace');
  if (pace) line.dataset.pace = pace.kind;
  line.append(element('span', 'console-label', label), element('strong', 'console-pace-text', pace?.text ?? '—'), element('span', 'console-pace-detail', detail));
  return line;
}

export function note(text: string): HTMLElement {
  return element('p', 'console-pace-note', text);
}
