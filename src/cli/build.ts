/**
 * `npm run build [-- [--variant name] [--out-dir folder] [manifest.yml]]`: the static deck in
 * dist/ (or DECK_OUT_DIR), through Vite's build API (`vite build` rejects options it does not
 * know); exit status 1 on deck errors.
 */
import { buildSite, withoutStack } from '../node/ensure-build.js';
import { defaultManifest } from '../node/site-options.js';
import { helpOption, parseCommandArgs, variantHelp, variantOption } from './arguments.js';
import { readEnvironment, siteOptions } from './environment.js';

const usage = `Usage: npm run build [-- [--variant name] [--out-dir folder] [manifest.yml]]

Builds the static deck (default DECK_MANIFEST, else ${defaultManifest}) into dist/.
${variantHelp}
  --out-dir folder  where to write it (default DECK_OUT_DIR, else dist)`;

export async function main(args: string[]): Promise<void> {
  const { positionals, values } = parseCommandArgs('build', args, { ...variantOption, 'out-dir': { type: 'string' }, ...helpOption });
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
}
