/**
 * The commands run compiled (lib/cli/, scripts/compile-cli.mjs) and never stale: an edit in src/
 * is compiled before the next command runs; without esbuild the launcher says what to do; and
 * the heavy libraries stay out of the commands that do not need them.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain JavaScript, no types: it runs before anything is compiled
import { compileCli, noEsbuildHelp, staleReason } from '../../scripts/compile-cli.mjs';

interface Metafile {
  outputs: Record<string, { imports: Array<{ path: string; kind: string; external?: boolean }>; entryPoint?: string }>;
}
interface Compiled {
  metafile: Metafile;
  lintMetafile: Metafile;
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

describe('lint run with V8’s code cache (lib/cli/lint.cjs)', () => {
  let outDir: string;
  let script: string;
  let cache: string;
  const manifest = path.join(repo, 'slides/workshop.yml');
  const lint = () => spawnSync(process.execPath, [path.join(outDir, 'deck.js'), 'lint', manifest], { cwd: repo, encoding: 'utf8' });
  const expectCleanLint = (result: ReturnType<typeof lint>) => {
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/workshop\.yml: \d+ slides, \d+ chapters, \d+ exercises; 0 errors/);
  };
  beforeAll(async () => {
    // Compiled from this checkout, where the packages a lint may require are found.
    const place = mkdtempSync(path.join(tmpdir(), 'deck-lint-cache-'));
    symlinkSync(path.join(repo, 'node_modules'), path.join(place, 'node_modules'), 'dir');
    outDir = path.join(place, 'lib/cli');
    await compileCli({ root: repo, outDir });
    script = path.join(outDir, 'lint.cjs');
    cache = `${script}.${process.versions.v8}.v8-cache`;
  }, 60_000);
  afterAll(() => rmSync(path.dirname(path.dirname(outDir)), { recursive: true, force: true }));

  it('writes the cache on the first lint of a deck and uses it, unchanged, on the next', () => {
    // `--help` alone runs little of the lint: its cache would stay, holding almost nothing.
    const help = spawnSync(process.execPath, [path.join(outDir, 'deck.js'), 'lint', '--help'], { encoding: 'utf8' });
    expect(help.status).toBe(0);
    expect(existsSync(cache)).toBe(false);
    expectCleanLint(lint());
    const written = statSync(cache);
    expect(written.size).toBeGreaterThan(statSync(script).size);
    const second = lint();
    expectCleanLint(second);
    expect(statSync(cache).mtimeMs, 'a cache V8 accepted is not written again').toBe(written.mtimeMs);
    expect(second.stdout).toBe(lint().stdout);
  });

  it('runs the script as it is now, never the code cached for an earlier one of the same length', () => {
    expectCleanLint(lint());
    const before = readFileSync(script, 'utf8');
    // V8 itself would take the old cache: it compares a script's length, not its text.
    const edited = before.replace(' exercises`', ' exercisez`');
    expect(edited.length).toBe(before.length);
    expect(edited).not.toBe(before);
    writeFileSync(script, edited);
    try {
      const result = lint();
      expect(result.status, result.stderr).toBe(0);
      expect(result.stdout).toMatch(/\d+ exercisez; 0 errors/);
    } finally {
      writeFileSync(script, before);
    }
  });

  it('a damaged cache, or one that cannot be read or written, costs only the gain', () => {
    const valid = readFileSync(cache);
    // The script it was made for, then garbage where V8's data was.
    const header = valid.subarray(0, 4 + statSync(script).size);
    writeFileSync(cache, Buffer.concat([header, Buffer.alloc(5000, 0x5a)]));
    expectCleanLint(lint());
    expect(readFileSync(cache).subarray(header.length).equals(Buffer.alloc(5000, 0x5a)), 'rejected by V8, so made again').toBe(false);
    writeFileSync(cache, Buffer.from([0xff, 0xff, 0xff, 0x7f, 1, 2, 3]));
    expectCleanLint(lint());
    rmSync(cache);
    mkdirSync(cache);
    try {
      expectCleanLint(lint());
    } finally {
      rmSync(cache, { recursive: true });
    }
  });
});

describe('what each command loads before it needs it', () => {
  let metafile: Metafile;
  let lintMetafile: Metafile;
  beforeAll(async () => {
    ({ metafile, lintMetafile } = (await compileCli({ root: repo, outDir: mkdtempSync(path.join(tmpdir(), 'deck-cli-out-')) })) as Compiled);
  }, 60_000);

  it('lint.cjs, what a compiled lint runs, requires nothing but Node’s built-ins when it starts', () => {
    const [lintScript] = Object.entries(lintMetafile.outputs).filter(([file]) => file.endsWith('lint.cjs'));
    expect(lintScript).toBeDefined();
    expect(lintScript[1].imports.filter((imported) => !imported.path.startsWith('node:'))).toEqual([]);
  });

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
