/**
 * Stands in for remark's `src/remark/highlighter.js` (the whole of highlight.js 9 with every
 * language and theme, ~170 kB gzip): highlight.js 11 core, with the grammars the deck's code
 * blocks use registered by `deck-languages.ts` (the build bundles exactly those). The build
 * redirects remark's module here; the contract is `engine.highlightBlock` and `styles`.
 */
import hljs from 'highlight.js/lib/core';
import type { LanguageFn } from 'highlight.js';

/** A block's class word (`yml`, `console`) to the name its grammar is registered under. */
const registeredNames = new Map<string, string | null>();

function registeredName(word: string): string | null {
  const known = registeredNames.get(word);
  if (known !== undefined) return known;
  const grammar = hljs.getLanguage(word);
  const name = grammar ? (hljs.listLanguages().find((n) => hljs.getLanguage(n) === grammar) ?? null) : null;
  registeredNames.set(word, name);
  return name;
}

export const engine = {
  registerLanguage(name: string, grammar: LanguageFn): void {
    hljs.registerLanguage(name, grammar);
    registeredNames.clear();
  },
  /**
   * remark passes a `<code>` whose class is the fence's language word as written (`yaml`,
   * `console`). highlight.js 11 would guess at unknown names, so only registered languages (and
   * their aliases) are used. The class added is `language-<registered name>`: a grammar's display
   * name may hold spaces ("Shell Session"), which `classList.add` refuses. A block highlight.js
   * fails on stays as it was, plain: one block, never the deck.
   */
  highlightBlock(block: HTMLElement): void {
    try {
      const name = block.className.split(/\s+/).map((word) => (word ? registeredName(word) : null)).find((n) => n);
      if (!name) return;
      const result = hljs.highlight(block.textContent ?? '', { language: name, ignoreIllegals: true });
      block.innerHTML = result.value;
      block.classList.add('hljs', `language-${name}`);
    } catch (error) {
      console.error('highlight.js could not highlight a code block; it stays plain', error);
    }
  },
};

/** Theme CSS lives in our own stylesheet; remark injects nothing. */
export const styles: Record<string, string> = {};
