/**
 * The overview grid (`O`): every slide as a thumbnail to jump from, which remark lacks. Loaded
 * when first opened (overview.ts).
 *
 * One tile per slide as written: a slide with `--` steps shows its final state and jumps to its
 * first step, so the presenter walks through the steps from there. Tiles are clones of the
 * rendered slides, made as they scroll into view (slides render on demand, and a deck of
 * thousands would take seconds to render and clone at once), afresh each time the grid opens
 * (so a hot update is always reflected). While the grid is open it takes every key, so remark
 * does not also act on them.
 */
import type { Deck } from '../core/model.js';
import { slideSize } from '../core/slide-size.js';
import type { Overview } from './overview.js';
import type { RemarkSlideshow } from './remark-slide.js';
import { renderSlide } from './slide-views.js';

interface Tile {
  /** First and last remark slide index covered by this tile. */
  first: number;
  last: number;
}

/** Groups the deck's slides into tiles: a slide and its `--` steps make one. */
export function overviewTiles(deck: Deck): Tile[] {
  const tiles: Tile[] = [];
  for (const slide of deck.slides) {
    if (slide.step === 0) tiles.push({ first: slide.index, last: slide.index });
    else tiles[tiles.length - 1].last = slide.index;
  }
  return tiles;
}

export function createOverviewGrid(slideshow: RemarkSlideshow, deck: () => Deck): Overview {
  let overlay: HTMLElement | undefined;
  let buttons: HTMLButtonElement[] = [];
  let columns = 1;
  let filler: IntersectionObserver | undefined;

  function layout(): void {
    if (!overlay) return;
    const frames = overlay.querySelectorAll<HTMLElement>('.overview-frame');
    if (frames.length === 0) return;
    const { width } = slideSize(deck().ratio);
    const scale = frames[0].clientWidth / width;
    for (const frame of frames) (frame.firstElementChild as HTMLElement).style.transform = `scale(${scale})`;
    const firstTop = buttons[0].offsetTop;
    columns = Math.max(1, buttons.filter((button) => button.offsetTop === firstTop).length);
  }

  function open(): void {
    const current = slideshow.getCurrentSlideIndex();
    const { width, height } = slideSize(deck().ratio);
    const containers = document.querySelectorAll('.remark-slides-area > .remark-slide-container');
    /** The tile's slide, rendered and cloned: only once the tile is about to be seen. */
    const fill = (scaler: HTMLElement, index: number) => {
      renderSlide(index);
      const slide = containers[index]?.querySelector('.remark-slide')?.cloneNode(true) as HTMLElement | undefined;
      if (!slide) return;
      // Clones must not steal the originals' ids (slide names are link targets) or be focusable.
      for (const element of [slide, ...slide.querySelectorAll('[id]')]) element.removeAttribute('id');
      for (const element of slide.querySelectorAll('a, button')) element.setAttribute('tabindex', '-1');
      scaler.append(slide);
    };
    overlay = document.createElement('div');
    overlay.className = 'overview';
    overlay.setAttribute('role', 'dialog');
    overlay.setAttribute('aria-label', 'All slides');
    const grid = document.createElement('div');
    grid.className = 'overview-grid';
    const slides = deck().slides;
    buttons = overviewTiles(deck()).map((tile) => {
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'overview-tile';
      button.dataset.slide = String(tile.first);
      if (current >= tile.first && current <= tile.last) button.classList.add('overview-current');
      const frame = document.createElement('div');
      frame.className = 'overview-frame';
      frame.style.aspectRatio = `${width} / ${height}`;
      const scaler = document.createElement('div');
      scaler.className = 'overview-scaler';
      scaler.style.width = `${width}px`;
      scaler.style.height = `${height}px`;
      scaler.dataset.slide = String(tile.last);
      frame.append(scaler);
      const label = document.createElement('span');
      label.className = 'overview-label';
      const numbers = tile.first === tile.last ? `${tile.first + 1}` : `${tile.first + 1}–${tile.last + 1}`;
      label.textContent = `${numbers}  ${slides[tile.last]?.title ?? ''}`;
      button.append(frame, label);
      button.addEventListener('click', () => jump(tile.first));
      return button;
    });
    grid.append(...buttons);
    overlay.append(grid);
    // remark turns touches anywhere on the page into next/previous: not inside the grid.
    for (const type of ['touchstart', 'touchmove', 'touchend'] as const) overlay.addEventListener(type, (event) => event.stopPropagation());
    document.body.append(overlay);
    document.documentElement.dataset.overview = 'open';
    const root = overlay;
    filler = new IntersectionObserver(
      (entries, observer) => {
        for (const entry of entries) {
          if (!entry.isIntersecting) continue;
          observer.unobserve(entry.target);
          const scaler = entry.target.firstElementChild as HTMLElement;
          fill(scaler, Number(scaler.dataset.slide));
        }
      },
      // A screen ahead, so that tiles are filled before they scroll in.
      { root, rootMargin: '100% 0px' },
    );
    for (const button of buttons) filler.observe(button.querySelector('.overview-frame') as Element);
    layout();
    const focus = buttons.find((button) => button.classList.contains('overview-current')) ?? buttons[0];
    focus?.focus();
    focus?.scrollIntoView({ block: 'center' });
  }

  function close(): void {
    filler?.disconnect();
    filler = undefined;
    overlay?.remove();
    overlay = undefined;
    buttons = [];
    delete document.documentElement.dataset.overview;
  }

  function jump(index: number): void {
    close();
    slideshow.gotoSlide(index + 1);
  }

  function moveFocus(by: number): void {
    const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
    const next = Math.min(buttons.length - 1, Math.max(0, (at < 0 ? 0 : at) + by));
    buttons[next]?.focus();
    buttons[next]?.scrollIntoView({ block: 'nearest' });
  }

  const typing = (target: EventTarget | null) => target instanceof HTMLElement && !!target.closest('input, textarea, [contenteditable]');

  // Capture phase on window: runs before remark's listeners, so an open grid can keep keys from them.
  window.addEventListener(
    'keydown',
    (event) => {
      // Closed, `O` is overview.ts's to open.
      if (!overlay || event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
      const moves: Record<string, number> = { ArrowLeft: -1, ArrowRight: 1, ArrowUp: -columns, ArrowDown: columns, Home: -Infinity, End: Infinity };
      if (event.key === 'Escape' || event.key === 'o' || event.key === 'O') close();
      else if (event.key in moves) moveFocus(Number.isFinite(moves[event.key]) ? moves[event.key] : moves[event.key] > 0 ? buttons.length : -buttons.length);
      else if (event.key === 'Enter' || event.key === ' ') {
        const index = Number((document.activeElement as HTMLElement | null)?.dataset.slide);
        if (Number.isInteger(index)) jump(index);
      } else if (event.key === 'Tab') return; // keep focus moving between tiles
      else {
        event.stopPropagation();
        return;
      }
      event.preventDefault();
      event.stopPropagation();
    },
    true,
  );
  // remark reads letters (b, p, c, digits) from keypress: none of them while the grid is open.
  window.addEventListener('keypress', (event) => overlay && event.stopPropagation(), true);
  window.addEventListener('resize', layout);
  return {
    open() {
      if (!overlay) open();
    },
  };
}
