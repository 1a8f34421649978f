/**
 * Slide identity (src/core/slide-identity.ts): a slide keeps its id when slides are inserted,
 * removed, reordered or edited elsewhere, and `findSlide` finds it again in the new deck: the
 * same slide content, not the same number.
 */
import { describe, expect, it } from 'vitest';
import type { Deck } from '../../src/core/model.ts';
import { findSlide, maxSlideIdLength, slideAnchor, slideIds } from '../../src/core/slide-identity.ts';
import { buildChapters } from './deck-fixture.ts';

function deckOf(files: Record<string, string>): Deck {
  const build = buildChapters(files);
  expect(build.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return build.deck!;
}

const ids = (deck: Deck) => deck.slides.map((s) => s.id);
/** The slide of `deck` whose first heading (or step) is `title`. */
const slideTitled = (deck: Deck, title: string, step = 0) => deck.slides.find((s) => s.title === title && s.step === step)!;
/** Where the slide `title` of `before` is found in `after`, by its id, as a follower finds it. */
const followed = (before: Deck, after: Deck, title: string, step = 0) => {
  const slide = slideTitled(before, title, step);
  return after.slides[findSlide(ids(after), slide.id, slide.index)];
};

const chapter = (title: string, ...slides: string[]) => [`# ${title}`, ...slides].join('\n\n---\n\n');

const first = chapter('Isolation', '## Namespaces\n\nOne per team.', '## Network policies\n\nDeny by default.\n\n--\n\nThen allow.', '## Quotas\n\nCap the CPU.');
const second = chapter('Scheduling', '## Taints\n\nKeep pods away.', '## Affinity\n\nPull pods close.');

describe('slide ids', () => {
  it('are unique in the deck, readable, and within the protocol’s length', () => {
    const deck = deckOf({ 'isolation.md': first, 'scheduling.md': second });
    expect(new Set(ids(deck)).size).toBe(deck.slides.length);
    expect(deck.slides[0].id).toBe(':title');
    expect(deck.slides[1].id).toBe(':contents');
    expect(slideTitled(deck, 'Isolation').id).toBe('isolation.md#isolation');
    expect(slideTitled(deck, 'Namespaces').id).toMatch(/^isolation\.md#namespaces~[0-9a-z]+$/);
    expect(slideTitled(deck, 'Network policies', 1).id).toMatch(/^isolation\.md#network-policies\+1~[0-9a-z]+$/);
    for (const id of ids(deck)) expect(id.length).toBeLessThanOrEqual(maxSlideIdLength);
  });

  it('survive a slide inserted above, in the same file and in a chapter before', () => {
    const before = deckOf({ 'isolation.md': first, 'scheduling.md': second });
    const inserted = deckOf({ 'isolation.md': first.replace('## Namespaces', '## Inserted\n\nNew.\n\n---\n\n## Namespaces'), 'scheduling.md': second });
    for (const title of ['Namespaces', 'Quotas', 'Taints', 'Scheduling']) {
      const slide = followed(before, inserted, title);
      expect(slide.title, title).toBe(title);
      expect(slide.index, title).toBe(slideTitled(before, title).index + 1);
    }
    expect(followed(before, inserted, 'Network policies', 1).step).toBe(1);
    // A chapter inserted before: every later chapter's number changes, the ids do not.
    const chapterBefore = deckOf({ 'intro.md': chapter('Introduction', '## Hello'), 'isolation.md': first, 'scheduling.md': second });
    expect(followed(before, chapterBefore, 'Isolation').title).toBe('Isolation');
    expect(followed(before, chapterBefore, 'Taints').title).toBe('Taints');
  });

  it('survive slides removed, reordered and edited elsewhere', () => {
    const before = deckOf({ 'isolation.md': first, 'scheduling.md': second });
    const removed = deckOf({ 'isolation.md': first.replace('## Namespaces\n\nOne per team.\n\n---\n\n', ''), 'scheduling.md': second });
    expect(followed(before, removed, 'Quotas').title).toBe('Quotas');
    const reordered = deckOf({ 'scheduling.md': second, 'isolation.md': first });
    for (const title of ['Quotas', 'Affinity', 'Isolation']) expect(followed(before, reordered, title).title).toBe(title);
    const edited = deckOf({ 'isolation.md': first.replace('Cap the CPU.', 'Cap the CPU and the memory.'), 'scheduling.md': second });
    expect(slideTitled(edited, 'Namespaces').id).toBe(slideTitled(before, 'Namespaces').id);
    expect(slideTitled(edited, 'Taints').id).toBe(slideTitled(before, 'Taints').id);
  });

  it('tell apart slides with the same heading, and keep each when one more is inserted', () => {
    const twice = chapter('Labs', '## Lab\n\nFirst lab.', '## Lab\n\nSecond lab.', '## Lab\n\nThird lab.');
    const before = deckOf({ 'labs.md': twice });
    expect(new Set(ids(before)).size).toBe(before.slides.length);
    const after = deckOf({ 'labs.md': twice.replace('## Lab\n\nFirst lab.', '## Lab\n\nZeroth lab.\n\n---\n\n## Lab\n\nFirst lab.') });
    const labs = before.slides.filter((s) => s.title === 'Lab');
    for (const lab of labs) {
      const found = after.slides[findSlide(ids(after), lab.id, lab.index)];
      expect(found.index).toBe(lab.index + 1);
      expect(found.id).toBe(lab.id);
    }
    // Identical slides in one file still get ids of their own.
    const again = { kind: 'content', file: 'same.md', title: 'Again', step: 0, markdown: '## Again\n\nx' } as const;
    expect(slideIds([again, again, again]).map((id) => id.replace(/~[0-9a-z]+/, '~h'))).toEqual(['same.md#again~h', 'same.md#again~h!2', 'same.md#again~h!3']);
  });

  it('of a named slide are its name: they survive edits to the slide itself', () => {
    const named = chapter('Named', 'name: the-one\n\n## Title\n\nText.');
    const before = deckOf({ 'named.md': named });
    const after = deckOf({ 'named.md': named.replace('Text.', 'Other text.').replace('## Title', '## New title') });
    expect(slideTitled(before, 'Title').id).toBe('named.md#the-one');
    expect(slideTitled(after, 'New title').id).toBe('named.md#the-one');
  });
});

describe('findSlide', () => {
  const list = ['a.md#one~aa', 'a.md#two~bb', 'a.md#two~cc', 'b.md#three~dd'];

  it('finds the id; else the only slide with its anchor (the slide was edited); else the index', () => {
    expect(findSlide(list, 'a.md#two~cc', 0)).toBe(2);
    expect(findSlide(list, 'a.md#one~zz', 3)).toBe(0); // edited: one slide has that anchor
    expect(findSlide(list, 'a.md#two~zz', 3)).toBe(3); // two slides have it: the index decides
    expect(findSlide(list, 'c.md#gone~ee', 1)).toBe(1);
    expect(findSlide(list, undefined, 2)).toBe(2);
    expect(findSlide(list, 'c.md#gone~ee', 99)).toBe(3); // kept within the deck
  });

  it('reads the anchor off an id', () => {
    expect(slideAnchor('a.md#two+1~cc!2')).toBe('a.md#two+1');
    expect(slideAnchor('named.md#the-one')).toBe('named.md#the-one');
    expect(slideAnchor(':contents!2')).toBe(':contents');
  });

  it('keeps ids short when a file path is long', () => {
    const [id] = slideIds([{ kind: 'content', file: `${'deep/'.repeat(60)}chapter.md`, title: 'T'.repeat(300), step: 3, markdown: 'x' }]);
    expect(id.length).toBeLessThanOrEqual(maxSlideIdLength);
    expect(id).toMatch(/chapter\.md#t+\+3~[0-9a-z]+$/);
  });
});
