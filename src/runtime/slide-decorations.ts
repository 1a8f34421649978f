/**
 * What the runtime adds to each rendered slide: a Copy button on code blocks (not on the
 * projector, where nobody can press it) and new tabs for links that leave the deck, so an
 * attendee who opens a recipe keeps the deck and keeps following. Slides are decorated as they
 * appear: at start, after a hot update, and whenever a slide's DOM is made later.
 */
import { addCopyButtons } from './copy-code.js';
import type { ScreenRole } from './screen.js';

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
  const area = document.querySelector('.remark-slides-area');
  if (!area) return;
  const decorate = (root: ParentNode) => {
    if (role !== 'projector') addCopyButtons(root);
    markExternalLinks(root);
  };
  decorate(area);
  new MutationObserver((records) => {
    const touched = new Set<Element>();
    for (const record of records) {
      for (const node of record.addedNodes) {
        if (node instanceof Element) touched.add(node.closest('.remark-slide-content') ?? node);
      }
    }
    touched.forEach(decorate);
  }).observe(area, { childList: true, subtree: true });
}
