/**
 * The loader's pure core: a manifest and its chapter files in, the remark source and the typed
 * deck model out, with every problem reported at its file, line and column. No I/O here: the
 * caller passes a `read` function that returns a file's text or `undefined`.
 */
import { findImageReferences, folderOf, resolveImagePath } from './assets.js';
import { DiagnosticList, firstFindings, type Diagnostic } from './diagnostics.js';
import { calloutLinks, findCallouts, renderCallout } from './exercises.js';
import { chapterTitleMarkdown, titleSlideMarkdown, tocLines, tocLinesPerSlide, tocSlidesMarkdown } from './generated-slides.js';
import { isKnownMacro } from './macros.js';
import { escapeHtml } from './html.js';
import { excludedClasses, parseManifest, type ChapterRef, type ClassRef, type Manifest, type ManifestEntry } from './manifest.js';
import { findHeadings, findLinks, findSubstitutions, maskCode, type FoundLink, type Heading } from './markdown-scan.js';
import type { Chapter, Deck, DeckAsset, DeckLink, Exercise, Slide, SlideKind, SourceRange, TocEntry } from './model.js';
import { describeRecipeLink, emptyCatalog, parseRecipeCatalog, type RecipeCatalog } from './recipe-catalog.js';
import { LexerWork, type Token } from './remark-lexer.js';
import { checkRawHtml } from './raw-html.js';
import { checkRuntimeLimits, stepLimit } from './runtime-limits.js';
import { parseSlides, type ParsedSlide } from './slide-parser.js';
import { firstAtOrAfter, itemsBetween } from './sorted-offsets.js';
import { decodeOrReport, loadNamedFile, type ExistsResult, type ReadResult, type SourceBytes, type SourceFile } from './source-files.js';
import { LineIndex, markerLines, normaliseNewlines, type MarkerLine } from './source-text.js';

export type { SourceFile } from './source-files.js';

export interface DeckInput {
  manifest: SourceFile | SourceBytes;
  /**
   * Reads a file named relative to the manifest's folder: its text or bytes, a refusal (the
   * shell will not read outside the deck's folder), or `undefined` when it does not exist.
   */
  read: (path: string) => ReadResult;
  /**
   * Whether a file (an image) exists, named relative to the manifest's folder, or why the shell
   * refuses it. Without it the loader still collects the deck's images but cannot tell a missing one.
   */
  exists?: (path: string) => ExistsResult;
}

export interface DeckBuild {
  /** Absent only when the manifest itself is unusable. */
  deck?: Deck;
  /** The Markdown handed to remark. */
  source?: string;
  /**
   * `source` cut at remark's slide boundaries: each slide's text, preceded by its separator
   * (`\n---\n` or `\n--\n`) from the second on, so that `slideSources.join('') === source`.
   * Lets the dev runtime re-render only the slides that changed.
   */
  slideSources?: string[];
  diagnostics: Diagnostic[];
  /** Files that went into the deck, for watchers. */
  files: string[];
  ok: boolean;
}

/** Properties remark 0.14 understands; any other `key:` first line is probably prose. */
const remarkProperties = new Set([
  'name', 'class', 'template', 'layout', 'count', 'exclude', 'continued',
  'background-image', 'background-size', 'background-position', 'background-repeat', 'background-color',
]);

/** A slide of the output in deck order, before numbering. */
interface Segment {
  markdown: string;
  /** Separator that precedes it in the output. */
  opener: '---' | '--';
  kind: SlideKind;
  source: SourceRange;
  properties: Record<string, string>;
  title?: string;
  chapter?: number;
  notes: string;
  links: DeckLink[];
  exercises: number[];
  /** Where its `name:` property is written, when the author wrote one. */
  nameAt?: { line: number; column: number };
  /** The slide the table of contents links its chapter to. */
  chapterHeading?: boolean;
  /** The title of a later `# ` heading of the chapter's file, listed under the chapter. */
  section?: string;
  /** The class by which this variant leaves the slide out. */
  excludedBy?: string;
  /** Holds `@@TOC@@`: the contents slides replace it. */
  toc?: boolean;
  tocAt?: { line: number; column: number };
}

export interface DeckOptions {
  /** A variant named under the manifest's `variants`; the default variant when absent. */
  variant?: string;
}

/**
 * Builds the deck. Never throws: every problem, even a bug of the loader's own, comes back as a
 * diagnostic, so that the dev server, lint and check always have something to show.
 */
export function buildDeck(input: DeckInput, options: DeckOptions = {}): DeckBuild {
  try {
    return buildDeckOrThrow(input, options);
  } catch (error) {
    return {
      diagnostics: [
        {
          severity: 'error',
          file: input.manifest.file,
          line: 1,
          column: 1,
          message: `${internalErrorPrefix}${(error as Error)?.message ?? String(error)}`,
          fix: 'this is a bug in the loader: please report it with the chapter that triggers it',
        },
      ],
      files: [input.manifest.file],
      ok: false,
    };
  }
}

