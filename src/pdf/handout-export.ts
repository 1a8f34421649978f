/**
 * The handout as `npm run build -- --pdf` and `npm start` make it: the deck's default PDF (one
 * slide per page, final states) in the build folder, stamped with its build
 * (src/node/handout-file.ts). `npm start` exports it in the background when it has none for the
 * build it serves and a browser is at hand; the server is usable meanwhile, the log says how it
 * went, and a failure leaves the deck served without a handout. Chromium and pdf-lib are loaded
 * only when an export runs.
 */
import path from 'node:path';
import { findBrowser, noBrowserHelp } from '../node/find-browser.js';
import { currentHandout, handoutFileName } from '../node/handout-file.js';
import type { ExportOptions, ExportResult } from './export-pdf.js';
import type { Progress } from './progress.js';

export interface HandoutSettings {
  /** The build folder, which the handout goes into. */
  dist: string;
  manifest: string;
  chromePath?: string;
  createdAt?: Date;
}

export function handoutExportOptions(settings: HandoutSettings): ExportOptions {
  return {
    dist: settings.dist,
    out: path.join(settings.dist, handoutFileName(settings.manifest)),
    layout: { kind: 'slides' },
    steps: false,
    paper: 'a4',
    timeoutMs: 20_000,
    chromePath: settings.chromePath,
    createdAt: settings.createdAt,
    handout: true,
  };
}

export async function exportHandout(settings: HandoutSettings, progress: Progress): Promise<ExportResult> {
  const { exportPdf } = await import('./export-pdf.js');
  return exportPdf(handoutExportOptions(settings), progress);
}

const quiet: Progress = { stage() {}, stop() {} };

/**
 * `npm start`'s handout: nothing to do when the folder has one of `buildId`; otherwise exported,
 * with what happens told to `log`. Never throws: the server goes on whatever happens here.
 */
export async function exportHandoutInBackground(settings: HandoutSettings & { buildId: string; log: (line: string) => void }): Promise<void> {
  const { log } = settings;
  const name = handoutFileName(settings.manifest);
  try {
    if (currentHandout(settings.dist, settings.buildId)) {
      log(`Handout: ${name}, made from this build, is offered to attendees in their menu.`);
      return;
    }
    if (!findBrowser(settings.chromePath)) {
      log(`Handout: none, as no browser was found to print it. ${noBrowserHelp} Or run \`npm run build -- --pdf\` on a machine that has one.`);
      return;
    }
    log(`Handout: exporting ${name} in the background; the deck is served meanwhile.`);
    const started = performance.now();
    const result = await exportHandout(settings, quiet);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    log(`Handout: ${name} is ready (${result.pages} pages, ${Math.round(result.bytes / 1024)} kB, ${seconds} s); attendees find it in their menu.`);
    for (const warning of result.warnings) log(`Handout: warning: ${warning}`);
  } catch (error) {
    const message = (error as Error)?.message ?? String(error);
    log(`Handout: the export failed, so the deck is served without one: ${message.split('\n')[0]} (\`npm run pdf\` says more).`);
  }
}
