/** Every loader error and warning, at the file, line and column where the author must act. */
import { describe, expect, it } from 'vitest';
import { buildChapters, buildFixture, manifestFor, positions } from './deck-fixture.js';

/** A chapter file from its lines; the index in the array plus one is the line number. */
const lines = (...text: string[]) => text.join('\n') + '\n';

describe('errors in chapter files', () => {
  it('reports an unclosed `.exercise[` where it opens', () => {
    const build = buildChapters({
      'a.md': lines(
        '# A', // 1
        '',
        '---',
        '',
        '## Practice', // 5
        '',
        'Try this: .exercise[', // 7
        '- deploy it',
        '',
        '---', // 10
        '',
        '## Next',
      ),
    });
    expect(positions(build.diagnostics)).toEqual(['error a.md:7:11']);
    expect(build.diagnostics[0].message).toBe('`.exercise[` is never closed, so remark shows it as text');
    expect(build.ok).toBe(false);
  });

  it('reports an unclosed code fence at its opening line', () => {
    const build = buildChapters({
      'a.md': lines('# A', '', '---', '', '## Config', '', '  ```yaml', 'key: value', '', '---', '', '## Next'),
    });
    expect(positions(build.diagnostics)).toEqual(['error a.md:7:1']);
    expect(build.diagnostics[0].message).toMatch(/code fence is never closed/);
    expect(build.diagnostics[0].fix).toContain('```');
    expect(build.ok).toBe(false);
  });

  it('suggests the matching closing line for an unclosed `~~~` fence', () => {
    const build = buildChapters({ 'a.md': lines('# A', '', '---', '', '## Config', '~~~', 'key: value') });
    expect(positions(build.diagnostics)).toEqual(['error a.md:6:1']);
    expect(build.diagnostics[0].fix).toContain('`~~~`');
  });

  it('reports `--- ` and `-- ` with trailing whitespace at the whitespace', () => {
    const build = buildChapters({
      'a.md': lines('# A', '', '--- ', '', '## Steps', '', '--\t', '', 'more'),
    });
    expect(positions(build.diagnostics)).toEqual(['error a.md:3:4', 'error a.md:7:3']);
    expect(build.diagnostics[0].message).toBe('`--- ` has trailing whitespace, so remark does not split here and draws a rule');
    expect(build.diagnostics[1].message).toBe('`-- ` has trailing whitespace, so remark does not split here and draws a rule');
    expect(build.ok).toBe(false);
  });

  it('reports back-to-back separators as an empty slide', () => {
    const build = buildChapters({ 'a.md': lines('# A', '', '## S', '', '---', '---', '', '## T') });
    expect(positions(build.diagnostics)).toEqual(['error a.md:5:1']);
    expect(build.diagnostics[0].message).toBe('empty slide: two separators in a row');
    expect(build.ok).toBe(false);
  });

  it('reports a file that starts with `---`', () => {
    const build = buildChapters({ 'a.md': lines('---', '# A', '', '---', '', '## S') });
    expect(positions(build.diagnostics)).toEqual(['error a.md:1:1']);
    expect(build.diagnostics[0].message).toBe('the file starts with a separator, which makes an empty slide');
    expect(build.ok).toBe(false);
  });

  it('reports a file that starts with blank lines and `---` at the separator, not at line 1', () => {
    const build = buildChapters({ 'a.md': lines('', '', '---', '# A', '', '---', '', '## S') });
    expect(positions(build.diagnostics)).toEqual(['error a.md:3:1']);
    expect(build.diagnostics[0].message).toBe('the file starts with a separator, which makes an empty slide');
  });

  it('reports a file that ends with `---`, with or without a final newline', () => {
    for (const text of [lines('# A', '', '---', '', '## S', '', '---'), lines('# A', '', '---', '', '## S', '', '---').trimEnd()]) {
      const build = buildChapters({ 'a.md': text });
      expect(positions(build.diagnostics)).toEqual(['error a.md:7:1']);
      expect(build.diagnostics[0].message).toBe('the file ends with a separator, which makes an empty slide');
      expect(build.ok).toBe(false);
    }
  });

  it('reports a slide name used in two files at the second `name:`', () => {
    const build = buildChapters({
      'a.md': lines('# A', '', '---', 'name: shared', '', '## S'),
      'b.md': lines('# B', '', '---', '', 'class: wide', 'name: shared', '', '## T'),
    });
    expect(positions(build.diagnostics)).toEqual(['error b.md:6:1']);
    expect(build.diagnostics[0].message).toBe('slide name `shared` is already used at a.md:4');
    expect(build.ok).toBe(false);
  });

  it('reports an unknown macro and accepts the registered ones', () => {
    const build = buildChapters({
      'a.md': lines('# A', '', '---', '', '## S', '', 'See ![:foo 1, 2] and ![:scale 50%](diagram.png)'),
    });
    expect(positions(build.diagnostics)).toEqual(['error a.md:7:5']);
    expect(build.diagnostics[0].message).toMatch(/^unknown macro `foo`/);
    expect(build.ok).toBe(false);
  });

  it('reports a link to a recipe file that does not exist, suggesting the closest one', () => {
    const build = buildChapters({
      'a.md': lines(
        '# A',
        '',
        '---',
        '',
        '## Policies',
        '',
        '- [Recipe 13](https://github.com/ahmetb/kubernetes-network-policy-recipes/blob/master/13-nothing.md)',
        '- [Recipe 14](https://github.com/ahmetb/kubernetes-network-policy-recipes/blob/master/14-deny-external-egres-traffic.md)',
      ),
    });
    expect(positions(build.diagnostics)).toEqual(['error a.md:7:3', 'error a.md:8:3']);
    expect(build.diagnostics[0].message).toBe('ahmetb/kubernetes-network-policy-recipes has no file `13-nothing.md`');
    expect(build.diagnostics[0].fix).toBe('link to one of its files: did you mean `14-deny-external-egress-traffic.md`?');
    expect(build.diagnostics[1].fix).toBe('link to one of its files: did you mean `14-deny-external-egress-traffic.md`?');
    expect(build.ok).toBe(false);
  });

  it('reports a link to a README section that does not exist, suggesting the closest one', () => {
    const build = buildChapters({
      'a.md': lines(
        '# A',
        '',
        '---',
        '',
        '## Autoscaling',
        '',
        '.exercise[',
        '- Open [the tutorial](https://github.com/RyaxTech/kube-tutorial#6-enable-pod-autoscaling)',
        ']',
      ),
    });
    expect(positions(build.diagnostics)).toEqual(['error a.md:8:8']);
    expect(build.diagnostics[0].message).toBe("RyaxTech/kube-tutorial's README has no section `#6-enable-pod-autoscaling`");
    expect(build.diagnostics[0].fix).toBe('use one of its sections: did you mean `#6-enable-and-use-pod-autoscaling`?');
    expect(build.ok).toBe(false);
  });

  it('reports a chapter without a `# ` title at its first line, and still loads the others', () => {
    const build = buildChapters({
      'a.md': lines('## Only a subtitle', '', '```bash', '# a shell comment', '```'),
      'b.md': lines('# B'),
    });
    expect(positions(build.diagnostics)).toEqual(['error a.md:1:1']);
    expect(build.diagnostics[0].message).toBe('this chapter has no title: no `# ` heading outside code');
    expect(build.deck?.chapters.map((c) => c.title)).toEqual(['B']);
    expect(build.ok).toBe(false);
  });

  it('reports a link to a slide name that does not exist, once even across `--` steps', () => {
    const build = buildChapters({
      'a.md': lines(
        '# A',
        '',
        '---',
        'name: here',
        '',
        '## Links', // 6
        '',
        'See [that slide](#nowhere), [this one](#here), [slide 3](#3), [chapter](#chapter-1)',
        '',
        '--', // 10
        '',
        '- and [more](#here)',
      ),
    });
    expect(positions(build.diagnostics)).toEqual(['error a.md:8:5']);
    expect(build.diagnostics[0].message).toBe('link to slide `#nowhere`, but no slide has that name');
    expect(build.ok).toBe(false);
  });
});

