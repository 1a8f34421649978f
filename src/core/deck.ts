/**
 * The loader's pure core: a manifest and its chapter files in, the remark source and the typed
 * deck model out, with every problem reported at its file, line and column. No I/O here: the
 * caller passes a `read` function that returns a file's text or `undefined`.
 */
import { DiagnosticList, type Diagnostic } from './diagnostics.js';
import { calloutLinks, findCallouts, renderCallout } from './exercises.js';
import { chapterTitleMarkdown, titleSlideMarkdown, tocLines, tocLinesPerSlide, tocSlidesMarkdown } from './generated-slides.js';
import { isKnownMacro } from './macros.js';
import { parseManifest, type ChapterRef, type Manifest, type ManifestEntry } from './manifest.js';
import { findHeadings, findLinks, maskCode, type FoundLink, type Heading } from './markdown-scan.js';
import type { Chapter, Deck, DeckLink, Exercise, Slide, SlideKind, SourceRange, TocEntry } from './model.js';
import { describeRecipeLink, emptyCatalog, parseRecipeCatalog, type RecipeCatalog } from './recipe-catalog.js';
import type { Token } from './remark-lexer.js';
import { parseSlides, type ParsedSlide } from './slide-parser.js';
import { LineIndex, normaliseNewlines } from './source-text.js';

export interface SourceFile {
  /** How the file is named in messages and in the model. */
  file: string;
  text: string;
}

export interface DeckInput {
  manifest: SourceFile;
  /** Reads a file named relative to the manifest's folder; `undefined` when it does not exist. */
  read: (path: string) => SourceFile | undefined;
}

export interface DeckBuild {
  /** Absent only when the manifest itself is unusable. */
  deck?: Deck;
  /** The Markdown handed to remark. */
  source?: string;
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
}

