/** remark 0.14 does not split CRLF text at all: the loader normalises, and positions must not move. */
import { describe, expect, it } from 'vitest';
import { buildChapters, buildFixture, manifestFor, positions, remarkSlides } from './deck-fixture.js';

const chapter = [
  '# Line endings',
  '',
  '???',
  '',
  'Title notes.',
  '',
  '---',
  'name: first',
  '',
  '## First',
  '',
  '- one',
  '',
  '--',
  '',
  '- two',
  '',
  '???',
  'Step notes.',
  '',
  '---',
  '',
  '```yaml',
  'key: value',
  '---',
  'other: value',
  '```',
  '',
  '---',
  '',
  '.exercise[',
  '- Open [the tutorial](https://github.com/RyaxTech/kube-tutorial#6-enable-and-use-pod-autoscaling)',
  ']',
  '',
].join('\n');

const crlf = (text: string) => text.replace(/\n/g, '\r\n');

describe('CRLF chapter files', () => {
  const lf = buildChapters({ 'a.md': chapter });
  const windows = buildChapters({ 'a.md': crlf(chapter) });

  it('split into the same slides at the same lines as their LF version', () => {
    expect(lf.diagnostics).toEqual([]);
    expect(windows.diagnostics).toEqual([]);
    const shape = (build: typeof lf) =>
      build.deck?.slides.map((s) => ({ kind: s.kind, name: s.name, source: s.source, step: s.step, title: s.title, notes: s.notes }));
    expect(shape(windows)).toEqual(shape(lf));
    expect(windows.deck?.slides.filter((s) => s.kind === 'content').map((s) => s.source.line)).toEqual([8, 15, 22, 30]);
    expect(windows.deck?.exercises.map((e) => e.source)).toEqual([{ file: 'a.md', line: 31, endLine: 33 }]);
  });

  it('hand remark an LF source that splits as modelled', () => {
    expect(windows.source).toBe(lf.source);
    expect(windows.source).not.toContain('\r');
    expect(remarkSlides(windows.source ?? '')).toHaveLength(windows.deck?.slides.length ?? -1);
  });

  it('report problems at the same line and column', () => {
    const broken = chapter.replace('\n--\n', '\n-- \n').replace('.exercise[\n', '.exercise[\n- see https://example.com\n');
    const expected = ['error a.md:14:3', 'warning a.md:32:7'];
    expect(positions(buildChapters({ 'a.md': broken }).diagnostics)).toEqual(expected);
    expect(positions(buildChapters({ 'a.md': crlf(broken) }).diagnostics)).toEqual(expected);
  });

  it('are accepted for the manifest too, with entry lines unchanged', () => {
    const build = buildFixture(crlf(manifestFor('a.md', 'missing.md')), { 'a.md': crlf(chapter) });
    expect(positions(build.diagnostics)).toEqual(['error workshop.yml:5:5']);
    expect(build.deck?.chapters[0].title).toBe('Line endings');
  });
});
