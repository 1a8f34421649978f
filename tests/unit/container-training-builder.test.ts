/**
 * container.training's builder (`slides/markmaker.py`), rule by rule, on decks in memory: its
 * parts and contents slides, its title slides and their links, its pictures, its substitutions,
 * inline Markdown entries, and how they meet variants. A plain remark deck gets none of it.
 */
import { describe, expect, it } from 'vitest';
import { anchor } from '../../src/core/container-training.js';
import { findAtAts } from '../../src/core/substitutions.js';
import { buildDeck, type DeckBuild } from '../../src/core/deck.js';
import { buildFixture, positions, remarkSlides } from './deck-fixture.js';

const lines = (...text: string[]) => text.join('\n') + '\n';

/** A container.training manifest: `content` entries as YAML lines, under the usual keys. */
function manifest(content: string[], extra: string[] = []): string {
  return lines('title: |', '  Kubernetes', '  in practice', ...extra, 'content:', ...content);
}

/** Each slide as `kind name title`, and each slide's Markdown as remark gets it. */
const kinds = (build: DeckBuild) => build.deck!.slides.map((s) => [s.kind, s.name, s.title].filter(Boolean).join(' '));
const markdownOf = (build: DeckBuild, index: number) => build.slideSources![index].replace(/^\n---?\n/, '');