/** How a loader bug is reported (the property tests look for it). */
export const internalErrorPrefix = 'the loader failed unexpectedly: ';

/** What loading one file needs from the deck around it. */
interface FileContext {
  manifest: Manifest;
  catalog: RecipeCatalog;
  /** Classes this variant leaves out. */
  excluded: Set<string>;
  /** Every class written on any slide, for the check that `exclude` names something. */
  classesSeen: Set<string>;
  exercises: Exercise[];
  /** Local images of the shown slides, by path relative to the manifest's folder. */
  assets: Map<string, DeckAsset>;
  exists: (path: string) => ExistsResult;
  diagnostics: DiagnosticList;
}

function buildDeckOrThrow(input: DeckInput, options: DeckOptions): DeckBuild {
  const diagnostics = new DiagnosticList();
  const files = [input.manifest.file];
  const report = (finding: Omit<Diagnostic, 'severity'>) => diagnostics.error(finding);
  const manifestFile = decodeOrReport(input.manifest, report);
  const manifest = manifestFile && parseManifest(manifestFile.file, normaliseNewlines(manifestFile.text), diagnostics);
  if (!manifest) return { diagnostics: diagnostics.items, files, ok: false };
  const excludedRefs = excludedClasses(manifest, options.variant, diagnostics);

  let catalog: RecipeCatalog = emptyCatalog;
  if (manifest.catalog) {
    const ref = manifest.catalog;
    const catalogFile = loadNamedFile(input.read(ref.path), ref.path, 'recipe catalog', { file: manifest.file, line: ref.line, column: ref.column }, report);
    if (catalogFile) {
      files.push(catalogFile.file);
      catalog = parseRecipeCatalog(catalogFile.file, normaliseNewlines(catalogFile.text), diagnostics);
    }
  }

  const context: FileContext = {
    manifest,
    catalog,
    excluded: new Set(excludedRefs.map((c) => c.name)),
    classesSeen: new Set(),
    exercises: [],
    assets: new Map(),
    exists: input.exists ?? (() => true),
    diagnostics,
  };
  const chapters: Chapter[] = [];
  /** The manifest entry of each loaded chapter, in step with `chapters`. */
  const chapterRefs: ChapterRef[] = [];
  const fileSegments: Segment[][] = [];
  for (const ref of manifest.chapters) {
    const file = loadNamedFile(input.read(ref.path), ref.path, 'chapter file', { file: manifest.file, line: ref.line, column: ref.column }, report);
    if (!file) continue;
    files.push(file.file);
    const loaded = loadFile(file, ref, chapters.length, context);
    if (!loaded) continue;
    if (loaded.chapter) {
      chapters.push(loaded.chapter);
      chapterRefs.push(ref);
    }
    fileSegments.push(loaded.segments);
  }
  checkExcludeLists(manifest, context.classesSeen, diagnostics);

  const manifestLine = (line: number): SourceRange => ({ file: manifest.file, line, endLine: line });
  const native = manifest.style === 'native';
  const titleSegment: Segment = {
    markdown: titleSlideMarkdown(manifest),
    opener: '---',
    kind: 'title',
    source: manifestLine(1),
    properties: { name: 'title', class: 'title-slide' },
    title: manifest.title,
    notes: '',
    links: [],
    exercises: [],
  };

  // Where the contents go: at the first `@@TOC@@`, else after the title slide (native decks).
  const chapterSegments = fileSegments.flat().filter((s) => !s.excludedBy);
  const tocAt = chapterSegments.findIndex((s) => s.toc);
  for (const extra of chapterSegments.filter((s, i) => s.toc && i !== tocAt)) {
    diagnostics.warning({
      file: extra.source.file,
      line: extra.tocAt?.line ?? extra.source.line,
      column: extra.tocAt?.column ?? 1,
      message: 'a second `@@TOC@@`: the contents appear only at the first one, this slide is left out',
      fix: 'remove this slide, or the other `@@TOC@@`',
    });
  }
  const tocSlot: Segment = { ...titleSegment, kind: 'toc', markdown: '', properties: {}, title: 'Contents' };
  const ordered: Segment[] = [
    ...(native ? [titleSegment] : []),
    ...(tocAt < 0 && native ? [tocSlot] : []),
    ...chapterSegments.flatMap((s, i) => (i === tocAt ? [tocSlot] : s.toc ? [] : [s])),
  ];
  const tocSource = tocAt >= 0 ? chapterSegments[tocAt].source : manifestLine(manifest.entries[0]?.line ?? 1);

  // Contents slides come before most chapters, so slide numbers depend on how many there are.
  const toc = tocEntries(manifest.entries, chapters, chapterRefs);
  const hasToc = ordered.includes(tocSlot);
  const lineCount = tocLines(toc, { chapter: () => undefined, section: () => undefined }).length;
  const tocPages = hasToc ? Math.max(1, Math.ceil(lineCount / tocLinesPerSlide)) : 0;
  const slideIndex = new Map<Segment, number>();
  let index = 0;
  for (const segment of ordered) {
    if (segment === tocSlot) index += tocPages;
    else if (isShown(segment.properties)) slideIndex.set(segment, index++);
  }
  const byChapter = new Map<number, Segment[]>();
  for (const segment of ordered) {
    if (segment.chapter === undefined || !slideIndex.has(segment)) continue;
    const list = byChapter.get(segment.chapter);
    if (list) list.push(segment);
    else byChapter.set(segment.chapter, [segment]);
  }
  for (const chapter of chapters) {
    const own = byChapter.get(chapter.index) ?? [];
    const titled = own.find((s) => s.chapterHeading) ?? own[0];
    chapter.firstSlide = titled ? (slideIndex.get(titled) as number) : -1;
    chapter.lastSlide = own.length ? (slideIndex.get(own[own.length - 1]) as number) : -1;
    chapter.sections = own.filter((s) => s.section !== undefined && slideIndex.has(s)).map((s) => ({ title: s.section as string, slide: slideIndex.get(s) as number }));
  }
  addSections(toc, chapters);
  const slideAt = new Map([...slideIndex].map(([segment, i]) => [i, segment]));
  const tocMarkdown = tocSlidesMarkdown(
    tocLines(toc, {
      chapter: (c) => ({ number: chapters[c].number, slideName: chapters[c].slideName, slideNumber: chapters[c].firstSlide + 1 }),
      section: (slide) => ({ href: `#${slideAt.get(slide)?.properties.name ?? slide + 1}`, slideNumber: slide + 1 }),
    }),
  ).slice(0, tocPages);
  const tocSegments: Segment[] = tocMarkdown.map((markdown, i) => ({
    markdown,
    opener: '---',
    kind: 'toc',
    source: tocSource,
    properties: { name: i === 0 ? 'toc' : `toc-${i + 1}`, class: 'toc-slide' },
    title: 'Contents',
    notes: '',
    links: chapters.map((c) => ({
      href: `#${c.slideName}`,
      label: c.title,
      line: manifest.entries[0]?.line ?? 1,
      column: manifest.entries[0]?.column ?? 1,
    })),
    exercises: [],
  }));

  const segments = ordered.flatMap((s) => (s === tocSlot ? tocSegments : [s]));
  const slides = numberSlides(segments);
  const firstSlideOf = new Map<number, number>();
  for (const slide of slides) for (const e of slide.exercises) if (!firstSlideOf.has(e)) firstSlideOf.set(e, slide.index);
  for (const exercise of context.exercises) exercise.slide = firstSlideOf.get(exercise.index) ?? -1;
  checkSlideNames(segments, fileSegments.flat().filter((s) => s.excludedBy), options.variant, diagnostics);

  const slideSources = segments.map((s, i) => (i === 0 ? '' : `\n${s.opener}\n`) + s.markdown);
  const source = slideSources.join('');
  checkSplitsAsModelled(source, slides.length, manifest, diagnostics);

  const deck: Deck = {
    title: manifest.title,
    subtitle: manifest.subtitle,
    author: manifest.author,
    ratio: manifest.ratio,
    manifest: manifest.file,
    ...(options.variant && options.variant !== 'default' ? { variant: options.variant } : {}),
    excludedClasses: [...context.excluded],
    style: manifest.style,
    slides,
    chapters,
    exercises: context.exercises,
    toc,
    assets: [...context.assets.values()],
  };
  return { deck, source, slideSources, diagnostics: diagnostics.items, files, ok: diagnostics.errors.length === 0 };
}

