/** `npm run pdf [-- options] [manifest]`: the deck as a PDF handout (see `--help`, docs/pdf.md). */
import path from 'node:path';
import { buildSite, rebuildReason } from '../node/ensure-build.js';
import { ExportError, exportPdf } from '../pdf/export-pdf.js';
import { parsePdfArgs, pdfUsage, UsageError } from '../pdf/options.js';
import { createProgress } from '../pdf/progress.js';

let options;
try {
  options = parsePdfArgs(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  console.error(`npm run pdf: ${error.message}`);
  process.exit(2);
}
if (!options) {
  console.log(pdfUsage);
  process.exit(0);
}

const started = performance.now();
const reason = options.build ? 'asked with --build' : rebuildReason(options.manifest, options.dist);
if (reason) {
  console.error(`Building the deck (${reason})...`);
  try {
    await buildSite(options.manifest, options.dist);
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
}

const progress = createProgress();
try {
  const result = await exportPdf(options, progress);
  progress.stop();
  for (const warning of result.warnings) console.error(`warning: ${warning}`);
  const extra = result.pages - result.slidePages;
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(
    `Wrote ${path.relative(process.cwd(), options.out) || options.out}: ${result.pages} pages ` +
      `(${result.slides} slides${extra ? `, ${extra} of exercises` : ''}), ${(result.bytes / 1024).toFixed(0)} kB, in ${seconds} s`,
  );
} catch (error) {
  progress.stop();
  if (!(error instanceof ExportError)) throw error;
  console.error(`error: ${error.message}`);
  process.exit(1);
}
