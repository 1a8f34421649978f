/**
 * What container.training's builder (`slides/markmaker.py`) adds to a deck, done its way:
 *
 * - every line starting `# ` in a file, anywhere in it (code and notes included), is a section
 *   title; each gets a contents line and, before the slide that holds it (with its `--` steps),
 *   a picture slide from `interstitials.txt` (when the deck has one) and a title slide named
 *   `toc-<anchor>` with "Previous part | Back to table of contents | Next part" links;
 * - each entry of the manifest's top-level list that holds titles is a part, and `@@TOC@@`
 *   becomes one contents slide per part (`toc-part-N`, "Part N", or "Table of contents" when
 *   there is one part).
 */
import type { ChapterHead, ContentsMarker, SectionTitleMarker } from './chapter-file.js';
import type { DiagnosticList } from './diagnostics.js';
import type { DeckLink } from './model.js';
import { propertiesOf, type SlideDraft } from './slide-draft.js';
import { parseSlides } from './slide-parser.js';

/** A section title as the builder finds it: `^# (.*)` on the file's text. */
export interface SectionTitle {
  readonly title: string;
  /** Offset of the `#`. */
  readonly offset: number;
}

/**
 * Each title makes two slides more, and remark builds every slide in each attendee's browser: past
 * this many in one file, it is pasted junk or code (a script's `# ` comments), not sections.
 */
export const sectionTitleLimit = 200;

