/**
 * `npm run build [-- [--variant name] [--out-dir folder] [--pdf] [manifest.yml]]`: the static
 * deck in dist/ (or DECK_OUT_DIR), through Vite's build API (`vite build` rejects options it
 * does not know); exit status 1 on deck errors. `--pdf` adds the handout PDF that `npm start`
 * offers attendees (src/pdf/handout-export.ts).
 */
import path from 'node:path';
import { buildSite, withoutStack } from '../node/ensure-build.js';
import { defaultManifest } from '../node/site-options.js';
import { helpOption, parseCommandArgs, variantHelp, variantOption } from './arguments.js';
import { readEnvironment, siteOptions } from './environment.js';

const usage = `Usage: npm run build [-- [--variant name] [--out-dir folder] [--pdf] [manifest.yml]]

Builds the static deck (default DECK_MANIFEST, else ${defaultManifest}) into dist/.
${variantHelp}
  --out-dir folder  where to write it (default DECK_OUT_DIR, else dist)
  --pdf             also print the handout PDF (<manifest name>.pdf, one slide per page) into
                    it, which npm start offers attendees; needs a Chromium (CHROME_PATH)`;

export async function main(args: string[]): Promise<void> {
  const { positionals, values } = parseCommandArgs('build', args, { ...variantOption, 'out-dir': { type: 'string' }, pdf: { type: 'boolean' }, ...helpOption });
  if (values.help) {
    console.log(usage);
    return;
  }
  const env = readEnvironment();
  const site = siteOptions({ manifest: positionals[0], variant: values.variant, outDir: values['out-dir'] }, env);
  const { createLogger } = await import('vite');
  const logger = createLogger('info');
  const logError = logger.error.bind(logger);
  logger.error = (message, options) => logError(withoutStack(message), { ...options, error: null });
  // A folder named by the user is theirs to replace, even outside the repository.
  await buildSite(site, { logLevel: 'info', customLogger: logger, emptyOutDir: (values['out-dir'] ?? env.outDir) !== undefined });
  if (values.pdf) await printHandout({ dist: site.outDir, manifest: site.manifest, chromePath: env.chromePath, createdAt: env.createdAt });
}

async function printHandout(settings: { dist: string; manifest: string; chromePath?: string; createdAt?: Date }): Promise<void> {
  const [{ exportHandout, handoutExportOptions }, { createProgress }, { ExportError }] = await Promise.all([
    import('../pdf/handout-export.js'),
    import('../pdf/progress.js'),
    import('../pdf/export-pdf.js'),
  ]);
  const out = handoutExportOptions(settings).out;
  const progress = createProgress();
  try {
    const result = await exportHandout(settings, progress);
    progress.stop();
    for (const warning of result.warnings) console.error(`warning: ${warning}`);
    console.log(`Wrote the handout ${path.relative(process.cwd(), out) || out}: ${result.pages} pages, ${(result.bytes / 1024).toFixed(0)} kB`);
  } catch (error) {
    progress.stop();
    // No browser, or a deck that cannot be printed: the build is there, the handout is not.
    if (!(error instanceof ExportError) && !/No Chromium found/.test(String((error as Error)?.message))) throw error;
    console.error(`error: the deck is built, but not its handout: ${(error as Error).message}`);
    process.exit(1);
  }
}
