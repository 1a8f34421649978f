/**
 * `npm run check` on a deck with a slide that runs off the bottom, a code line cut off at the
 * right, an image file the browser cannot decode and an HTML link to a slide name that does not exist: the loader
 * passes all four, the browser check reports each at its slide number, file and line.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import type { CheckFinding } from '../../src/check/findings.ts';
import { deckCommand } from '../deck-command.ts';

const chapter = 'tests/fixtures/check-deck/broken.md';
const manifest = 'tests/fixtures/check-deck/workshop.yml';
const sourceLines = readFileSync(chapter, 'utf8').split('\n');
const lineOf = (text: string) => sourceLines.findIndex((line) => line.includes(text)) + 1;

interface Report {
  variant: string | null;
  slides: number;
  errors: number;
  findings: CheckFinding[];
}

function check(...args: string[]): { status: number | null; report: Report } {
  return checkManifest(manifest, ...args);
}

function checkManifest(deckManifest: string, ...args: string[]): { status: number | null; report: Report } {
  const result = spawnSync(process.execPath, deckCommand('check', '--json', ...args, deckManifest), { encoding: 'utf8', timeout: 90_000 });
  if (!result.stdout.trim().startsWith('{')) throw new Error(`check printed no report:\n${result.stdout}\n${result.stderr}`);
  return { status: result.status, report: JSON.parse(result.stdout) as Report };
}

test('check reports an overflowing slide, a cut-off code line, a broken image and a broken slide link', async () => {
  test.setTimeout(120_000);
  const { status, report } = check();
  expect(status).toBe(1);
  // Title, contents, chapter title, six slides: the default variant leaves out the self-paced one.
  expect(report.slides).toBe(9);
  const byKind = (kind: CheckFinding['kind']) => report.findings.filter((f) => f.kind === kind);
  expect(report.findings.filter((f) => f.kind === 'lint')).toEqual([]);

  const [overflow, ...moreOverflow] = byKind('overflow-bottom');
  expect(moreOverflow).toEqual([]);
  expect(overflow).toMatchObject({ severity: 'error', file: chapter, line: lineOf('The last point'), slide: 5 });
  expect(overflow.overflowPx).toBeGreaterThan(5);
  expect(overflow.message).toMatch(/^content runs \d+ px into the slide's bottom margin/);

  expect(byKind('code-cut-off')).toEqual([
    expect.objectContaining({ severity: 'error', file: chapter, line: lineOf('kubectl run pingpong'), slide: 6 }),
  ]);
  expect(byKind('code-cut-off')[0].overflowPx).toBeGreaterThan(100);

  expect(byKind('image')).toEqual([
    expect.objectContaining({ file: chapter, line: lineOf('broken-diagram.png'), slide: 7, message: 'image `images/broken-diagram.png` does not load' }),
  ]);
  expect(byKind('slide-link')).toEqual([
    expect.objectContaining({ file: chapter, line: lineOf('#setup-steps'), slide: 8, message: 'link to slide `#setup-steps`, but no slide has that name' }),
  ]);
  expect(report.errors).toBe(4);
});

test('a deck with lint errors is still rendered, so that its layout problems show in the same run', async () => {
  test.setTimeout(120_000);
  const folder = mkdtempSync(path.join(tmpdir(), 'deck-check-errors-'));
  try {
    cpSync('tests/fixtures/check-deck', folder, { recursive: true });
    const copy = path.join(folder, 'broken.md');
    writeFileSync(copy, readFileSync(copy, 'utf8').replace('- One short point', '- One short point, see [nowhere](#no-such-slide)'));
    const { status, report } = checkManifest(path.join(folder, 'workshop.yml'));
    expect(status).toBe(1);
    expect(report.findings.filter((f) => f.kind === 'lint').map((f) => f.message)).toEqual([expect.stringMatching(/#no-such-slide/)]);
    // Found only by rendering the deck in Chromium.
    expect(report.findings.filter((f) => f.kind === 'overflow-bottom')).toHaveLength(1);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

test('a slide that fails to render in the browser is reported at its slide number, file and line, and the rest is still checked', async () => {
  test.setTimeout(120_000);
  const folder = mkdtempSync(path.join(tmpdir(), 'deck-check-render-'));
  try {
    cpSync('tests/fixtures/check-deck', folder, { recursive: true });
    const copy = path.join(folder, 'broken.md');
    // An unknown macro: a lint error, which remark would throw on, blanking the page.
    writeFileSync(copy, readFileSync(copy, 'utf8').replace('- One short point', '- One short point ![:boom 1, 2]'));
    const macroLine = readFileSync(copy, 'utf8').split('\n').findIndex((line) => line.includes('![:boom')) + 1;
    const { status, report } = checkManifest(path.join(folder, 'workshop.yml'));
    expect(status).toBe(1);
    const render = report.findings.filter((f) => f.kind === 'render');
    expect(render).toEqual([
      expect.objectContaining({
        severity: 'error',
        file: expect.stringMatching(/broken\.md$/),
        slide: 4,
        message: 'the slide did not render completely: macro `boom` failed: Error: no macro is registered under this name',
      }),
    ]);
    // The slide's first line: the macro is on a line of it.
    expect(render[0].line).toBeLessThanOrEqual(macroLine);
    expect(macroLine - render[0].line).toBeLessThan(4);
    // The other slides were rendered and measured as usual.
    expect(report.findings.filter((f) => f.kind === 'overflow-bottom')).toHaveLength(1);
    expect(report.findings.filter((f) => f.kind === 'image')).toHaveLength(1);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});
