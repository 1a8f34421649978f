/**
 * A container.training deck (tests/fixtures/container-training/: its manifest keys, a
 * multi-line title, nested chapter lists, `exclude`, `class: title` and `pic` slides,
 * `.exercise[` and `.lab[`, `--` steps, `???` notes, `@@TITLE@@`, `@@TOC@@` and substitutions
 * we do not make) loads as written, with warnings at file and line and never an error.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDeck } from '../../src/node/load-deck.js';
import { remarkSlides } from './deck-fixture.js';

const folder = 'tests/fixtures/container-training';
const at = (file: string) => path.join(folder, file);

describe('a container.training deck (in-person: `exclude: self-paced`, `content:`)', () => {
  const build = loadDeck(at('kube.yml'), {});
  const deck = build.deck!;

  it('loads without errors, as container.training style', () => {
    expect(build.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(build.ok).toBe(true);
    expect(deck.style).toBe('container.training');
    expect(deck.title).toBe('Deploying and Scaling Microservices with Kubernetes');
  });

  it('warns, at file and line, about the ignored keys and the substitutions it does not make', () => {
    expect(build.diagnostics.map((d) => `${d.file}:${d.line}:${d.column}`)).toEqual([
      at('kube.yml:5:1'), at('kube.yml:6:1'), at('kube.yml:7:1'), at('kube.yml:8:1'),
      at('shared/title.md:19:11'), at('k8s/kubectlget.md:37:30'), at('k8s/extra-details.md:13:20'),
    ]);
    expect(build.diagnostics[4].message).toMatch(/^`@@SLIDES@@` is a substitution of container.training's build tool/);
    expect(build.diagnostics[5].message).toMatch(/^`@@LINK\[prepare-vms\/README.md\]@@`/);
  });

  it('keeps the slides as written: no generated title or chapter slides, self-paced ones left out', () => {
    expect(deck.slides.map((s) => `${s.source.file.slice(folder.length + 1)}:${s.source.line}`)).toEqual([
      'shared/title.md:8', 'logistics.md:1', 'logistics.md:10', 'shared/toc.md:1',
      'k8s/concepts-k8s.md:1', 'k8s/concepts-k8s.md:6', 'k8s/concepts-k8s.md:14', 'k8s/concepts-k8s.md:18', 'k8s/concepts-k8s.md:24', 'k8s/concepts-k8s.md:40',
      'k8s/kubectlget.md:1', 'k8s/kubectlget.md:6', 'k8s/kubectlget.md:24', 'k8s/kubectlget.md:40',
      'k8s/extra-details.md:1', 'k8s/extra-details.md:8',
    ]);
    expect(deck.slides[0].classes).toEqual(['title', 'in-person']);
    expect(deck.slides[7].classes).toEqual(['pic']);
    expect(deck.slides[8]).toMatchObject({ classes: ['extra-details'], notes: 'Skip this on a short workshop.' });
    expect(deck.slides[2]).toMatchObject({ step: 1, title: 'Intros', notes: 'Introduce the team.' });
    expect(remarkSlides(build.source!)).toHaveLength(deck.slides.length);
  });

  it('puts the workshop title where @@TITLE@@ was, one line each', () => {
    expect(build.source!.startsWith('\nclass: title, in-person\n\nDeploying and Scaling Microservices<br/>with Kubernetes<br/></br>')).toBe(true);
  });

  it('puts the contents where @@TOC@@ was, listing every `# ` title, later ones under their file\'s first', () => {
    expect(deck.slides[3]).toMatchObject({ kind: 'toc', source: { file: at('shared/toc.md'), line: 1 } });
    expect(deck.chapters.map((c) => [c.title, c.firstSlide, c.slideName])).toEqual([
      ['Kubernetes concepts', 4, 'chapter-1'],
      ['First contact with `kubectl`', 10, 'chapter-2'],
      ['Extra details', 14, 'chapter-3'],
    ]);
    expect(deck.toc[0]).toEqual({ title: 'Kubernetes concepts', chapter: 0, children: [{ title: 'Declarative vs imperative', slide: 9, children: [] }] });
    expect(build.source).toContain('<a href="#10"><span class="toc-title">Declarative vs imperative</span><span class="toc-page">10</span>');
    // The heading slide gets the name the contents link to, and keeps its own class.
    const remark = remarkSlides(build.source!);
    expect(remark[4].properties).toMatchObject({ name: 'chapter-1', class: 'title' });
    expect(remark[10].properties.name).toBe('chapter-2');
  });

  it('turns .exercise[ and .lab[ into callouts', () => {
    expect(deck.exercises.map((e) => [e.kind, e.slide + 1, e.source.line])).toEqual([['exercise', 12, 9], ['lab', 14, 43]]);
  });
});

it('builds the self-paced variant from a second manifest with `chapters:` and nested lists', () => {
  const build = loadDeck(at('kube-selfpaced.yml'), {});
  expect(build.ok).toBe(true);
  expect(build.deck!.slides[0].classes).toEqual(['title', 'self-paced']);
  const titles = build.deck!.slides.map((s) => s.title);
  expect(titles).toContain('Getting a cluster');
  expect(titles).not.toContain('Your cluster');
});
