/**
 * Run by linear-time.test.ts in a child process, which it can kill: lints each pathological
 * chapter of the size given and prints `pattern<TAB>milliseconds<TAB>internal error?` lines.
 */
import { buildDeck, internalErrorPrefix } from '../../src/core/deck.js';
import { pathologicalChapter, pathologicalPatterns } from './pathological-inputs.js';

const size = Number(process.argv[2]);

function lint(text: string) {
  const started = performance.now();
  const build = buildDeck({ manifest: { file: 'workshop.yml', text: 'title: T\nchapters:\n  - junk.md\n' }, read: () => ({ file: 'junk.md', text }) });
  return { elapsed: performance.now() - started, crashed: build.diagnostics.find((d) => d.message.startsWith(internalErrorPrefix)) };
}

for (const pattern of Object.keys(pathologicalPatterns)) {
  // A slow first run on a busy machine is measured again; a quadratic one stays slow.
  const text = pathologicalChapter(pattern, size);
  let { elapsed, crashed } = lint(text);
  if (elapsed > 1000) elapsed = Math.min(elapsed, lint(text + ' ').elapsed);
  process.stdout.write(`${pattern}\t${elapsed.toFixed(0)}\t${crashed ? crashed.message : ''}\n`);
}
