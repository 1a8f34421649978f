/** The real deck, slides/workshop.yml, loaded from disk as `npm run lint` and the dev server do. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadDeck } from '../../src/node/load-deck.js';

const projectRoot = fileURLToPath(new URL('../../', import.meta.url));

describe('the workshop deck', () => {
  const build = loadDeck(path.join(projectRoot, 'slides/workshop.yml'));
  const deck = build.deck;

  it('loads with no errors and no warnings', () => {
    expect(build.diagnostics).toEqual([]);
    expect(build.ok).toBe(true);
    expect(build.files.map((f) => path.relative(projectRoot, f))).toEqual([
      'slides/workshop.yml',
      'slides/recipes.yml',
      'slides/isolation.md',
      'slides/jupyterhub.md',
      'slides/scheduling.md',
      'slides/autoscaling.md',
      'slides/spark.md',
    ]);
  });

  it('has five chapters, each with a title slide that has speaker notes', () => {
    expect(deck?.chapters).toHaveLength(5);
    for (const chapter of deck?.chapters ?? []) {
      const slide = deck?.slides[chapter.firstSlide];
      expect(slide?.kind, chapter.title).toBe('chapter-title');
      expect(slide?.title).toBe(chapter.title);
      expect(slide?.notes.trim(), chapter.title).not.toBe('');
    }
  });

  it('gives every exercise at least one link card', () => {
    expect(deck?.exercises.length).toBeGreaterThan(0);
    for (const exercise of deck?.exercises ?? []) {
      const where = `${exercise.source.file}:${exercise.source.line}`;
      expect(exercise.links.length, where).toBeGreaterThan(0);
      expect(deck?.slides[exercise.slide]?.exercises, where).toContain(exercise.index);
      for (const link of exercise.links) expect(build.source).toContain(`<a class="link-card" href="${link.href}" target="_blank"`);
    }
  });

  it('covers every chapter in its contents, in order', () => {
    const chapters = (deck?.toc ?? []).flatMap((part) => part.children.map((c) => c.chapter));
    expect(chapters).toEqual([0, 1, 2, 3, 4]);
  });
});
