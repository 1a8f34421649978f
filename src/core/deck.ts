/**
 * The loader's pure core: a manifest and its chapter files in, the remark source and the typed
 * deck model out, with every problem reported at its file, line and column. No I/O and no state
 * of its own: the caller passes `read` (and `exists`), and may pass a cache of file analyses.
 *
 * The pipeline, stage by stage:
 *   manifest      read and validate the manifest; the variant's classes; the recipe catalog
 *   chapter files analyse each file (file-analysis.ts), then make its slides (chapter-file.ts)
 *   placement     the title slide, the contents' place, every chapter's slides (contents.ts)
 *   numbering     remark's slide indexes, the contents slides, chapters' numbers (numbering.ts)
 *   deck checks   names, links to slides, exclude lists, the split (deck-checks.ts); shell
 *                 variables used before any slide sets them (shell-variables.ts)
 */
import type { ChapterFile, ChapterHead } from './chapter-file.js';
import { checkImage } from './assets.js';
import { chapterFile } from './chapter-file.js';
import { placeSlides, type ContainerTrainingDeck } from './contents.js';
import { containerTrainingParts, readInterstitials } from './container-training.js';
import { checkExcludeLists, checkSlideNames, checkSomeSlideShown, checkSplitsAsModelled } from './deck-checks.js';
import { DiagnosticList, type Diagnostic } from './diagnostics.js';
import { analyseFile, type FileAnalysisCache } from './file-analysis.js';
import { titleSlideMarkdown, titleSlideProperties } from './generated-slides.js';
import { expandIncludes } from './includes.js';
import { analyseInline } from './inline-entries.js';
import { checkShellVariables } from './shell-variables.js';
import { excludedClasses, parseManifest, type ChapterRef, type Manifest } from './manifest.js';
import type { Chapter, Deck, DeckAsset } from './model.js';
import { numberDeck } from './numbering.js';
import { uniqueIds } from './room-plan.js';
import { emptyCatalog, linkDescriber, parseRecipeCatalog, type RecipeCatalog } from './recipe-catalog.js';
import type { SlideDraft } from './slide-draft.js';
import { decodeOrReport, loadNamedFile, type ExistsResult, type ReadResult, type SourceBytes, type SourceFile } from './source-files.js';
import { normaliseNewlines } from './source-text.js';

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

