/**
 * The reading view (`html[data-reading]`, styles/reading-view.css): the slide on screen, reflowed
 * at a readable size in a page that scrolls (a 16:9 slide on a phone held upright sets its text
 * at 8 px). It is remark's own current slide restyled, so it follows the presenter, shows hot
 * updates and keeps Copy buttons and links working, as the slide view does.
 *
 * On by itself on a narrow portrait screen; `R` or the menu switches it anywhere, and that choice
 * is remembered on the device. Attendees only: the room's screens always show slides.
 */
import type { PageDeck } from '../shared/page-deck.js';
import type { RemarkSlideshow } from './remark-slide.js';
import { onPress } from './screen.js';

const storageKey = 'deck-reading-view';
/** Narrower than this, upright, a slide's 30px text would be under 16px. */
const narrowPortrait = '(max-width: 640px) and (orientation: portrait)';

export interface ReadingView {
  active(): boolean;
  toggle(): void;
}

function remembered(): boolean | undefined {
  try {
    const value = localStorage.getItem(storageKey);
    return value === 'on' ? true : value === 'off' ? false : undefined;
  } catch {
    return undefined;
  }
}

function remember(on: boolean | undefined): void {
  try {
    if (on === undefined) localStorage.removeItem(storageKey);
    else localStorage.setItem(storageKey, on ? 'on' : 'off');
  } catch {
    // storage disabled: the choice lasts as long as the page
  }
}

function navButton(label: string, className: string, onClick: () => void): HTMLButtonElement {
  const button = document.createElement('button');
  button.type = 'button';
  button.className = `reading-nav deck-corner-button ${className}`;
  button.setAttribute('aria-label', label);
  onPress(button, onClick);
  return button;
}

export function installReadingView(slideshow: RemarkSlideshow, deck: () => PageDeck): ReadingView {
  const narrow = window.matchMedia(narrowPortrait);
  let chosen = remembered();
  const active = () => chosen ?? narrow.matches;
  const apply = () => {
    if (active()) document.documentElement.dataset.reading = 'on';
    else delete document.documentElement.dataset.reading;
  };
  apply();
  narrow.addEventListener('change', apply);

  // Previous and next for those who do not swipe; shown in the reading view only.
  document.body.append(
    navButton('Previous slide', 'reading-previous', () => slideshow.gotoPreviousSlide()),
    navButton('Next slide', 'reading-next', () => slideshow.gotoNextSlide()),
  );

  // A new slide starts at its top; a `--` step of the same slide keeps the reader's place.
  let left: { index: number; scrollTop: number } | undefined;
  const visible = () => document.querySelector<HTMLElement>('.remark-slides-area .remark-visible');
  slideshow.on('hideSlide', (slide) => {
    left = { index: (slide as { getSlideIndex(): number }).getSlideIndex(), scrollTop: visible()?.scrollTop ?? 0 };
  });
  slideshow.on('afterShowSlide', (slide) => {
    const container = visible();
    if (!container || !active()) return;
    const index = (slide as { getSlideIndex(): number }).getSlideIndex();
    const slides = deck().slides;
    const sameSlide = left !== undefined && Math.abs(index - left.index) === 1 && slides[Math.max(index, left.index)]?.step > 0;
    container.scrollTop = sameSlide ? left!.scrollTop : 0;
  });

  return {
    active,
    toggle() {
      const next = !active();
      // Back to what the screen's shape says: forget the choice, so that turning the phone decides again.
      chosen = next === narrow.matches ? undefined : next;
      remember(chosen);
      apply();
    },
  };
}