/** Parts and chapters; a part without a title (a nested list) adds no line of its own. */
function tocEntries(entries: ManifestEntry[], chapters: Chapter[], refs: ChapterRef[]): TocEntry[] {
  const walk = (list: ManifestEntry[]): TocEntry[] =>
    list.flatMap((entry): TocEntry[] => {
      if ('entries' in entry) return entry.part === undefined ? walk(entry.entries) : [{ title: entry.part, children: walk(entry.entries) }];
      const chapter = refs.indexOf(entry);
      return chapter < 0 ? [] : [{ title: chapters[chapter].title, chapter, children: [] }];
    });
  return walk(entries);
}

/** Puts each chapter's later `# ` sections under it. */
function addSections(entries: TocEntry[], chapters: Chapter[]): void {
  for (const entry of entries) {
    if (entry.chapter !== undefined) entry.children = chapters[entry.chapter].sections.map((s) => ({ title: s.title, slide: s.slide, children: [] }));
    else addSections(entry.children, chapters);
  }
}

/** A class listed in `exclude` that no slide has is a typo, or a leftover. */
function checkExcludeLists(manifest: Manifest, classesSeen: Set<string>, diagnostics: DiagnosticList): void {
  const lists: Array<[string, ClassRef[]]> = [['exclude', manifest.exclude], ...[...manifest.variants].map(([name, v]): [string, ClassRef[]] => [`variants.${name}.exclude`, v.exclude])];
  for (const [where, classes] of lists) {
    for (const ref of classes) {
      if (classesSeen.has(ref.name)) continue;
      diagnostics.warning({
        file: manifest.file,
        line: ref.line,
        column: ref.column,
        message: `\`${where}\` names class \`${ref.name}\`, but no slide has it: nothing is left out`,
        fix: `check the spelling against the slides' \`class:\` lines${closestClass(ref.name, classesSeen)}, or remove it`,
      });
    }
  }
}

