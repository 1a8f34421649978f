/** The command-line shells: lint and build fail on deck errors and name the file and line. */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from 'vite';

let folder: string;

beforeAll(() => {
  folder = mkdtempSync(path.join(tmpdir(), 'deck-cli-'));
  cpSync('slides', folder, { recursive: true });
  const chapter = path.join(folder, 'spark.md');
  // Two separators in a row at lines 6 and 7: an empty slide that starts at line 6.
  const lines = readFileSync(chapter, 'utf8').split('\n');
  writeFileSync(chapter, [...lines.slice(0, 5), '---', '---', ...lines.slice(5)].join('\n'));
});

afterAll(() => rmSync(folder, { recursive: true, force: true }));

function lint(manifest: string) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/lint.ts', manifest], { encoding: 'utf8' });
}

describe('npm run lint', () => {
  it('passes the workshop deck with no findings', () => {
    const result = lint('slides/workshop.yml');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/0 errors, 0 warnings/);
  });

  it('exits 1 and prints file:line:column with a fix for a broken deck', () => {
    const result = lint(path.join(folder, 'workshop.yml'));
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`spark.md:6:1: error: empty slide: two separators in a row`);
    expect(result.stderr).toContain('fix: delete one of the two separators');
  });

  it('exits 1 for a manifest that does not exist', () => {
    const result = lint(path.join(folder, 'nope.yml'));
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/nope\.yml:1:1: error: the manifest does not exist/);
  });
});

describe('npm run build', () => {
  it('fails with the loader errors instead of writing a broken deck', async () => {
    process.env.DECK_MANIFEST = path.join(folder, 'workshop.yml');
    try {
      await expect(
        build({ configFile: 'vite.config.ts', logLevel: 'silent', build: { outDir: path.join(folder, 'dist'), write: false } }),
      ).rejects.toThrow(/spark\.md:6:1: error: empty slide/);
    } finally {
      delete process.env.DECK_MANIFEST;
    }
  });
});

describe('npm run check', () => {
  it('does not open a deck that would hang remark in a browser, and says why', () => {
    // 2,000 lines of `![:`: remark's lexer would take hours on it (bench/pathological.md).
    const junk = path.join(folder, 'junk');
    cpSync('tests/fixtures/malformed/unclosed-macro', junk, { recursive: true });
    writeFileSync(path.join(junk, 'a.md'), `# Junk\n\n---\n\n${'![:'.repeat(2000)}\n`);
    const started = Date.now();
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/check.ts', '--json', path.join(junk, 'workshop.yml')], { encoding: 'utf8', timeout: 60_000 });
    expect(result.status, result.stderr).toBe(1);
    expect(Date.now() - started).toBeLessThan(20_000);
    const report = JSON.parse(result.stdout) as { findings: Array<{ kind: string; message: string; hangsBrowser?: boolean }> };
    expect(report.findings.map((f) => f.kind)).toEqual(['lint', 'lint', 'render']);
    expect(report.findings[0].message).toMatch(/^remark would read about .* characters to split this file/);
    expect(report.findings[2].message).toBe('the deck was not opened in the browser: remark would hang or crash on it (see the errors above)');
    expect(report.findings.some((f) => 'hangsBrowser' in f)).toBe(false);
  }, 70_000);
});

it('tsx runs the CLI at all (guards the argument parsing)', () => {
  expect(execFileSync(process.execPath, ['--import', 'tsx', 'src/cli/lint.ts', '--help'], { encoding: 'utf8' })).toMatch(/Usage: npm run lint/);
});
