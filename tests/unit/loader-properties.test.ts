/**
 * Property-based tests: random Markdown, built from the fragments that trip remark up, fed to
 * the loader. The loader never throws (it returns diagnostics, `DeckBuild.ok` false on errors),
 * never reports a bug of its own, points every finding at a real line of a real file, and a deck
 * it passes is one remark 0.14 splits into exactly the slides it modelled.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildDeck, internalErrorPrefix, type DeckBuild } from '../../src/core/deck.js';
import { remarkSlides } from './deck-fixture.js';
import { pathologicalPatterns } from './pathological-inputs.js';

const fragments = [
  '---', '--', '???', '--- ', '-- ', '???\t', '```', '```bash', '~~~', '`', '``', 'Run `kubectl get`', '.exercise[', '.lab[',
  '.left-column[', '.small[note]', ']', '[', 'items[0]', '# Title', '# Another title', '## Subtitle', '#hashtag', 'name: intro',
  'name: x', 'class: title', 'class: in-person', 'class: self-paced, extra-details', 'class: pic', 'layout: true', 'exclude: true',
  'Note: prose with a colon', '@@TOC@@', '@@TITLE@@', '@@CHAT@@', '@@LINK[file.md]@@', '![:scale 50%](img.png)', '![:zoom 2]',
  '    indented code', '<!-- name: hidden -->', '[back](#intro)', '[nowhere](#nowhere)', '[docs][d]', '[d]: https://example.org',
  'https://github.com/ahmetb/kubernetes-network-policy-recipes/blob/master/01-nope.md', '- a list item', '1. numbered', '',
  '', '', 'plain text', '<div class="x">', '</div>', '\\.escaped[', '\r', '\t', 'ümlaut ✨',
];

const line = fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...fragments) }, { weight: 1, arbitrary: fc.string({ maxLength: 12 }) });
const chapterText = fc.array(line, { maxLength: 40 }).chain((lines) =>
  fc.constantFrom('\n', '\r\n').map((eol) => lines.join(eol) + (lines.length % 2 ? eol : '')),
);

/** Chapters shaped like real ones (a title, slides between separators), with traps mixed in. */
const calmFragments = fragments.filter((f) => !['---', '--', '???', '```', '```bash', '~~~', '`', '``', '[', '.exercise[', '.lab[', '.left-column[', '![:zoom 2]', '\\.escaped[', '--- ', '-- ', '???\t', '[back](#intro)', '[nowhere](#nowhere)', '<!-- name: hidden -->'].includes(f));
const slideText = fc.array(fc.oneof({ weight: 12, arbitrary: fc.constantFrom(...calmFragments) }, { weight: 1, arbitrary: fc.constantFrom(...fragments) }), { maxLength: 6 });
const shapedChapter = fc
  .tuple(fc.array(slideText, { minLength: 1, maxLength: 6 }), fc.array(fc.constantFrom('\n---\n', '\n--\n', '\n???\n'), { minLength: 6, maxLength: 6 }))
  .map(([slides, separators]) => '# Chapter\n\n' + slides.map((lines, i) => (i === 0 ? '' : separators[i % 6]) + '\n' + ['step', ...lines].join('\n')).join('\n'));

const manifestText = fc.oneof(
  fc.tuple(fc.integer({ min: 1, max: 3 }), fc.boolean(), fc.boolean(), fc.constantFrom('chapters', 'content')).map(([count, nested, exclude, key]) => {
    const files = Array.from({ length: count }, (_, i) => `c${i + 1}.md`);
    const list = nested && count > 1 ? [`  - ${files[0]}`, '  -', ...files.slice(1).map((f) => `    - ${f}`)] : files.map((f) => `  - ${f}`);
    return ['title: |', '  Random', '  workshop', ...(exclude ? ['exclude: [self-paced]', 'variants:', '  self-paced:', '    exclude: [in-person]'] : []), `${key}:`, ...list, ''].join('\n');
  }),
  fc.string({ maxLength: 60 }),
);

function build(manifest: string, chapters: string[], variant?: string): DeckBuild {
  const files: Record<string, string> = Object.fromEntries(chapters.map((text, i) => [`c${i + 1}.md`, text]));
  return buildDeck({ manifest: { file: 'workshop.yml', text: manifest }, read: (p) => (p in files ? { file: p, text: files[p] } : undefined) }, { variant });
}

function expectSound(result: DeckBuild, texts: Record<string, string>): void {
  expect(result.diagnostics.filter((d) => d.message.startsWith(internalErrorPrefix))).toEqual([]);
  for (const d of result.diagnostics) {
    expect(texts[d.file], `finding in unknown file ${d.file}`).toBeDefined();
    const lineCount = texts[d.file].replace(/\r\n?/g, '\n').split('\n').length;
    expect(d.line).toBeGreaterThanOrEqual(1);
    expect(d.line).toBeLessThanOrEqual(lineCount);
    expect(d.column).toBeGreaterThanOrEqual(1);
  }
  expect(result.ok).toBe(!result.diagnostics.some((d) => d.severity === 'error'));
  if (result.ok) expect(remarkSlides(result.source ?? '')).toHaveLength(result.deck!.slides.length);
}

