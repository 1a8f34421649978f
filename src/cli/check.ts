/**
 * `npm run check [-- [options] [manifest.yml]]`: everything lint checks, then the built deck in
 * a real browser (overflowing slides, code cut off, images that do not load, broken slide
 * links), and with --online every external link. Exit status 1 when anything is an error.
 */
import { mkdtempSync, readFileSync, rmSync, watch, type FSWatcher } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { checkInBrowser, launchBrowser } from '../check/browser-checks.js';
import { formatFinding, fromDiagnostic, type CheckFinding } from '../check/findings.js';
import { checkExternalLinks, externalLinks } from '../check/online-links.js';
import { buildSite } from '../node/ensure-build.js';
import { loadDeck } from '../node/load-deck.js';
import { defaultManifest, type SiteOptions } from '../node/site-options.js';
import { helpOption, parseCommandArgs, shownPath, variantOption } from './arguments.js';
import { readEnvironment, siteOptions } from './environment.js';

const usage = `Usage: npm run check [-- [options] [manifest.yml]]

Lints the deck (default DECK_MANIFEST, else ${defaultManifest}), builds it, and checks every
slide in Chromium: content below the bottom margin or past the right one, code lines cut off,
images that do not load, links to slide names or numbers that do not exist. Exit status 1 on errors.
  --variant name          the variant named under the manifest's \`variants:\` (default DECK_VARIANT)
  --json                  print one JSON report on stdout (for CI)
  --online                also fetch every external link and check GitHub README anchors live
  --timeout ms            per external request (default 10000)
  --concurrency n         external requests at once (default 6)
  --github-base url       fetch github.com pages from this mirror instead
  --github-raw-base url   fetch raw README files from this mirror instead of raw.githubusercontent.com
  --watch, -w             check again whenever a file of the deck is saved
Environment: DECK_MANIFEST, DECK_VARIANT, CHROME_PATH (see README.md).`;

const checkOptions = {
  ...variantOption,
  json: { type: 'boolean' },
  online: { type: 'boolean' },
  watch: { type: 'boolean', short: 'w' },
  timeout: { type: 'string' },
  concurrency: { type: 'string' },
  'github-base': { type: 'string' },
  'github-raw-base': { type: 'string' },
  ...helpOption,
} as const;

interface CheckRun {
  /** The deck to check; its `outDir` is unused: each run builds into a folder of its own. */
  site: SiteOptions;
  chromePath?: string;
  online: boolean;
  json: boolean;
  links: { timeoutMs?: number; concurrency?: number; githubBase?: string; githubRawBase?: string };
}

interface Report {
  manifest: string;
  variant: string | null;
  slides: number;
  errors: number;
  warnings: number;
  /** External links not fetched (offline run). */
  externalLinksUnchecked: number;
  findings: CheckFinding[];
}

async function runCheck(run: CheckRun, browser: Browser | undefined): Promise<{ report: Report; files: string[]; browser?: Browser }> {
  const { manifest, variant } = run.site;
  const displayManifest = shownPath(manifest);
  const loaded = loadDeck(manifest, { variant });
  const findings: CheckFinding[] = loaded.diagnostics.map(fromDiagnostic);
  /** An error about the whole deck, where the browser could not check it: at the manifest's top. */
  const deckError = (message: string, fix: string): CheckFinding => ({ kind: 'render', severity: 'error', file: displayManifest, line: 1, column: 1, message, fix });
  const deck = loaded.deck;
  let unchecked = 0;
  // A deck that would hang remark (runtime-limits.ts) would hang the checking browser too.
  const hangs = loaded.diagnostics.some((d) => d.hangsBrowser);
  if (deck && hangs) {
    findings.push(deckError('the deck was not opened in the browser: remark would hang or crash on it (see the errors above)', 'fix those errors, then check again'));
  }
  if (deck && !hangs) {
    const dist = mkdtempSync(path.join(tmpdir(), 'deck-check-'));
    try {
      // allowErrors: a deck with lint errors renders, so that its layout problems are found in the same run.
      await buildSite({ ...run.site, outDir: dist, allowErrors: true }, { logLevel: 'silent', emptyOutDir: true });
      browser ??= await launchBrowser(run.chromePath);
      const readSource = (file: string) => {
        try {
          return readFileSync(path.resolve(file), 'utf8');
        } catch {
          return undefined;
        }
      };
      findings.push(...(await checkInBrowser({ dist, deck, readSource, browser })));
    } catch (error) {
      findings.push(
        deckError(
          `the deck could not be built or opened: ${String((error as Error).message).split('\n')[0]}`,
          'fix the errors above; if there are none, run `npm run build` to see the whole message',
        ),
      );
    } finally {
      rmSync(dist, { recursive: true, force: true });
    }
    const links = externalLinks(deck);
    if (run.online) {
      findings.push(...(await checkExternalLinks(links, run.links)));
    } else {
      unchecked = links.length;
    }
  }
  const errors = findings.filter((f) => f.severity === 'error').length;
  return {
    report: {
      manifest: displayManifest,
      variant: variant ?? null,
      slides: deck?.slides.length ?? 0,
      errors,
      warnings: findings.length - errors,
      externalLinksUnchecked: unchecked,
      findings,
    },
    files: loaded.files,
    browser,
  };
}

