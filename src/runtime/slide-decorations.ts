/**
 * What the runtime adds to each rendered slide: a Copy button on code blocks (not on the
 * projector, where nobody can press it) and new tabs for links that leave the deck, so an
 * attendee who opens a recipe keeps the deck and keeps following. Slides are decorated as they
 * render (slide-views.ts): at start, after a hot update, and whenever a slide is first shown.
 */
import { addCopyButtons } from './copy-code.js';
import type { ScreenRole } from './screen.js';
import { onSlideRendered } from './slide-views.js';

/** A link that would replace the deck: anything but `#name` (a slide) and mail or phone links. */
export function leavesDeck(link: HTMLAnchorElement): boolean {
  const href = link.getAttribute('href') ?? '';
  return href !== '' && !href.startsWith('#') && (link.protocol === 'http:' || link.protocol === 'https:');
}

export function markExternalLinks(root: ParentNode): void {
  for (const link of root.querySelectorAll<HTMLAnchorElement>('a[href]')) {
    if (!leavesDeck(link)) continue;
    link.target = '_blank';
    if (!link.relList.contains('noopener')) link.relList.add('noopener');
  }
}

export function decorateSlides(role: ScreenRole): void {
  // Registered once the screen's role is known; views already rendered get them at once.
  if (role !== 'projector') onSlideRendered('copy buttons', (container) => addCopyButtons(container));
  onSlideRendered('links', (container) => markExternalLinks(container));
}
