/** The deck model must list exactly the slides remark 0.14's own parser makes of the source. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DeckBuild } from '../../src/core/deck.js';
import { lex } from '../../src/core/remark-lexer.js';
import { loadDeck } from '../../src/node/load-deck.js';
import { buildChapters, remarkSlides } from './deck-fixture.js';
import { pathologicalPatterns } from './pathological-inputs.js';

const projectRoot = fileURLToPath(new URL('../../', import.meta.url));

const lines = (...text: string[]) => text.join('\n') + '\n';

/** Same count, same names, and a `--` step exactly where remark marks a slide as continued. */
function expectRemarkAgrees(build: DeckBuild): void {
  const slides = build.deck?.slides ?? [];
  const remark = remarkSlides(build.source ?? '');
  expect(slides.length).toBeGreaterThan(0);
  expect(remark).toHaveLength(slides.length);
  expect(slides.map((s) => s.name ?? null)).toEqual(remark.map((r) => r.properties.name ?? null));
  expect(slides.map((s) => s.step > 0)).toEqual(remark.map((r) => r.properties.continued === 'true'));
}

const tricky: Record<string, string> = {
  'steps with `--`': lines('# Steps', '', '---', '', '## Build up', '', '- one', '', '--', '', '- two', '', '--', '', '- three'),
  'a step right after the adopted title': lines('# Steps', '', '--', '', 'Subtitle'),
  'notes with `???`': lines('# Notes', '', '???', 'Title notes', '', '---', '', '## S', '', '???', '- a note', '- ??? is not a separator mid-line', '', '---', '', '## T'),
  '`layout: true` and `layout: false`': lines(
    '# Layouts', '', '---', 'layout: true', 'class: inverse', '', '.footer[Workshop]', '', '---', '', '## Uses the layout', '', '---', 'layout: false', '', '## Plain',
  ),
  '`exclude: true`, in any case, and a step after it': lines(
    '# Excluded', '', '---', '', '## Shown', '', '---', 'exclude: true', '', '## Hidden', '', '---', 'exclude: True', '', '## Hidden too', '', '--', '', 'A step of the shown slide',
  ),
  'code containing separators': lines(
    '# Code', '', '---', '', '```yaml', 'a: 1', '---', 'b: 2', '--', '???', '```', '', '~~~', '---', '~~~', '', '    ---', '    --', '', '---', '', '## After',
  ),
  'content classes spanning lines': lines(
    '# Columns', '', '---', '', '.left-column[', '## Left', '---', 'still left', ']', '.right-column[', '- a', '', '--', '', '- b', ']', '', '--', '', '.footnote[a *step* below]',
  ),
  'link definitions and macros before properties': lines(
    '# Around', '', '---', '[docs]: https://kubernetes.io/docs/', 'exclude: true', '', '## Hidden draft', '', '---', '',
    '![:scale 50%](diagram.png)', '<!-- name: diagram -->', '', 'See [the docs][docs].', '', '---', '', '[Back](#diagram)',
  ),
  'brackets and inline code': lines('# Brackets', '', '---', '', '`items[0]` and [a link](#chapter-1) and .small[text]', '', '---', '', '## End'),
};

