/**
 * `npm run build [-- [--variant name] [manifest.yml]]`: the static deck in dist/ (or
 * DECK_OUT_DIR). `vite build` rejects options it does not know, so this sets the plugin's
 * environment (DECK_MANIFEST, DECK_VARIANT) and calls Vite's build API; exit status 1 on errors.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { build, createLogger } from 'vite';
import { defaultManifest } from '../node/load-deck.js';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    variant: { type: 'string' },
    'out-dir': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
});
if (values.help) {
  console.log(`Usage: npm run build [-- [--variant name] [--out-dir folder] [manifest.yml]]

Builds the static deck (default manifest ${defaultManifest}) into dist/.
  --variant name    the variant named under the manifest's \`variants:\` (default DECK_VARIANT,
                    else the default variant: the manifest's own \`exclude\`)
  --out-dir folder  where to write it (default DECK_OUT_DIR, else dist)`);
  process.exit(0);
}
if (positionals[0]) process.env.DECK_MANIFEST = path.resolve(positionals[0]);
if (values.variant) process.env.DECK_VARIANT = values.variant;
const outDir = values['out-dir'] ?? process.env.DECK_OUT_DIR;
// Deck errors already name file and line: a stack trace into Rolldown would only bury them.
const logger = createLogger('info');
const logError = logger.error.bind(logger);
logger.error = (message, options) => logError(withoutStack(message), { ...options, error: null });
function withoutStack(text: string): string {
  return text.split('\n').filter((line) => !/^\s+at /.test(line)).join('\n');
}
try {
  await build({ customLogger: logger, ...(outDir ? { build: { outDir: path.resolve(outDir), emptyOutDir: true } } : {}) });
} catch (error) {
  console.error(withoutStack(String((error as Error).message)));
  process.exit(1);
}
