/**
 * Registers the highlight.js grammars the deck's code blocks use (the virtual module the deck
 * plugin writes from `deck.languages`) with remark's highlighter, through remark itself: in dev
 * the highlighter is bundled inside remark's pre-bundled dependency, and this is the instance
 * remark calls. Imported right after remark, before any slide is rendered.
 */
import languages from 'virtual:deck-languages';

for (const [name, grammar] of languages) window.remark.highlighter.engine.registerLanguage(name, grammar);
