/**
 * Touch navigation, in place of remark's (`navigation.touch: false`), which takes every tap, on a
 * link or the Copy button too, and blocks the page's scrolling:
 *
 * - a horizontal swipe on the slide moves to the next or previous slide, unless it began on
 *   something that scrolls sideways (a long code line in the reading view);
 * - a tap on the slide's right or left half moves on or back, in the slide view only (the
 *   reading view is read by scrolling); a tap on a link, a button, code or a field does what it
 *   does there and never moves;
 * - nothing while the page is pinch-zoomed, during a gesture of several fingers, or on the menu,
 *   the overview or a dialog (they are outside the slides area).
 */
import type { RemarkSlideshow } from './remark-slide.js';

/** Horizontal travel that makes a swipe, and the most a tap may move, in CSS pixels. */
const swipeMinPx = 50;
const tapMaxPx = 10;
/** A longer press is for selecting text or the context menu. */
const tapMaxMs = 500;
const interactive = 'a, button, input, select, textarea, label, summary, pre, code, [role="button"], [contenteditable]';

function zoomedIn(): boolean {
  return (window.visualViewport?.scale ?? 1) > 1.01;
}

function scrollsSideways(from: Element): boolean {
  for (let element: Element | null = from; element && !element.classList.contains('remark-slides-area'); element = element.parentElement) {
    if (element.scrollWidth > element.clientWidth + 1 && /auto|scroll/.test(getComputedStyle(element).overflowX)) return true;
  }
  return false;
}

/** The slide's scale on screen, for CSS that sizes touch targets in screen pixels (`--slide-scale`). */
function trackSlideScale(slideshow: RemarkSlideshow): void {
  const update = () => {
    const scaler = document.querySelector<HTMLElement>('.remark-slides-area .remark-visible .remark-slide-scaler');
    if (scaler?.offsetWidth) document.documentElement.style.setProperty('--slide-scale', (scaler.getBoundingClientRect().width / scaler.offsetWidth).toFixed(3));
  };
  slideshow.on('afterShowSlide', update);
  window.addEventListener('resize', () => requestAnimationFrame(update));
  update();
}

export function installTouchNavigation(slideshow: RemarkSlideshow, readingView: () => boolean): void {
  trackSlideScale(slideshow);
  let start: { x: number; y: number; at: number; target: Element } | undefined;
  window.addEventListener(
    'touchstart',
    (event) => {
      const touch = event.touches[0];
      start = event.touches.length === 1 && event.target instanceof Element ? { x: touch.clientX, y: touch.clientY, at: event.timeStamp, target: event.target } : undefined;
    },
    { passive: true },
  );
  window.addEventListener('touchcancel', () => (start = undefined), { passive: true });
  window.addEventListener(
    'touchend',
    (event) => {
      const began = start;
      start = undefined;
      if (!began || event.touches.length > 0 || !began.target.closest('.remark-slides-area') || zoomedIn()) return;
      const touch = event.changedTouches[0];
      const dx = touch.clientX - began.x;
      const dy = touch.clientY - began.y;
      if (Math.abs(dx) >= swipeMinPx && Math.abs(dx) > 1.5 * Math.abs(dy)) {
        if (scrollsSideways(began.target)) return;
        if (dx < 0) slideshow.gotoNextSlide();
        else slideshow.gotoPreviousSlide();
        return;
      }
      const tap = Math.abs(dx) < tapMaxPx && Math.abs(dy) < tapMaxPx && event.timeStamp - began.at < tapMaxMs;
      if (!tap || readingView() || began.target.closest(interactive)) return;
      // The click that follows would land on whatever the next slide has under the finger.
      event.preventDefault();
      if (touch.clientX < window.innerWidth / 2) slideshow.gotoPreviousSlide();
      else slideshow.gotoNextSlide();
    },
    { passive: false },
  );
}
