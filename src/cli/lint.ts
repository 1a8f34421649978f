/** `npm run lint [manifest]`: the loader's checks; exit status 1 when the deck has errors. */
import { parseArgs } from 'node:util';
import { formatDiagnostic } from '../core/diagnostics.js';
import { defaultManifest, loadDeck, variantFromEnv } from '../node/load-deck.js';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { variant: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
});
if (values.help) {
  console.log(`Usage: npm run lint [-- [--variant name] manifest.yml]

Checks the deck (default ${defaultManifest}) and prints every problem as file:line:column.
  --variant name   check the variant the manifest names under \`variants:\` (default DECK_VARIANT,
                   else the default variant: the manifest's own \`exclude\`)`);
  process.exit(0);
}
const manifest = positionals[0] ?? process.env.DECK_MANIFEST ?? defaultManifest;
const variant = values.variant ?? variantFromEnv();
const build = loadDeck(manifest, { variant });
for (const d of build.diagnostics) console.error(formatDiagnostic(d));
const errors = build.diagnostics.filter((d) => d.severity === 'error').length;
const warnings = build.diagnostics.length - errors;
const summary = build.deck
  ? `${build.deck.slides.length} slides, ${build.deck.chapters.length} chapters, ${build.deck.exercises.length} exercises`
  : 'no deck';
const name = variant ? ` (variant ${variant})` : '';
console.log(`${manifest}${name}: ${summary}; ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`);
process.exit(errors > 0 ? 1 : 0);
