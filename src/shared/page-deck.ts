/**
 * The deck as the page gets it (virtual:deck): the loader's model without the speaker notes,
 * which every attendee would otherwise download twice (remark reads them from the slide's own
 * source, `???`, for the presenter), and without the polls' correct options, which an attendee
 * could read before voting (the room's server gives them out: src/core/room-plan.ts). Made by
 * the deck plugin, read by the runtime as `window.deck`.
 */
import type { Deck, Poll, Slide } from '../core/model.js';

export type PageSlide = Omit<Slide, 'notes'>;
export type PagePoll = Omit<Poll, 'correct'>;
export type PageDeck = Omit<Deck, 'slides' | 'polls'> & { slides: PageSlide[]; polls: PagePoll[] };

export function pageDeck(deck: Deck): PageDeck {
  return {
    ...deck,
    slides: deck.slides.map(({ notes: _notes, ...slide }) => slide),
    polls: deck.polls.map(({ correct: _correct, ...poll }) => poll),
  };
}
