/**
 * `.exercise[ ... ]` (and container.training's later `.lab[ ... ]`) become callouts: a labelled
 * box with the author's body and, under it, a card per link naming the repository and the recipe
 * or section the attendee lands on, opening in a new tab.
 */
import { escapeHtml } from './html.js';
import type { FoundLink } from './markdown-scan.js';
import type { ExerciseLink } from './model.js';
import { describeRecipeLink, type RecipeCatalog } from './recipe-catalog.js';
import type { Token } from './remark-lexer.js';

export const calloutClasses = ['exercise', 'lab'] as const;
export type CalloutKind = (typeof calloutClasses)[number];

export interface CalloutSpan {
  kind: CalloutKind;
  classes: string[];
  /** Offset of the leading `.` and just past the closing `]`. */
  start: number;
  end: number;
  /** The body between the brackets. */
  bodyStart: number;
  bodyEnd: number;
}

/** Outermost exercise or lab blocks among a slide's tokens. */
export function findCallouts(tokens: Token[]): CalloutSpan[] {
  const spans: CalloutSpan[] = [];
  const stack: Array<{ token: Token & { type: 'content_start' }; kind?: CalloutKind }> = [];
  // How many callouts are open: a count, not a walk of the stack, which may be deep.
  let calloutsOpen = 0;
  for (const token of tokens) {
    if (token.type === 'content_start') {
      const kind = calloutClasses.find((c) => token.classes.includes(c));
      stack.push({ token, kind });
      if (kind) calloutsOpen++;
    } else if (token.type === 'content_end') {
      const open = stack.pop();
      if (open?.kind) calloutsOpen--;
      if (open?.kind && calloutsOpen === 0) {
        spans.push({
          kind: open.kind,
          classes: open.token.classes,
          start: open.token.start,
          end: token.end,
          bodyStart: open.token.end,
          bodyEnd: token.start,
        });
      }
    }
  }
  return spans;
}

/** Card data for each distinct link of a callout body. */
export function calloutLinks(links: FoundLink[], catalog: RecipeCatalog): ExerciseLink[] {
  const cards: ExerciseLink[] = [];
  const seen = new Set<string>();
  for (const link of links) {
    if (!/^https?:\/\//.test(link.href) || seen.has(link.href)) continue;
    seen.add(link.href);
    const report = describeRecipeLink(catalog, link.href);
    const label = link.bare ? '' : link.label;
    cards.push({ href: link.href, label, source: report.source, title: report.title ?? (label || link.href) });
  }
  return cards;
}

/** The remark Markdown that replaces a callout: label, body, then the link cards. */
export function renderCallout(span: CalloutSpan, body: string, links: ExerciseLink[]): string {
  const label = span.kind === 'lab' ? 'Lab' : 'Exercise';
  const cards = links.map(
    (link) =>
      `<a class="link-card" href="${escapeHtml(link.href)}" target="_blank" rel="noopener noreferrer">` +
      `<span class="link-card-source">${escapeHtml(link.source)}</span>` +
      `<span class="link-card-title">${escapeHtml(link.title)}</span></a>`,
  );
  const lines = [`.${span.classes.join('.')}[`, `.callout-label[${label}]`, '', body.trim(), ''];
  if (cards.length) lines.push('.link-cards[', ...cards, ']');
  lines.push(']');
  return lines.join('\n');
}
