/** Code from files: `<<< path#region{lines} language` and container.training's `@@INCLUDE[path]@@`. */
import { describe, expect, it } from 'vitest';
import { buildDeck } from '../../src/core/deck.js';
import { FileAnalysisCache } from '../../src/core/file-analysis.js';
import { buildFixture, catalogFile, manifestFor, positions, recipeCatalog, remarkSlides } from './deck-fixture.js';

const hpa = [
  'apiVersion: autoscaling/v2',
  'kind: HorizontalPodAutoscaler',
  'metadata:',
  '  name: web',
  'spec:',
  '  # #region target',
  '  scaleTargetRef:',
  '    apiVersion: apps/v1',
  '    kind: Deployment',
  '    name: web',
  '  # #endregion',
  '  minReplicas: 1',
  '  maxReplicas: 10',
  '',
].join('\n');

const setup = ['#!/bin/sh', '// #region install', 'apt-get install -y curl', '// #endregion install', 'echo done', ''].join('\n');

function build(chapter: string, files: Record<string, string> = {}) {
  return buildFixture(manifestFor('a.md'), { 'a.md': chapter, 'manifests/hpa.yaml': hpa, 'scripts/setup.sh': setup, ...files });
}

/** The code of the deck's fenced blocks, as remark gets them. */
function fences(source: string | undefined): string[] {
  return [...(source ?? '').matchAll(/^(`{3,})(\S*)\n([\s\S]*?)\n\1$/gm)].map((m) => `${m[2]}|${m[3]}`);
}

describe('<<< includes', () => {
  it('show a whole file in a fenced block, in the language of its extension, marker lines left out', () => {
    const result = build(['# A', '', '---', '', '## The HPA', '', '<<< @/manifests/hpa.yaml', '', 'Apply it.'].join('\n'));
    expect(result.diagnostics).toEqual([]);
    expect(fences(result.source)).toEqual([`yaml|${hpa.split('\n').filter((l) => !l.includes('region')).join('\n').trimEnd()}`]);
    expect(result.deck?.languages).toEqual(['yaml']);
    expect(result.files).toContain('manifests/hpa.yaml');
  });

  it('show a region, dedented, or a range of lines, in the language given', () => {
    const result = build(['# A', '', '<<< manifests/hpa.yaml#target', '', '<<< @/manifests/hpa.yaml{1-2} yml', '', '<<< @/scripts/setup.sh#install', '', '<<< @/scripts/setup.sh{5} console'].join('\n'));
    expect(result.diagnostics).toEqual([]);
    expect(fences(result.source)).toEqual([
      'yaml|scaleTargetRef:\n  apiVersion: apps/v1\n  kind: Deployment\n  name: web',
      'yml|apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler',
      'bash|apt-get install -y curl',
      'console|echo done',
    ]);
    expect(result.deck?.languages).toEqual(['bash', 'shell', 'yaml']);
  });

  it('are errors at the directive when the file, the region or the lines are not there', () => {
    const chapter = ['# A', '', '<<< @/manifests/hpa.yml', '', '<<< @/manifests/hpa.yaml#targte', '', '<<< @/manifests/hpa.yaml{12-40}', '', '<<< ../outside.yaml', '', '<<< @/scripts/setup.sh#install{1-2}'].join('\n');
    const result = build(chapter);
    expect(positions(result.diagnostics)).toEqual(['error a.md:3:5', 'error a.md:5:5', 'error a.md:7:5', 'error a.md:9:5', 'error a.md:11:5']);
    const [missing, region, range, outside, both] = result.diagnostics;
    expect(missing.message).toBe('included file `manifests/hpa.yml` does not exist');
    expect(region.message).toBe('`manifests/hpa.yaml` has no region `targte`');
    expect(region.fix).toContain('did you mean `target`?');
    expect(range.message).toContain('has 13 lines, so it has no line 40');
    expect(outside.message).toContain("outside the deck's folder");
    expect(both.message).toContain('a region or a range of lines, not both');
    expect(result.ok).toBe(false);
  });

  it('are an error when the region is never closed', () => {
    const result = build('# A\n\n<<< @/open.txt#a\n', { 'open.txt': '# #region a\nx\n' });
    expect(positions(result.diagnostics)).toEqual(['error a.md:3:5']);
    expect(result.diagnostics[0].message).toBe('region `a` of `open.txt` is never closed');
  });

  it('stay as written inside code, and only on a line of their own', () => {
    const chapter = ['# A', '', '```md', '<<< @/manifests/hpa.yaml', '```', '', '`<<< @/manifests/hpa.yaml`', '', 'See <<< @/manifests/hpa.yaml', '', '    <<< @/manifests/hpa.yaml'].join('\n');
    const result = build(chapter);
    expect(result.diagnostics).toEqual([]);
    expect(result.source).not.toContain('kind: HorizontalPodAutoscaler');
  });

  it('fence a file holding backticks with a longer fence, and keep its `---` and `???` inside the block', () => {
    const tricky = ['a: 1', '---', 'b: "```"', '???', '````', '--', ''].join('\n');
    const result = build(['# A', '', '---', '', '<<< @/multi.yaml', '', '---', '', '## After'].join('\n'), { 'multi.yaml': tricky });
    expect(result.diagnostics).toEqual([]);
    expect(result.source).toContain('`````yaml\na: 1\n---\n');
    expect(remarkSlides(result.source ?? '')).toHaveLength(result.deck!.slides.length);
    expect(result.deck?.slides.map((s) => s.kind)).toEqual(['title', 'toc', 'chapter-title', 'content', 'content']);
  });

  it('of an empty file warn, and still make a block remark renders', () => {
    const result = build('# A\n\n---\n\n<<< @/empty.txt\n', { 'empty.txt': '' });
    expect(positions(result.diagnostics)).toEqual(['warning a.md:5:5']);
    expect(remarkSlides(result.source ?? '')).toHaveLength(result.deck!.slides.length);
  });
});

