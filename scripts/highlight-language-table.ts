/**
 * The language table of the installed highlight.js, read from its full registry: what
 * scripts/generate-highlight-languages.ts writes, and what tests/unit/languages.test.ts compares
 * the committed table with.
 */
import { createRequire } from 'node:module';

interface Mode {
  subLanguage?: string | string[];
  [key: string]: unknown;
}

/** The languages a grammar names as `subLanguage` anywhere in its modes. */
function embeddedLanguages(grammar: Mode): string[] {
  const seen = new Set<unknown>();
  const found = new Set<string>();
  const walk = (value: unknown): void => {
    if (!value || typeof value !== 'object' || seen.has(value)) return;
    seen.add(value);
    const mode = value as Mode;
    if (mode.subLanguage) for (const name of ([] as string[]).concat(mode.subLanguage)) found.add(name);
    for (const child of Object.values(mode)) walk(child);
  };
  walk(grammar);
  return [...found].sort();
}

export async function highlightLanguageTable(): Promise<{ version: string; languages: Record<string, [string[], string[]]> }> {
  const require = createRequire(import.meta.url);
  const { default: hljs } = await import('highlight.js');
  const version = (require('highlight.js/package.json') as { version: string }).version;
  const languages: Record<string, [string[], string[]]> = {};
  for (const name of hljs.listLanguages().sort()) {
    const grammar = hljs.getLanguage(name) as unknown as Mode & { aliases?: string[] };
    const aliases = [...new Set((grammar.aliases ?? []).map((a) => a.toLowerCase()))].filter((a) => a !== name).sort();
    languages[name] = [aliases, embeddedLanguages(grammar).filter((embedded) => embedded !== name)];
  }
  return { version, languages };
}
