/**
 * The attendee menu (attendee-menu.ts loads it when first wanted), a WAI-ARIA menu: the button
 * says `aria-expanded`; the items are menu items (the toggles `menuitemcheckbox`); arrows and
 * Home/End move, Escape closes and gives focus back to the button, Tab leaves, a press outside
 * closes. Items are built as the menu opens, from the state then: the live slide, the toggles,
 * the handout when the server announces one for this build. The server is asked again each time
 * the menu opens: a handout exported in the background appears without a reload.
 */
import type { ServedBuildInfo } from '../shared/build-info.js';
import type { AttendeeMenuActions } from './attendee-menu.js';
import { onPress } from './screen.js';
import { askServedBuild, servedBuild } from './served-build.js';

/** The handout's address, when the server announces one made from the build it serves (a same-origin URL only). */
export function handoutUrl(info: ServedBuildInfo | undefined): string | undefined {
  const handout = info?.handout;
  if (typeof handout?.url !== 'string' || handout.url === '' || !info?.buildId || handout.buildId !== info.buildId) return undefined;
  try {
    const url = new URL(handout.url, document.baseURI);
    return url.origin === location.origin ? url.href : undefined;
  } catch {
    return undefined;
  }
}

export interface MenuPanel {
  toggle(): void;
  open(focus: 'first' | 'last'): void;
}

function item(label: string, key: string, act: () => void, checked?: boolean): HTMLButtonElement {
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'deck-menu-item';
  button.setAttribute('role', checked === undefined ? 'menuitem' : 'menuitemcheckbox');
  if (checked !== undefined) button.setAttribute('aria-checked', String(checked));
  button.setAttribute('aria-keyshortcuts', key);
  button.tabIndex = -1;
  const text = document.createElement('span');
  text.textContent = label;
  const hint = document.createElement('kbd');
  hint.textContent = key;
  hint.setAttribute('aria-hidden', 'true');
  button.append(text, hint);
  onPress(button, act);
  return button;
}

export function createMenuPanel(button: HTMLButtonElement, actions: AttendeeMenuActions): MenuPanel {
  const root = document.documentElement;
  const menu = document.createElement('div');
  menu.className = 'deck-menu';
  menu.id = 'deck-menu';
  menu.setAttribute('role', 'menu');
  menu.setAttribute('aria-labelledby', button.id);
  menu.hidden = true;
  button.after(menu);

  let handout: string | undefined;
  /** Which question the handout shown answers: an answer to an older one (slow, stale) is dropped. */
  let asked = 0;
  let answered = -1;
  /** Takes the server's answer to question `question`; rebuilds the open menu when the handout came or went. */
  const takeAnswer = (question: number) => (info: Parameters<typeof handoutUrl>[0]) => {
    if (question < answered) return;
    answered = question;
    const now = handoutUrl(info);
    if (now === handout) return;
    handout = now;
    if (!isOpen()) return;
    const focused = entries().indexOf(document.activeElement as HTMLElement);
    build();
    if (focused >= 0) entries()[Math.min(focused, entries().length - 1)]?.focus();
  };
  // The page's first answer (shared; it may come in after the menu opened), then one per opening.
  void servedBuild().then(takeAnswer(asked));
  const refreshHandout = () => void askServedBuild().then(takeAnswer(++asked));

  const entries = () => Array.from(menu.querySelectorAll<HTMLElement>('[role^="menuitem"]'));
  const isOpen = () => !menu.hidden;

  function build(): void {
    // An item closes the menu, then acts; focus goes back to the button unless the action takes it.
    const run = (act: () => void, returnFocus = true) => () => {
      close(returnFocus);
      act();
    };
    const items: HTMLElement[] = [];
    const live = actions.liveOffer();
    if (live !== undefined) items.push(item(`Back to live (slide ${live + 1})`, 'L', run(actions.returnToLive)));
    items.push(item('All slides', 'O', run(actions.overview, false)));
    items.push(item('Reading view', 'R', run(actions.readingView.toggle), actions.readingView.active()));
    items.push(item('Dark theme', 'D', run(actions.theme.toggle), actions.theme.current() === 'dark'));
    if (handout) {
      const link = document.createElement('a');
      link.className = 'deck-menu-item';
      link.setAttribute('role', 'menuitem');
      link.tabIndex = -1;
      link.href = handout;
      link.download = '';
      link.textContent = 'Handout (PDF)';
      link.addEventListener('click', () => close(true));
      items.push(link);
    }
    items.push(item('Keys and gestures', '?', run(() => actions.help(button), false)));
    menu.replaceChildren(...items);
  }

  function open(focus: 'first' | 'last'): void {
    build();
    refreshHandout();
    menu.hidden = false;
    button.setAttribute('aria-expanded', 'true');
    root.dataset.menu = 'open';
    const list = entries();
    (focus === 'first' ? list[0] : list[list.length - 1])?.focus();
  }

  function close(returnFocus: boolean): void {
    if (!isOpen()) return;
    menu.hidden = true;
    button.setAttribute('aria-expanded', 'false');
    delete root.dataset.menu;
    if (returnFocus) button.focus();
  }

  menu.addEventListener('keydown', (event) => {
    const list = entries();
    const at = list.indexOf(document.activeElement as HTMLElement);
    const moves: Record<string, number> = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: list.length - 1 };
    if (event.key === 'Tab') return close(false); // focus moves on as it would
    if (event.key in moves) list[(moves[event.key] + list.length) % list.length]?.focus();
    else if (event.key === 'Escape') close(true);
    // Enter and Space act on the focused item as the browser does; other keys are not remark's while the menu is open.
    if (event.key in moves || event.key === 'Escape') event.preventDefault();
    event.stopPropagation();
  });
  menu.addEventListener('keypress', (event) => event.stopPropagation());
  document.addEventListener('pointerdown', (event) => {
    if (isOpen() && !menu.contains(event.target as Node) && !button.contains(event.target as Node)) close(false);
  });

  return {
    toggle: () => (isOpen() ? close(true) : open('first')),
    open,
  };
}
