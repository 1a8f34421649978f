/** The command-line shells: lint and build fail on deck errors and name the file and line. */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSite } from '../../src/node/ensure-build.ts';
import { deckCommand } from '../deck-command.ts';

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
  return spawnSync(process.execPath, deckCommand('lint', manifest), { encoding: 'utf8' });
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
    const outDir = path.join(folder, 'dist');
    await expect(buildSite({ manifest: path.join(folder, 'workshop.yml'), outDir }, { logLevel: 'silent' })).rejects.toThrow(/spark\.md:6:1: error: empty slide/);
    expect(existsSync(path.join(outDir, 'index.html'))).toBe(false);
  });
});

describe('npm run check', () => {
  it('does not open a deck that would hang remark in a browser, and says why', () => {
    // 2,000 lines of `![:`: remark's lexer would take hours on it (bench/pathological.md).
    const junk = path.join(folder, 'junk');
    cpSync('tests/fixtures/malformed/unclosed-macro', junk, { recursive: true });
    writeFileSync(path.join(junk, 'a.md'), `# Junk\n\n---\n\n${'![:'.repeat(2000)}\n`);
    const started = Date.now();
    const result = spawnSync(process.execPath, deckCommand('check', '--json', path.join(junk, 'workshop.yml')), { encoding: 'utf8', timeout: 60_000 });
    expect(result.status, result.stderr).toBe(1);
    expect(Date.now() - started).toBeLessThan(20_000);
    const report = JSON.parse(result.stdout) as { findings: Array<{ kind: string; message: string; hangsBrowser?: boolean }> };
    expect(report.findings.map((f) => f.kind)).toEqual(['lint', 'lint', 'render']);
    expect(report.findings[0].message).toMatch(/^remark would read about .* characters to split this file/);
    expect(report.findings[2].message).toBe('the deck was not opened in the browser: remark would hang or crash on it (see the errors above)');
    expect(report.findings.some((f) => 'hangsBrowser' in f)).toBe(false);
  }, 70_000);
});

describe('npm run dev (the bare `vite`, vite.config.ts)', () => {
  it('takes the deck, its variant and the follow settings from the environment', async () => {
    const env = { ...process.env, PORT: '0', HOST: '127.0.0.1', DECK_MANIFEST: 'tests/fixtures/check-deck/workshop.yml', DECK_VARIANT: 'self-paced', DECK_PRESENTER_TOKEN: 'dev-server-secret-1234' };
    const vite = spawn(process.execPath, ['node_modules/vite/bin/vite.js'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      let output = '';
      const banner = await new Promise<string>((resolve, reject) => {
        const read = (chunk: Buffer) => {
          output += chunk.toString();
          if (/Presenter: .*\n/.test(output)) resolve(output);
        };
        vite.stdout!.on('data', read);
        vite.stderr!.on('data', read);
        vite.once('exit', (code) => reject(new Error(`vite exited (${code}):\n${output}`)));
      });
      expect(banner).toContain('#presenter=<your DECK_PRESENTER_TOKEN>');
      const origin = /Attendees: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(banner)![1];
      const module = await (await fetch(new URL('@id/__x00__virtual:deck', origin))).text();
      // `export default JSON.parse("<the payload as a JSON string>");`
      const payload = JSON.parse(JSON.parse(/JSON\.parse\(("(?:[^"\\]|\\.)*")\)/.exec(module)![1])) as { deck: { variant?: string; title: string } };
      expect(payload.deck.variant).toBe('self-paced');
      expect(payload.deck.title).toBe('Check fixture');
    } finally {
      vite.kill('SIGTERM');
    }
  }, 30_000);
});

describe('every command', () => {
  it('answers --help, compiled and from source', () => {
    for (const command of ['build', 'check', 'lint', 'pdf', 'screenshots', 'start']) {
      expect(execFileSync(process.execPath, deckCommand(command, '--help'), { encoding: 'utf8' }), command).toMatch(/^Usage: npm (run )?\w+/);
    }
    expect(execFileSync(process.execPath, ['--import', 'tsx', 'src/cli/deck.ts', 'lint', '--help'], { encoding: 'utf8' })).toMatch(/Usage: npm run lint/);
  });

  it('refuses an unknown option or command with exit status 2 and a pointer to --help', () => {
    const option = spawnSync(process.execPath, deckCommand('start', '--bulid'), { encoding: 'utf8' });
    expect(option.status).toBe(2);
    expect(option.stderr).toMatch(/npm run start: Unknown option '--bulid'[^]*Run `npm run start -- --help`/);
    for (const name of ['lnit', 'constructor', '']) {
      const command = spawnSync(process.execPath, deckCommand(name), { encoding: 'utf8' });
      expect(command.status, name).toBe(2);
      expect(command.stderr).toMatch(/commands: build, check, lint, pdf, screenshots, start/);
    }
  });

  it('names a wrong environment variable and what it must be', () => {
    const port = spawnSync(process.execPath, deckCommand('start', '--no-build'), { encoding: 'utf8', env: { ...process.env, PORT: 'eighty' } });
    expect(port.status).toBe(1);
    expect(port.stderr).toContain('PORT must be a port number from 0 to 65535 (0: any free port) (got `eighty`)');
  });
});
