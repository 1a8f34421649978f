/**
 * The overview grid's key and entry point: `O` (or the attendee menu's "All slides") loads the
 * grid (overview-grid.ts) when first wanted, so that a page that never opens it does not carry it.
 */
import type { Deck } from '../core/model.js';
import type { RemarkSlideshow } from './remark-slide.js';
import { isTypingOrShortcut, overlayOpen } from './screen.js';

export interface Overview {
  /** Opens the grid (the attendee menu's "All slides"). */
  open(): void;
}

export function installOverview(slideshow: RemarkSlideshow, deck: () => Deck): Overview {
  let grid: Promise<Overview> | undefined;
  const open = () => void (grid ??= import('./overview-grid.js').then(({ createOverviewGrid }) => createOverviewGrid(slideshow, deck))).then((loaded) => loaded.open());
  // Capture phase on window, before remark's listeners; once open, the grid takes the keys.
  window.addEventListener(
    'keydown',
    (event) => {
      if ((event.key !== 'o' && event.key !== 'O') || isTypingOrShortcut(event) || overlayOpen()) return;
      event.preventDefault();
      // Immediate: the grid, loaded, opens in a microtask that runs before the next listener
      // of this same key, and its own listener would take this `O` as "close".
      event.stopImmediatePropagation();
      open();
    },
    true,
  );
  return { open };
}
