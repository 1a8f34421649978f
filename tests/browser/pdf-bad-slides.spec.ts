/**
 * `npm run pdf` on decks of its own that go wrong: a slide whose image never loads fails the
 * export, naming the slide, its file and line; a `javascript:` link is not a link in the PDF.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './helpers.ts';
import { expect, runPdf, test } from './pdf-helpers.ts';

let work: string;

test.beforeAll(({ pdfs }) => {
  ({ work } = pdfs);
});

test('a slide whose image never loads fails the export, naming the slide, its file and line', () => {
  const folder = path.join(work, 'broken');
  mkdirSync(folder, { recursive: true });
  writeFileSync(path.join(folder, 'deck.yml'), 'title: Broken images\nratio: "16:9"\nchapters:\n  - pictures.md\n');
  writeFileSync(path.join(folder, 'pictures.md'), '# Pictures\n---\n## A diagram\n\nSee below.\n\n![:scale 50%](diagrams/missing-network.png)\n');
  // The loader refuses a file that does not exist; this one exists but the browser cannot decode it.
  mkdirSync(path.join(folder, 'diagrams'), { recursive: true });
  writeFileSync(path.join(folder, 'diagrams', 'missing-network.png'), 'not a PNG');
  const result = runPdf([path.join(folder, 'deck.yml'), '--out', path.join(folder, 'deck.pdf')], { DECK_OUT_DIR: path.join(folder, 'dist') });
  expect(result.status, result.stdout + result.stderr).toBe(1);
  const chapter = path.relative(repoRoot, path.join(folder, 'pictures.md'));
  // Slides: title, contents, chapter title, then the diagram on slide 4, written at line 7.
  expect(result.stderr).toContain(`${chapter}:7: slide 4 is not ready: image diagrams/missing-network.png did not load`);
  expect(result.stderr).toContain('fix:');
});

test('a `javascript:` link on a slide is not a link in the PDF; the others still are', () => {
  const folder = path.join(work, 'script-links');
  mkdirSync(folder, { recursive: true });
  writeFileSync(path.join(folder, 'deck.yml'), 'title: Script links\nratio: "16:9"\nchapters:\n  - links.md\n');
  writeFileSync(
    path.join(folder, 'links.md'),
    '# Links\n---\n## Where to go\n\n- [The recipe](https://example.org/recipe)\n- [Run me](javascript:alert(document.cookie))\n- <a href=" JavaScript:alert(2)">Me too</a>\n',
  );
  const file = path.join(folder, 'deck.pdf');
  const result = runPdf([path.join(folder, 'deck.yml'), '--out', file], { DECK_OUT_DIR: path.join(folder, 'dist') });
  expect(result.status, result.stdout + result.stderr).toBe(0);
  // Read back by poppler and qpdf, not by our own inspector.
  const urls = execFileSync('pdfinfo', ['-url', file], { encoding: 'utf8' });
  expect(urls).toContain('https://example.org/recipe');
  expect(urls.toLowerCase()).not.toContain('script:');
  const expanded = execFileSync('qpdf', ['--qdf', '--object-streams=disable', '--preserve-unreferenced', file, '-'], { encoding: 'latin1' });
  expect(expanded.toLowerCase()).not.toContain('javascript:');
});
