/** Markdown of the slides the loader writes itself: the title slide, contents and chapter titles. */
import { escapeHtml } from './html.js';
import type { TocEntry } from './model.js';

/** `name:` and `class:` lines first, as remark reads properties. */
function propertyLines(properties: Readonly<Record<string, string>>): string[] {
  return Object.entries(properties).map(([key, value]) => `${key}: ${value}`);
}

export const titleSlideProperties = { name: 'title', class: 'title-slide' } as const;

export function titleSlideMarkdown(meta: { titleLines: readonly string[]; subtitle?: string; author?: string }): string {
  const lines = [...propertyLines(titleSlideProperties), '', `# ${meta.titleLines.map(escapeHtml).join('<br>')}`];
  if (meta.subtitle) lines.push('', `<p class="title-slide-subtitle">${escapeHtml(meta.subtitle)}</p>`);
  if (meta.author) lines.push('', `<p class="title-slide-author">${escapeHtml(meta.author)}</p>`);
  return lines.join('\n');
}

export interface TocLine {
  depth: number;
  title: string;
  /** Present for chapters. */
  chapter?: { number: number; slideName: string; slideNumber: number };
  /** Present for a section: a later `# ` heading of a chapter's file. */
  section?: { href: string; slideNumber: number };
}

export interface TocLineInfo {
  chapter: (chapter: number) => TocLine['chapter'];
  section: (slide: number) => TocLine['section'];
}

/** Flattens the contents tree into lines, parts before their chapters, sections after them. */
export function tocLines(entries: readonly TocEntry[], info: TocLineInfo, depth = 0): TocLine[] {
  return entries.flatMap((entry) => [
    {
      depth,
      title: entry.title,
      chapter: entry.chapter === undefined ? undefined : info.chapter(entry.chapter),
      section: entry.slide === undefined ? undefined : info.section(entry.slide),
    },
    ...tocLines(entry.children, info, depth + 1),
  ]);
}

/** A heading's text for the contents: escaped, with its `code` spans set as code. */
function tocTitle(title: string): string {
  return escapeHtml(title).replace(/&#96;(.+?)&#96;/g, '<code class="remark-inline-code">$1</code>');
}

/** Lines that fit one contents slide at the theme's type size. */
export const tocLinesPerSlide = 9;

/** The properties of the `page`th contents slide (0-based): the first is `#toc`. */
export function contentsSlideProperties(page: number): { name: string; class: string } {
  return { name: page === 0 ? 'toc' : `toc-${page + 1}`, class: 'toc-slide' };
}

/** One or more contents slides; every chapter links to its title slide and shows its slide number. */
export function tocSlidesMarkdown(lines: readonly TocLine[]): string[] {
  const pages: TocLine[][] = [];
  for (let i = 0; i < lines.length; i += tocLinesPerSlide) pages.push(lines.slice(i, i + tocLinesPerSlide));
  if (pages.length === 0) pages.push([]);
  return pages.map((page, i) => {
    const heading = pages.length > 1 ? `Contents (${i + 1}/${pages.length})` : 'Contents';
    const items = page.map((line) => {
      const indent = ` style="--toc-depth:${line.depth}"`;
      if (line.section) {
        return (
          `<li class="toc-chapter toc-section"${indent}><a href="${escapeHtml(line.section.href)}">` +
          `<span class="toc-title">${tocTitle(line.title)}</span><span class="toc-page">${line.section.slideNumber}</span></a></li>`
        );
      }
      if (!line.chapter) return `<li class="toc-part"${indent}>${escapeHtml(line.title)}</li>`;
      const { number, slideName, slideNumber } = line.chapter;
      return (
        `<li class="toc-chapter"${indent}><a href="#${escapeHtml(slideName)}">` +
        `<span class="toc-number">${number}</span><span class="toc-title">${tocTitle(line.title)}</span>` +
        `<span class="toc-page">${slideNumber}</span></a></li>`
      );
    });
    return [...propertyLines(contentsSlideProperties(i)), '', `## ${heading}`, '', `<ol class="toc">${items.join('')}</ol>`].join('\n');
  });
}

/** A chapter title slide's name and classes: `chapter-title` and the author's own. */
export function chapterTitleProperties(name: string, classes: readonly string[]): { name: string; class: string } {
  return { name, class: ['chapter-title', ...classes].join(', ') };
}

export function chapterTitleMarkdown(options: {
  properties: ReturnType<typeof chapterTitleProperties>;
  number: number;
  parts: readonly string[];
  /** The chapter's heading line as written (`# Title`). */
  headingLine: string;
  /** Other properties of an adopted title slide, as written. */
  extraProperties: string[];
}): string {
  const kicker = [`Chapter ${options.number}`, ...options.parts].map(escapeHtml).join(' · ');
  return [
    ...propertyLines(options.properties),
    ...options.extraProperties,
    '',
    `<p class="chapter-kicker">${kicker}</p>`,
    '',
    options.headingLine,
  ].join('\n');
}
