/** Which `# ` line titles a chapter, and whether its first slide becomes the chapter-title slide. */
import { describe, expect, it } from 'vitest';
import { buildChapters, remarkSlides } from './deck-fixture.js';

const lines = (...text: string[]) => text.join('\n') + '\n';

/** The chapter-title slide's Markdown in the remark source, found by its slide name. */
function slideMarkdown(source: string, name: string): string {
  const start = source.indexOf(`name: ${name}\n`);
  const end = source.indexOf('\n---\n', start);
  return source.slice(start, end < 0 ? undefined : end);
}

describe('chapter detection', () => {
  const cases: Record<string, string[]> = {
    'a ``` fence': ['## Setup', '', '```bash', '# install the chart', 'helm install hub', '```'],
    'a ~~~ fence': ['## Setup', '', '~~~', '# not a title', '~~~'],
    'a four-space indented block': ['## Setup', '', '    # not a title', '    kubectl get pods'],
    'inline code': ['## Setup', '', '`# not a title` is a comment'],
    'inline code spanning lines': ['## Setup', '', 'Run `helm', '# not a title` first'],
    'a heading without a space': ['## Setup', '', '#hashtag'],
  };
  for (const [where, before] of Object.entries(cases)) {
    it(`ignores \`# \` in ${where}`, () => {
      const build = buildChapters({ 'a.md': lines(...before, '', '# Real title', '', 'Body text.') });
      expect(build.diagnostics).toEqual([]);
      expect(build.deck?.chapters[0].title).toBe('Real title');
      const titleSlide = build.deck?.slides.find((s) => s.kind === 'chapter-title');
      expect(titleSlide?.title).toBe('Real title');
      expect(titleSlide?.source).toEqual({ file: 'a.md', line: before.length + 2, endLine: before.length + 2 });
      expect(slideMarkdown(build.source ?? '', 'chapter-1')).toMatch(/\n# Real title$/);
    });
  }

  it('takes the title from a later slide when the first has none', () => {
    const build = buildChapters({ 'a.md': lines('## Warm-up', '', '```', '# x', '```', '', '---', '', '# Late title', '', '---', '', '# Second h1') });
    expect(build.diagnostics).toEqual([]);
    expect(build.deck?.chapters[0].title).toBe('Late title');
    expect(build.deck?.slides.map((s) => s.kind)).toEqual(['title', 'toc', 'chapter-title', 'content', 'content', 'content']);
  });

  it('reads a heading that is all inline code', () => {
    const build = buildChapters({ 'a.md': lines('# `kubectl`', '', '---', '', '## `kubectl get`', '', 'Body.') });
    expect(build.diagnostics).toEqual([]);
    expect(build.deck?.chapters[0].title).toBe('`kubectl`');
    expect(build.deck?.slides.map((s) => s.title)).toEqual(['Test workshop', 'Contents', '`kubectl`', '`kubectl get`']);
  });

  it('reports a chapter whose only `# ` lines are in code', () => {
    const build = buildChapters({ 'a.md': lines('## Setup', '', '```', '# one', '```', '', '    # two', '', '`# three`') });
    expect(build.diagnostics.map((d) => d.message)).toEqual(['this chapter has no title: no `# ` heading outside code']);
  });
});

describe('chapter title adoption', () => {
  it('turns a first slide of just `# Title` and notes into the chapter-title slide, keeping the notes', () => {
    const build = buildChapters({
      'a.md': lines('# Networking', '', '???', '', '- Timing: 20 minutes.', '- Ask who uses Calico.', '', '---', '', '## First'),
    });
    expect(build.diagnostics).toEqual([]);
    const slides = build.deck?.slides ?? [];
    expect(slides.map((s) => s.kind)).toEqual(['title', 'toc', 'chapter-title', 'content']);
    expect(slides[2]).toMatchObject({
      name: 'chapter-1',
      title: 'Networking',
      chapter: 0,
      notes: '- Timing: 20 minutes.\n- Ask who uses Calico.',
      source: { file: 'a.md', line: 1, endLine: 1 },
    });
    expect(slides[2].classes).toEqual(['chapter-title']);
    const markdown = slideMarkdown(build.source ?? '', 'chapter-1');
    expect(markdown).toContain('<p class="chapter-kicker">Chapter 1</p>');
    expect(markdown).toMatch(/\n# Networking\n\?\?\?\n\n- Timing: 20 minutes\.\n- Ask who uses Calico\.\n*$/);
    const remark = remarkSlides(build.source ?? '');
    expect(remark).toHaveLength(4);
    expect(remark[2].properties.name).toBe('chapter-1');
    // remark gives null for a slide without notes: the notes must reach it, not just something.
    expect(remark[2].notes).toEqual([expect.stringContaining('- Timing: 20 minutes.\n- Ask who uses Calico.')]);
  });

  it('keeps an adopted slide its own name and classes', () => {
    const build = buildChapters({ 'a.md': lines('name: networking', 'class: dark', '', '# Networking', '', '---', '', '## First') });
    expect(build.diagnostics).toEqual([]);
    const chapter = build.deck?.chapters[0];
    expect(chapter?.slideName).toBe('networking');
    const slide = build.deck?.slides[chapter?.firstSlide ?? -1];
    expect(slide?.name).toBe('networking');
    expect(slide?.classes).toEqual(['chapter-title', 'dark']);
    expect(build.deck?.slides).toHaveLength(4);
  });

  it('inserts a generated title slide before a first slide with more content', () => {
    const build = buildChapters({ 'a.md': lines('# Networking', '', '- Pods talk to pods', '', '???', 'Notes stay here.', '', '---', '', '## Next') });
    expect(build.diagnostics).toEqual([]);
    const slides = build.deck?.slides ?? [];
    expect(slides.map((s) => s.kind)).toEqual(['title', 'toc', 'chapter-title', 'content', 'content']);
    expect(slides[2]).toMatchObject({ name: 'chapter-1', title: 'Networking', notes: '', source: { file: 'a.md', line: 1 } });
    expect(slides[3]).toMatchObject({ title: 'Networking', notes: 'Notes stay here.', source: { file: 'a.md', line: 1, endLine: 6 } });
    expect(build.source).toContain('# Networking\n\n- Pods talk to pods');
    expect(build.deck?.chapters[0]).toMatchObject({ firstSlide: 2, lastSlide: 4 });
  });

  it('does not adopt a first slide whose only other content is code, which it would drop', () => {
    for (const extra of [['```bash', 'kubectl get pods', '```'], ['`kubectl`'], ['    kubectl get pods']]) {
      const build = buildChapters({ 'a.md': lines('# Networking', '', ...extra, '', '---', '', '## Next') });
      expect(build.diagnostics).toEqual([]);
      expect(build.deck?.slides.map((s) => s.kind)).toEqual(['title', 'toc', 'chapter-title', 'content', 'content']);
      expect(build.source).toContain(extra.join('\n'));
    }
  });

  it('does not adopt a first slide holding a content class or a macro', () => {
    for (const extra of ['.note[Read this]', '![:scale 40%](diagram.png)']) {
      const build = buildChapters({ 'a.md': lines('# Networking', '', extra) });
      expect(build.deck?.slides.map((s) => s.kind)).toEqual(['title', 'toc', 'chapter-title', 'content']);
      expect(build.source).toContain(extra);
    }
  });
});