export interface DeckOptions {
  /** A variant named under the manifest's `variants`; the default variant when absent. */
  variant?: string;
  /** Analyses of chapter files kept between builds by their owner (the dev server); none by default. */
  analyses?: FileAnalysisCache;
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

/** container.training's list of pictures put before each section title, beside the manifest. */
const interstitialsFile = 'interstitials.txt';

/** How a loader bug is reported (the property tests look for it). */
export const internalErrorPrefix = 'the loader failed unexpectedly: ';

/**
 * Builds the deck. Never throws: every problem, even a bug of the loader's own, comes back as a
 * diagnostic, so that the dev server, lint and check always have something to show.
 */
export function buildDeck(input: DeckInput, options: DeckOptions = {}): DeckBuild {
  try {
    return buildDeckOrThrow(input, options);
  } catch (error) {
    const diagnostic: Diagnostic = {
      severity: 'error',
      file: input.manifest.file,
      line: 1,
      column: 1,
      message: `${internalErrorPrefix}${(error as Error)?.message ?? String(error)}`,
      fix: 'this is a bug in the loader: please report it with the chapter that triggers it',
    };
    return { diagnostics: [diagnostic], files: [input.manifest.file], ok: false };
  }
}

function buildDeckOrThrow(input: DeckInput, options: DeckOptions): DeckBuild {
  const diagnostics = new DiagnosticList();
  const files = [input.manifest.file];
  const report = (finding: Omit<Diagnostic, 'severity'>) => diagnostics.error(finding);

  // Manifest, variant, catalog.
  const manifestFile = decodeOrReport(input.manifest, report);
  const manifest = manifestFile && parseManifest(manifestFile.file, normaliseNewlines(manifestFile.text), diagnostics);
  if (!manifest) return { diagnostics: diagnostics.items, files, ok: false };
  const excludedRefs = excludedClasses(manifest, options.variant, diagnostics);
  const excluded = new Set(excludedRefs.map((c) => c.name));
  const readNamed = (ref: ChapterRef, what: string) => {
    const file = loadNamedFile(input.read(ref.path), ref.path, what, { file: manifest.file, line: ref.line, column: ref.column }, report, manifest.rootDepth);
    if (file) files.push(file.file);
    return file;
  };
  const catalogFile = manifest.catalog && readNamed(manifest.catalog, 'recipe catalog');
  const catalog: RecipeCatalog = catalogFile ? parseRecipeCatalog(catalogFile.file, normaliseNewlines(catalogFile.text), diagnostics) : emptyCatalog;

  // Chapter files.
  const assets = new Map<string, DeckAsset>();
  const context = {
    manifest,
    describe: linkDescriber(catalog),
    excluded,
    images: { manifestFile: manifest.file, exists: input.exists ?? (() => true), assets, diagnostics },
    diagnostics,
  };
  const analyseNamed = (ref: ChapterRef) => {
    const written = readNamed(ref, 'chapter file');
    if (!written) return undefined;
    // Code from files first: the analysis sees the text remark will get.
    const source = expandIncludes(written, input.read, diagnostics, { rootDepth: manifest.rootDepth, fromRepositoryRoot: manifest.style === 'container.training' });
    files.push(...(source.origins?.includedFiles ?? []));
    return options.analyses ? options.analyses.analyse(source) : analyseFile(source);
  };
  const loaded: ChapterFile[] = [];
  const heads: ChapterHead[] = [];
  const headRefs: ChapterRef[] = [];
  let exerciseCount = 0;
  let pollCount = 0;
  const languages = new Set<string>();
  for (const ref of manifest.chapters) {
    const analysis = ref.inline ? analyseInline(manifest.file, ref.inline) : analyseNamed(ref);
    if (!analysis) continue;
    for (const language of analysis.languages) languages.add(language);
    const file = chapterFile(analysis, ref, heads.length, { exercise: exerciseCount, poll: pollCount }, context);
    if (!file) continue;
    loaded.push(file);
    exerciseCount += file.exercises.length;
    pollCount += file.polls.length;
    for (const head of file.chapters) {
      heads.push(head);
      headRefs.push(ref);
    }
  }
  checkExcludeLists(manifest, new Set(loaded.flatMap((f) => [...f.classes])), diagnostics);
  checkShellVariables(loaded.flatMap((f) => f.shellEvents), diagnostics);

  // container.training's builder numbers parts and pictures its section titles.
  let containerTraining: ContainerTrainingDeck | undefined;
  if (manifest.style === 'container.training') {
    const parts = containerTrainingParts(heads);
    const found = input.read(interstitialsFile);
    const list = found && loadNamedFile(found, interstitialsFile, 'picture list', { file: manifest.file, line: 1, column: 1 }, report);
    if (list) files.push(list.file);
    const interstitials = list ? readInterstitials(list.file, normaliseNewlines(list.text)) : [];
    for (const { path, file, line, column } of interstitials.slice(0, heads.length)) checkImage(path, { file, line, column }, true, context.images);
    containerTraining = { parts, interstitials };
    heads.splice(0, heads.length, ...parts.heads);
  }

  // Placement and numbering.
  const placed = placeSlides(manifest, manifest.style === 'native' ? titleSlide(manifest) : undefined, loaded, diagnostics, containerTraining);
  const numbered = numberDeck(placed, manifest, heads, headRefs, uniqueIds(loaded.flatMap((f) => f.exercises)), uniqueIds(loaded.flatMap((f) => f.polls)), containerTraining?.parts.tree);
  planChapters(numbered.chapters, containerTraining ? [] : headRefs, manifest, diagnostics);

  // Deck checks, on the source remark will get.
  checkSomeSlideShown(numbered.slides.length, excludedRefs, manifest, diagnostics);
  checkSlideNames(numbered.drafts, loaded.flatMap((f) => f.leftOut), options.variant, diagnostics);
  const slideSources = numbered.drafts.map((d, i) => (i === 0 ? '' : `\n${d.opener}\n`) + d.markdown);
  const source = slideSources.join('');
  checkSplitsAsModelled(numbered.drafts, source, numbered.slides.length, manifest, diagnostics);

  const deck: Deck = {
    title: manifest.title,
    subtitle: manifest.subtitle,
    author: manifest.author,
    ratio: manifest.ratio,
    manifest: manifest.file,
    ...(options.variant && options.variant !== 'default' ? { variant: options.variant } : {}),
    excludedClasses: [...excluded],
    style: manifest.style,
    slides: numbered.slides,
    chapters: numbered.chapters,
    exercises: numbered.exercises,
    polls: numbered.polls,
    toc: numbered.toc,
    assets: [...assets.values()],
    languages: [...languages].sort(),
  };
  return { deck, source, slideSources, diagnostics: diagnostics.items, files, ok: diagnostics.errors.length === 0 };
}

/** The workshop's title slide, which native decks open with. */
function titleSlide(manifest: Manifest): SlideDraft {
  return {
    markdown: titleSlideMarkdown(manifest),
    opener: '---',
    kind: 'title',
    source: { file: manifest.file, line: 1, endLine: 1 },
    properties: titleSlideProperties,
    title: manifest.title,
    notes: '',
    links: [],
    exercises: [],
  };
}

/**
 * The minutes the manifest plans for each chapter, on the chapter its file starts (one a file in
 * native and remark decks). container.training decks number parts and sections of their own, not
 * the manifest's files: their plans are not used, and said so.
 */
function planChapters(chapters: Chapter[], headRefs: readonly ChapterRef[], manifest: Manifest, diagnostics: DiagnosticList): void {
  if (manifest.style === 'container.training') {
    for (const ref of manifest.chapters.filter((r) => r.minutes !== undefined)) {
      diagnostics.warning({
        file: manifest.file,
        line: ref.line,
        column: ref.column,
        message: '`minutes` are not used in a container.training deck (its chapters are its sections, not its files)',
        fix: 'remove `minutes`, or keep it as a note for yourself',
      });
    }
    return;
  }
  const planned = new Set<ChapterRef>();
  chapters.forEach((chapter, i) => {
    const ref = headRefs[i];
    if (ref?.minutes === undefined || planned.has(ref)) return;
    planned.add(ref);
    chapter.minutes = ref.minutes;
  });
}
