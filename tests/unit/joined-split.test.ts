/**
 * The safety net under the loader's model (src/core/deck-checks.ts): the joined source remark
 * gets must split into exactly the modelled slides. Most slides are known to be one slide there
 * without parsing the joined source again (`selfContained`); each way a slide's text can reach
 * into what follows it must still be caught, when nothing in the chapter alone says so.
 */
import { describe, expect, it } from 'vitest';
import { buildChapters, buildFixture } from './deck-fixture.js';

const joinedSplit = /^the joined deck splits into \d+ slides but its chapters make \d+: something in one chapter reaches into the next$/;
const messages = (files: Record<string, string>) => buildChapters(files).diagnostics.map((d) => `${d.severity} ${d.file}:${d.line} ${d.message}`);
const next = '\n\n---\n\n## Next\n';

describe('the joined source splits as modelled', () => {
  it.each([
    ['an unpaired backtick', 'an unpaired ` here\n', 'and `code` here'],
    ['a backtick as the last character of a chapter', 'it ends with a backtick `', 'and `code` here'],
    ['a macro whose `(` does not close', 'see ![:scale 50%](a.png\n', 'then ) here'],
    ['`![:` as the last characters of a chapter', 'see ![:', 'scale] here'],
    ['a link definition whose `]` does not come', '[a note\n', ']: https://example.com'],
    ['an unpaired backtick in a chapter title (the title and contents slides are written by the loader)', 'text\n', 'and ` here'],
  ])('says so when a chapter reaches into the next through %s', (what, rest, nextText) => {
    const title = what.includes('chapter title') ? '# The `kubectl command' : '# A';
    const found = messages({ 'a.md': `${title}\n\n${rest}`, 'b.md': `# B\n\n${nextText}${next}` });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^error workshop\.yml:1 /);
    expect(found[0].replace(/^error workshop\.yml:1 /, '')).toMatch(joinedSplit);
  });

  it('says so when text the loader puts in a slide reaches into the next (container.training puts the title in as written)', () => {
    const manifest = ['title: The `kubectl way', 'content:', '- title.md', '- a.md', ''].join('\n');
    const build = buildFixture(manifest, { 'title.md': 'class: title\n\n@@TITLE@@\n', 'a.md': `# Alpha\n\nand \`code\` here${next}` });
    expect(build.diagnostics.map((d) => d.message)).toEqual([expect.stringMatching(joinedSplit)]);
  });

  it.each([
    ['the contents slide (`@@TOC@@`), whose `]` the chapter had', '## Contents here\n@@TOC@@\n.small[note]', ''],
    ['a slide `exclude` leaves out, whose `]` the chapter had', 'class: in-person\n\n.small[note]', ''],
  ])('says so when a `[` line reads into the next slide, and the loader changes %s', (_what, middle) => {
    // Alone in its chapter, the `[` line's `[^\]]+` stops at the next slide's `]`, which no `:`
    // follows: no definition. Without that slide, it reaches `[d]:` two slides on and swallows both separators.
    const chapter = `# A\n\nstep\n[\n\n---\n\n${middle}\n\n---\n\nstep\n[d]: https://example.org\n\n---\n\nstep`;
    const manifest = 'title: T\nexclude: in-person\nchapters:\n  - a.md\n  - b.md\n';
    const build = buildFixture(manifest, { 'a.md': chapter, 'b.md': '# B\n' });
    expect(build.ok).toBe(false);
    expect(build.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message)).toEqual([expect.stringMatching(joinedSplit)]);
  });

  it('finds nothing when every construct closes within its slide', () => {
    const a = '# A\n\n`code` and ![:scale 50%](a.png) and [a]: https://example.com\n\n```bash\necho hi\n```\n\n.small[text]';
    expect(messages({ 'a.md': a, 'b.md': `# B\n\nand \`more\` here${next}` })).toEqual([]);
  });
});