describe('@@INCLUDE', () => {
  it('puts the file\'s text in place, inside a code block or anywhere', () => {
    const chapter = ['# A', '', '---', '', '```yaml', '@@INCLUDE[manifests/hpa.yaml]@@', '```', '', '.exercise[', '- Run: `@@INCLUDE[cmd.txt]@@`', ']'].join('\n');
    const result = build(chapter, { 'cmd.txt': 'kubectl get pods\n' });
    expect(result.diagnostics).toEqual([]);
    expect(result.source).toContain('```yaml\napiVersion: autoscaling/v2\n');
    expect(result.source).toContain('  # #region target\n');
    expect(result.source).toContain('- Run: `kubectl get pods`');
    expect(remarkSlides(result.source ?? '')).toHaveLength(result.deck!.slides.length);
  });

  it('reports a missing file at the directive', () => {
    const result = build('# A\n\nText @@INCLUDE[nope.yaml]@@\n');
    expect(positions(result.diagnostics)).toEqual(['error a.md:3:16']);
    expect(result.diagnostics[0].message).toBe('included file `nope.yaml` does not exist');
  });

  it('keeps the positions of what follows, and models the slides an included `---` makes', () => {
    const chapter = ['# A', '', '@@INCLUDE[two-slides.md]@@', '', '---', '', '## Last', '', '.left[unclosed'].join('\n');
    const result = build(chapter, { 'two-slides.md': '## One\n\n---\n\n## Two\n\n```hcl\nx\n```\n' });
    expect(positions(result.diagnostics).sort()).toEqual(['error a.md:9:1', 'warning two-slides.md:7:4']);
    expect(result.deck?.slides.slice(2).map((s) => [s.title, s.source.line])).toEqual([['A', 1], ['A', 1], ['Two', 3], ['Last', 6]]);
    expect(remarkSlides(result.source ?? '')).toHaveLength(result.deck!.slides.length);
  });
});

describe('the dev server\'s analysis cache', () => {
  it('does not reuse an analysis whose included text came from another file', () => {
    const analyses = new FileAnalysisCache();
    const broken = 'apiVersion: v1\nkind: Servise\nmetadata: {name: x}\n';
    const files: Record<string, string> = { 'a.yaml': broken, 'b.yaml': broken, [catalogFile]: recipeCatalog };
    const buildWith = (chapter: string) =>
      buildDeck({ manifest: { file: 'workshop.yml', text: manifestFor('a.md') }, read: (p) => (p === 'a.md' ? { file: p, text: chapter } : Object.hasOwn(files, p) ? { file: p, text: files[p] } : undefined) }, { analyses });
    expect(positions(buildWith('# A\n\n<<< @/a.yaml\n').diagnostics)).toEqual(['error a.yaml:2:7']);
    // The same expanded text: only the directive, which the block replaces, changed.
    expect(positions(buildWith('# A\n\n<<< @/b.yaml\n').diagnostics)).toEqual(['error b.yaml:2:7']);
  });
});
