/**
 * The overview (`O`, the attendee menu's "All slides"): every slide as a thumbnail to jump from.
 * The grid (overview-grid.ts) is loaded when first opened: most pages never open it. While it is
 * open it takes every key (capture phase on window, before remark's listeners).
 */
import type { PageDeck } from '../shared/page-deck.js';
import type { OverviewGrid } from './overview-grid.js';
import type { RemarkSlideshow } from './remark-slide.js';
import { isTypingOrShortcut, overlayOpen } from './screen.js';

export interface Overview {
  /** Opens the grid (the attendee menu's "All slides"). */
  open(): void;
}

export function installOverview(slideshow: RemarkSlideshow, deck: () => PageDeck): Overview {
  let grid: OverviewGrid | undefined;
  let loading: Promise<OverviewGrid> | undefined;
  const open = () => {
    loading ??= import('./overview-grid.js').then(({ createOverviewGrid }) => (grid = createOverviewGrid(slideshow, deck)));
    void loading.then((loaded) => loaded.open());
  };
  window.addEventListener(
    'keydown',
    (event) => {
      if (grid?.isOpen()) {
        if (!isTypingOrShortcut(event)) grid.handleKey(event);
        return;
      }
      if ((event.key === 'o' || event.key === 'O') && !isTypingOrShortcut(event) && !overlayOpen()) {
        event.preventDefault();
        event.stopPropagation();
        open();
      }
    },
    true,
  );
  // remark reads letters (b, p, c, digits) from keypress: none of them while the grid is open.
  window.addEventListener('keypress', (event) => grid?.isOpen() && event.stopPropagation(), true);
  return { open };
}