export function sectionTitles(text: string): SectionTitle[] {
  const titles: SectionTitle[] = [];
  for (const match of text.matchAll(/^# (.*)$/gm)) if (match[1].trim()) titles.push({ title: match[1], offset: match.index });
  return titles;
}

/** The builder's slide name for a title: `toc-`, then its ASCII letters and dashes, lower case, spaces as dashes. */
export function anchor(title: string): string {
  return `toc-${title.toLowerCase().replace(/ /g, '-').replace(/[^a-z-]/g, '')}`;
}

/** An image of `interstitials.txt`, where it is written. */
export interface Interstitial {
  readonly path: string;
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/** The builder's picture list: one image a line, blank lines skipped. */
export function readInterstitials(file: string, text: string): Interstitial[] {
  return text.split('\n').flatMap((raw, i) => (raw.trim() ? [{ path: raw.trim(), file, line: i + 1, column: raw.length - raw.trimStart().length + 1 }] : []));
}

/** The parts and what each section title needs to know about the others. */
export interface ContainerTrainingParts {
  /** The heads with their part named (`Part 2`), none when there is one part. */
  readonly heads: ChapterHead[];
  /** For the model: each part and its titles. */
  readonly tree: Array<{ title: string; children: Array<{ title: string; chapter: number; slideName: string; children: [] }> }>;
  /** Part number (1-based) of each head. */
  readonly partOf: readonly number[];
}

/** Numbers the parts: the top-level entries that hold at least one title, in order. */
export function containerTrainingParts(heads: readonly ChapterHead[]): ContainerTrainingParts {
  const numbers = new Map<number | undefined, number>();
  for (const head of heads) if (!numbers.has(head.topLevel)) numbers.set(head.topLevel, numbers.size + 1);
  const partOf = heads.map((head) => numbers.get(head.topLevel) as number);
  const parts = numbers.size;
  const label = (part: number) => (parts === 1 ? 'Table of contents' : `Part ${part}`);
  const tree: ContainerTrainingParts['tree'] = [];
  heads.forEach((head, i) => {
    if (tree.length < partOf[i]) tree.push({ title: label(partOf[i]), children: [] });
    tree[partOf[i] - 1].children.push({ title: head.title, chapter: head.index, slideName: head.slideName, children: [] });
  });
  return { heads: heads.map((head, i) => ({ ...head, parts: parts === 1 ? [] : [label(partOf[i])] })), tree, partOf };
}

/** The contents the builder writes for `@@TOC@@`: a slide per part, separated by `---`. */
export function partContentsMarkdown(parts: ContainerTrainingParts): string {
  return parts.tree
    .map((part, i) => {
      // Fewer than ten lines get room to breathe (a loose list), as the builder gives them.
      const gap = part.children.length < 10 ? '\n' : '';
      const items = part.children.map((entry) => `- [${entry.title}](#${entry.slideName})\n${gap}`).join('');
      return `name: toc-part-${i + 1}\n\n## ${part.title}\n\n${items}`;
    })
    .join('\n---\n');
}

/** The contents slides in place of the slide that holds `@@TOC@@`: its text before and after stays. */
export function contentsDrafts(marker: ContentsMarker, parts: ContainerTrainingParts): SlideDraft[] {
  const text = `${marker.before}${partContentsMarkdown(parts)}${marker.after}`;
  return parseSlides(text).map((slide, i) => {
    const properties = propertiesOf(slide);
    const markdown = text.slice(slide.start, slide.end);
    const links: DeckLink[] = [...markdown.matchAll(/\]\(#([^)\s]+)\)/g)].map((m) => ({ href: `#${m[1]}`, label: '', line: marker.source.line, column: 1 }));
    return {
      markdown,
      opener: i === 0 ? marker.opener : slide.opener?.kind ?? '---',
      kind: 'toc',
      source: marker.source,
      properties,
      title: /^## (.*)$/m.exec(markdown)?.[1],
      notes: slide.notes ? text.slice(slide.notes.offset + 3, slide.end).trim() : '',
      links,
      exercises: [],
    };
  });
}

/** What the title slides of a deck share: the heads in order, their parts, the pictures. */
export interface TitleSlideContext {
  readonly parts: ContainerTrainingParts;
  readonly interstitials: readonly Interstitial[];
  readonly diagnostics: DiagnosticList;
  /** Names given so far, with where: a second title with the same anchor gets none. */
  readonly named: Map<string, { file: string; line: number }>;
}

/** The picture slide and the title slide the builder puts before a section title's slide. */
export function sectionTitleDrafts(marker: SectionTitleMarker, context: TitleSlideContext): SlideDraft[] {
  const { heads, partOf } = context.parts;
  const head = heads[marker.chapter];
  const tocLink = `toc-part-${partOf[marker.chapter]}`;
  // The builder links the first title back to `#toc-` and the last on to it, which no slide has: the contents instead.
  const previous = marker.chapter > 0 ? heads[marker.chapter - 1].slideName : tocLink;
  const next = marker.chapter + 1 < heads.length ? heads[marker.chapter + 1].slideName : tocLink;
  const name = head.slideName;
  const earlier = context.named.get(name);
  if (earlier) {
    context.diagnostics.warning({
      file: marker.source.file,
      line: marker.source.line,
      column: 1,
      message: `this title's slide name \`${name}\` is already the name of the title at ${earlier.file}:${earlier.line}: links to it reach only that one`,
      fix: 'give the two sections titles that differ in their letters (the name keeps only letters and dashes)',
    });
  } else {
    context.named.set(name, { file: marker.source.file, line: marker.source.line });
  }
  const properties: Record<string, string> = earlier ? { class: 'title' } : { name, class: 'title' };
  const nav = [`[Previous part](#${previous})`, '|', `[Back to table of contents](#${tocLink})`, '|', `[Next part](#${next})`];
  const markdown = [...Object.entries(properties).map(([k, v]) => `${k}: ${v}`), '', ` ${head.title}`, '', '.nav[', ...nav, ']', ''].join('\n');
  const drafts: SlideDraft[] = [];
  const { interstitials } = context;
  if (interstitials.length > 0) {
    const picture = interstitials[marker.chapter % interstitials.length];
    drafts.push({
      markdown: `class: pic\n\n.interstitial[![Image separating from the next part](${picture.path})]\n`,
      opener: '---',
      kind: 'content',
      source: { file: picture.file, line: picture.line, endLine: picture.line },
      properties: { class: 'pic' },
      chapter: marker.chapter,
      notes: '',
      links: [],
      exercises: [],
    });
  }
  const links = [previous, tocLink, next].map((target) => ({ href: `#${target}`, label: '', line: marker.source.line, column: 1 }));
  drafts.push({
    markdown,
    opener: '---',
    kind: 'chapter-title',
    source: marker.source,
    properties,
    title: head.title,
    chapter: marker.chapter,
    contents: 'chapter',
    notes: '',
    links,
    exercises: [],
  });
  return drafts;
}
