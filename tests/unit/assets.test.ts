/**
 * The slides' local images: every way a slide shows one is collected with its file, line and
 * column; a missing file, a path out of the manifest's folder and a root-absolute path are errors.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveImagePath } from '../../src/core/assets.js';
import { buildDeck, type DeckBuild } from '../../src/core/deck.js';
import { loadDeck } from '../../src/node/load-deck.js';

/** A deck in memory: `slides/deck.yml`, chapter files and the image files that exist. */
function build(chapters: Record<string, string>, images: string[], manifestExtra = ''): DeckBuild {
  const manifest = ['title: Images', manifestExtra, 'chapters:', ...Object.keys(chapters).map((c) => `  - ${c}`), ''].filter((l) => l !== '').join('\n');
  return buildDeck({
    manifest: { file: 'slides/deck.yml', text: manifest },
    read: (p) => (Object.hasOwn(chapters, p) ? { file: `slides/${p}`, text: chapters[p] } : undefined),
    exists: (p) => images.includes(p) || Object.hasOwn(chapters, p),
  });
}

const errors = (b: DeckBuild) => b.diagnostics.filter((d) => d.severity === 'error');
const where = (b: DeckBuild) => errors(b).map((d) => `${d.file}:${d.line}:${d.column}`);

describe('collecting the images of the slides', () => {
  it('finds each form of reference, at the line and column of its path', () => {
    const chapter = [
      '# Pictures', // 1
      '---', // 2
      'background-image: url(images/bg.png)', // 3
      '', // 4
      '## Markdown', // 5
      '', // 6
      'Look: ![The architecture](images/arch.png "title")', // 7
      '', // 8
      '.pic[![:scale 50%](images/scaled.png)]', // 9
      '', // 10
      '<img src="images/html.png" alt="">', // 11
      '---', // 12
      "background-image: url('./images/bg.png')", // 13
      '', // 14
      '## The same background again', // 15
      '', // 16
      '???', // 17
      'In the notes: ![](images/notes.svg)', // 18
    ].join('\n');
    const result = build({ 'a.md': chapter }, ['images/bg.png', 'images/arch.png', 'images/scaled.png', 'images/html.png', 'images/notes.svg']);
    expect(errors(result)).toEqual([]);
    expect(result.deck!.assets).toEqual([
      { path: 'images/bg.png', references: [{ file: 'slides/a.md', line: 3, column: 23 }, { file: 'slides/a.md', line: 13, column: 24 }] },
      { path: 'images/arch.png', references: [{ file: 'slides/a.md', line: 7, column: 27 }] },
      { path: 'images/scaled.png', references: [{ file: 'slides/a.md', line: 9, column: 20 }] },
      { path: 'images/html.png', references: [{ file: 'slides/a.md', line: 11, column: 11 }] },
      { path: 'images/notes.svg', references: [{ file: 'slides/a.md', line: 18, column: 19 }] },
    ]);
  });

  it('finds an `<img>` tag written in capitals, alone on a slide without Markdown links', () => {
    const result = build({ 'a.md': '# Pictures\n---\n<IMG SRC="images/caps.png">\n' }, ['images/caps.png']);
    expect(errors(result)).toEqual([]);
    expect(result.deck!.assets).toEqual([{ path: 'images/caps.png', references: [{ file: 'slides/a.md', line: 3, column: 11 }] }]);
  });

  it('reads paths relative to the manifest\'s folder, whatever folder the chapter is in', () => {
    const result = build({ 'k8s/concepts.md': '# Concepts\n---\n![](images/k8s-arch1.png)\n' }, ['images/k8s-arch1.png']);
    expect(errors(result)).toEqual([]);
    expect(result.deck!.assets.map((a) => a.path)).toEqual(['images/k8s-arch1.png']);
  });

  it('skips external images, code, and the slides this variant leaves out', () => {
    const chapter = [
      '# Pictures',
      '---',
      '![](https://example.com/a.png) ![](http://example.com/b.png) ![](//cdn.example.com/c.png)',
      '![](data:image/png;base64,iVBORw0KGgo=) <img src="https://example.com/d.png">',
      '`![](images/inline-code.png)`',
      '```markdown',
      '![](images/fenced.png)',
      '```',
      '---',
      'class: self-paced',
      '',
      '![](images/self-paced.png)',
    ].join('\n');
    const result = build({ 'a.md': chapter }, ['images/self-paced.png'], 'exclude: [self-paced]');
    expect(errors(result)).toEqual([]);
    expect(result.deck!.assets).toEqual([]);
  });

  it('normalises paths: `./`, `..` inside the folder, percent-encoding, query and fragment', () => {
    expect(resolveImagePath('./images/../images/a%20b.png?v=2#part')).toEqual({ kind: 'local', path: 'images/a b.png' });
    expect(resolveImagePath('HTTPS://example.com/a.png')).toEqual({ kind: 'external' });
    expect(resolveImagePath('../../etc/passwd')).toEqual({ kind: 'outside', path: '../../etc/passwd' });
    expect(resolveImagePath('/images/a.png')).toEqual({ kind: 'root-absolute', suggestion: 'images/a.png' });
  });
});