function closestClass(name: string, classes: Set<string>): string {
  const close = [...classes].find((c) => c.toLowerCase() === name.toLowerCase() || c.replace(/[-_]/g, '') === name.replace(/[-_]/g, ''));
  return close ? ` (did you mean \`${close}\`?)` : '';
}

function isShown(properties: Record<string, string>): boolean {
  return properties.layout !== 'true' && (properties.exclude ?? '').toLowerCase() !== 'true';
}

/** Gives each shown segment its remark index; `--` steps inherit title, notes, links, exercises. */
function numberSlides(segments: Segment[]): Slide[] {
  const slides: Slide[] = [];
  for (const segment of segments) {
    if (!isShown(segment.properties)) continue;
    const previous = slides[slides.length - 1];
    // Past the limit (an error) a step no longer copies the steps before it: that grows as their square.
    const continued = segment.opener === '--' && previous !== undefined && previous.step < stepLimit;
    const inherited = continued ? previous : undefined;
    if (inherited) inherited.lastStep = false;
    const { name, class: classes, ...rest } = segment.properties;
    slides.push({
      index: slides.length,
      kind: inherited?.kind ?? segment.kind,
      source: segment.source,
      name,
      classes: [...(inherited?.classes ?? []), ...splitClasses(classes)],
      properties: { ...rest, ...(name ? { name } : {}), ...(classes ? { class: classes } : {}) },
      title: segment.title ?? inherited?.title,
      chapter: segment.chapter,
      step: inherited ? inherited.step + 1 : 0,
      lastStep: true,
      notes: inherited?.notes ? `${inherited.notes}\n\n${segment.notes}`.trim() : segment.notes,
      links: [...(inherited?.links ?? []), ...segment.links],
      exercises: [...(inherited?.exercises ?? []), ...segment.exercises],
    });
  }
  return slides;
}

function splitClasses(value: string | undefined): string[] {
  return (value ?? '').split(/[,\s]+/).filter(Boolean);
}

/** What a chapter file says on its own, whatever deck it is in. */
interface FileAnalysis {
  text: string;
  lines: LineIndex;
  parsed: ParsedSlide[];
  scans: Array<{ headings: Heading[]; links: FoundLink[]; substitutions: ReturnType<typeof findSubstitutions> }>;
  /** Findings of `checkStructure`, to add to each build that uses the file. */
  structure: Diagnostic[];
}

/**
 * Analyses by file name and text. A save in `npm run dev` changes one chapter of many: the
 * others are not parsed again (half of a 1,000-slide build). The analysis is a pure function
 * of its key and is never modified after it is made, so sharing it changes no result.
 */
const analyses = new Map<string, FileAnalysis>();
/** One analysis per file name: an edited file's older texts are dropped, not kept for ever. */
const analysisKeyByFile = new Map<string, string>();
const analysesKept = 512;

function analyseFile(sourceFile: SourceFile): FileAnalysis {
  const key = `${sourceFile.file}\0${sourceFile.text}`;
  const known = analyses.get(key);
  if (known) {
    // Most recently used last, so the oldest go first.
    analyses.delete(key);
    analyses.set(key, known);
    return known;
  }
  const text = normaliseNewlines(sourceFile.text);
  const lines = new LineIndex(text);
  const work = new LexerWork();
  const parsed = parseSlides(text, work);
  const findings = new DiagnosticList();
  const at = (offset: number) => ({ file: sourceFile.file, ...lines.position(offset) });
  checkStructure(text, parsed, at, findings);
  checkRuntimeLimits(text, parsed, work, at, findings);
  checkRawHtml(text, parsed, at, findings);
  const structure = firstFindings(findings.items);
  const scans = parsed.map((slide) => {
    const masked = maskCode(text, slide.start, slide.end, slide.content);
    return {
      headings: findHeadings(text, slide.start, masked),
      links: findLinks(text, slide.start, masked),
      substitutions: findSubstitutions(slide.start, masked),
    };
  });
  const analysis = { text, lines, parsed, scans, structure };
  const previous = analysisKeyByFile.get(sourceFile.file);
  if (previous !== undefined) analyses.delete(previous);
  analysisKeyByFile.set(sourceFile.file, key);
  analyses.set(key, analysis);
  if (analyses.size > analysesKept) {
    const oldest = analyses.keys().next().value as string;
    analyses.delete(oldest);
    analysisKeyByFile.delete(oldest.slice(0, oldest.indexOf('\0')));
  }
  return analysis;
}

interface LoadedFile {
  /** Absent for a file with no `# ` title in a container.training deck, or one left out whole. */
  chapter?: Chapter;
  /** Every slide of the file, those this variant leaves out included (marked `excludedBy`). */
  segments: Segment[];
}

