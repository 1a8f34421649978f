/** The real deck, slides/workshop.yml, loaded from disk as `npm run lint` and the dev server do. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { TocEntry } from '../../src/core/model.js';
import { loadDeck } from '../../src/node/load-deck.js';

const projectRoot = fileURLToPath(new URL('../../', import.meta.url));

describe('the workshop deck', () => {
  const build = loadDeck(path.join(projectRoot, 'slides/workshop.yml'));
  const deck = build.deck;

  it('loads with no errors and no warnings', () => {
    expect(build.diagnostics).toEqual([]);
    expect(build.ok).toBe(true);
    // Chapters in order, each followed by the manifests it shows (slides/manifests/).
    expect(build.files.map((f) => path.relative(projectRoot, f))).toEqual([
      'slides/workshop.yml',
      'slides/recipes.yml',
      'slides/prerequisites.md',
      'slides/isolation.md',
      ...['default-deny-ingress', 'api-allow', 'web-allow-blue-clients', 'foo-deny-egress'].map((m) => `slides/manifests/${m}.yaml`),
      'slides/jupyterhub.md',
      ...['jupyterhub-values', 'jupyterhub-https-values'].map((m) => `slides/manifests/${m}.yaml`),
      'slides/scheduling.md',
      ...['pod-on-ssd', 'pod-tolerating-gpu', 'podpi', 'heat-scheduler-config'].map((m) => `slides/manifests/${m}.yaml`),
      'slides/autoscaling.md',
      'slides/manifests/podinfo-hpa.yaml',
      'slides/spark.md',
    ]);
  });

  it('has six chapters, each with a title slide that has speaker notes', () => {
    expect(deck?.chapters.map((c) => c.title)).toEqual([
      'Before we start',
      'Isolation and network policies',
      'Deploying JupyterHub on Kubernetes',
      'Advanced scheduling with Kubernetes',
      'Autoscaling with Kubernetes',
      'Big data analytics with Spark on Kubernetes',
    ]);
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
    // "Before we start" stands alone; the others are in their parts.
    const chapters = (entries: TocEntry[]): Array<number | undefined> => entries.flatMap((e) => (e.chapter !== undefined ? [e.chapter] : chapters(e.children)));
    expect(chapters(deck?.toc ?? [])).toEqual([0, 1, 2, 3, 4, 5]);
    expect(deck?.toc.map((e) => e.title)).toEqual(['Before we start', 'Securing the cluster', 'Running workloads']);
  });
});