function print(report: Report, json: boolean): void {
  if (json) {
    console.log(JSON.stringify(report, null, 2));
    return;
  }
  for (const f of report.findings) console.error(formatFinding(f));
  const unreachable = report.findings.filter((f) => f.kind === 'external-link' && /could not be reached/.test(f.message));
  if (unreachable.length) {
    console.error(`\nCould not be reached (${unreachable.length}):`);
    for (const f of unreachable) console.error(`  ${f.message.replace(' could not be reached', '')}  (${f.file}:${f.line}, slide ${f.slide})`);
  }
  const offline = report.externalLinksUnchecked ? `; ${report.externalLinksUnchecked} external links checked against the catalog only (--online fetches them)` : '';
  const name = report.variant ? ` (variant ${report.variant})` : '';
  console.log(
    `${report.manifest}${name}: ${report.slides} slides checked in the browser; ` +
      `${report.errors} error${report.errors === 1 ? '' : 's'}, ${report.warnings} warning${report.warnings === 1 ? '' : 's'}${offline}`,
  );
}

export async function main(args: string[]): Promise<void> {
  const { positionals, values } = parseCommandArgs('check', args, checkOptions);
  if (values.help) {
    console.log(usage);
    return;
  }
  const env = readEnvironment();
  const run: CheckRun = {
    site: siteOptions({ manifest: positionals[0], variant: values.variant }, env),
    chromePath: env.chromePath,
    online: !!values.online,
    json: !!values.json,
    links: {
      timeoutMs: values.timeout ? Number(values.timeout) : undefined,
      concurrency: values.concurrency ? Number(values.concurrency) : undefined,
      githubBase: values['github-base'],
      githubRawBase: values['github-raw-base'],
    },
  };
  if (!values.watch) {
    const { report, browser } = await runCheck(run, undefined);
    await browser?.close();
    print(report, run.json);
    process.exit(report.errors > 0 ? 1 : 0);
  }
  await watchAndCheck(run);
}

/** Watch mode: check again after each save, reusing the browser. */
async function watchAndCheck(run: CheckRun): Promise<void> {
  let browser: Browser | undefined;
  let watchers: FSWatcher[] = [];
  let timer: NodeJS.Timeout | undefined;
  let running = false;
  let again = false;
  const rerun = async () => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    const started = Date.now();
    const result = await runCheck(run, browser);
    browser = result.browser;
    if (!run.json) console.log(`\n[${new Date().toLocaleTimeString()}] checked in ${Date.now() - started} ms`);
    print(result.report, run.json);
    for (const w of watchers) w.close();
    // Watch the folders: editors often save by replacing the file, and a missing chapter may appear.
    const folders = [...new Set(result.files.map((f) => path.dirname(f)))];
    const names = new Set(result.files.map((f) => path.resolve(f)));
    watchers = folders.map((folder) =>
      watch(folder, (_event, name) => {
        if (!name || !names.has(path.resolve(folder, name.toString()))) return;
        clearTimeout(timer);
        timer = setTimeout(rerun, 150);
      }),
    );
    if (!run.json) console.log('Watching for changes (Ctrl+C to stop)...');
    running = false;
    if (again) {
      again = false;
      void rerun();
    }
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, async () => {
      for (const w of watchers) w.close();
      await browser?.close();
      process.exit(0);
    });
  }
  await rerun();
}