/**
 * One chapter file: its slides, its title and sections, its exercises. Native decks get a
 * chapter-title slide (the author's, restyled, or one the loader writes); container.training
 * decks keep their slides exactly as written.
 */
function loadFile(sourceFile: SourceFile, ref: ChapterRef, chapterIndex: number, context: FileContext): LoadedFile | undefined {
  const { manifest, catalog, excluded, diagnostics } = context;
  const { file } = sourceFile;
  const { text, lines, parsed, scans, structure } = analyseFile(sourceFile);
  const at = (offset: number) => ({ file, ...lines.position(offset) });
  if (text.trim() === '') {
    diagnostics.error({
      ...at(0),
      message: 'the chapter file is empty, which makes an empty slide',
      fix: manifest.style === 'native' ? 'write the chapter, starting with `# Chapter title`, or remove it from the manifest' : 'write its slides, or remove it from the manifest',
    });
    return undefined;
  }
  for (const finding of structure) diagnostics.items.push(finding);
  const propertiesOf = (slide: ParsedSlide) => Object.fromEntries(slide.properties.map((p) => [p.key, p.value]));
  // A `--` step builds on the slide before it: it goes wherever that one goes.
  const excludedBy: Array<string | undefined> = [];
  parsed.forEach((slide, i) => {
    const classes = splitClasses(propertiesOf(slide).class);
    for (const c of classes) context.classesSeen.add(c);
    excludedBy[i] = classes.find((c) => excluded.has(c)) ?? (slide.opener?.kind === '--' && i > 0 ? excludedBy[i - 1] : undefined);
  });
  const allExcluded = excludedBy.every((e) => e !== undefined);
  parsed.forEach((slide, i) => collectImages(text, slide, !excludedBy[i], at, context));

  const titleSlide = allExcluded ? -1 : scans.findIndex((s, i) => !excludedBy[i] && s.headings.some((h) => h.level === 1));
  const native = manifest.style === 'native';
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
  const firstShown = excludedBy.findIndex((e) => !e);
  const adoptFirst = native && titleHeading !== undefined && titleSlide === firstShown && isTitleOnly(text, parsed[titleSlide], titleHeading);
  const titleProps = titleSlide < 0 ? {} : propertiesOf(parsed[titleSlide]);
  const slideName = (adoptFirst || !native) && titleProps.name ? titleProps.name : `chapter-${number}`;
  const chapter: Chapter | undefined = titleHeading && {
    index: chapterIndex,
    number,
    title: titleHeading.text,
    file,
    parts: ref.parts,
    slideName,
    firstSlide: -1,
    lastSlide: -1,
    exercises: [],
    sections: [],
  };

  // `@@TITLE@@` becomes the workshop's title; other substitutions stay as written, with a warning.
  const title = manifest.titleLines.map(escapeHtml).join('<br/>');
  const replacements: Array<{ start: number; end: number; text: string }> = [];
  const tocAt: Array<{ line: number; column: number } | undefined> = [];
  scans.forEach((scan, i) => {
    for (const sub of scan.substitutions) {
      if (sub.name === 'TITLE' && sub.text === '@@TITLE@@') {
        replacements.push({ start: sub.offset, end: sub.offset + sub.text.length, text: title });
      } else if (sub.name === 'TOC' && sub.text === '@@TOC@@') {
        tocAt[i] ??= lines.position(sub.offset);
      } else {
        diagnostics.warning({
          ...at(sub.offset),
          message: `\`${sub.text}\` is a substitution of container.training's build tool that this deck does not make; it shows as written`,
          fix: 'write the text it stood for instead (only `@@TOC@@` and `@@TITLE@@` are replaced)',
        });
      }
    }
  });
  /** The file's text between two offsets, with the substitutions made. */
  const sliceOut = (from: number, to: number): string => {
    let out = '';
    let cursor = from;
    for (let i = firstAtOrAfter(replacements, from, (r) => r.start); i < replacements.length && replacements[i].start < to; i++) {
      const r = replacements[i];
      if (r.end > to) continue;
      out += text.slice(cursor, r.start) + r.text;
      cursor = r.end;
    }
    return out + text.slice(cursor, to);
  };

  const headingLine = titleHeading ? text.slice(titleHeading.offset).split('\n', 1)[0] : '';
  const chapterTitle = (notes: string, properties: ParsedSlide['properties']): Segment => {
    const classes = splitClasses(properties.find((p) => p.key === 'class')?.value);
    const extra = properties.filter((p) => p.key !== 'name' && p.key !== 'class').map((p) => `${p.key}: ${p.value}`);
    const markdown = chapterTitleMarkdown({ name: slideName, classes, number, parts: ref.parts, headingLine, extraProperties: extra });
    const line = lines.line((titleHeading as Heading).offset);
    const nameProperty = properties.find((p) => p.key === 'name');
    return {
      markdown: notes ? `${markdown}\n???\n${notes}` : markdown,
      opener: '---',
      kind: 'chapter-title',
      source: { file, line, endLine: line },
      properties: { name: slideName, class: ['chapter-title', ...classes].join(', ') },
      title: chapter?.title,
      chapter: chapterIndex,
      chapterHeading: true,
      notes: notes.trim(),
      links: [],
      exercises: [],
      nameAt: nameProperty ? lines.position(nameProperty.offset) : undefined,
    };
  };

  const segments: Segment[] = [];
  if (native && chapter && !adoptFirst) segments.push(chapterTitle('', []));
  parsed.forEach((slide, i) => {
    const notesText = slide.notes ? sliceOut(slide.notes.offset + 3, slide.end).replace(/^\n/, '') : '';
    if (i === titleSlide && adoptFirst) {
      segments.push(chapterTitle(notesText, slide.properties));
      return;
    }
    const scan = scans[i];
    const shown = !excludedBy[i];
    const callouts = findCallouts(slide.content);
    const segmentExercises: number[] = [];
    let markdown = '';
    let cursor = slide.start;
    for (const span of callouts) {
      const bodyLinks = itemsBetween(scan.links, span.bodyStart, span.bodyEnd, (l) => l.offset);
      checkCalloutLinks(bodyLinks, at, diagnostics);
      if (!shown) continue;
      const body = sliceOut(span.bodyStart, span.bodyEnd);
      const links = calloutLinks(bodyLinks, catalog);
      markdown += sliceOut(cursor, span.start) + renderCallout(span, body, links);
      cursor = span.end;
      const exercise: Exercise = {
        index: context.exercises.length,
        kind: span.kind,
        chapter: chapter ? chapterIndex : undefined,
        slide: -1,
        source: { file, line: lines.line(span.start), endLine: lines.line(span.end) },
        markdown: body.trim(),
        links,
      };
      context.exercises.push(exercise);
      chapter?.exercises.push(exercise.index);
      segmentExercises.push(exercise.index);
    }
    markdown += sliceOut(cursor, slide.end);

    checkLinks(scan.links, catalog, at, diagnostics);
    const firstLine = lines.line(slide.start);
    const nameProperty = slide.properties.find((p) => p.key === 'name');
    const properties = propertiesOf(slide);
    const isHeading = i === titleSlide;
    // container.training decks link their contents to the heading slide itself: it needs a name.
    if (isHeading && !native && !properties.name) {
      markdown = `name: ${slideName}\n${markdown.replace(/^\n+/, '')}`;
      properties.name = slideName;
    }
    const level1 = scan.headings.find((h) => h.level === 1);
    segments.push({
      markdown,
      opener: slide.opener?.kind ?? '---',
      kind: 'content',
      source: { file, line: firstLine, endLine: Math.max(firstLine, lines.line(Math.max(slide.start, slide.end - 1))) },
      properties,
      title: scan.headings[0]?.text,
      chapter: chapter ? chapterIndex : undefined,
      chapterHeading: isHeading && !native,
      section: shown && !isHeading && level1 && chapter ? level1.text : undefined,
      notes: notesText.trim(),
      links: scan.links.map((l) => ({ href: l.href, label: l.label, ...lines.position(l.offset) })),
      exercises: segmentExercises,
      nameAt: nameProperty ? lines.position(nameProperty.offset) : undefined,
      excludedBy: excludedBy[i],
      toc: shown && tocAt[i] !== undefined,
      tocAt: tocAt[i],
    });
  });
  return { chapter: chapter && !allExcluded ? chapter : undefined, segments };
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
  return withoutProperties(rest).trim() === '';
}

