/**
 * Minutes planned per chapter in the manifest (`- file: chapter.md` with `minutes: 30`): read
 * into the model's chapters, which the presenter console paces the talk against; a wrong value
 * is an error at its line.
 */
import { describe, expect, it } from 'vitest';
import { buildFixture, catalogFile } from './deck-fixture.ts';

const files = {
  'isolation.md': '# Isolation\n\n---\n\n## Namespaces\n\n---\n\n## Policies',
  'scheduling.md': '# Scheduling\n\n---\n\n## Taints',
  'spark.md': '# Spark\n\n---\n\n## Jobs',
};

const manifest = (...entries: string[]) => ['title: Test workshop', `catalog: ${catalogFile}`, 'chapters:', ...entries, ''].join('\n');

describe('minutes per chapter', () => {
  it('are read from `file:` entries, next to plain ones, in parts too', () => {
    const build = buildFixture(
      manifest('  - file: isolation.md', '    minutes: 40', '  - part: Later', '    chapters:', '      - { file: scheduling.md, minutes: 12.5 }', '      - spark.md'),
      files,
    );
    expect(build.diagnostics).toEqual([]);
    expect(build.deck!.chapters.map((c) => [c.title, c.minutes])).toEqual([
      ['Isolation', 40],
      ['Scheduling', 12.5],
      ['Spark', undefined],
    ]);
    // The slides are the same as with plain entries.
    const plain = buildFixture(manifest('  - isolation.md', '  - part: Later', '    chapters:', '      - scheduling.md', '      - spark.md'), files);
    expect(build.source).toBe(plain.source);
  });

  it('must be a number of minutes: anything else is an error at its line, and unknown keys a warning', () => {
    const build = buildFixture(
      manifest('  - file: isolation.md', '    minutes: soon', '  - file: scheduling.md', '    minutes: -5', '  - file: spark.md', '    minutes: 30', '    speaker: Ann'),
      files,
    );
    const findings = build.diagnostics.map((d) => `${d.severity} ${d.line}:${d.column} ${d.message}`);
    expect(findings).toEqual([
      'error 5:14 `minutes` must be the minutes planned for the chapter, a number above 0 and at most 600 (got `soon`)',
      'error 7:14 `minutes` must be the minutes planned for the chapter, a number above 0 and at most 600 (got `-5`)',
      'warning 10:5 unknown chapter key `speaker`; it is ignored',
    ]);
    expect(build.deck!.chapters.map((c) => c.minutes)).toEqual([undefined, undefined, 30]);
  });

  it('need a file: an entry without one is an error, and the same file twice is one too', () => {
    const missing = buildFixture(manifest('  - minutes: 20', '  - isolation.md'), files);
    expect(missing.diagnostics.map((d) => `${d.line}:${d.column} ${d.message}`)).toEqual([
      '4:5 a chapter entry must be a file name, a `file:` with its `minutes:`, a list of file names, or a `part:` with its own `chapters:`',
    ]);
    const twice = buildFixture(manifest('  - file: isolation.md', '    minutes: 20', '  - isolation.md'), files);
    expect(twice.diagnostics.map((d) => d.message)).toEqual(['chapter `isolation.md` is listed twice (first at line 4)']);
  });
});
