/** The contents: the model's tree, and the generated slides that link to every chapter. */
import { describe, expect, it } from 'vitest';
import type { DeckBuild } from '../../src/core/deck.js';
import { buildFixture, manifestFor, remarkSlides } from './deck-fixture.js';

interface ContentsLink {
  href: string;
  number: string;
  title: string;
  page: number;
}

/** Each contents slide's Markdown, in order. */
function contentsSlides(build: DeckBuild): string[] {
  return (build.source ?? '').split('\n---\n').filter((markdown) => /^name: toc(-\d+)?\nclass: toc-slide\n/.test(markdown));
}

/** The chapter links of one contents slide. */
function contentsLinks(markdown: string): ContentsLink[] {
  const item =
    /<li class="toc-chapter"[^>]*><a href="([^"]+)"><span class="toc-number">(\d+)<\/span><span class="toc-title">([^<]*)<\/span><span class="toc-page">(\d+)<\/span><\/a><\/li>/g;
  return [...markdown.matchAll(item)].map((m) => ({ href: m[1], number: m[2], title: m[3], page: Number(m[4]) }));
}

/** Every chapter's link leads to its title slide, in the model and in remark's own slide list. */
function expectLinksMatchChapters(build: DeckBuild, links: ContentsLink[]): void {
  const deck = build.deck;
  if (!deck) throw new Error('no deck');
  const remark = remarkSlides(build.source ?? '');
  expect(remark).toHaveLength(deck.slides.length);
  expect(links).toHaveLength(deck.chapters.length);
  for (const [i, chapter] of deck.chapters.entries()) {
    expect(links[i]).toEqual({ href: `#${chapter.slideName}`, number: String(chapter.number), title: chapter.title, page: chapter.firstSlide + 1 });
    expect(deck.slides[chapter.firstSlide]).toMatchObject({ kind: 'chapter-title', name: chapter.slideName, chapter: i });
    expect(remark[chapter.firstSlide].properties.name).toBe(chapter.slideName);
  }
}

describe('contents with parts', () => {
  const manifest = [
    'title: Test workshop',
    'chapters:',
    '  - part: Basics',
    '    chapters:',
    '      - intro.md',
    '      - part: Deeper',
    '        chapters:',
    '          - pods.md',
    '  - wrap-up.md',
    '',
  ].join('\n');
  const build = buildFixture(manifest, {
    'intro.md': '# Introduction\n\n---\n\n## Why\n\n--\n\n## Why not\n',
    'pods.md': '## Before the title\n\n---\n\n# Pods & nodes\n',
    'wrap-up.md': 'name: wrap-up\n\n# Wrap-up\n\n???\nThank everyone.\n',
  });

  it('builds without findings', () => {
    expect(build.diagnostics).toEqual([]);
  });

  it('mirrors parts and chapters in the model', () => {
    expect(build.deck?.toc).toEqual([
      {
        title: 'Basics',
        children: [
          { title: 'Introduction', chapter: 0, children: [] },
          { title: 'Deeper', children: [{ title: 'Pods & nodes', chapter: 1, children: [] }] },
        ],
      },
      { title: 'Wrap-up', chapter: 2, children: [] },
    ]);
    expect(build.deck?.chapters.map((c) => c.parts)).toEqual([['Basics'], ['Basics', 'Deeper'], []]);
    expect(build.source).toContain('<p class="chapter-kicker">Chapter 2 · Basics · Deeper</p>');
  });

  it('links each chapter to its title slide, with its slide number', () => {
    const [contents, ...more] = contentsSlides(build);
    expect(more).toEqual([]);
    expect(contents).toContain('## Contents\n');
    expect(contents).toContain('<li class="toc-part" style="--toc-depth:0">Basics</li>');
    expect(contents).toContain('<li class="toc-part" style="--toc-depth:1">Deeper</li>');
    const links = contentsLinks(contents);
    expect(links).toEqual([
      { href: '#chapter-1', number: '1', title: 'Introduction', page: 3 },
      { href: '#chapter-2', number: '2', title: 'Pods &#38; nodes', page: 6 },
      { href: '#wrap-up', number: '3', title: 'Wrap-up', page: 9 },
    ]);
    expectLinksMatchChapters(build, links.map((l, i) => (i === 1 ? { ...l, title: 'Pods & nodes' } : l)));
    expect(build.deck?.chapters.map((c) => [c.firstSlide, c.lastSlide])).toEqual([[2, 4], [5, 7], [8, 8]]);
  });
});

