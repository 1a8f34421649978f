/**
 * What a slide that failed to render shows. The author (dev server) gets a box on the slide
 * naming its file:line and each failure; the audience (a build) gets the slide without the
 * part that failed: code unhighlighted, a macro's place empty, or, when its Markdown could not
 * be converted at all, its text as plain text. Everything here is set as text, never as HTML.
 */
import type { RenderFailure } from './slide-views.js';

/** One failed part of a render, before the registry adds the slide and its location. */
export interface Failure {
  stage: string;
  message: string;
}

/** The text of remark's content (strings, and `.class[...]` objects holding more content). */
function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map(textOf).join('');
  if (content && typeof content === 'object' && 'content' in content) return textOf((content as { content: unknown }).content);
  return '';
}

/** The slide's Markdown as plain, readable text, for a slide whose conversion failed. */
export function plainText(content: unknown): HTMLElement {
  const fallback = document.createElement('div');
  fallback.className = 'deck-slide-fallback';
  const note = document.createElement('p');
  note.className = 'deck-slide-fallback-note';
  note.textContent = 'This slide could not be shown as designed. Its text:';
  const text = document.createElement('div');
  text.className = 'deck-slide-fallback-text';
  text.textContent = textOf(content).trim();
  fallback.append(note, text);
  return fallback;
}

/** The author's error box: the slide, its file:line, and what failed. */
export function failureNotice(index: number, failures: RenderFailure[]): HTMLElement {
  const box = document.createElement('div');
  box.className = 'deck-render-error';
  box.setAttribute('role', 'alert');
  const title = document.createElement('strong');
  const location = failures.find((failure) => failure.location)?.location;
  title.textContent = `Slide ${index + 1}${location ? ` (${location})` : ''} did not render completely`;
  const list = document.createElement('ul');
  for (const failure of failures) {
    const item = document.createElement('li');
    item.textContent = `${failure.stage} failed: ${failure.message}`;
    list.append(item);
  }
  box.append(title, list);
  return box;
}