describe('model and remark agree', () => {
  for (const [what, chapter] of Object.entries(tricky)) {
    it(`on ${what}`, () => {
      const build = buildChapters({ 'a.md': chapter });
      expect(build.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      expectRemarkAgrees(build);
    });
  }

  it('on all of them in one deck', () => {
    const build = buildChapters(Object.fromEntries(Object.values(tricky).map((text, i) => [`c${i + 1}.md`, text])));
    expectRemarkAgrees(build);
    expect(build.deck?.chapters).toHaveLength(Object.keys(tricky).length);
  });

  it('on the workshop deck', () => {
    const build = loadDeck(path.join(projectRoot, 'slides/workshop.yml'));
    expect(build.ok).toBe(true);
    expectRemarkAgrees(build);
  });
});

describe('steps', () => {
  it('numbers each `--` step and marks the last one', () => {
    const build = buildChapters({ 'a.md': tricky['steps with `--`'] });
    const slides = build.deck?.slides ?? [];
    expect(slides.map((s) => [s.kind, s.step, s.lastStep])).toEqual([
      ['title', 0, true],
      ['toc', 0, true],
      ['chapter-title', 0, true],
      ['content', 0, false],
      ['content', 1, false],
      ['content', 2, true],
    ]);
    expect(slides.slice(3).map((s) => [s.index, s.title, s.source.line])).toEqual([
      [3, 'Build up', 4],
      [4, 'Build up', 10],
      [5, 'Build up', 14],
    ]);
  });

  it('inherit classes and notes as remark does, skipping excluded slides', () => {
    const build = buildChapters({
      'a.md': lines('# A', '', '---', 'class: wide', '', '## S', '', '???', 'first', '', '---', 'exclude: true', '', '## Hidden', '', '--', 'class: dark', '', 'more', '', '???', 'second'),
    });
    const [, , , first, second] = build.deck?.slides ?? [];
    expect(first).toMatchObject({ step: 0, lastStep: false, classes: ['wide'], notes: 'first' });
    expect(second).toMatchObject({ step: 1, lastStep: true, classes: ['wide', 'dark'], notes: 'first\n\nsecond', title: 'S' });
    expect(build.deck?.slides).toHaveLength(5);
  });
});

describe('slide sources in the workshop deck', () => {
  const build = loadDeck(path.join(projectRoot, 'slides/workshop.yml'));
  // Without a deck the checks below would check nothing.
  if (!build.deck?.slides.length) throw new Error(`the workshop deck did not load: ${build.diagnostics.map((d) => d.message).join('; ')}`);
  const fileLines = new Map<string, string[]>();
  const linesOf = (file: string) => {
    if (!fileLines.has(file)) fileLines.set(file, readFileSync(path.resolve(file), 'utf8').split('\n'));
    return fileLines.get(file) as string[];
  };

  it('point at lines that exist', () => {
    for (const slide of build.deck?.slides ?? []) {
      const text = linesOf(slide.source.file);
      expect(slide.source.line, `slide ${slide.index}`).toBeGreaterThanOrEqual(1);
      expect(slide.source.endLine, `slide ${slide.index}`).toBeGreaterThanOrEqual(slide.source.line);
      expect(slide.source.endLine, `slide ${slide.index}`).toBeLessThanOrEqual(text.length);
    }
  });

  it('point at the slide itself: its title is within its lines', () => {
    for (const slide of build.deck?.slides ?? []) {
      if (slide.kind !== 'content' && slide.kind !== 'chapter-title') continue;
      const text = linesOf(slide.source.file).slice(slide.source.line - 1, slide.source.endLine);
      if (slide.kind === 'chapter-title') expect(text, `slide ${slide.index}`).toEqual([`# ${slide.title}`]);
      else if (slide.step === 0 && slide.title) expect(text.some((l) => l.replace(/^#+ /, '') === slide.title), `slide ${slide.index}`).toBe(true);
    }
  });
});

/** remark 0.14's own lexer, the one the page runs. */
const RemarkLexer = createRequire(import.meta.url)('remark-slide/src/remark/lexer') as new () => { lex(source: string): Array<Record<string, unknown>> };

/** Our tokens in remark's shape: inline code and unclosed classes are text, adjacent text merged. */
function asRemarkTokens(source: string): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [];
  for (const t of lex(source)) {
    const token: Record<string, unknown> =
      t.type === 'text' || t.type === 'content_unclosed' ? { type: 'text', text: t.text }
      : t.type === 'code' || t.type === 'fences' ? { type: t.type, text: t.text }
      : t.type === 'def' ? { type: 'def', id: t.id, href: t.href, title: t.title }
      : t.type === 'macro' ? { type: 'macro', name: t.name, args: t.args, obj: t.obj }
      : t.type === 'separator' ? { type: 'separator', text: t.text }
      : t.type === 'notes_separator' ? { type: 'notes_separator', text: '???' }
      : t.type === 'content_start' ? { type: 'content_start', classes: t.classes, block: t.block }
      : { type: 'content_end', block: t.block };
    const last = out[out.length - 1];
    if (last?.type === 'text' && token.type === 'text') last.text = (last.text as string) + (token.text as string);
    else out.push(token);
  }
  return JSON.parse(JSON.stringify(out));
}

const remarkTokens = (source: string) => JSON.parse(JSON.stringify(new RemarkLexer().lex(source)));

/** Pieces of lines and whole lines that exercise every alternative of remark's expression. */
const pieces = ['`', '``', '```', '````', '~~~', '~', '[', ']', '(', ')', '.a', '.b-c', '\\', '!', '![:', ':', ' ', '    ', '\n', '\n\n', '---', '--', '???', '-', '?', 'x', 'y z', '"', "'", '<', '>', '\t', '\r', '#', '*', '_'];
const wholeLines = ['```', '````', '```js', '``` js', '```  ', '````x', '```` x', '~~~', '~~~~', ' ```', '   ~~~ a ', 'code ```', '```x y', '.a[', ']', '.a[```', '```]', '[id]: http://h "t"', ' [id]: <u> (t)', '[x]:u', '[a]: b c', '    code', '     ', '---', '--', '???', '![:scale 5%](a.png)', '![:a b, c]', '![: x]', '`a`', '\\.b[c]', 'text'];
const piece = fc.oneof(fc.constantFrom(...pieces), fc.constantFrom(...wholeLines).chain((line) => fc.constantFrom(line, `${line}\n`)));
/** The pathological patterns, small enough for remark's own lexer to finish. */
const pathological = fc.tuple(fc.constantFrom(...Object.keys(pathologicalPatterns)), fc.integer({ min: 1, max: 300 })).map(([name, size]) => pathologicalPatterns[name](size));

describe('the lexer finds exactly what remark 0.14\'s own lexer finds', () => {
  it('on text made of every construct it knows', () => {
    fc.assert(fc.property(fc.array(piece, { maxLength: 40 }).map((p) => p.join('')), (source) => {
      expect(asRemarkTokens(source)).toEqual(remarkTokens(source));
    }), { numRuns: 3000 });
  });

  it('on the pathological inputs, where remark finishes, mixed with the rest', () => {
    fc.assert(fc.property(fc.array(fc.oneof(pathological, piece), { maxLength: 6 }).map((p) => p.join('')), (source) => {
      expect(asRemarkTokens(source)).toEqual(remarkTokens(source));
    }), { numRuns: 500 });
  });
});