function withoutProperties(markdown: string): string {
  return markdown.replace(/^(\s*[-\w]+:[^$\n]*\n?)+/, '');
}

type At = (offset: number) => { file: string; line: number; column: number };

/**
 * Records the slide's local images and reports those that would not load. Slides this variant
 * leaves out are checked too (another variant shows them) but ship nothing.
 */
function collectImages(text: string, slide: ParsedSlide, shown: boolean, at: At, context: FileContext): void {
  const { diagnostics, manifest } = context;
  const manifestFolder = folderOf(manifest.file);
  for (const reference of findImageReferences(text, slide)) {
    const where = at(reference.offset);
    const resolved = resolveImagePath(reference.written);
    if (resolved.kind === 'external') continue;
    if (resolved.kind === 'root-absolute') {
      diagnostics.error({
        ...where,
        message: `image \`${reference.written}\` starts with \`/\`, so it breaks when the deck is served under a base path (\`https://host/any/path/\`)`,
        fix: `write it relative to the manifest's folder: \`${resolved.suggestion}\``,
      });
      continue;
    }
    if (resolved.kind === 'outside') {
      diagnostics.error({
        ...where,
        message: `image \`${reference.written}\` is outside the manifest's folder, which the deck does not ship`,
        fix: `put the image in the manifest's folder (${manifestFolder ? `\`${manifestFolder}\`` : 'the folder of the manifest'}) or below it, and write its path relative to that folder`,
      });
      continue;
    }
    const found = context.exists(resolved.path);
    if (typeof found === 'object') {
      diagnostics.error({ ...where, message: `image \`${reference.written}\` ${found.refused}`, fix: found.fix });
      continue;
    }
    if (!found) {
      const chapterFolder = folderOf(where.file);
      // The author may have written it relative to the chapter's folder: say so when that file exists.
      const relativeToChapter = chapterFolder.startsWith(manifestFolder) && chapterFolder !== manifestFolder
        ? `${chapterFolder.slice(manifestFolder.length)}${resolved.path}`
        : undefined;
      const hint = relativeToChapter && context.exists(relativeToChapter) === true ? ` (did you mean \`${relativeToChapter}\`? paths are relative to the manifest's folder, not the chapter's)` : '';
      diagnostics.error({
        ...where,
        message: `image \`${reference.written}\` does not exist${hint}`,
        fix: `add the file at \`${manifestFolder}${resolved.path}\`, or correct the path; paths are relative to the manifest's folder`,
      });
      continue;
    }
    if (!shown) continue;
    const asset = context.assets.get(resolved.path);
    if (asset) asset.references.push(where);
    else context.assets.set(resolved.path, { path: resolved.path, references: [where] });
  }
}

