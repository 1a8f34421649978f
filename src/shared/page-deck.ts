/**
 * The deck as the page gets it (virtual:deck): the loader's model without the speaker notes,
 * which every attendee would otherwise download twice (remark reads them from the slide's own
 * source, `???`, for the presenter). Made by the deck plugin, read by the runtime as `window.deck`.
 */
import type { Deck, Slide } from '../core/model.js';

export type PageSlide = Omit<Slide, 'notes'>;
export type PageDeck = Omit<Deck, 'slides'> & { slides: PageSlide[] };

export function pageDeck(deck: Deck): PageDeck {
  return { ...deck, slides: deck.slides.map(({ notes: _notes, ...slide }) => slide) };
}
