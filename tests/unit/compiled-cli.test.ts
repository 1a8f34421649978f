/**
 * The commands run compiled (lib/cli/, scripts/compile-cli.mjs) and never stale: an edit in src/
 * is compiled before the next command runs; without esbuild the launcher says what to do; and
 * the heavy libraries stay out of the commands that do not need them.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain JavaScript, no types: it runs before anything is compiled
import { compileCli, noEsbuildHelp, staleReason } from '../../scripts/compile-cli.mjs';

interface Metafile {
  outputs: Record<string, { imports: Array<{ path: string; kind: string; external?: boolean }>; entryPoint?: string }>;
}

const repo = path.resolve('.');
let root: string;

/** A copy of the project's sources and launcher, with the real node_modules linked in. */
function copyProject(withNodeModules: boolean): string {
  const copy = mkdtempSync(path.join(tmpdir(), 'deck-cli-copy-'));
  for (const entry of ['src', 'scripts', 'package.json']) cpSync(path.join(repo, entry), path.join(copy, entry), { recursive: true });
  if (withNodeModules) symlinkSync(path.join(repo, 'node_modules'), path.join(copy, 'node_modules'), 'dir');
  return copy;
}

const run = (copy: string, ...args: string[]) => spawnSync(process.execPath, [path.join(copy, 'scripts/deck.mjs'), ...args], { cwd: copy, encoding: 'utf8' });

beforeAll(() => {
  root = copyProject(true);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('scripts/deck.mjs', () => {
  it('compiles before the first command, and again after an edit: never yesterday’s code', () => {
    const first = run(root, 'lint', '--help');
    expect(first.status, first.stderr).toBe(0);
    expect(first.stderr).toMatch(/compiled the commands into lib\/cli\/ .*nothing compiled/);
    expect(first.stdout).toMatch(/^Usage: npm run lint/);

    const again = run(root, 'lint', '--help');
    expect(again.stderr).toBe('');

    const lint = path.join(root, 'src/cli/lint.ts');
    writeFileSync(lint, readFileSync(lint, 'utf8').replace('Usage: npm run lint', 'Usage (edited): npm run lint'));
    const edited = run(root, 'lint', '--help');
    expect(edited.stderr).toMatch(/src\/cli\/lint\.ts changed/);
    expect(edited.stdout).toMatch(/^Usage \(edited\): npm run lint/);
  }, 60_000);

  it('without esbuild (installed without dev dependencies), says what to do instead of running stale code', () => {
    const bare = copyProject(false);
    try {
      const result = run(bare, 'lint', '--help');
      expect(result.status).toBe(1);
      expect(result.stderr.trim()).toBe(noEsbuildHelp);
      expect(result.stdout).toBe('');
    } finally {
      rmSync(bare, { recursive: true, force: true });
    }
  });
});

describe('staleReason', () => {
  it('notices a source that changed in time or size or went away, and trusts an install without sources', async () => {
    const outDir = path.join(root, 'lib-stale-test');
    await compileCli({ root, outDir });
    expect(staleReason(root, outDir)).toBeUndefined();
    // Checked out as an older version: an older modification time is a change too.
    const guard = path.join(root, 'src/server/follow-guard.ts');
    utimesSync(guard, new Date(2001, 1, 1), new Date(2001, 1, 1));
    expect(staleReason(root, outDir)).toBe('src/server/follow-guard.ts changed');
    await compileCli({ root, outDir });
    rmSync(path.join(root, 'src/core/slide-size.ts'));
    expect(staleReason(root, outDir)).toBe('src/core/slide-size.ts is gone');
    expect(staleReason(root, path.join(root, 'nothing-here'))).toMatch(/^nothing compiled/);
    rmSync(path.join(root, 'src'), { recursive: true });
    expect(staleReason(root, outDir)).toBeUndefined();
  }, 60_000);
});

describe('what each command loads before it needs it', () => {
  let metafile: Metafile;
  beforeAll(async () => {
    ({ metafile } = await compileCli({ root: repo, outDir: mkdtempSync(path.join(tmpdir(), 'deck-cli-out-')) }));
  }, 60_000);

  /** The npm packages an output loads when imported, through its static imports only. */
  function staticPackages(command: string): Set<string> {
    const byName = new Map(Object.entries(metafile.outputs).map(([file, output]) => [path.basename(file), output]));
    const packages = new Set<string>();
    const seen = new Set<string>();
    const visit = (name: string) => {
      if (seen.has(name)) return;
      seen.add(name);
      for (const imported of byName.get(name)?.imports ?? []) {
        if (imported.kind !== 'import-statement') continue;
        if (imported.external) packages.add(imported.path);
        else visit(path.basename(imported.path));
      }
    };
    visit(`${command}.js`);
    return packages;
  }

  // remark's parser (the macros' dry run) too: most decks call no macro.
  const heavy = ['vite', 'playwright-core', 'qrcode', '@redis/client', 'pdf-lib', 'sirv', 'remark-slide/src/remark/parser.js'];
  for (const [command, allowed] of [
    ['deck', []],
    ['lint', []],
    ['build', []],
    ['start', []],
    ['pdf', []],
    ['screenshots', []],
    ['check', ['playwright-core']],
  ] as const) {
    it(`${command} loads ${allowed.length ? allowed.join(', ') : 'none of them'} at start-up`, () => {
      const loaded = staticPackages(command);
      expect(loaded.size, `${command}.js is in the compiled output`).toBeGreaterThan(0);
      expect(heavy.filter((name) => loaded.has(name))).toEqual(allowed);
    });
  }
});