describe('errors in the manifest', () => {
  const chapter = lines('# A');

  it('reports a missing chapter file at its manifest entry and loads the rest', () => {
    const build = buildFixture(manifestFor('a.md', 'missing.md'), { 'a.md': chapter });
    expect(positions(build.diagnostics)).toEqual(['error workshop.yml:5:5']);
    expect(build.diagnostics[0].message).toBe('chapter file `missing.md` does not exist');
    expect(build.deck?.chapters).toHaveLength(1);
    expect(build.ok).toBe(false);
  });

  it('reports a missing chapter file inside a part at its own line', () => {
    const manifest = lines('title: T', 'chapters:', '  - part: One', '    chapters:', '      - a.md', '      - gone.md');
    const build = buildFixture(manifest, { 'a.md': chapter });
    expect(positions(build.diagnostics)).toEqual(['error workshop.yml:6:9']);
  });

  it('reports a chapter listed twice at the second entry', () => {
    const build = buildFixture(manifestFor('a.md', 'b.md', 'a.md'), { 'a.md': chapter, 'b.md': lines('# B') });
    expect(positions(build.diagnostics)).toEqual(['error workshop.yml:6:5']);
    expect(build.diagnostics[0].message).toBe('chapter `a.md` is listed twice (first at line 4)');
    expect(build.deck?.chapters.map((c) => c.title)).toEqual(['A', 'B']);
    expect(build.ok).toBe(false);
  });

  it('reports invalid YAML where it breaks, and builds nothing', () => {
    const build = buildFixture(lines('title: T', 'chapters:', '  - a.md', ' - b.md'), { 'a.md': chapter });
    expect(build.diagnostics.length).toBeGreaterThan(0);
    expect(build.diagnostics.every((d) => d.severity === 'error' && d.file === 'workshop.yml' && d.line === 4)).toBe(true);
    expect(build.diagnostics[0].column).toBe(1);
    expect(build.diagnostics[0].message).toMatch(/^the manifest is not valid YAML: /);
    expect(build.deck).toBeUndefined();
    expect(build.source).toBeUndefined();
    expect(build.files).toEqual(['workshop.yml']);
    expect(build.ok).toBe(false);
  });

  it('reports a manifest without chapters', () => {
    const missing = buildFixture(lines('title: T'), {});
    expect(positions(missing.diagnostics)).toEqual(['error workshop.yml:1:1']);
    expect(missing.diagnostics[0].message).toBe('the manifest lists no chapters');
    expect(missing.ok).toBe(false);

    const empty = buildFixture(lines('title: T', 'chapters: []'), {});
    expect(positions(empty.diagnostics)).toEqual(['error workshop.yml:2:11']);
    expect(empty.ok).toBe(false);
  });
});

