/**
 * The slides in the presenter console.
 *
 * - The current slide is remark's own slides area, laid over the console's current-slide box
 *   (styles/presenter-console.css reads the box's place from `--console-slide-*`): the real
 *   slide, with its steps, links and Copy buttons, and remark's scaling and the projector's sync
 *   as usual. Nothing of the console covers it.
 * - The next slide is a copy of its rendered view (slides render on demand: it is rendered
 *   first), scaled into its box, inert: no ids (slide names are link targets), nothing focusable.
 * - The notes are the current slide's notes as remark renders them.
 */
import { slideSize } from '../../core/slide-size.js';
import { renderSlide } from '../slide-views.js';

const slideContainers = () => document.querySelectorAll<HTMLElement>('.remark-slides-area > .remark-slide-container');

/** Keeps remark's slides area over `box` while the console is open; `stop()` gives it back. */
export function placeCurrentSlide(box: HTMLElement): { stop(): void } {
  const root = document.documentElement;
  const place = () => {
    const { left, top, width, height } = box.getBoundingClientRect();
    const values = { left, top, width, height };
    for (const [name, value] of Object.entries(values)) root.style.setProperty(`--console-slide-${name}`, `${Math.round(value)}px`);
    // remark fits the slide into its area on a window resize.
    window.dispatchEvent(new Event('resize'));
  };
  const observer = new ResizeObserver(place);
  observer.observe(box);
  window.addEventListener('resize', placeSoon);
  // A narrow window scrolls the console: the slide moves with its box.
  const scroller = box.closest('.presenter-console');
  scroller?.addEventListener('scroll', placeSoon);
  let frame = 0;
  function placeSoon(event: Event): void {
    if (!event.isTrusted) return; // our own resize, above
    cancelAnimationFrame(frame);
    frame = requestAnimationFrame(place);
  }
  place();
  return {
    stop() {
      observer.disconnect();
      window.removeEventListener('resize', placeSoon);
      scroller?.removeEventListener('scroll', placeSoon);
      for (const name of ['left', 'top', 'width', 'height']) root.style.removeProperty(`--console-slide-${name}`);
      window.dispatchEvent(new Event('resize'));
    },
  };
}

/** A copy of slide `index` scaled into `frame`, or "End of the deck" past the last slide. */
export function showSlideCopy(frame: HTMLElement, index: number, ratio: string): void {
  const { width, height } = slideSize(ratio);
  frame.style.aspectRatio = `${width} / ${height}`;
  renderSlide(index);
  const slide = slideContainers()[index]?.querySelector('.remark-slide')?.cloneNode(true) as HTMLElement | undefined;
  if (!slide) {
    const end = document.createElement('p');
    end.className = 'console-end';
    end.textContent = 'End of the deck';
    frame.replaceChildren(end);
    return;
  }
  for (const element of [slide, ...slide.querySelectorAll('[id]')]) element.removeAttribute('id');
  for (const element of slide.querySelectorAll('a, button, [tabindex]')) element.setAttribute('tabindex', '-1');
  const scaler = document.createElement('div');
  scaler.className = 'console-slide-scaler';
  scaler.style.width = `${width}px`;
  scaler.style.height = `${height}px`;
  scaler.append(slide);
  frame.replaceChildren(scaler);
  fitSlideCopy(frame, ratio);
}

/** Scales the copy in `frame` to the frame's width (after a resize). */
export function fitSlideCopy(frame: HTMLElement, ratio: string): void {
  const scaler = frame.querySelector<HTMLElement>('.console-slide-scaler');
  if (scaler) scaler.style.transform = `scale(${frame.clientWidth / slideSize(ratio).width})`;
}

/** Slide `index`'s speaker notes, as remark renders them, into `body`; false when it has none. */
export function showNotes(body: HTMLElement, index: number): boolean {
  renderSlide(index);
  const notes = slideContainers()[index]?.querySelector(':scope > .remark-slide-notes');
  const copy = notes?.cloneNode(true) as HTMLElement | undefined;
  const has = !!copy && (copy.textContent ?? '').trim() !== '';
  if (has && copy) {
    copy.className = 'console-notes-text';
    body.replaceChildren(copy);
  } else {
    const none = document.createElement('p');
    none.className = 'console-no-notes';
    none.textContent = 'No notes for this slide.';
    body.replaceChildren(none);
  }
  return has;
}
