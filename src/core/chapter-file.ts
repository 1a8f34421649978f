/**
 * One chapter file as the deck shows it: its slides as drafts, its titles, its exercises, with
 * the checks that need the deck around the file (the variant's classes, the recipe catalog, the
 * images on disk). Native decks get a chapter-title slide (the author's, restyled, or one the
 * loader writes); container.training decks get a title slide before each `# ` title, as its
 * builder makes them (container-training.ts: written once the whole deck is known); plain
 * remark decks keep their slides exactly as written.
 */
import { collectImages, type ImageContext } from './assets.js';
import { anchor as anchorOf, sectionTitleLimit, sectionTitles } from './container-training.js';
import type { DiagnosticList } from './diagnostics.js';
import { expandCallouts, findCallouts } from './exercises.js';
import type { FileAnalysis } from './file-analysis.js';
import { chapterTitleMarkdown, chapterTitleProperties } from './generated-slides.js';
import type { ChapterRef, Manifest } from './manifest.js';
import type { Heading } from './markdown-scan.js';
import type { Exercise, Poll, SourceRange } from './model.js';
import { checkRecipeLinks, type LinkDescriber } from './recipe-catalog.js';
import { findPolls } from './polls.js';
import { fileStem, itemId, plannedMinutes } from './room-plan.js';
import { propertiesOf, splitClasses, type SlideDraft } from './slide-draft.js';
import { firstAtOrAfter } from './sorted-offsets.js';
import type { ParsedSlide, SlideProperty } from './slide-parser.js';
import type { LocatedShellEvent } from './shell-variables.js';
import type { Position } from './source-text.js';
import { substitute } from './substitutions.js';

export interface ChapterContext {
  readonly manifest: Manifest;
  readonly describe: LinkDescriber;
  /** Classes this variant leaves out. */
  readonly excluded: ReadonlySet<string>;
  readonly images: ImageContext;
  readonly diagnostics: DiagnosticList;
}

/** A chapter before numbering: what the contents and the model need, slide numbers aside. */
export interface ChapterHead {
  readonly index: number;
  /** 1-based, as shown on its title slide and in the contents. */
  readonly number: number;
  readonly title: string;
  readonly file: string;
  readonly parts: readonly string[];
  /** Name of the slide the contents link to. */
  readonly slideName: string;
  /** The manifest's top-level entry it comes from (container.training numbers its parts by them). */
  readonly topLevel?: number;
}

/** Where a slide holding `@@TOC@@` stood: the contents slides go there instead. */
export interface ContentsMarker {
  readonly kind: 'contents';
  readonly source: SourceRange;
  readonly at: Position;
  readonly opener: '---' | '--';
  /** The slide's text before and after `@@TOC@@`, substitutions made (container.training keeps it). */
  readonly before: string;
  readonly after: string;
}

/** Where container.training's builder puts a section title's picture and title slides. */
export interface SectionTitleMarker {
  readonly kind: 'section-title';
  /** Index of the title in the deck's chapters. */
  readonly chapter: number;
  /** The `# ` line. */
  readonly source: SourceRange;
}

export type FileSlide = SlideDraft | ContentsMarker | SectionTitleMarker;

export interface ChapterFile {
  /**
   * Its chapters: the first `# ` title (native and remark decks), every `# ` line
   * (container.training); none for a file without one, or a native chapter left out whole.
   */
  readonly chapters: readonly ChapterHead[];
  /** The slides this variant shows, in order, and where generated ones go. */
  readonly slides: readonly FileSlide[];
  /** Named slides this variant leaves out, with the class that leaves each out. */
  readonly leftOut: ReadonlyArray<{ readonly name: string; readonly excludedBy: string }>;
  /** Every class written on its slides, shown or not. */
  readonly classes: ReadonlySet<string>;
  readonly exercises: readonly Exercise[];
  /** What the shell blocks of the slides shown set and use, in order, for the deck's check of variables. */
  readonly shellEvents: readonly LocatedShellEvent[];
  readonly polls: readonly Poll[];
}