describe('warnings', () => {
  it('warns about a bare URL in an exercise, not elsewhere, and stays ok', () => {
    const build = buildChapters({
      'a.md': lines(
        '# A',
        '',
        '---',
        '',
        '## Practice',
        '',
        'Background: see https://example.com/outside.',
        '',
        '.exercise[',
        '- Go to https://example.com/inside.', // 10
        ']',
      ),
    });
    expect(positions(build.diagnostics)).toEqual(['warning a.md:10:9']);
    expect(build.diagnostics[0].message).toBe('bare URL in an exercise: the attendee sees the address, not where it leads');
    expect(build.diagnostics[0].fix).toContain('(https://example.com/inside)');
    expect(build.ok).toBe(true);
  });

  it('warns when a first line `Note: text` is read as a slide property, and stays ok', () => {
    const build = buildChapters({ 'a.md': lines('# A', '', '---', '', 'Note: this is prose', '', '## S') });
    expect(positions(build.diagnostics)).toEqual(['warning a.md:5:1']);
    expect(build.diagnostics[0].message).toBe('`Note:` at the top of a slide is read as a slide property and is not shown');
    expect(build.ok).toBe(true);
  });

  it('does not warn about properties remark knows', () => {
    const build = buildChapters({ 'a.md': lines('# A', '', '---', 'name: s', 'class: center, middle', 'background-image: url(x.png)', '', '## S') });
    expect(build.diagnostics).toEqual([]);
    expect(build.ok).toBe(true);
  });
});
