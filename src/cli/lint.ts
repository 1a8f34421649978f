/** `npm run lint [manifest]`: the loader's checks; exit status 1 when the deck has errors. */
import { formatDiagnostic } from '../core/diagnostics.js';
import { loadDeck } from '../node/load-deck.js';
import { defaultManifest } from '../node/site-options.js';
import { helpOption, parseCommandArgs, shownPath, variantHelp, variantOption } from './arguments.js';
import { readEnvironment, siteOptions } from './environment.js';

const usage = `Usage: npm run lint [-- [--variant name] manifest.yml]

Checks the deck (default DECK_MANIFEST, else ${defaultManifest}) and prints every problem as
file:line:column.
${variantHelp}`;

/** Lints; says whether a deck was linted (not only the usage printed). */
export async function main(args: string[]): Promise<boolean> {
  const { positionals, values } = parseCommandArgs('lint', args, { ...variantOption, ...helpOption });
  if (values.help) {
    console.log(usage);
    return false;
  }
  const env = readEnvironment();
  const { manifest, variant } = siteOptions({ manifest: positionals[0], variant: values.variant }, env);
  const build = loadDeck(manifest, { variant });
  for (const d of build.diagnostics) console.error(formatDiagnostic(d));
  const errors = build.diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = build.diagnostics.length - errors;
  const summary = build.deck
    ? `${build.deck.slides.length} slides, ${build.deck.chapters.length} chapters, ${build.deck.exercises.length} exercises`
    : 'no deck';
  const name = variant ? ` (variant ${variant})` : '';
  console.log(`${shownPath(manifest)}${name}: ${summary}; ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`);
  process.exitCode = errors > 0 ? 1 : 0;
  return true;
}