/** `undefined` when the file cannot be a chapter (empty, or a native chapter without a title). */
export function chapterFile(analysis: FileAnalysis, ref: ChapterRef, chapterIndex: number, first: { exercise: number; poll: number }, context: ChapterContext): ChapterFile | undefined {
  const { manifest, diagnostics } = context;
  const { file, text, lines, parsed, scans } = analysis;
  const at = (offset: number) => ({ file, ...lines.position(offset) });
  const native = manifest.style === 'native';
  if (text.trim() === '') {
    diagnostics.error({
      ...at(0),
      message: 'the chapter file is empty, which makes an empty slide',
      fix: native ? 'write the chapter, starting with `# Chapter title`, or remove it from the manifest' : 'write its slides, or remove it from the manifest',
    });
    return undefined;
  }
  for (const finding of analysis.findings) diagnostics.items.push(finding);

  // A `--` step builds on the slide before it: it goes wherever that one goes. A layout
  // (`layout: true`) stays whatever its classes, as with remark 0.15's `excludedClasses`: the
  // slides after it are still laid out by it.
  const classes = new Set<string>();
  const excludedBy: Array<string | undefined> = [];
  parsed.forEach((slide, i) => {
    const properties = propertiesOf(slide);
    const own = splitClasses(properties.class);
    for (const c of own) classes.add(c);
    if (properties.layout === 'true') return;
    excludedBy[i] = own.find((c) => context.excluded.has(c)) ?? (slide.opener?.kind === '--' && i > 0 ? excludedBy[i - 1] : undefined);
  });
  const allExcluded = excludedBy.every((e) => e !== undefined);
  parsed.forEach((slide, i) => collectImages(text, slide, !excludedBy[i], at, context.images));

  const containerTraining = manifest.style === 'container.training';
  const sections = containerTraining ? sectionTitleSlides(analysis, ref, chapterIndex, at, diagnostics) : undefined;
  const titleSlide = allExcluded || sections ? -1 : scans.findIndex((s, i) => !excludedBy[i] && s.headings.some((h) => h.level === 1));
  if (titleSlide < 0 && native && !allExcluded) {
    diagnostics.error({
      ...at(0),
      message: 'this chapter has no title: no `# ` heading outside code',
      fix: 'start the chapter with a slide whose first line is `# Chapter title`',
    });
    return undefined;
  }
  const titleHeading = titleSlide < 0 ? undefined : (scans[titleSlide].headings.find((h) => h.level === 1) as Heading);
  const number = chapterIndex + 1;
  const adoptFirst = native && titleHeading !== undefined && titleSlide === excludedBy.findIndex((e) => !e) && isTitleOnly(text, parsed[titleSlide], titleHeading);
  const titleName = titleSlide < 0 ? undefined : propertiesOf(parsed[titleSlide]).name;
  // A plain remark deck's slides stay as written: a chapter is known by its own name, if any.
  const slideName = (adoptFirst || !native) && titleName ? titleName : native ? `chapter-${number}` : '';
  const head: ChapterHead | undefined = titleHeading && { index: chapterIndex, number, title: titleHeading.text, file, parts: ref.parts, slideName, topLevel: ref.topLevel };
  const heads = sections ? sections.heads : head && !allExcluded ? [head] : [];
  let inChapter = sections ? (chapterIndex > 0 ? chapterIndex - 1 : undefined) : head ? chapterIndex : undefined;
  const substituted = substitute(analysis, manifest, at, diagnostics);

  const headingLine = titleHeading ? text.slice(titleHeading.offset).split('\n', 1)[0] : '';
  /** The chapter's title slide, in native decks: the author's first slide restyled, or a new one. */
  const chapterTitle = (notes: string, properties: readonly SlideProperty[]): SlideDraft => {
    const own = splitClasses(properties.find((p) => p.key === 'class')?.value);
    const extra = properties.filter((p) => p.key !== 'name' && p.key !== 'class').map((p) => `${p.key}: ${p.value}`);
    const titleProperties = chapterTitleProperties(slideName, own);
    const markdown = chapterTitleMarkdown({ properties: titleProperties, number, parts: ref.parts, headingLine, extraProperties: extra });
    const line = lines.line((titleHeading as Heading).offset);
    const nameProperty = properties.find((p) => p.key === 'name');
    return {
      markdown: notes ? `${markdown}\n???\n${notes}` : markdown,
      opener: '---',
      kind: 'chapter-title',
      source: { file, line, endLine: line },
      properties: titleProperties,
      title: head?.title,
      chapter: chapterIndex,
      contents: 'chapter',
      notes: notes.trim(),
      links: [],
      exercises: [],
      nameAt: nameProperty ? lines.position(nameProperty.offset) : undefined,
    };
  };

  const slides: FileSlide[] = [];
  const leftOut: Array<{ name: string; excludedBy: string }> = [];
  const exercises: Exercise[] = [];
  const polls: Poll[] = [];
  const stem = fileStem(ref.path);
  // Ranks in the file count the slides every variant has, shown or not: a variant keeps the ids.
  const rank = { exercise: 0, poll: 0 };
  if (native && head && !adoptFirst) slides.push(chapterTitle('', []));
  parsed.forEach((slide, i) => {
    for (const marker of sections?.before.get(i) ?? []) {
      slides.push(marker);
      inChapter = marker.chapter;
    }
    const notes = slide.notes ? substituted.slice(slide.notes.offset + 3, slide.end).replace(/^\n/, '') : '';
    if (i === titleSlide && adoptFirst) {
      slides.push(chapterTitle(notes, slide.properties));
      return;
    }
    const scan = scans[i];
    const shown = !excludedBy[i];
    const properties = propertiesOf(slide);
    const callouts = findCallouts(slide.content).length;
    const minutes = plannedMinutes(slide.properties.find((p) => p.key === 'minutes'), callouts > 0, at, diagnostics);
    const expanded = expandCallouts(slide, scan.links, shown, {
      file,
      lines,
      raw: text,
      text: substituted,
      describe: context.describe,
      at,
      diagnostics,
      chapter: inChapter,
      firstIndex: first.exercise + exercises.length,
      firstPoll: first.poll + polls.length,
      minutes,
    });
    const slideExercises = expanded.exercises.map((e, k) => ({ ...e, id: itemId('exercise', stem, properties.name, rank.exercise + k, k) }));
    const slidePolls = expanded.polls.map((p, k) => ({ ...p, id: itemId('poll', stem, properties.name, rank.poll + k, k) }));
    rank.exercise += callouts;
    rank.poll += findPolls(slide.content).length;
    exercises.push(...slideExercises);
    polls.push(...slidePolls);
    checkRecipeLinks(scan.links, context.describe, at, diagnostics);
    if (!shown) {
      if (properties.name) leftOut.push({ name: properties.name, excludedBy: excludedBy[i] as string });
      return;
    }
    const firstLine = lines.line(slide.start);
    const source = { file, line: firstLine, endLine: Math.max(firstLine, lines.line(Math.max(slide.start, slide.end - 1))) };
    const contentsAt = substituted.contentsAt[i];
    if (contentsAt) {
      const before = substituted.slice(slide.start, contentsAt.offset);
      const after = substituted.slice(contentsAt.offset + '@@TOC@@'.length, slide.end);
      slides.push({ kind: 'contents', source, at: contentsAt.position, opener: slide.opener?.kind ?? '---', before, after });
      return;
    }
    const markdown = expanded.markdown;
    const selfContained = slide.selfContained && markdown === text.slice(slide.start, slide.end);
    const isHeading = i === titleSlide;
    const level1 = scan.headings.find((h) => h.level === 1);
    const nameProperty = slide.properties.find((p) => p.key === 'name');
    slides.push({
      markdown,
      opener: slide.opener?.kind ?? '---',
      kind: 'content',
      source,
      properties,
      title: scan.headings[0]?.text,
      chapter: inChapter,
      contents: isHeading && !native ? 'chapter' : !isHeading && level1 && head && !sections ? { section: level1.text } : undefined,
      notes: notes.trim(),
      links: scan.links.map((l) => ({ href: l.href, label: l.label, ...lines.position(l.offset) })),
      exercises: slideExercises.map((e) => e.index),
      ...(slidePolls.length ? { polls: slidePolls.map((p) => p.index) } : {}),
      nameAt: nameProperty ? lines.position(nameProperty.offset) : undefined,
      ...(selfContained ? { selfContained } : {}),
    });
  });
  const place = (offset: number) => (analysis.origins ? analysis.origins.at(offset) : at(offset));
  const shellEvents = analysis.shellBlocks.filter((b) => !excludedBy[b.slide]).flatMap((b) => b.events.map((event) => ({ event, at: place(event.offset) })));
  return { chapters: heads, slides, leftOut, classes, exercises, shellEvents, polls };
}

