/**
 * A small container.training deck (tests/fixtures/container-training/: its manifest keys, a
 * multi-line title, nested chapter lists, `exclude`, `class: title` and `pic` slides,
 * `.exercise[` and `.lab[`, `--` steps, `???` notes, `@@TITLE@@`, `@@TOC@@`, `@@SLIDES@@`,
 * `@@GITREPO@@`, `@@LINK[...]`) builds as container.training's builder builds it, with no finding.
 * tests/unit/corpus-decks.test.ts pins a bigger one; container-training-builder.test.ts each rule.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDeck } from '../../src/node/load-deck.js';
import { remarkSlides } from './deck-fixture.js';

const folder = 'tests/fixtures/container-training';
const at = (file: string) => path.join(folder, file);
const where = (s: { kind: string; source: { file: string; line: number }; name?: string }) => `${s.kind} ${s.source.file.slice(folder.length + 1)}:${s.source.line}${s.name ? ` #${s.name}` : ''}`;

describe('a container.training deck (in-person: `exclude: self-paced`, `content:`)', () => {
  const build = loadDeck(at('kube.yml'), {});
  const deck = build.deck!;

  it('loads without findings, as container.training style: its template keys are known', () => {
    expect(build.diagnostics).toEqual([]);
    expect(build.ok).toBe(true);
    expect(deck.style).toBe('container.training');
    expect(deck.title).toBe('Deploying and Scaling Microservices with Kubernetes');
  });

  it('shows the slides its builder makes, in its order: contents per part, a title slide per `# ` line', () => {
    expect(deck.slides.map(where)).toEqual([
      'content shared/title.md:8',
      'content logistics.md:1',
      'content logistics.md:10',
      'toc shared/toc.md:1 #toc-part-1',
      'toc shared/toc.md:1 #toc-part-2',
      'chapter-title k8s/concepts-k8s.md:3 #toc-kubernetes-concepts',
      'content k8s/concepts-k8s.md:1',
      'content k8s/concepts-k8s.md:6',
      'content k8s/concepts-k8s.md:14',
      'content k8s/concepts-k8s.md:18',
      'content k8s/concepts-k8s.md:24',
      // A later `# ` line of the same file is a section of its own, its title slide before its slide.
      'chapter-title k8s/concepts-k8s.md:41 #toc-declarative-vs-imperative',
      'content k8s/concepts-k8s.md:40',
      'chapter-title k8s/kubectlget.md:1 #toc-first-contact-with-kubectl',
      'content k8s/kubectlget.md:1',
      'content k8s/kubectlget.md:6',
      'content k8s/kubectlget.md:24',
      'content k8s/kubectlget.md:40',
      'chapter-title k8s/extra-details.md:1 #toc-extra-details',
      'content k8s/extra-details.md:1',
      'content k8s/extra-details.md:8',
    ]);
    expect(deck.slides[0].classes).toEqual(['title', 'in-person']);
    expect(deck.slides[9].classes).toEqual(['pic']);
    expect(deck.slides[10]).toMatchObject({ classes: ['extra-details'], notes: 'Skip this on a short workshop.' });
    expect(deck.slides[2]).toMatchObject({ step: 1, title: 'Intros', notes: 'Introduce the team.' });
    expect(remarkSlides(build.source!)).toHaveLength(deck.slides.length);
  });

  it('writes each title slide as the builder does, with links to the previous and next ones and to its part', () => {
    const remark = remarkSlides(build.source!);
    expect(remark[11].properties).toMatchObject({ name: 'toc-declarative-vs-imperative', class: 'title' });
    expect(build.slideSources![11]).toBe(
      '\n---\nname: toc-declarative-vs-imperative\nclass: title\n\n Declarative vs imperative\n\n.nav[\n' +
        '[Previous part](#toc-kubernetes-concepts)\n|\n[Back to table of contents](#toc-part-1)\n|\n[Next part](#toc-first-contact-with-kubectl)\n]\n',
    );
  });

  it('puts the workshop title where @@TITLE@@ was, as the builder does: each newline a <br/>', () => {
    expect(build.source!.startsWith('\nclass: title, in-person\n\nDeploying and Scaling Microservices<br/>with Kubernetes<br/><br/></br>')).toBe(true);
  });

  it('makes the manifest\'s values of @@SLIDES@@ and @@GITREPO@@', () => {
    expect(build.source).toContain('**Slides: http://container.training/**');
    expect(build.source).toContain('- It is written in github.com/jpetazzo/container.training style');
  });

  it('puts a contents slide per part where @@TOC@@ was, each title linking to its title slide', () => {
    expect(build.slideSources![3]).toBe(
      '\n---\n\nname: toc-part-1\n\n## Part 1\n\n- [Kubernetes concepts](#toc-kubernetes-concepts)\n\n' +
        '- [Declarative vs imperative](#toc-declarative-vs-imperative)\n\n- [First contact with `kubectl`](#toc-first-contact-with-kubectl)\n\n',
    );
    expect(deck.chapters.map((c) => [c.title, c.firstSlide, c.slideName, c.parts])).toEqual([
      ['Kubernetes concepts', 5, 'toc-kubernetes-concepts', ['Part 1']],
      ['Declarative vs imperative', 11, 'toc-declarative-vs-imperative', ['Part 1']],
      ['First contact with `kubectl`', 13, 'toc-first-contact-with-kubectl', ['Part 1']],
      ['Extra details', 18, 'toc-extra-details', ['Part 2']],
    ]);
    expect(deck.toc.map((part) => [part.title, part.children.map((c) => c.chapter)])).toEqual([
      ['Part 1', [0, 1, 2]],
      ['Part 2', [3]],
    ]);
  });

  it('turns .exercise[ and .lab[ into callouts, in the chapter of the title before them', () => {
    expect(deck.exercises.map((e) => [e.kind, e.slide + 1, e.source.line, e.chapter])).toEqual([['exercise', 16, 9, 2], ['lab', 18, 43, 2]]);
  });
});

it('builds the self-paced variant from a second manifest with `chapters:` and nested lists', () => {
  const build = loadDeck(at('kube-selfpaced.yml'), {});
  expect(build.diagnostics).toEqual([]);
  expect(build.deck!.slides[0].classes).toEqual(['title', 'self-paced']);
  const titles = build.deck!.slides.map((s) => s.title);
  expect(titles).toContain('Getting a cluster');
  expect(titles).not.toContain('Your cluster');
  // `@@LINK[path]@@`: the builder's `@@LINK[path]`, a link into the repository (the closing `@@` is optional).
  expect(build.source).toContain('- Follow the instructions in [prepare-vms/README.md](https://github.com/jpetazzo/container.training/tree/master/prepare-vms/README.md)\n');
});
