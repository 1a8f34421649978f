/**
 * What the build can know of the page's start-up: remark parses the whole deck, and runs every
 * macro, before it shows a slide. This runs remark's own parser and the runtime's macros
 * (src/runtime/macros.ts, plain string functions) in Node on every slide that calls a macro, so
 * that one that throws is reported at its slide's file and line instead of on screen. (In the
 * page, src/runtime/macros.ts catches it and the slide shows without it.) What only a browser
 * can see, the Markdown's conversion, highlighting and layout, is `npm run check`'s.
 */
import { createRequire } from 'node:module';
import type RemarkParser from 'remark-slide/src/remark/parser.js';
import type { DeckBuild } from '../core/deck.js';
import type { Diagnostic } from '../core/diagnostics.js';
import { runtimeMacros } from '../runtime/macros.js';

type Macros = Record<string, (this: string | undefined, ...args: string[]) => unknown>;

const separator = /^\n---?\n/;

export function macroFailures(build: DeckBuild, macros: Macros = runtimeMacros): Diagnostic[] {
  const { deck, slideSources } = build;
  // remark's lexer would hang on such a deck (src/core/runtime-limits.ts): so would this.
  if (!deck || !slideSources || build.diagnostics.some((d) => d.hangsBrowser)) return [];
  const diagnostics: Diagnostic[] = [];
  // remark's parser is loaded only for a deck that calls a macro: most lint runs never need it.
  let Parser: typeof RemarkParser | undefined;
  slideSources.forEach((text, index) => {
    if (!text.includes('![:')) return;
    Parser ??= createRequire(import.meta.url)('remark-slide/src/remark/parser.js') as typeof RemarkParser;
    const failed: string[] = [];
    // Unknown names are the loader's (src/core/macros.ts); only the known ones run here.
    const guarded = Object.fromEntries(
      Object.entries(macros).map(([name, macro]) => [
        name,
        function (this: string | undefined, ...args: string[]) {
          try {
            return macro.apply(this, args);
          } catch (error) {
            failed.push(`macro \`${name}\` throws: ${error instanceof Error ? error.message : String(error)}`);
            return '';
          }
        },
      ]),
    );
    try {
      new Parser().parse(text.replace(separator, ''), new Proxy(guarded, { get: (target, name) => (typeof name === 'string' && name in target ? target[name] : () => '') }));
    } catch (error) {
      failed.push(`remark cannot parse it: ${error instanceof Error ? error.message : String(error)}`);
    }
    const source = deck.slides[index]?.source;
    for (const message of failed) {
      diagnostics.push({
        severity: 'error',
        file: source?.file ?? deck.manifest,
        line: source?.line ?? 1,
        column: 1,
        message: `slide ${index + 1}: ${message}`,
        fix: 'change the macro call\'s arguments, or fix the macro in src/runtime/macros.ts; the slide would show without it',
      });
    }
  });
  return diagnostics;
}