/** Problems that change how remark splits or renders the file. */
function checkStructure(text: string, parsed: ParsedSlide[], at: At, diagnostics: DiagnosticList): void {
  const markers = markerLines(text);
  parsed.forEach((slide, i) => {
    const tokens: Token[] = [...slide.content, ...slide.droppedNotes, ...(slide.notes?.tokens ?? [])];
    for (const token of tokens) {
      if (token.type === 'content_unclosed') {
        diagnostics.error({
          ...at(token.start),
          message: `\`${token.text}\` is never closed, so remark shows it as text`,
          fix: `add the closing \`]\`; remark counts every \`[\` and \`]\` after it, even in code and links, so an extra \`[\` inside also leaves it open`,
        });
      } else if (token.type === 'macro' && !isKnownMacro(token.name)) {
        diagnostics.error({
          ...at(token.start),
          message: `unknown macro \`${token.name}\`: remark would stop with an error and show no slides`,
          fix: 'use a registered macro (`scale`), or write plain Markdown instead',
        });
      } else if (token.type === 'text' && !token.inlineCode) {
        checkTextLines(text, token, at, diagnostics);
      } else if (token.type === 'text' && token.inlineCode) {
        checkSwallowedSeparator(markers, token, 'a backtick', at, diagnostics);
      } else if (token.type === 'content_start') {
        checkSwallowedSeparator(markers, token, `\`${text.slice(token.start, token.end)}\``, at, diagnostics);
      }
    }

    const contentEnd = slide.notes ? slide.notes.offset : slide.end;
    const masked = maskCode(text, slide.start, contentEnd, slide.content);
    const hasBlocks = slide.content.some((t) => t.type !== 'text' || t.inlineCode);
    if (!hasBlocks && slide.properties.length === 0 && masked.trim() === '') {
      // A file's first slide has no opener: the separator that ends it is the one to delete.
      const where = slide.opener?.offset ?? parsed[i + 1]?.opener?.offset ?? 0;
      const [message, fix] =
        i === parsed.length - 1 && slide.opener
          ? ['the file ends with a separator, which makes an empty slide', 'delete the last `---`']
          : slide.opener && i > 0
            ? ['empty slide: two separators in a row', 'delete one of the two separators']
            : ['the file starts with a separator, which makes an empty slide', 'delete the first `---`'];
      diagnostics.error({ ...at(where), message, fix });
    }

    for (const property of slide.properties) {
      if (!remarkProperties.has(property.key)) {
        diagnostics.warning({
          ...at(property.offset),
          message: `\`${property.key}:\` at the top of a slide is read as a slide property and is not shown`,
          fix: 'if it is prose, start the slide with a heading or a blank-line-free sentence that has no colon after the first word',
        });
      }
    }
  });
}

