/** `npm run pdf [-- options] [manifest]`: the deck as a PDF handout (see `--help`, docs/pdf.md). */
import path from 'node:path';
import { ensureBuilt } from '../node/ensure-build.js';
import { parsePdfArgs, pdfUsage, UsageError } from '../pdf/options.js';
import { createProgress } from '../pdf/progress.js';

export async function main(args: string[]): Promise<void> {
  let options;
  try {
    options = parsePdfArgs(args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`npm run pdf: ${error.message}`);
    process.exit(2);
  }
  if (!options) {
    console.log(pdfUsage);
    return;
  }

  const started = performance.now();
  const site = { manifest: options.manifest, variant: options.variant, outDir: options.dist };
  await ensureBuilt(site, !!options.build, (line) => console.error(line));

  // Chromium and pdf-lib, loaded once the deck is built.
  const { ExportError, exportPdf } = await import('../pdf/export-pdf.js');
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
}
