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

/** An overlay that takes the keys while it is open: the overview, the menu, help, the blackout dim. */
export function overlayOpen(): boolean {
  const { dataset } = document.documentElement;
  return dataset.overview === 'open' || dataset.menu === 'open' || dataset.help === 'open' || dataset.blackout === 'dimmed';
}