describe('contents longer than one slide', () => {
  const chapterFiles = (count: number) =>
    Object.fromEntries(
      Array.from({ length: count }, (_, i) => [
        `c${i + 1}.md`,
        i % 3 === 0 ? `# Chapter ${i + 1}\n\n---\n\n## A\n\n--\n\n## B\n` : `# Chapter ${i + 1}\n\n???\nnotes\n\n---\n\n## A\n`,
      ]),
    );

  it('keeps nine lines on one slide', () => {
    const files = chapterFiles(9);
    const build = buildFixture(manifestFor(...Object.keys(files)), files);
    const pages = contentsSlides(build);
    expect(pages).toHaveLength(1);
    expect(pages[0]).toContain('## Contents\n');
    expectLinksMatchChapters(build, contentsLinks(pages[0]));
    expect(build.deck?.chapters[0].firstSlide).toBe(2);
  });

  it('splits ten lines and more across slides, and chapter slide numbers still match', () => {
    const files = chapterFiles(12);
    const manifest = ['title: Long', 'chapters:', '  - part: First half', '    chapters:', ...Object.keys(files).slice(0, 6).map((f) => `      - ${f}`),
      '  - part: Second half', '    chapters:', ...Object.keys(files).slice(6).map((f) => `      - ${f}`), ''].join('\n');
    const build = buildFixture(manifest, files);
    expect(build.diagnostics).toEqual([]);
    const pages = contentsSlides(build);
    expect(pages).toHaveLength(2);
    expect(pages[0]).toMatch(/^name: toc\n[\s\S]*## Contents \(1\/2\)/);
    expect(pages[1]).toMatch(/^name: toc-2\n[\s\S]*## Contents \(2\/2\)/);
    // 14 lines: 9 on the first slide (a part and 6 chapters, a part and a chapter), 5 on the second.
    expect(pages.map((p) => p.split('<li ').length - 1)).toEqual([9, 5]);
    const links = pages.flatMap(contentsLinks);
    expectLinksMatchChapters(build, links);
    expect(build.deck?.slides.slice(0, 4).map((s) => s.kind)).toEqual(['title', 'toc', 'toc', 'chapter-title']);
    expect(build.deck?.chapters[0].firstSlide).toBe(3);
  });

  it('counts sections when it decides how many slides the contents take: none is cut off', () => {
    // 8 chapters and 3 sections make 11 lines: two contents slides, every section listed.
    const files = chapterFiles(8);
    files['c8.md'] = '# Chapter 8\n\n---\n\n# Section one\n\n---\n\n# Section two\n\n---\n\n# Section three\n';
    const build = buildFixture(manifestFor(...Object.keys(files)), files);
    expect(build.diagnostics).toEqual([]);
    const pages = contentsSlides(build);
    expect(pages).toHaveLength(2);
    expect(pages.map((p) => p.split('<li ').length - 1)).toEqual([9, 2]);
    for (const section of ['Section one', 'Section two', 'Section three']) expect(pages.join('\n')).toContain(section);
    expectLinksMatchChapters(build, pages.flatMap(contentsLinks));
    expect(build.deck?.chapters[7].sections.map((s) => build.deck?.slides[s.slide].title)).toEqual(['Section one', 'Section two', 'Section three']);
  });
});