describe('section titles', () => {
  it('makes the builder\'s slide names: `toc-`, then letters and dashes only, lower case', () => {
    expect(anchor('First contact with `kubectl`')).toBe('toc-first-contact-with-kubectl');
    expect(anchor("Kubernetes 1.22: what's new?")).toBe('toc-kubernetes--whats-new');
    expect(anchor('Écrire un Dockerfile')).toBe('toc-crire-un-dockerfile');
  });

  it('puts a title slide before the slide holding each `# ` line, before its `--` steps too', () => {
    const build = buildFixture(manifest(['- toc.md', '- - a.md']), {
      'toc.md': '@@TOC@@\n',
      'a.md': lines('## Warm-up', '', '---', '', '## Two steps', '', '--', '', '# Late title', '', 'Body.'),
    });
    expect(build.diagnostics).toEqual([]);
    expect(kinds(build)).toEqual(['toc toc-part-1 Table of contents', 'content Warm-up', 'chapter-title toc-late-title Late title', 'content Two steps', 'content Late title']);
    expect(build.deck!.chapters[0]).toMatchObject({ title: 'Late title', firstSlide: 2, lastSlide: 4, slideName: 'toc-late-title' });
  });

  it('takes every `# ` line as a title, in code too, as the builder does, with a warning', () => {
    const build = buildFixture(manifest(['- - a.md']), { 'a.md': lines('# Setup', '', '```bash', '# install the chart', 'helm install hub', '```') });
    expect(positions(build.diagnostics)).toEqual(['warning a.md:4:1']);
    expect(build.diagnostics[0].message).toMatch(/^container\.training's builder reads this `# ` line in code as a section title/);
    expect(kinds(build)).toEqual(['chapter-title toc-setup Setup', 'chapter-title toc-install-the-chart install the chart', 'content Setup']);
  });

  it('stops at 200 titles in one file, with an error at the next one: each makes two slides more', () => {
    const build = buildFixture(manifest(['- - a.md']), { 'a.md': Array.from({ length: 205 }, (_, i) => `# Title ${i}`).join('\n') + '\n' });
    expect(positions(build.diagnostics.filter((d) => d.severity === 'error'))).toEqual(['error a.md:201:1']);
    expect(build.deck!.slides.filter((s) => s.kind === 'chapter-title')).toHaveLength(200);
  });

  it('links each title slide to the titles before and after it and to its part\'s contents; the first and last back to the contents', () => {
    const build = buildFixture(manifest(['- toc.md', '- - a.md', '- - b.md']), { 'toc.md': '@@TOC@@\n', 'a.md': '# A\n', 'b.md': '# B\n---\n# C\n' });
    const nav = (index: number) => [...markdownOf(build, index).matchAll(/\]\(#([^)]+)\)/g)].map((m) => m[1]);
    const titleSlides = build.deck!.slides.filter((s) => s.kind === 'chapter-title').map((s) => s.index);
    expect(titleSlides.map(nav)).toEqual([
      ['toc-part-1', 'toc-part-1', 'toc-b'],
      ['toc-a', 'toc-part-2', 'toc-c'],
      ['toc-b', 'toc-part-2', 'toc-part-2'],
    ]);
    expect(markdownOf(build, titleSlides[1])).toBe('name: toc-b\nclass: title\n\n B\n\n.nav[\n[Previous part](#toc-a)\n|\n[Back to table of contents](#toc-part-2)\n|\n[Next part](#toc-c)\n]\n');
    expect(remarkSlides(build.source!)).toHaveLength(build.deck!.slides.length);
  });

  it('warns about two titles with one slide name, and names only the first', () => {
    const build = buildFixture(manifest(['- - a.md', '- - b.md']), { 'a.md': '# Pods!\n', 'b.md': '# PODS\n' });
    expect(positions(build.diagnostics)).toEqual(['warning b.md:1:1']);
    expect(build.diagnostics[0].message).toContain('`toc-pods` is already the name of the title at a.md:1');
    expect(build.deck!.slides.filter((s) => s.kind === 'chapter-title').map((s) => s.name)).toEqual(['toc-pods', undefined]);
  });

  it('still makes the title slide of a title on a slide the variant leaves out, which goes with its `--` steps', () => {
    const build = buildFixture(manifest(['- - a.md'], ['exclude: [self-paced]']), {
      'a.md': lines('class: self-paced', '', '# Setting up', '', '--', '', 'Step two.', '', '---', '', '## Next'),
    });
    expect(build.diagnostics).toEqual([]);
    expect(kinds(build)).toEqual(['chapter-title toc-setting-up Setting up', 'content Next']);
  });
});

describe('parts and their contents slides', () => {
  const files = {
    'title.md': 'class: title\n\n@@TITLE@@\n',
    'toc.md': '\n@@TOC@@\n',
    'intro.md': '# Introduction\n',
    'a.md': '# Alpha\n',
    'plain.md': '## No title here\n',
    'b.md': '# Beta\n---\n# Gamma\n',
  };

  it('makes a part of each top-level entry with titles, a top-level file included; one contents slide each', () => {
    const build = buildFixture(manifest(['- title.md', '- toc.md', '- intro.md', '- - a.md', '- - plain.md', '- - b.md']), files);
    expect(build.diagnostics).toEqual([]);
    expect(build.deck!.toc.map((part) => [part.title, part.children.map((c) => c.title)])).toEqual([
      ['Part 1', ['Introduction']],
      ['Part 2', ['Alpha']],
      ['Part 3', ['Beta', 'Gamma']],
    ]);
    expect(markdownOf(build, 1)).toBe('\nname: toc-part-1\n\n## Part 1\n\n- [Introduction](#toc-introduction)\n\n');
    expect(markdownOf(build, 3)).toBe('name: toc-part-3\n\n## Part 3\n\n- [Beta](#toc-beta)\n\n- [Gamma](#toc-gamma)\n');
    expect(build.deck!.chapters.map((c) => c.parts)).toEqual([['Part 1'], ['Part 2'], ['Part 3'], ['Part 3']]);
  });

  it('calls a single part "Table of contents", and sets ten titles or more close together', () => {
    const many = Array.from({ length: 10 }, (_, i) => `# Title ${String.fromCharCode(97 + i)}`).join('\n---\n');
    const build = buildFixture(manifest(['- toc.md', '- - many.md']), { ...files, 'many.md': many });
    expect(markdownOf(build, 0)).toMatch(/^\nname: toc-part-1\n\n## Table of contents\n\n- \[Title a\]\(#toc-title-a\)\n- \[Title b\]/);
    expect(build.deck!.chapters[0].parts).toEqual([]);
  });

  it('keeps what the slide holding @@TOC@@ says before and after it; its properties apply to the first contents slide', () => {
    const build = buildFixture(manifest(['- toc.md', '- - a.md', '- - b.md']), { ...files, 'toc.md': 'class: contents\n@@TOC@@\nSee you there.\n' });
    const remark = remarkSlides(build.source!);
    expect(remark[0].properties).toMatchObject({ class: 'contents', name: 'toc-part-1' });
    expect(remark[1].properties).toMatchObject({ name: 'toc-part-2' });
    expect(markdownOf(build, 1)).toMatch(/\nSee you there\.$/);
    expect(build.deck!.slides.slice(0, 2).map((s) => [s.kind, s.classes])).toEqual([['toc', ['contents']], ['toc', []]]);
  });
});

describe('substitutions', () => {
  const slide = lines(
    '# Links',
    '',
    '- Chat: @@CHAT@@, slides: @@SLIDES@@, archive: @@ZIP@@, page: @@HTML@@',
    '- Files: @@LINK[k8s/pod.yaml] and @@LINK[k8s/svc.yaml]@@',
    '',
    '```bash',
    'git clone https://@@GITREPO@@ # @@NOT_A_SUBSTITUTION@@',
    '```',
    '',
    '@@GITREPRO@@ @@INCLUDE[k8s/pod.yaml]',
  );

  it('makes them from the manifest\'s values, in code too; includes the file @@INCLUDE names; warns about a misspelt one', () => {
    const build = buildFixture(manifest(['- - a.md'], ['chat: "[Slack](https://slack.example.org)"', 'gitrepo: github.com/example/workshop', 'slides: https://workshop.example.org']), {
      'a.md': slide,
      'k8s/pod.yaml': 'THE-POD-MANIFEST',
    });
    expect(positions(build.diagnostics)).toEqual(['warning a.md:10:1']);
    expect(build.diagnostics[0].fix).toMatch(/^did you mean `@@GITREPO@@`\?/);
    const source = build.source!;
    expect(source).toContain(' THE-POD-MANIFEST');
    expect(source).toContain('- Chat: [Slack](https://slack.example.org), slides: https://workshop.example.org, archive: https://workshop.example.org/slides.zip, page: workshop.yml.html\n');
    expect(source).toContain('- Files: [k8s/pod.yaml](https://github.com/example/workshop/tree/master/k8s/pod.yaml) and [k8s/svc.yaml](https://github.com/example/workshop/tree/master/k8s/svc.yaml)\n');
    expect(source).toContain('git clone https://github.com/example/workshop # @@NOT_A_SUBSTITUTION@@\n');
  });

  it('sets a value the manifest lacks to nothing, as the builder does, with a warning; `zip` and `html` may be given', () => {
    const build = buildFixture(manifest(['- - a.md'], ['slides: https://workshop.example.org/', 'zip: https://cdn.example.org/w.zip', 'html: index.html']), { 'a.md': slide });
    // The file `@@INCLUDE` names is missing here: an error at its path, and the directive goes.
    expect(positions(build.diagnostics)).toEqual(['error a.md:10:24', 'warning a.md:3:9', 'warning a.md:7:19', 'warning a.md:10:1']);
    expect(build.diagnostics[1].message).toBe("`@@CHAT@@` stands for the manifest's `chat`, which it does not set: it shows as nothing, as with container.training's builder");
    expect(build.source).toContain('- Chat: , slides: https://workshop.example.org/, archive: https://cdn.example.org/w.zip, page: index.html\n');
    // Without `gitrepo`, the builder's links go to container.training's own repository.
    expect(build.source).toContain('[k8s/pod.yaml](https://github.com/jpetazzo/container.training/tree/master/k8s/pod.yaml)');
  });

  it('derives @@ZIP@@ from `slides` with or without its final slash', () => {
    const zip = (slides: string) => buildFixture(manifest(['- a.md'], [`slides: ${slides}`]), { 'a.md': '@@ZIP@@\n' }).source;
    expect(zip('https://example.org/')).toBe('https://example.org/slides.zip');
    expect(zip('https://example.org/w')).toBe('https://example.org/w/slides.zip');
  });
});

describe('inline Markdown entries', () => {
  const content = ['- - |', '    class: title', '', '    Part one', '  - a.md', '- |', '    # Going further', '', '    --- ', '', '    Notes.'];

  it('are slides written in the manifest: shown in place, findings and slides at the manifest\'s own lines', () => {
    const build = buildFixture(manifest(content), { 'a.md': '# A\n' });
    // `--- ` with a trailing space: manifest line 13, column 8 (4 of the block's indentation, then `---`).
    expect(positions(build.diagnostics)).toEqual(['error workshop.yml:13:8']);
    expect(build.diagnostics[0].message).toMatch(/trailing/);
    expect(build.deck!.slides.map((s) => `${s.kind} ${s.source.file}:${s.source.line}`)).toEqual([
      'content workshop.yml:6',
      'chapter-title a.md:1',
      'content a.md:1',
      'chapter-title workshop.yml:11',
      'content workshop.yml:11',
    ]);
    expect(build.deck!.style).toBe('container.training');
    expect(build.deck!.toc.map((part) => part.title)).toEqual(['Part 1', 'Part 2']);
  });

  it('make a manifest container.training style on their own, and a quoted one is read too', () => {
    const build = buildFixture(lines('title: Workshop', 'chapters:', '  - "## One\\n\\nSlide text"', '  - a.md'), { 'a.md': '# A\n' });
    expect(build.diagnostics).toEqual([]);
    expect(build.deck!.style).toBe('container.training');
    expect(build.deck!.slides.map((s) => `${s.source.file}:${s.source.line} ${s.title}`)).toEqual(['workshop.yml:3 One', 'a.md:1 A', 'a.md:1 A']);
  });
});

describe('interstitials.txt', () => {
  function build(pictures: string | undefined, exists: (path: string) => boolean = () => true): DeckBuild {
    const files: Record<string, string> = { 'a.md': '# A\n---\n# B\n---\n# C\n', ...(pictures === undefined ? {} : { 'interstitials.txt': pictures }) };
    return buildDeck(
      { manifest: { file: 'workshop.yml', text: manifest(['- - a.md']) }, read: (path) => (Object.hasOwn(files, path) ? { file: path, text: files[path] } : undefined), exists },
      {},
    );
  }

  it('puts a picture slide before each title slide, taking the pictures in turn', () => {
    const deck = build('images/one.png\n\nhttps://example.org/two.jpg\n').deck!;
    expect(deck.slides.map((s) => `${s.kind} ${s.classes.join(',')} ${s.source.file}:${s.source.line}`)).toEqual([
      'content pic interstitials.txt:1', 'chapter-title title a.md:1', 'content  a.md:1',
      'content pic interstitials.txt:3', 'chapter-title title a.md:3', 'content  a.md:3',
      'content pic interstitials.txt:1', 'chapter-title title a.md:5', 'content  a.md:5',
    ]);
    expect(deck.assets).toEqual([{ path: 'images/one.png', references: [{ file: 'interstitials.txt', line: 1, column: 1 }] }]);
  });

  it('reports a picture that does not exist at its line; without the file, no picture slides', () => {
    const missing = build('images/one.png\nimages/gone.png\n', (path) => path !== 'images/gone.png');
    expect(positions(missing.diagnostics)).toEqual(['error interstitials.txt:2:1']);
    expect(build(undefined).deck!.slides.map((s) => s.kind)).toEqual(['chapter-title', 'content', 'chapter-title', 'content', 'chapter-title', 'content']);
  });
});

describe('exclude, as remark 0.15\'s excludedClasses', () => {
  it('keeps a layout whatever its classes: the slides after it are still laid out by it', () => {
    const text = lines('layout: true', 'class: in-person', '', '.corner[Workshop]', '---', '## One', '---', 'class: in-person', '', '## Two', '--', 'Step.');
    const build = buildFixture(lines('title: Plain', 'style: remark', 'exclude: in-person', 'chapters:', '  - a.md'), { 'a.md': text });
    expect(build.diagnostics).toEqual([]);
    expect(build.source).toBe(lines('layout: true', 'class: in-person', '', '.corner[Workshop]', '---', '## One').replace(/\n$/, ''));
    expect(build.deck!.slides.map((s) => s.title)).toEqual(['One']);
  });
});

describe('a plain remark deck (style: remark)', () => {
  it('is shown exactly as written: no substitution, no generated slide, no warning', () => {
    const text = lines('# Title @@TITLE@@', '', '@@TOC@@ and @@CHAT@@', '---', '# Second');
    const build = buildFixture(lines('title: Plain', 'style: remark', 'chapters:', '  - a.md'), { 'a.md': text });
    expect(build.diagnostics).toEqual([]);
    expect(build.source).toBe(text.replace(/\n$/, ''));
    expect(build.deck!.slides.map((s) => s.kind)).toEqual(['content', 'content']);
  });
});

describe('finding substitutions', () => {
  it('takes time in proportion to the text: 2 MB of unclosed `@@A[` in well under 2 s (searching for `]` from each took 8 s)', () => {
    const text = '@@A['.repeat(500_000);
    const started = performance.now();
    expect(findAtAts(text)).toEqual([]);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
