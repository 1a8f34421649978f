/**
 * `npm test`: type check, unit tests (vitest) and browser tests (Playwright), then one plain
 * line `N passed, N failed, N skipped` over all of them; exit status 1 if anything failed.
 *
 * A skipped or not-run test fails the run unless the test says why it may skip: a suite whose
 * set-up failed (no redis-server, no pdftotext) reports its tests as skipped, and they must not
 * vanish from the line. A test that may skip says so: in Playwright, `test.skip(condition,
 * 'reason')`; in vitest, `task.meta.skipReason = 'reason'` before `skip()`.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const reports = mkdtempSync(path.join(tmpdir(), 'deck-tests-'));
const totals = { passed: 0, failed: 0, skipped: 0 };
/** Skipped tests that gave no reason: each one fails the run. */
const unexplained: string[] = [];

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

function skipped(name: string, reason: string | undefined): void {
  if (reason) totals.skipped += 1;
  else unexplained.push(name);
}

// Chromium (and poppler for PDF checks) must exist before Playwright's config is even loaded.
if (run('test tools', 'npx', ['tsx', 'scripts/ensure-test-tools.ts']) !== 0) totals.failed += 1;

// The type check counts as one test: it passes or it does not.
if (run('type check', 'npx', ['tsc', '-p', '.']) === 0) totals.passed += 1;
else totals.failed += 1;

interface VitestReport {
  numPassedTests: number;
  numFailedTests: number;
  numFailedTestSuites: number;
  testResults: Array<{
    name: string;
    status: string;
    assertionResults: Array<{ fullName: string; status: string; meta?: { skipReason?: string } }>;
  }>;
}

const vitestReport = path.join(reports, 'vitest.json');
const vitestStatus = run('unit tests', 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestReport}`]);
const unit = readJson<VitestReport>(vitestReport);
if (unit) {
  totals.passed += unit.numPassedTests;
  totals.failed += unit.numFailedTests;
  for (const file of unit.testResults) {
    // A file that failed to load or whose hooks failed, with no failed test to show for it.
    if (file.status === 'failed' && !file.assertionResults.some((t) => t.status === 'failed')) totals.failed += 1;
    for (const test of file.assertionResults) {
      if (test.status !== 'passed' && test.status !== 'failed') skipped(`${path.relative(process.cwd(), file.name)} › ${test.fullName}`, test.meta?.skipReason);
    }
  }
}
if (vitestStatus !== 0 && (!unit || (unit.numFailedTests === 0 && unit.numFailedTestSuites === 0))) totals.failed += 1;

interface PlaywrightSuite {
  title: string;
  file?: string;
  suites?: PlaywrightSuite[];
  specs?: Array<{
    title: string;
    file: string;
    tests: Array<{ status: string; annotations: Array<{ type: string; description?: string }>; results: Array<{ status: string }> }>;
  }>;
}
interface PlaywrightReport {
  stats: { expected: number; unexpected: number; flaky: number; skipped: number };
  suites: PlaywrightSuite[];
  errors?: unknown[];
}

function walkPlaywright(suite: PlaywrightSuite): void {
  for (const spec of suite.specs ?? []) {
    for (const test of spec.tests) {
      if (test.status !== 'skipped') continue;
      const reason = test.annotations.find((a) => a.type === 'skip' || a.type === 'fixme')?.description;
      skipped(`${spec.file} › ${spec.title}`, reason);
    }
  }
  for (const child of suite.suites ?? []) walkPlaywright(child);
}

const playwrightReport = path.join(reports, 'playwright.json');
const playwrightStatus = run('browser tests', 'npx', ['playwright', 'test', '--reporter=list,json'], {
  PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightReport,
});
const browser = readJson<PlaywrightReport>(playwrightReport);
if (browser) {
  totals.passed += browser.stats.expected + browser.stats.flaky;
  totals.failed += browser.stats.unexpected;
  // Errors outside any test: the web server did not start, a spec file did not load.
  totals.failed += browser.errors?.length ?? 0;
  for (const suite of browser.suites) walkPlaywright(suite);
}
if (playwrightStatus !== 0 && (!browser || browser.stats.unexpected + (browser.errors?.length ?? 0) === 0)) totals.failed += 1;

rmSync(reports, { recursive: true, force: true });
if (unexplained.length > 0) {
  console.log(`\n${unexplained.length} test${unexplained.length === 1 ? '' : 's'} skipped or did not run, without saying why:`);
  for (const name of unexplained) console.log(`  - ${name}`);
}
console.log(`\n${totals.passed} passed, ${totals.failed + unexplained.length} failed, ${totals.skipped} skipped`);
process.exit(totals.failed + unexplained.length > 0 || totals.passed === 0 ? 1 : 0);