describe('the loader on random Markdown', () => {
  it('never throws, and a deck it passes splits in remark as modelled', () => {
    fc.assert(
      fc.property(manifestText, fc.array(chapterText, { minLength: 3, maxLength: 3 }), fc.constantFrom(undefined, 'self-paced'), (manifest, chapters, variant) => {
        let result: DeckBuild | undefined;
        expect(() => (result = build(manifest, chapters, variant))).not.toThrow();
        const texts = { 'workshop.yml': manifest, ...Object.fromEntries(chapters.map((t, i) => [`c${i + 1}.md`, t])) };
        expectSound(result!, texts);
      }),
      {
        numRuns: 1500,
        // Found by this property in CI: every slide left out, and remark would show one blank slide.
        examples: [['title: |\n  Random\n  workshop\nexclude: [self-paced]\nvariants:\n  self-paced:\n    exclude: [in-person]\ncontent:\n  - c1.md\n', ['class: self-paced, extra-details\n', '', ''], undefined]],
      },
    );
  });

  it('splits chapter-shaped Markdown as remark does whenever it reports no error', () => {
    let passed = 0;
    fc.assert(
      fc.property(fc.array(shapedChapter, { minLength: 2, maxLength: 2 }), fc.constantFrom('chapters', 'content'), (chapters, key) => {
        const manifest = `title: T\nexclude: in-person\n${key}:\n  - c1.md\n  - c2.md\n`;
        const result = build(manifest, chapters);
        expectSound(result, { 'workshop.yml': manifest, 'c1.md': chapters[0], 'c2.md': chapters[1] });
        if (result.ok) passed++;
      }),
      {
        numRuns: 1500,
        // Found with more runs: a `[` line read to the next slide's `]`, and the loader put the contents slide there.
        examples: [[['# Chapter\n\n\nstep', '# Chapter\n\n\nstep\n[\n\n---\n\nstep\n@@TOC@@\n.small[note]\n\n---\n\nstep\n[d]: https://example.org\n\n---\n\nstep'], 'chapters']],
      },
    );
    // The property means little unless most of these decks pass.
    expect(passed).toBeGreaterThan(560);
  });

  it('reads inline Markdown entries of a container.training manifest soundly, findings at manifest lines', () => {
    // Lines a YAML `|` block keeps as they are: no tab or carriage return at the start of a line.
    const inlineLine = fc.constantFrom(...fragments.filter((f) => !/^[\t\r]|\r/.test(f)));
    fc.assert(
      fc.property(fc.array(inlineLine, { minLength: 1, maxLength: 20 }), chapterText, (lines, chapter) => {
        const manifest = ['title: T', 'content:', '- c1.md', '- - |', ...lines.map((l) => (l ? `    ${l}` : '')), '  - c2.md', ''].join('\n');
        const result = build(manifest, [chapter, '# Two\n']);
        expectSound(result, { 'workshop.yml': manifest, 'c1.md': chapter, 'c2.md': '# Two\n' });
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on arbitrary text in place of a chapter or a manifest', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), fc.string({ maxLength: 120 }), (chapter, manifest) => {
        expect(() => build('title: T\nchapters:\n  - c1.md\n', [chapter])).not.toThrow();
        expect(() => build(manifest, [chapter])).not.toThrow();
        expectSound(build('title: T\nchapters:\n  - c1.md\n', [chapter]), { 'workshop.yml': 'title: T\nchapters:\n  - c1.md\n', 'c1.md': chapter });
      }),
      { numRuns: 300 },
    );
  });

  it('lints chapters with pathological runs mixed in, each in linear time, and stays sound', () => {
    // Up to 3 kB of each: cubic work takes seconds there (and remark's own lexer, minutes at
    // 20 kB, which would hang this test rather than fail it); linear work takes milliseconds.
    // linear-time.test.ts checks 160 kB of each in a child process it can kill.
    const junk = fc.tuple(fc.constantFrom(...Object.keys(pathologicalPatterns)), fc.integer({ min: 1, max: 3_000 })).map(([name, size]) => pathologicalPatterns[name](size));
    const chapter = fc.array(fc.oneof({ weight: 2, arbitrary: line }, { weight: 1, arbitrary: junk }), { minLength: 1, maxLength: 8 }).map((parts) => parts.join('\n'));
    let slowest = 0;
    fc.assert(
      fc.property(shapedChapter, chapter, (shaped, text) => {
        const manifest = 'title: T\nchapters:\n  - c1.md\n  - c2.md\n';
        const started = performance.now();
        const result = build(manifest, [shaped, text]);
        slowest = Math.max(slowest, performance.now() - started);
        expectSound(result, { 'workshop.yml': manifest, 'c1.md': shaped, 'c2.md': text });
      }),
      { numRuns: 150 },
    );
    expect(slowest).toBeLessThan(500);
  });

  it('reports deep nesting at its line instead of overflowing the stack', () => {
    const depth = 100_000;
    const text = `# Deep\n\n---\n\n${'.a['.repeat(depth)}x${']'.repeat(depth)}\n`;
    const result = build('title: T\nchapters:\n  - c1.md\n', [text]);
    expect(result.diagnostics.filter((d) => d.message.startsWith(internalErrorPrefix))).toEqual([]);
    expect(result.diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.message.slice(0, 45)}`)).toEqual(['c1.md:5:49 content classes nested more than 16 deep: rem']);
  });

  it('reports a bug of its own as a finding instead of throwing', () => {
    const result = buildDeck({
      manifest: { file: 'workshop.yml', text: 'title: T\nchapters:\n  - c1.md\n' },
      read: () => {
        throw new Error('disk on fire');
      },
    });
    expect(result.ok).toBe(false);
    expect(result.diagnostics[0].message).toBe(`${internalErrorPrefix}disk on fire`);
  });
});
