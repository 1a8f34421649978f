/** The page's highlighter: a block highlight.js or the DOM fails on stays plain, and the deck goes on. */
import { describe, expect, it, vi } from 'vitest';
import yaml from 'highlight.js/lib/languages/yaml';
import { engine } from '../../src/runtime/highlighter.js';

/** Just what highlightBlock touches of a `<code>` element. */
function block(className: string, text: string, add: (...tokens: string[]) => void = () => {}) {
  return { className, textContent: text, innerHTML: '', classList: { add } } as unknown as HTMLElement & { innerHTML: string };
}

describe('highlightBlock', () => {
  engine.registerLanguage('yaml', yaml);

  it('names the registered language, never a display name, and highlights', () => {
    const added: string[] = [];
    const code = block('yml', 'a: 1', (...tokens) => added.push(...tokens));
    engine.highlightBlock(code);
    expect(added).toEqual(['hljs', 'language-yaml']);
    expect(code.innerHTML).toContain('hljs-attr');
  });

  it('leaves an unknown language alone', () => {
    const code = block('nosuchlanguage', 'x');
    engine.highlightBlock(code);
    expect(code.innerHTML).toBe('');
  });

  it('does not throw when the DOM refuses, so remark goes on with the other slides', () => {
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => {});
    const code = block('yaml', 'a: 1', () => {
      throw new DOMException("The token provided ('Shell Session') contains HTML space characters", 'InvalidCharacterError');
    });
    expect(() => engine.highlightBlock(code)).not.toThrow();
    expect(quiet).toHaveBeenCalled();
    quiet.mockRestore();
  });
});