/**
 * container.training's section titles in one file: a chapter each, and the slide before which
 * the builder puts its title slide (the one holding the line, or the first of its `--` steps).
 */
function sectionTitleSlides(analysis: FileAnalysis, ref: ChapterRef, firstChapter: number, at: (offset: number) => { file: string; line: number; column: number }, diagnostics: DiagnosticList) {
  const { file, text, lines, parsed, scans } = analysis;
  const headingOffsets = new Set(scans.flatMap((scan) => scan.headings.filter((h) => h.level === 1).map((h) => h.offset)));
  const heads: ChapterHead[] = [];
  const before = new Map<number, SectionTitleMarker[]>();
  const titles = sectionTitles(text);
  if (titles.length > sectionTitleLimit) {
    diagnostics.error({
      ...at(titles[sectionTitleLimit].offset),
      message: `more than ${sectionTitleLimit} \`# \` lines in one file: container.training's builder makes each a section title, with two slides more; the loader stops at this one`,
      fix: 'split the file, make these lines `## ` headings, or indent them if they are in code',
    });
  }
  for (const { title, offset } of titles.slice(0, sectionTitleLimit)) {
    if (!headingOffsets.has(offset)) {
      diagnostics.warning({
        ...at(offset),
        message: `container.training's builder reads this \`# \` line in code as a section title: it gets a title slide and a contents line, as here`,
        fix: 'indent the line, or start it otherwise (`## `, `#!`), unless it is meant as a title',
      });
    }
    let slide = Math.max(0, firstAtOrAfter(parsed, offset + 1, (s) => s.start) - 1);
    while (slide > 0 && parsed[slide].opener?.kind === '--') slide--;
    const index = firstChapter + heads.length;
    heads.push({ index, number: index + 1, title: title.trim(), file, parts: ref.parts, slideName: anchorOf(title), topLevel: ref.topLevel });
    const line = lines.line(offset);
    const group = before.get(slide) ?? [];
    group.push({ kind: 'section-title', chapter: index, source: { file, line, endLine: line } });
    before.set(slide, group);
  }
  return { heads, before };
}

/**
 * The first slide holds nothing but properties, the `# ` title and notes. Reads the text as
 * written, not masked: code on the slide is content that adopting it would drop.
 */
function isTitleOnly(text: string, slide: ParsedSlide, heading: Heading): boolean {
  if (slide.content.some((t) => t.type === 'content_start' || t.type === 'macro')) return false;
  const contentEnd = slide.notes ? slide.notes.offset : slide.end;
  const headingEnd = text.indexOf('\n', heading.offset);
  const rest = text.slice(slide.start, heading.offset) + text.slice(headingEnd < 0 ? contentEnd : Math.min(headingEnd, contentEnd), contentEnd);
  return rest.replace(/^(\s*[-\w]+:[^$\n]*\n?)+/, '').trim() === '';
}
