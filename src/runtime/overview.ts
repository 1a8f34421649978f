/**
 * The overview grid (`O`, or the attendee menu's "All slides"): its key, and the grid itself
 * (overview-grid.ts) loaded on first use, which keeps it out of the page's first load.
 */
import type { PageDeck } from '../shared/page-deck.js';
import type { RemarkSlideshow } from './remark-slide.js';
import type { OverviewGrid } from './overview-grid.js';
import { overlayOpen } from './screen.js';

export interface Overview {
  /** Opens the grid. */
  open(): void;
}

export function installOverview(slideshow: RemarkSlideshow, deck: () => PageDeck): Overview {
  let grid: Promise<OverviewGrid> | undefined;
  const open = () => {
    grid ??= import('./overview-grid.js').then(({ createOverviewGrid }) => createOverviewGrid(slideshow, deck));
    void grid.then((loaded) => loaded.open());
  };
  const typing = (target: EventTarget | null) => target instanceof HTMLElement && !!target.closest('input, textarea, [contenteditable]');
  // Capture phase on window: before remark's listeners, which would take `o` too. Once open, the
  // grid's own listener (registered after this one) takes the keys.
  window.addEventListener(
    'keydown',
    (event) => {
      if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
      if ((event.key === 'o' || event.key === 'O') && !overlayOpen()) {
        event.preventDefault();
        // Immediate: the grid, once loaded, opens in a microtask that runs before the grid's own
        // listener would see this same `o`, and close it again.
        event.stopImmediatePropagation();
        open();
      }
    },
    true,
  );
  return { open };
}
