/**
 * Code block languages as highlight.js names them. A fence's word may be a language's name or
 * any of its aliases, in any case (`yml`, `console`, `sh`); the loader resolves it to the
 * registered name, warns about a word highlight.js does not know (the block would show
 * unhighlighted), and lists the languages a deck uses, so that the build bundles exactly their
 * grammars, and the grammars a wrapper language cannot do without (Bash inside a console session
 * or a Dockerfile, CSS and JavaScript inside HTML, the host language of a template).
 */
import { closestMatch } from './closest-match.js';
import type { CodeBlock } from './code-blocks.js';
import type { At, DiagnosticList } from './diagnostics.js';
import { highlightLanguages } from './highlight-languages.generated.js';

/**
 * Every name and alias, lower case, to the registered name (a constant built from the table).
 * As in highlight.js: the language registered last takes a shared alias (`ls`), and a name wins
 * over another language's alias.
 */
const byName = new Map<string, string>();
for (const [name, [aliases]] of Object.entries(highlightLanguages)) for (const alias of aliases) byName.set(alias, name);
for (const name of Object.keys(highlightLanguages)) byName.set(name, name);

/** The registered highlight.js name of a language word, or `undefined` when highlight.js has none. */
export function resolveLanguage(word: string): string | undefined {
  return byName.get(word.toLowerCase());
}

/**
 * Languages whose blocks are mostly another language: their embedded grammars ship with them. Other
 * grammars embed for corner cases (ERB tags in YAML, GraphQL in JavaScript template strings,
 * PL bodies in PostgreSQL): highlight.js leaves such a part plain when its grammar is absent,
 * which is not worth a grammar the page loads for every attendee (Ruby for YAML is 1.8 kB gzip).
 */
const wrapperLanguages = new Set([
  'shell', 'dockerfile', 'xml', 'erb', 'haml', 'django', 'handlebars', 'dust', 'twig', 'php-template',
  'vbscript-html', 'mojolicious', 'parser3', 'clojure-repl', 'julia-repl', 'node-repl', 'python-repl',
]);

/** The languages and the grammars wrapper languages embed: the grammars a page needs. */
export function languageBundle(languages: Iterable<string>): string[] {
  const needed = new Set<string>();
  const add = (name: string) => {
    if (needed.has(name) || !highlightLanguages[name]) return;
    needed.add(name);
    if (wrapperLanguages.has(name)) for (const embedded of highlightLanguages[name][1]) add(embedded);
  };
  for (const name of languages) add(name);
  return [...needed].sort();
}

/** Files named by their whole name rather than their extension. */
const languageOfFileName: Readonly<Record<string, string>> = { dockerfile: 'dockerfile', containerfile: 'dockerfile', makefile: 'makefile', gnumakefile: 'makefile' };

/** The language of a file from its name (`hpa.yaml` -> `yaml`, `Dockerfile` -> `dockerfile`), if highlight.js knows it. */
export function languageOfFile(path: string): string | undefined {
  const name = (path.split('/').pop() ?? '').toLowerCase();
  if (languageOfFileName[name]) return languageOfFileName[name];
  const dot = name.lastIndexOf('.');
  return dot > 0 ? resolveLanguage(name.slice(dot + 1)) : undefined;
}

/**
 * The registered names of the languages of `blocks`, with a warning at each word highlight.js
 * does not know.
 */
export function blockLanguages(blocks: readonly CodeBlock[], at: At, diagnostics: DiagnosticList): string[] {
  const used = new Set<string>();
  for (const block of blocks) {
    if (!block.language) continue;
    const name = resolveLanguage(block.language);
    if (name) {
      used.add(name);
      continue;
    }
    const closest = closestMatch(block.language, byName.keys(), { maxDistance: 2 });
    diagnostics.warning({
      ...at(block.languageAt),
      message: `highlight.js has no language \`${block.language}\`, so this block shows unhighlighted`,
      fix: closest
        ? `did you mean \`${closest}\`? Write a language highlight.js knows, or \`text\` for plain text`
        : 'write a language highlight.js knows (its names and aliases: https://highlightjs.readthedocs.io/en/latest/supported-languages.html), or `text` for plain text',
    });
  }
  return [...used].sort();
}
