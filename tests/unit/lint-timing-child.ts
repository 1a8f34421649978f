/**
 * Run by linear-time.test.ts in a child process, which it can kill: lints each pathological
 * chapter at a quarter of the size given and at that size, and prints
 * `pattern<TAB>ms at size<TAB>ms at a quarter<TAB>internal error?` lines.
 */
import { buildDeck, internalErrorPrefix } from '../../src/core/deck.js';
import { containerTrainingPatterns, pathologicalChapter, pathologicalPatterns } from './pathological-inputs.js';

const size = Number(process.argv[2]);

const manifests = {
  native: 'title: T\nchapters:\n  - junk.md\n',
  containerTraining: 'title: T\ngitrepo: github.com/example/workshop\ncontent:\n  - toc.md\n  - - junk.md\n',
};
let manifest = manifests.native;

function lint(text: string) {
  const started = performance.now();
  const read = (path: string) => ({ file: path, text: path === 'toc.md' ? '@@TOC@@\n' : text });
  const build = buildDeck({ manifest: { file: 'workshop.yml', text: manifest }, read });
  return { elapsed: performance.now() - started, crashed: build.diagnostics.find((d) => d.message.startsWith(internalErrorPrefix)) };
}

/** Milliseconds to lint; a slow run on a busy machine is measured again (a text the cache has not seen). */
function time(text: string) {
  const first = lint(text);
  return { elapsed: first.elapsed > 50 ? Math.min(first.elapsed, lint(`${text} `).elapsed) : first.elapsed, crashed: first.crashed };
}

const patterns = { ...pathologicalPatterns, ...containerTrainingPatterns };
for (const pattern of Object.keys(patterns)) {
  manifest = pattern in containerTrainingPatterns ? manifests.containerTraining : manifests.native;
  const quarter = time(pathologicalChapter(pattern, size / 4));
  const full = time(pathologicalChapter(pattern, size));
  const crashed = full.crashed ?? quarter.crashed;
  process.stdout.write(`${pattern}\t${full.elapsed.toFixed(0)}\t${quarter.elapsed.toFixed(0)}\t${crashed ? crashed.message : ''}\n`);
}
