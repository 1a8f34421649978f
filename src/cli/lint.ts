/** `npm run lint [manifest]`: the loader's checks; exit status 1 when the deck has errors. */
import { parseArgs } from 'node:util';
import { formatDiagnostic } from '../core/diagnostics.js';
import { defaultManifest, loadDeck } from '../node/load-deck.js';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { help: { type: 'boolean', short: 'h' } },
});
if (values.help) {
  console.log(`Usage: npm run lint [-- manifest.yml]\n\nChecks the deck (default ${defaultManifest}) and prints every problem as file:line:column.`);
  process.exit(0);
}
const manifest = positionals[0] ?? defaultManifest;
const build = loadDeck(manifest);
for (const d of build.diagnostics) console.error(formatDiagnostic(d));
const errors = build.diagnostics.filter((d) => d.severity === 'error').length;
const warnings = build.diagnostics.length - errors;
const summary = build.deck
  ? `${build.deck.slides.length} slides, ${build.deck.chapters.length} chapters, ${build.deck.exercises.length} exercises`
  : 'no deck';
console.log(`${manifest}: ${summary}; ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`);
process.exit(errors > 0 ? 1 : 0);
