declare module 'virtual:deck-languages' {
  import type { LanguageFn } from 'highlight.js';
  /** The highlight.js grammars the deck needs, by registered name (see src/node/deck-languages-module.ts). */
  const languages: ReadonlyArray<readonly [name: string, grammar: LanguageFn]>;
  export default languages;
}
