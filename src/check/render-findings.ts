/**
 * Findings for what failed while the page rendered the deck: parts of slides that the runtime
 * isolated (src/runtime/slide-views.ts: each with its slide and file:line), and errors the page
 * threw outside any slide.
 */
import type { PageDeck } from '../shared/page-deck.js';
import type { RenderFailure } from '../runtime/slide-views.js';
import type { CheckFinding } from './findings.js';

function fixFor(stage: string): string {
  if (stage.startsWith('macro')) return 'check the macro\'s name and arguments (`npm run lint` lists the macros the runtime knows)';
  if (stage === 'code highlighting') return 'check the code fence\'s language; the block shows unhighlighted meanwhile';
  if (stage === 'Markdown' || stage === 'notes') return 'simplify the slide\'s Markdown (raw HTML, nested classes) until it renders; it shows as plain text meanwhile';
  return 'the slide shows without this part; report it with the slide\'s Markdown if the slide looks right';
}

export function renderFailureFindings(failures: RenderFailure[], deck: PageDeck): CheckFinding[] {
  return failures.map((failure) => {
    const source = deck.slides[failure.index]?.source;
    return {
      kind: 'render',
      severity: 'error',
      file: source?.file ?? deck.manifest,
      line: source?.line ?? 1,
      column: 1,
      slide: failure.index + 1,
      message: `the slide did not render completely: ${failure.stage} failed: ${failure.message}`,
      fix: fixFor(failure.stage),
    };
  });
}

/** Errors the page threw outside any slide's rendering (a slide's own are failures above). */
export function pageErrorFindings(errors: string[], deck: PageDeck): CheckFinding[] {
  return [...new Set(errors)].map((message) => ({
    kind: 'render',
    severity: 'error',
    file: deck.manifest,
    line: 1,
    column: 1,
    message: `the page threw an error outside any slide: ${message}`,
    fix: 'open the deck with `npm run dev` and look at the browser console',
  }));
}