describe('images that would not load are errors', () => {
  it('a missing file, at file:line:column, with the path to add it at', () => {
    const result = build({ 'a.md': '# A\n---\n## S\n\nSee ![x](images/missing.png)\n' }, []);
    expect(where(result)).toEqual(['slides/a.md:5:10']);
    expect(errors(result)[0].message).toBe('image `images/missing.png` does not exist');
    expect(errors(result)[0].fix).toBe("add the file at `slides/images/missing.png`, or correct the path; paths are relative to the manifest's folder");
    expect(result.ok).toBe(false);
    expect(result.deck!.assets).toEqual([]);
  });

  it('a path written relative to the chapter\'s folder gets a hint', () => {
    const result = build({ 'k8s/a.md': '# A\n---\n<img src="images/arch.png">\n' }, ['k8s/images/arch.png']);
    expect(where(result)).toEqual(['slides/k8s/a.md:3:11']);
    expect(errors(result)[0].message).toMatch(/did you mean `k8s\/images\/arch.png`\? paths are relative to the manifest's folder, not the chapter's/);
  });

  it('a missing image on a slide the variant leaves out is still an error (another variant shows it)', () => {
    const result = build({ 'a.md': '# A\n---\nclass: self-paced\n\n![](images/gone.png)\n' }, [], 'exclude: [self-paced]');
    expect(where(result)).toEqual(['slides/a.md:5:5']);
  });

  it('a path that leaves the manifest\'s folder is refused, even when the file is there', () => {
    const result = build({ 'a.md': '# A\n---\n![:scale 10%](../../etc/passwd)\n---\nbackground-image: url(images/../../secret.png)\n' }, ['../../etc/passwd', '../secret.png']);
    expect(where(result)).toEqual(['slides/a.md:3:15', 'slides/a.md:5:23']);
    expect(errors(result)[0].message).toBe("image `../../etc/passwd` is outside the manifest's folder, which the deck does not ship");
    expect(result.deck!.assets).toEqual([]);
  });

  it('a root-absolute path is refused: it breaks under a base path', () => {
    const result = build({ 'a.md': '# A\n---\n![](/images/a.png)\n' }, ['images/a.png']);
    expect(where(result)).toEqual(['slides/a.md:3:5']);
    expect(errors(result)[0].fix).toBe("write it relative to the manifest's folder: `images/a.png`");
  });
});

describe('the file-system shell', () => {
  it('tells the loader which images exist and watches them, found or not', () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'deck-assets-'));
    try {
      mkdirSync(path.join(folder, 'images'));
      writeFileSync(path.join(folder, 'images', 'here.png'), 'png');
      writeFileSync(path.join(folder, 'deck.yml'), 'title: T\nchapters:\n  - a.md\n');
      writeFileSync(path.join(folder, 'a.md'), '# A\n---\n![](images/here.png)\n\n![](images/not-yet.png)\n');
      const result = loadDeck(path.join(folder, 'deck.yml'), {});
      expect(result.deck!.assets.map((a) => a.path)).toEqual(['images/here.png']);
      expect(where(result)).toEqual([`${path.relative(process.cwd(), path.join(folder, 'a.md'))}:5:5`]);
      expect(result.files).toEqual(expect.arrayContaining([path.join(folder, 'images', 'here.png'), path.join(folder, 'images', 'not-yet.png')]));
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
