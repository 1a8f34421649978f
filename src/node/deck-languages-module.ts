/**
 * The module `virtual:deck-languages`: the highlight.js grammars a deck's code blocks need (its
 * languages and those their grammars embed), each imported from highlight.js's own files, so
 * that a deck written in three languages ships three grammars and not 190.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { languageBundle } from '../core/languages.js';

export const languagesModuleId = 'virtual:deck-languages';

const grammars = path.join(path.dirname(createRequire(import.meta.url).resolve('highlight.js/package.json')), 'es', 'languages');

/** The grammars a page needs for `languages` (the deck model's): what the module registers. */
export function bundledLanguages(languages: readonly string[]): string[] {
  return languageBundle(languages);
}

export function languagesModuleCode(languages: readonly string[]): string {
  const names = bundledLanguages(languages);
  // Names come from the generated table of highlight.js's own files: safe in a path.
  const imports = names.map((name, i) => `import grammar${i} from ${JSON.stringify(path.join(grammars, `${name}.js`))};`);
  return [...imports, `export default [${names.map((name, i) => `[${JSON.stringify(name)}, grammar${i}]`).join(', ')}];`, ''].join('\n');
}