export function buildDeck(input: DeckInput): DeckBuild {
  const diagnostics = new DiagnosticList();
  const files = [input.manifest.file];
  const manifest = parseManifest(input.manifest.file, normaliseNewlines(input.manifest.text), diagnostics);
  if (!manifest) return { diagnostics: diagnostics.items, files, ok: false };

  let catalog: RecipeCatalog = emptyCatalog;
  if (manifest.catalog) {
    const catalogFile = input.read(manifest.catalog.path);
    if (catalogFile) {
      files.push(catalogFile.file);
      catalog = parseRecipeCatalog(catalogFile.file, normaliseNewlines(catalogFile.text), diagnostics);
    } else {
      missingFile(diagnostics, manifest, manifest.catalog, 'recipe catalog');
    }
  }

  const chapters: Chapter[] = [];
  /** The manifest entry of each loaded chapter, in step with `chapters`. */
  const chapterRefs: ChapterRef[] = [];
  const exercises: Exercise[] = [];
  const chapterSegments: Segment[][] = [];
  for (const ref of manifest.chapters) {
    const file = input.read(ref.path);
    if (!file) {
      missingFile(diagnostics, manifest, ref, 'chapter file');
      continue;
    }
    files.push(file.file);
    const loaded = loadChapter(file, ref, chapters.length, catalog, exercises, diagnostics);
    if (!loaded) continue;
    chapters.push(loaded.chapter);
    chapterRefs.push(ref);
    chapterSegments.push(loaded.segments);
  }

  const manifestLine = (line: number): SourceRange => ({ file: manifest.file, line, endLine: line });
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

  // Contents slides come before the chapters, so chapter slide numbers depend on their count.
  const toc = tocEntries(manifest.entries, chapters, chapterRefs);
  const lineCount = tocLines(toc, () => undefined).length;
  const tocPages = Math.max(1, Math.ceil(lineCount / tocLinesPerSlide));
  let index = 1 + tocPages;
  for (const [i, segments] of chapterSegments.entries()) {
    const shown = segments.filter((s) => isShown(s.properties));
    chapters[i].firstSlide = index;
    chapters[i].lastSlide = index + shown.length - 1;
    index += shown.length;
  }
  const tocMarkdown = tocSlidesMarkdown(
    tocLines(toc, (c) => ({ number: chapters[c].number, slideName: chapters[c].slideName, slideNumber: chapters[c].firstSlide + 1 })),
  );
  const tocSegments: Segment[] = tocMarkdown.map((markdown, i) => ({
    markdown,
    opener: '---',
    kind: 'toc',
    source: manifestLine(manifest.entries[0]?.line ?? 1),
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

  const segments = [titleSegment, ...tocSegments, ...chapterSegments.flat()];
  const slides = numberSlides(segments);
  for (const exercise of exercises) {
    exercise.slide = slides.findIndex((s) => s.exercises.includes(exercise.index));
  }
  checkSlideNames(segments, diagnostics);

  const source = segments.map((s, i) => (i === 0 ? '' : `\n${s.opener}\n`) + s.markdown).join('');
  checkSplitsAsModelled(source, slides.length, manifest, diagnostics);

  const deck: Deck = {
    title: manifest.title,
    subtitle: manifest.subtitle,
    author: manifest.author,
    ratio: manifest.ratio,
    manifest: manifest.file,
    slides,
    chapters,
    exercises,
    toc,
  };
  return { deck, source, diagnostics: diagnostics.items, files, ok: diagnostics.errors.length === 0 };
}

function missingFile(diagnostics: DiagnosticList, manifest: Manifest, ref: ChapterRef, what: string): void {
  diagnostics.error({
    file: manifest.file,
    line: ref.line,
    column: ref.column,
    message: `${what} \`${ref.path}\` does not exist`,
    fix: `create it, or correct the path (relative to the manifest's folder)`,
  });
}

function tocEntries(entries: ManifestEntry[], chapters: Chapter[], refs: ChapterRef[]): TocEntry[] {
  const walk = (list: ManifestEntry[]): TocEntry[] =>
    list.flatMap((entry): TocEntry[] => {
      if ('part' in entry) return [{ title: entry.part, children: walk(entry.entries) }];
      const chapter = refs.indexOf(entry);
      return chapter < 0 ? [] : [{ title: chapters[chapter].title, chapter, children: [] }];
    });
  return walk(entries);
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
    const continued = segment.opener === '--' && previous !== undefined;
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

interface LoadedChapter {
  chapter: Chapter;
  segments: Segment[];
}

function loadChapter(
  sourceFile: SourceFile,
  ref: ChapterRef,
  chapterIndex: number,
  catalog: RecipeCatalog,
  exercises: Exercise[],
  diagnostics: DiagnosticList,
): LoadedChapter | undefined {
  const { file } = sourceFile;
  const text = normaliseNewlines(sourceFile.text);
  const lines = new LineIndex(text);
  const at = (offset: number) => ({ file, ...lines.position(offset) });
  const parsed = parseSlides(text);

  checkStructure(text, parsed, at, diagnostics);

  const scans = parsed.map((slide) => {
    const masked = maskCode(text, slide.start, slide.end, slide.content);
    return { headings: findHeadings(text, slide.start, masked), links: findLinks(text, slide.start, masked) };
  });
  const titleSlide = scans.findIndex((s) => s.headings.some((h) => h.level === 1));
  if (titleSlide < 0) {
    diagnostics.error({
      ...at(0),
      message: 'this chapter has no title: no `# ` heading outside code',
      fix: 'start the chapter with a slide whose first line is `# Chapter title`',
    });
    return undefined;
  }
  const titleHeading = scans[titleSlide].headings.find((h) => h.level === 1) as Heading;
  const number = chapterIndex + 1;
  const adoptFirst = titleSlide === 0 && isTitleOnly(text, parsed[0], titleHeading);
  const firstProps = Object.fromEntries(parsed[0].properties.map((p) => [p.key, p.value]));
  const slideName = adoptFirst && firstProps.name ? firstProps.name : `chapter-${number}`;
  const chapter: LoadedChapter['chapter'] = {
    index: chapterIndex,
    number,
    title: titleHeading.text,
    file,
    parts: ref.parts,
    slideName,
    firstSlide: -1,
    lastSlide: -1,
    exercises: [],
  };

  const headingLine = text.slice(titleHeading.offset).split('\n', 1)[0];
  const chapterTitle = (notes: string, properties: ParsedSlide['properties']): Segment => {
    const classes = splitClasses(properties.find((p) => p.key === 'class')?.value);
    const extra = properties.filter((p) => p.key !== 'name' && p.key !== 'class').map((p) => `${p.key}: ${p.value}`);
    const markdown = chapterTitleMarkdown({ name: slideName, classes, number, parts: ref.parts, headingLine, extraProperties: extra });
    const line = lines.line(titleHeading.offset);
    const nameProperty = properties.find((p) => p.key === 'name');
    return {
      markdown: notes ? `${markdown}\n???\n${notes}` : markdown,
      opener: '---',
      kind: 'chapter-title',
      source: { file, line, endLine: line },
      properties: { name: slideName, class: ['chapter-title', ...classes].join(', ') },
      title: chapter.title,
      chapter: chapterIndex,
      notes: notes.trim(),
      links: [],
      exercises: [],
      nameAt: nameProperty ? lines.position(nameProperty.offset) : undefined,
    };
  };

  const segments: Segment[] = [];
  if (!adoptFirst) segments.push(chapterTitle('', []));
  parsed.forEach((slide, i) => {
    const notesText = slide.notes ? text.slice(slide.notes.offset + 3, slide.end).replace(/^\n/, '') : '';
    if (i === 0 && adoptFirst) {
      segments.push(chapterTitle(notesText, slide.properties));
      return;
    }
    const scan = scans[i];
    const callouts = findCallouts(slide.content);
    const segmentExercises: number[] = [];
    let markdown = '';
    let cursor = slide.start;
    for (const span of callouts) {
      const body = text.slice(span.bodyStart, span.bodyEnd);
      const bodyLinks = scan.links.filter((l) => l.offset >= span.bodyStart && l.offset < span.bodyEnd);
      const links = calloutLinks(bodyLinks, catalog);
      markdown += text.slice(cursor, span.start) + renderCallout(span, body, links);
      cursor = span.end;
      const exercise: Exercise = {
        index: exercises.length,
        kind: span.kind,
        chapter: chapterIndex,
        slide: -1,
        source: { file, line: lines.line(span.start), endLine: lines.line(span.end) },
        markdown: body.trim(),
        links,
      };
      exercises.push(exercise);
      chapter.exercises.push(exercise.index);
      segmentExercises.push(exercise.index);
      checkCalloutLinks(bodyLinks, at, diagnostics);
    }
    markdown += text.slice(cursor, slide.end);

    checkLinks(scan.links, catalog, at, diagnostics);
    const firstLine = lines.line(slide.start);
    const nameProperty = slide.properties.find((p) => p.key === 'name');
    segments.push({
      markdown,
      opener: slide.opener?.kind ?? '---',
      kind: 'content',
      source: { file, line: firstLine, endLine: Math.max(firstLine, lines.line(Math.max(slide.start, slide.end - 1))) },
      properties: Object.fromEntries(slide.properties.map((p) => [p.key, p.value])),
      title: scan.headings[0]?.text,
      chapter: chapterIndex,
      notes: notesText.trim(),
      links: scan.links.map((l) => ({ href: l.href, label: l.label, ...lines.position(l.offset) })),
      exercises: segmentExercises,
      nameAt: nameProperty ? lines.position(nameProperty.offset) : undefined,
    });
  });
  return { chapter, segments };
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

/** Problems that change how remark splits or renders the file. */
function checkStructure(text: string, parsed: ParsedSlide[], at: At, diagnostics: DiagnosticList): void {
  parsed.forEach((slide, i) => {
    const tokens: Token[] = [...slide.content, ...(slide.notes?.tokens ?? [])];
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

function checkSlideNames(segments: Segment[], diagnostics: DiagnosticList): void {
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
  const names = new Set(seen.keys());
  // Segments, not slides: a `--` step repeats the links of the steps before it.
  for (const segment of segments) {
    if (segment.kind !== 'content') continue;
    for (const link of segment.links) {
      const target = link.href.startsWith('#') ? link.href.slice(1) : undefined;
      if (target && !/^\d+$/.test(target) && !names.has(target)) {
        diagnostics.error({
          file: segment.source.file,
          line: link.line,
          column: link.column,
          message: `link to slide \`#${target}\`, but no slide has that name`,
          fix: `give the target slide \`name: ${target}\`, or link to an existing name`,
        });
      }
    }
  }
}

/** A safety net: the joined source must split into exactly the modelled slides. */
function checkSplitsAsModelled(source: string, modelled: number, manifest: Manifest, diagnostics: DiagnosticList): void {
  const shown = parseSlides(source).filter((s) => isShown(Object.fromEntries(s.properties.map((p) => [p.key, p.value])))).length;
  if (shown !== modelled && diagnostics.errors.length === 0) {
    diagnostics.error({
      file: manifest.file,
      line: 1,
      column: 1,
      message: `the joined deck splits into ${shown} slides but its chapters make ${modelled}: something in one chapter reaches into the next`,
      fix: 'look for a stray backtick or bracket near the end of a chapter file',
    });
  }
}
