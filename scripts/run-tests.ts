/**
 * `npm test`: type check, unit tests (vitest) and browser tests (Playwright), then one plain
 * line `N passed, N failed` over all of them; exit status 1 if anything failed.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const reports = mkdtempSync(path.join(tmpdir(), 'deck-tests-'));
const totals = { passed: 0, failed: 0 };

function run(title: string, command: string, args: string[], env: Record<string, string> = {}): number {
  console.log(`\n== ${title}: ${[command, ...args].join(' ')}`);
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  return result.status ?? 1;
}

function readJson<T>(file: string): T | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

// Chromium (and poppler for PDF checks) must exist before Playwright's config is even loaded.
if (run('test tools', 'npx', ['tsx', 'scripts/ensure-test-tools.ts']) !== 0) totals.failed += 1;

// The type check counts as one test: it passes or it does not.
if (run('type check', 'npx', ['tsc', '-p', '.']) === 0) totals.passed += 1;
else totals.failed += 1;

const vitestReport = path.join(reports, 'vitest.json');
const vitestStatus = run('unit tests', 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestReport}`]);
const unit = readJson<{ numPassedTests: number; numFailedTests: number }>(vitestReport);
if (unit) {
  totals.passed += unit.numPassedTests;
  totals.failed += unit.numFailedTests;
}
if (vitestStatus !== 0 && (!unit || unit.numFailedTests === 0)) totals.failed += 1;

const playwrightReport = path.join(reports, 'playwright.json');
const playwrightStatus = run('browser tests', 'npx', ['playwright', 'test', '--reporter=list,json'], {
  PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightReport,
});
const browser = readJson<{ stats: { expected: number; unexpected: number; flaky: number } }>(playwrightReport);
if (browser) {
  totals.passed += browser.stats.expected + browser.stats.flaky;
  totals.failed += browser.stats.unexpected;
}
if (playwrightStatus !== 0 && (!browser || browser.stats.unexpected === 0)) totals.failed += 1;

rmSync(reports, { recursive: true, force: true });
console.log(`\n${totals.passed} passed, ${totals.failed} failed`);
process.exit(totals.failed > 0 || totals.passed === 0 ? 1 : 0);
