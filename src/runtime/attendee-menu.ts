/**
 * The attendee menu's button, top right: by touch or keyboard, what the keys do on a laptop
 * (back to live, all slides, reading view, dark theme, the handout when the server announces
 * one, the list of keys). The menu itself (menu-panel.ts) loads when first wanted: the button
 * is all a page that never opens it carries.
 *
 * It is the first stop of the page's tab order. On a mouse-driven screen it fades after a few
 * seconds without movement, so that it does not sit on the slide; touch screens always show it.
 */
import type { ColorThemeControl } from './color-theme.js';
import type { MenuPanel } from './menu-panel.js';
import type { ReadingView } from './reading-view.js';
import { onPress } from './screen.js';

export interface AttendeeMenuActions {
  overview(): void;
  help(returnFocusTo: HTMLElement): void;
  readingView: ReadingView;
  theme: ColorThemeControl;
  /** The live slide (0-based) an attendee who browsed away may go back to, if any. */
  liveOffer(): number | undefined;
  returnToLive(): void;
}

const idleAfterMs = 2500;

export function installAttendeeMenu(actions: AttendeeMenuActions): void {
  const root = document.documentElement;
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'deck-menu-button deck-corner-button';
  button.id = 'deck-menu-button';
  button.setAttribute('aria-label', 'Menu');
  button.setAttribute('aria-haspopup', 'menu');
  button.setAttribute('aria-expanded', 'false');
  button.setAttribute('aria-controls', 'deck-menu');
  const icon = document.createElement('span');
  icon.className = 'deck-menu-icon';
  icon.setAttribute('aria-hidden', 'true');
  button.append(icon);
  document.body.prepend(button);

  let panel: Promise<MenuPanel> | undefined;
  const load = () => (panel ??= import('./menu-panel.js').then(({ createMenuPanel }) => createMenuPanel(button, actions)));
  // Fetched as soon as the button is about to be used, so that the menu opens at once.
  for (const type of ['pointerenter', 'touchstart', 'focus'] as const) button.addEventListener(type, () => void load(), { once: true, passive: true });
  onPress(button, () => void load().then((menu) => menu.toggle()));
  // Arrow keys on the button open the menu too, as menu buttons do.
  button.addEventListener('keydown', (event) => {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    event.preventDefault();
    event.stopPropagation();
    void load().then((menu) => menu.open(event.key === 'ArrowUp' ? 'last' : 'first'));
  });

  // Mouse screens: shown while the pointer moves, faded when it rests.
  let idle: ReturnType<typeof setTimeout> | undefined;
  window.addEventListener('mousemove', () => {
    root.dataset.pointer = 'active';
    clearTimeout(idle);
    idle = setTimeout(() => delete root.dataset.pointer, idleAfterMs);
  });
}
