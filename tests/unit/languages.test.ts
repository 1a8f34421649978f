/** Code block languages: resolved as highlight.js resolves them, warned about when unknown, bundled exactly. */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { highlightJsVersion, highlightLanguages } from '../../src/core/highlight-languages.generated.js';
import { languageBundle, languageOfFile, resolveLanguage } from '../../src/core/languages.js';
import { bundledLanguages, languagesModuleCode } from '../../src/node/deck-languages-module.js';
import { highlightLanguageTable } from '../../scripts/highlight-language-table.js';
import { buildChapters, positions } from './deck-fixture.js';

const fence = (language: string, body = 'x') => ['```' + language, body, '```'].join('\n');

describe('the language table', () => {
  it('is the installed highlight.js registry (run scripts/generate-highlight-languages.ts after an upgrade)', async () => {
    const installed = await highlightLanguageTable();
    expect(highlightJsVersion).toBe(installed.version);
    expect(highlightLanguages).toEqual(installed.languages);
  });

  it('resolves every name and alias as highlight.js does, whatever the case', async () => {
    const { default: hljs } = await import('highlight.js');
    for (const name of hljs.listLanguages()) {
      for (const word of [name, ...(hljs.getLanguage(name)?.aliases ?? [])]) {
        const resolved = resolveLanguage(word.toUpperCase());
        expect(resolved, word).toBeDefined();
        expect(hljs.getLanguage(resolved!), word).toBe(hljs.getLanguage(word));
      }
    }
  });

  it('knows the words decks write', () => {
    const words = { yml: 'yaml', YAML: 'yaml', sh: 'bash', zsh: 'bash', console: 'shell', shell: 'shell', text: 'plaintext', txt: 'plaintext', js: 'javascript', ts: 'typescript', html: 'xml', tf: undefined, hcl: undefined };
    for (const [word, name] of Object.entries(words)) expect(resolveLanguage(word), word).toBe(name);
  });

  it('bundles what a wrapper language embeds, and nothing for a corner case', () => {
    expect(languageBundle(['shell'])).toEqual(['bash', 'shell']);
    expect(languageBundle(['dockerfile'])).toEqual(['bash', 'dockerfile']);
    expect(languageBundle(['xml'])).toEqual(['css', 'javascript', 'xml']);
    expect(languageBundle(['erb'])).toEqual(['css', 'erb', 'javascript', 'ruby', 'xml']);
    // ERB tags in YAML, GraphQL in template strings: left plain rather than shipped to every attendee.
    expect(languageBundle(['yaml', 'bash'])).toEqual(['bash', 'yaml']);
    expect(languageBundle(['javascript'])).toEqual(['javascript']);
    expect(languageBundle([])).toEqual([]);
  });

  it('names a file\'s language from its extension or its name', () => {
    expect(languageOfFile('manifests/hpa.yaml')).toBe('yaml');
    expect(languageOfFile('scripts/setup.sh')).toBe('bash');
    expect(languageOfFile('Dockerfile')).toBe('dockerfile');
    expect(languageOfFile('x/Makefile')).toBe('makefile');
    expect(languageOfFile('notes')).toBeUndefined();
    expect(languageOfFile('values.unknownext')).toBeUndefined();
  });
});

describe('a deck\'s languages', () => {
  it('are listed by their highlight.js names, in notes and classes too', () => {
    const build = buildChapters({
      'a.md': ['# A', '', '---', '', fence('yml', 'a: 1'), '', '.left[', fence('console', '$ ls'), ']', '', '???', fence('sh', 'ls')].join('\n'),
      'b.md': ['# B', '', fence('TEXT'), '', fence(''), '', fence('plaintext')].join('\n'),
    });
    expect(build.diagnostics).toEqual([]);
    expect(build.deck?.languages).toEqual(['bash', 'plaintext', 'shell', 'yaml']);
  });

  it('warn about a word highlight.js does not know, at the word, with the closest name', () => {
    const build = buildChapters({ 'a.md': ['# A', '', '---', '', '  ```yamll', '  a: 1', '  ```', '', '```hcl', 'x = 1', '```'].join('\n') });
    expect(positions(build.diagnostics)).toEqual(['warning a.md:5:6', 'warning a.md:9:4']);
    expect(build.diagnostics[0].message).toContain('no language `yamll`');
    expect(build.diagnostics[0].fix).toContain('did you mean `yaml`?');
    expect(build.deck?.languages).toEqual([]);
    expect(build.ok).toBe(true);
  });
});

describe('virtual:deck-languages', () => {
  it('imports exactly the grammars the deck needs, from highlight.js\'s own files', () => {
    const code = languagesModuleCode(['yaml', 'bash']);
    const imported = [...code.matchAll(/from "([^"]+)"/g)].map((m) => m[1]);
    expect(imported.map((file) => file.replace(/.*\//, ''))).toEqual(['bash.js', 'yaml.js']);
    for (const file of imported) expect(existsSync(file)).toBe(true);
    expect(code).toContain('export default [["bash", grammar0], ["yaml", grammar1]]');
    expect(bundledLanguages([])).toEqual([]);
  });
});
