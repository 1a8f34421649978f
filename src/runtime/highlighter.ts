/**
 * Stands in for remark's `src/remark/highlighter.js` (the whole of highlight.js 9 with every
 * language and theme, ~170 kB gzip): highlight.js 11 core with the languages workshop decks use.
 * The build redirects remark's module here; the contract is `engine.highlightBlock` and `styles`.
 */
import hljs from 'highlight.js/lib/core';
import bash from 'highlight.js/lib/languages/bash';
import dockerfile from 'highlight.js/lib/languages/dockerfile';
import go from 'highlight.js/lib/languages/go';
import json from 'highlight.js/lib/languages/json';
import plaintext from 'highlight.js/lib/languages/plaintext';
import python from 'highlight.js/lib/languages/python';
import shell from 'highlight.js/lib/languages/shell';
import yaml from 'highlight.js/lib/languages/yaml';

hljs.registerLanguage('bash', bash);
hljs.registerLanguage('shell', shell);
hljs.registerLanguage('yaml', yaml);
hljs.registerLanguage('json', json);
hljs.registerLanguage('dockerfile', dockerfile);
hljs.registerLanguage('python', python);
hljs.registerLanguage('go', go);
hljs.registerLanguage('plaintext', plaintext);

export const highlightedLanguages = hljs.listLanguages();

export const engine = {
  /**
   * remark passes a `<code>` whose class is the fence's language, bare (`yaml`). highlight.js 11
   * would guess at unknown names, so only registered languages (and their aliases) are used.
   */
  highlightBlock(block: HTMLElement): void {
    const language = block.className.split(/\s+/).find((name) => name && hljs.getLanguage(name));
    if (!language) return;
    const result = hljs.highlight(block.textContent ?? '', { language, ignoreIllegals: true });
    block.innerHTML = result.value;
    block.classList.add('hljs', `language-${hljs.getLanguage(language)?.name?.toLowerCase() ?? language}`);
  },
};

/** Theme CSS lives in our own stylesheet; remark injects nothing. */
export const styles: Record<string, string> = {};
