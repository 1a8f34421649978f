/**
 * Which screen this page is, and so what it shows and which keys it takes:
 *
 * - `projector`: a clone window opened with remark's `C` (remark keeps it in sync). The room
 *   sees it: no Copy buttons, no menu, nothing meant for one person.
 * - `presenter`: the tab holding the presenter secret (`takePresenterToken()`). remark's keys.
 * - `attendee`: everyone else: the menu, the reading view, their own keys, never the notes.
 *
 * The role is written on `<html data-screen>` for the stylesheets and tests.
 */
export type ScreenRole = 'attendee' | 'presenter' | 'projector';

/** A clone window opened by remark's `C` from a deck window: remark keeps it in sync. */
export function isRemarkClone(): boolean {
  try {
    return !!window.opener && (window.opener as Window).location.origin === location.origin && 'slideshow' in window.opener;
  } catch {
    return false;
  }
}

export function screenRole(presenterToken: string | undefined): ScreenRole {
  const role: ScreenRole = isRemarkClone() ? 'projector' : presenterToken ? 'presenter' : 'attendee';
  document.documentElement.dataset.screen = role;
  return role;
}

/** A key the page should leave alone: typed into a field, or with a modifier (browser shortcuts). */
export function isTypingOrShortcut(event: KeyboardEvent): boolean {
  if (event.ctrlKey || event.metaKey || event.altKey) return true;
  return event.target instanceof HTMLElement && !!event.target.closest('input, textarea, select, [contenteditable]');
}

/** An overlay that takes the keys while it is open: the overview, the menu, help, the blackout dim, the join card. */
export function overlayOpen(): boolean {
  const { dataset } = document.documentElement;
  return dataset.overview === 'open' || dataset.menu === 'open' || dataset.help === 'open' || dataset.blackout === 'dimmed' || dataset.join === 'open';
}

/**
 * Runs `act` when the button is pressed: by a click (mouse, keyboard), or by a finger lifting on
 * it without having moved. A tap just after a swipe may never become a click (the browser's
 * gesture detector takes it to stop a fling), so touch acts on `touchend`, which it cancels: the
 * click would otherwise follow, and land on whatever the press just opened.
 */
export function onPress(button: HTMLElement, act: () => void): void {
  let start: { x: number; y: number } | undefined;
  button.addEventListener(
    'touchstart',
    (event) => {
      const touch = event.touches[0];
      start = event.touches.length === 1 ? { x: touch.clientX, y: touch.clientY } : undefined;
    },
    { passive: true },
  );
  button.addEventListener('touchcancel', () => (start = undefined), { passive: true });
  button.addEventListener('touchend', (event) => {
    const touch = event.changedTouches[0];
    const began = start;
    start = undefined;
    if (!began || Math.hypot(touch.clientX - began.x, touch.clientY - began.y) > 10) return;
    event.preventDefault();
    act();
  });
  button.addEventListener('click', act);
}
