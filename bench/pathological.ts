/**
 * `npm run bench:pathological`: lint time against chapter size for each pathological pattern
 * (tests/unit/pathological-inputs.ts), at 64 kB, 256 kB and 1 MB: linear growth means the
 * 1 MB time is about 4 times the 256 kB one (16 if it were quadratic). Then, for the same
 * patterns at 10 and 40 kB, what remark 0.14's own lexer (the one every attendee's page runs)
 * takes, in a child process killed after 20 s, next to the loader's estimate of its work and
 * whether the loader refuses the chapter. `--sizes 64000,256000` and `--no-remark` shorten it;
 * `--browser` also times remark's lexer inside Chromium (wrap the command in
 * `flock /tmp/deck-browser.lock` on a shared machine).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { readEnvironment } from '../src/cli/environment.js';
import { browserLaunchOptions } from '../src/node/find-browser.js';
import { buildDeck } from '../src/core/deck.js';
import { lex, LexerWork } from '../src/core/remark-lexer.js';
import { pathologicalChapter, pathologicalPatterns } from '../tests/unit/pathological-inputs.js';

const { values } = parseArgs({ options: { sizes: { type: 'string' }, 'no-remark': { type: 'boolean' }, browser: { type: 'boolean' } } });
const sizes = (values.sizes ?? '64000,256000,1000000').split(',').map(Number);

function lint(text: string) {
  const started = performance.now();
  const build = buildDeck({ manifest: { file: 'workshop.yml', text: 'title: T\nchapters:\n  - junk.md\n' }, read: () => ({ file: 'junk.md', text }) });
  return { ms: performance.now() - started, errors: build.diagnostics.filter((d) => d.severity === 'error') };
}

const kb = (size: number) => (size >= 1e6 ? `${size / 1e6} MB` : `${Math.round(size / 1000)} kB`);
console.log(`## The loader: lint time by chapter size (best of 2)\n`);
console.log(`| Pattern | ${sizes.map(kb).join(' | ')} | ${kb(sizes[sizes.length - 1])} / ${kb(sizes[sizes.length - 2])} | Verdict at ${kb(sizes[sizes.length - 1])} |`);
console.log(`|---|${sizes.map(() => '---:').join('|')}|---:|---|`);
for (const pattern of Object.keys(pathologicalPatterns)) {
  const times: number[] = [];
  let verdict = '';
  for (const size of sizes) {
    const text = pathologicalChapter(pattern, size);
    const first = lint(text);
    // A different text: the loader caches analyses by text.
    const second = lint(`${text} `);
    times.push(Math.min(first.ms, second.ms));
    verdict = first.errors.length ? `error: ${first.errors[0].message.slice(0, 48)}…` : 'no error';
  }
  const ratio = times[times.length - 1] / times[times.length - 2];
  console.log(`| ${pattern} | ${times.map((t) => `${t.toFixed(0)} ms`).join(' | ')} | ${ratio.toFixed(1)} | ${verdict.replace(/\|/g, '\\|')} |`);
}

if (!values['no-remark']) {
  const folder = mkdtempSync(path.join(tmpdir(), 'bench-remark-'));
  const input = path.join(folder, 'chapter.md');
  const remarkLexer = path.resolve('node_modules/remark-slide/src/remark/lexer.js');
  const script = `const L=require(${JSON.stringify(remarkLexer)});const t=require('fs').readFileSync(${JSON.stringify(input)},'utf8');const s=performance.now();new L().lex(t);console.log((performance.now()-s).toFixed(1))`;
  console.log(`\n## remark 0.14's own lexer (as in the page), against the loader's estimate\n`);
  console.log('| Pattern | Size | remark lexer | Estimated characters read | ns per character | Loader refuses |');
  console.log('|---|---:|---:|---:|---:|---|');
  try {
    for (const pattern of Object.keys(pathologicalPatterns)) {
      for (const size of [10_000, 40_000]) {
        const text = pathologicalChapter(pattern, size);
        writeFileSync(input, text);
        const work = new LexerWork();
        lex(text, work);
        const run = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 20_000 });
        const ms = run.status === 0 ? Number(run.stdout.trim()) : undefined;
        const outcome = ms !== undefined ? `${ms.toFixed(1)} ms` : /Maximum call stack/.test(run.stderr) ? 'stack overflow' : '> 20 s (killed)';
        const perStep = ms !== undefined && work.total > 1e6 ? ((ms * 1e6) / work.total).toFixed(1) : '';
        const refused = lint(text).errors.length > 0 ? 'yes' : 'no';
        console.log(`| ${pattern} | ${kb(size)} | ${outcome} | ${work.total.toExponential(1)} | ${perStep} | ${refused} |`);
      }
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

if (values.browser) {
  const browser = await chromium.launch(browserLaunchOptions(readEnvironment().chromePath));
  const page = await browser.newPage();
  const source = readFileSync(path.resolve('node_modules/remark-slide/src/remark/lexer.js'), 'utf8');
  await page.evaluate((code) => {
    const module = { exports: {} };
    new Function('module', 'exports', code)(module, module.exports);
    (window as unknown as { RemarkLexer: unknown }).RemarkLexer = module.exports;
  }, source);
  console.log(`\n## remark 0.14's lexer in Chromium ${browser.version()}, as an attendee's page runs it\n`);
  console.log('| Pattern | Size | Time | Loader refuses |');
  console.log('|---|---:|---:|---|');
  const cases: Array<[string, number]> = [['backticks', 40_000], ['backticks', 160_000], ['class chain `.a.a.a`', 40_000], ['definition openers `[a`', 160_000], ['unclosed macros `![:`', 6_000], ['unclosed macros `![:`', 30_000], ['long fence ~~~~', 40_000]];
  for (const [pattern, size] of cases) {
    const text = pathologicalChapter(pattern, size);
    const timing = page.evaluate((chapter) => {
      const Lexer = (window as unknown as { RemarkLexer: new () => { lex(s: string): unknown } }).RemarkLexer;
      const started = performance.now();
      try {
        new Lexer().lex(chapter);
        return `${(performance.now() - started).toFixed(0)} ms`;
      } catch (error) {
        return String((error as Error).message);
      }
    }, text);
    const outcome = await Promise.race([timing, new Promise<string>((resolve) => setTimeout(() => resolve('> 30 s'), 30_000))]);
    console.log(`| ${pattern} | ${kb(size)} | ${outcome} | ${lint(text).errors.length > 0 ? 'yes' : 'no'} |`);
    // A page stuck in a regular expression does not come back: stop there.
    if (outcome === '> 30 s') break;
  }
  await browser.close();
}
