/**
 * `.exercise[ ... ]` (and container.training's later `.lab[ ... ]`) become callouts: a labelled
 * box with the author's body and, under it, a card per link naming the repository and the recipe
 * or section the attendee lands on, opening in a new tab. A link with a card reads once: the
 * body keeps its text, the card is the link.
 */
import { outermostBlocks, type BlockSpan } from './content-blocks.js';
import { escapeHtml } from './html.js';
import type { FoundLink } from './markdown-scan.js';
import type { Exercise, ExerciseLink, Poll } from './model.js';
import { findPolls, readPoll, renderPoll } from './polls.js';
import type { LinkDescriber } from './recipe-catalog.js';
import type { Token } from './remark-lexer.js';
import type { At, DiagnosticList } from './diagnostics.js';
import type { LineIndex } from './source-text.js';
import type { ParsedSlide } from './slide-parser.js';
import { itemsBetween } from './sorted-offsets.js';
import type { SubstitutedFile } from './substitutions.js';

export const calloutClasses = ['exercise', 'lab'] as const;
export type CalloutKind = (typeof calloutClasses)[number];

export type CalloutSpan = BlockSpan<CalloutKind>;

/** Outermost exercise or lab blocks among a slide's tokens. */
export function findCallouts(tokens: readonly Token[]): CalloutSpan[] {
  return outermostBlocks(tokens, (classes) => calloutClasses.find((c) => classes.includes(c)));
}

/** Card data for each distinct link of a callout body. */
export function calloutLinks(links: readonly FoundLink[], describe: LinkDescriber): ExerciseLink[] {
  const cards: ExerciseLink[] = [];
  const seen = new Set<string>();
  for (const link of links) {
    if (!/^https?:\/\//.test(link.href) || seen.has(link.href)) continue;
    seen.add(link.href);
    const report = describe(link.href);
    const label = link.bare ? '' : link.label;
    cards.push({ href: link.href, label, source: report.source, title: report.title ?? (label || link.href) });
  }
  return cards;
}

/**
 * The body as the callout shows it: each link that has a card becomes its text. A URL shown as
 * text has its `:` written as an entity, or marked would make it a link again.
 */
export function calloutBody(text: SubstitutedFile, span: CalloutSpan, links: readonly FoundLink[], cards: readonly ExerciseLink[]): string {
  const carded = new Set(cards.map((card) => card.href));
  let body = '';
  let cursor = span.bodyStart;
  for (const link of links) {
    if (!carded.has(link.href) || link.offset < cursor || link.end > span.bodyEnd) continue;
    const shown = link.label.includes('`') ? link.label : link.label.replace(/\b(https?):\/\//g, '$1&#58;//');
    body += text.slice(cursor, link.offset) + shown;
    cursor = link.end;
  }
  return body + text.slice(cursor, span.bodyEnd);
}

/** The remark Markdown that replaces a callout: label, body, then the link cards. */
export function renderCallout(span: CalloutSpan, body: string, links: ExerciseLink[], minutes?: number): string {
  const label = `${span.kind === 'lab' ? 'Lab' : 'Exercise'}${minutes ? ` · ${minutes} min` : ''}`;
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

/** A link in an exercise should say where it leads: a bare URL only shows the address. */
function checkCalloutLinks(links: readonly FoundLink[], at: At, diagnostics: DiagnosticList): void {
  for (const link of links) {
    if (!link.bare) continue;
    diagnostics.warning({
      ...at(link.offset),
      message: 'bare URL in an exercise: the attendee sees the address, not where it leads',
      fix: `write it as a Markdown link: [what the attendee will find there](${link.href})`,
    });
  }
}

export interface CalloutContext {
  readonly file: string;
  readonly lines: LineIndex;
  /** The file as written (offsets of findings, masking code). */
  readonly raw: string;
  readonly text: SubstitutedFile;
  readonly describe: LinkDescriber;
  readonly at: At;
  readonly diagnostics: DiagnosticList;
  /** The chapter the slide is in, if any. */
  readonly chapter?: number;
  /** The index the slide's first exercise takes in the deck. */
  readonly firstIndex: number;
  /** The index the slide's first poll takes in the deck. */
  readonly firstPoll: number;
  /** The slide's planned minutes for its exercises (`minutes:`), checked. */
  readonly minutes?: number;
}

/** An exercise or a poll before the deck gives it an id and a slide (room-plan.ts, numbering.ts). */
export type PendingExercise = Omit<Exercise, 'id'>;
export type PendingPoll = Omit<Poll, 'id'>;

const overlap = (a: { start: number; end: number }, b: { start: number; end: number }) => a.start < b.end && b.start < a.end;

/**
 * A slide's Markdown (notes included) with its callouts and polls rendered, and the exercises
 * and polls they make. Those of a slide this variant leaves out are checked but make nothing.
 */
export function expandCallouts(slide: ParsedSlide, links: readonly FoundLink[], shown: boolean, context: CalloutContext): { markdown: string; exercises: PendingExercise[]; polls: PendingPoll[] } {
  const { text, lines, file } = context;
  const exercises: PendingExercise[] = [];
  const polls: PendingPoll[] = [];
  const callouts = findCallouts(slide.content);
  const blocks: Array<{ start: number; end: number; render: () => string | undefined }> = callouts.map((span) => ({
    start: span.start,
    end: span.end,
    render() {
      const bodyLinks = itemsBetween(links, span.bodyStart, span.bodyEnd, (l) => l.offset);
      checkCalloutLinks(bodyLinks, context.at, context.diagnostics);
      if (!shown) return undefined;
      const cards = calloutLinks(bodyLinks, context.describe);
      exercises.push({
        index: context.firstIndex + exercises.length,
        kind: span.kind,
        chapter: context.chapter,
        slide: -1,
        source: { file, line: lines.line(span.start), endLine: lines.line(span.end) },
        markdown: text.slice(span.bodyStart, span.bodyEnd).trim(),
        links: cards,
        ...(context.minutes ? { minutes: context.minutes } : {}),
      });
      return renderCallout(span, calloutBody(text, span, bodyLinks, cards), cards, context.minutes);
    },
  }));
  for (const span of findPolls(slide.content)) {
    const nested = callouts.find((callout) => overlap(callout, span));
    if (nested) {
      const inner = nested.start > span.start ? nested : span;
      context.diagnostics.error({
        ...context.at(inner.start),
        message: `a poll and ${nested.kind === 'lab' ? 'a lab' : 'an exercise'} cannot hold one another: the poll would not be put to the room`,
        fix: 'put the poll after the callout, on the same slide or the next',
      });
      continue;
    }
    blocks.push({
      start: span.start,
      end: span.end,
      render() {
        const poll = readPoll(context.raw, (from, to) => text.slice(from, to), span, slide.content, context.at, context.diagnostics);
        if (!poll || !shown) return undefined;
        polls.push({ index: context.firstPoll + polls.length, chapter: context.chapter, slide: -1, source: { file, line: lines.line(span.start), endLine: lines.line(span.end) }, ...poll });
        return renderPoll(span, poll);
      },
    });
  }
  let markdown = '';
  let cursor = slide.start;
  for (const block of blocks.sort((a, b) => a.start - b.start)) {
    const rendered = block.render();
    if (rendered === undefined) continue;
    markdown += text.slice(cursor, block.start) + rendered;
    cursor = block.end;
  }
  return { markdown: markdown + text.slice(cursor, slide.end), exercises, polls };
}