/** Lines remark reads differently from what the author meant. */
function checkTextLines(text: string, token: Token & { type: 'text' }, at: At, diagnostics: DiagnosticList): void {
  const lineRegex = /^.*$/gm;
  for (const match of token.text.matchAll(lineRegex)) {
    const offset = token.start + match.index;
    if (offset > 0 && text[offset - 1] !== '\n') continue;
    const line = match[0];
    const trailing = /^(---?|\?\?\?)([ \t]+)$/.exec(line);
    if (trailing) {
      const marker = trailing[1];
      diagnostics.error({
        ...at(offset + marker.length),
        message:
          marker === '???'
            ? '`??? ` has trailing whitespace, so remark shows the notes on the slide'
            : `\`${marker} \` has trailing whitespace, so remark does not split here and draws a rule`,
        fix: 'delete the whitespace after the marker',
      });
    }
    if (/^ {0,3}(`{3,}|~{3,})/.test(line)) {
      diagnostics.error({
        ...at(offset),
        message: 'code fence is never closed, so remark splits slides inside it',
        fix: `close the block with a line of ${line.trim().startsWith('~') ? '`~~~`' : '```'}`,
      });
    }
  }
}

/**
 * remark's lexer takes an inline code span (and a content class) before it looks for separators,
 * so a stray backtick pairs with one slides later and the `---` lines between become text.
 */
function checkSwallowedSeparator(markers: MarkerLine[], token: Token, what: string, at: At, diagnostics: DiagnosticList): void {
  const end = token.type === 'content_start' ? token.close + 1 : token.end;
  // The first marker line inside the span, its newline after it included.
  const found = markers[firstAtOrAfter(markers, token.start, (m) => m.newline)];
  if (!found || found.newline + 1 + found.marker.length >= end) return;
  const separator = [found.newline, found.marker] as const;
  const crossed = at(found.newline + 1);
  const closed = at(end - 1);
  const [message, fix] =
    token.type === 'content_start'
      ? [
          `${what} closes only at line ${closed.line}, so remark reads the \`${separator[1]}\` at line ${crossed.line} as text and joins the slides`,
          'if the slides should split there, close the class before the separator; remark counts every `[` and `]`, even in code, so look for an extra `[`',
        ]
      : [
          `${what} here starts inline code that ends at line ${closed.line}, so remark reads the \`${separator[1]}\` at line ${crossed.line} as text and joins the slides`,
          'close the code span on the same line, or write the backtick as \\` (or inside a code block)',
        ];
  // A class may hold a `---` on purpose (a rule); a code span never should.
  if (token.type === 'content_start') diagnostics.warning({ ...at(token.start), message, fix });
  else diagnostics.error({ ...at(token.start), message, fix });
}

function checkCalloutLinks(links: FoundLink[], at: At, diagnostics: DiagnosticList): void {
  if (links.length === 0) return;
  for (const link of links) {
    if (link.bare) {
      diagnostics.warning({
        ...at(link.offset),
        message: 'bare URL in an exercise: the attendee sees the address, not where it leads',
        fix: `write it as a Markdown link: [what the attendee will find there](${link.href})`,
      });
    }
  }
}

function checkLinks(links: FoundLink[], catalog: RecipeCatalog, at: At, diagnostics: DiagnosticList): void {
  for (const link of links) {
    const report = describeRecipeLink(catalog, link.href);
    if (report.problem) diagnostics.error({ ...at(link.offset), ...report.problem });
  }
}

function checkSlideNames(segments: Segment[], leftOut: Segment[], variant: string | undefined, diagnostics: DiagnosticList): void {
  const seen = new Map<string, { file: string; line: number }>();
  for (const segment of segments) {
    const name = segment.properties.name;
    if (!name) continue;
    const at = { file: segment.source.file, ...(segment.nameAt ?? { line: segment.source.line, column: 1 }) };
    const earlier = seen.get(name);
    if (earlier) {
      diagnostics.error({
        ...at,
        message: `slide name \`${name}\` is already used at ${earlier.file}:${earlier.line}`,
        fix: 'give this slide another `name:`; links and `#name` addresses reach only one of them',
      });
    } else {
      seen.set(name, at);
    }
  }
  const leftOutNames = new Map(leftOut.filter((s) => s.properties.name).map((s) => [s.properties.name, s.excludedBy as string]));
  // Segments, not slides: a `--` step repeats the links of the steps before it.
  for (const segment of segments) {
    if (segment.kind !== 'content') continue;
    for (const link of segment.links) {
      const target = link.href.startsWith('#') ? link.href.slice(1) : undefined;
      if (!target || /^\d+$/.test(target) || seen.has(target)) continue;
      const hiddenBy = leftOutNames.get(target);
      diagnostics.error({
        file: segment.source.file,
        line: link.line,
        column: link.column,
        message: hiddenBy
          ? `link to slide \`#${target}\`, which the ${variant ? `\`${variant}\`` : 'default'} variant leaves out (class \`${hiddenBy}\`)`
          : `link to slide \`#${target}\`, but no slide has that name`,
        fix: hiddenBy
          ? `give this link's slide the class \`${hiddenBy}\` too, or link to a slide every variant shows`
          : `give the target slide \`name: ${target}\`, or link to an existing name`,
      });
    }
  }
}

/** A safety net: the joined source must split into exactly the modelled slides. */
function checkSplitsAsModelled(source: string, modelled: number, manifest: Manifest, diagnostics: DiagnosticList): void {
  // It only speaks when nothing else did: no need to parse the whole deck again otherwise.
  if (diagnostics.errors.length > 0) return;
  const shown = parseSlides(source).filter((s) => isShown(Object.fromEntries(s.properties.map((p) => [p.key, p.value])))).length;
  if (shown !== modelled) {
    diagnostics.error({
      file: manifest.file,
      line: 1,
      column: 1,
      message: `the joined deck splits into ${shown} slides but its chapters make ${modelled}: something in one chapter reaches into the next`,
      fix: 'look for a stray backtick or bracket near the end of a chapter file',
    });
  }
}
