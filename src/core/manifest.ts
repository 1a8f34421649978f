/**
 * The deck manifest (`slides/workshop.yml`): workshop title, subtitle, author, ratio, the
 * recipe catalog to check exercise links against, the ordered chapters (nested in parts), and
 * the classes each variant of the deck leaves out.
 *
 * It also reads container.training's manifests as they are: `content:` (or `chapters:`) lists
 * whose items are file names, inline Markdown or nested lists (a part without a title), a
 * multi-line `title`, `exclude:` as one class or a list, and the values its page template
 * substitutes (`chat`, `gitrepo`, `slides`, `zip`, `html`, `slidenumberprefix`).
 */
import { isMap, isScalar, type Node, type YAMLMap } from 'yaml';
import { DiagnosticList } from './diagnostics.js';
import { readChapterList } from './manifest-chapters.js';
import { readClassList, readVariants } from './manifest-variants.js';
import { parseYaml, type Place } from './yaml-source.js';

export { excludedClasses } from './manifest-variants.js';

export type ManifestPlace = Place;

export interface ChapterRef extends ManifestPlace {
  /** As written in the manifest, relative to the manifest's folder (for inline Markdown, where it is written). */
  path: string;
  /** Titles of the parts that contain it, outermost first (untitled parts are not named). */
  parts: string[];
  /** Which entry of the manifest's top-level list it belongs to (container.training's parts). */
  topLevel?: number;
  /** Markdown written in the manifest itself (`- |` then the slides), instead of a file. */
  inline?: InlineMarkdown;
  /** Minutes planned for it (`- file: chapter.md` with `minutes: 30`), which the presenter console paces against. */
  minutes?: number;
}

/** A `- |` entry's Markdown and where its first line sits in the manifest. */
export interface InlineMarkdown {
  text: string;
  /** Manifest line of the text's first line. */
  line: number;
  /** Columns the manifest indents every line of the text by (exact for `|` blocks). */
  indent: number;
}

export interface PartEntry extends ManifestPlace {
  /** Absent for a nested list of files, container.training's part without a title. */
  part?: string;
  entries: ManifestEntry[];
}

export type ManifestEntry = ChapterRef | PartEntry;

/** A class named in an `exclude` list, where it is written. */
export interface ClassRef extends ManifestPlace {
  name: string;
}

/**
 * `native`: this project's manifests (generated title, contents and chapter title slides).
 * `container.training`: that toolchain's decks, built as its own builder builds them (its
 * substitutions, contents slide per part and title slide per section; docs/authoring.md).
 * `remark`: plain remark decks, shown exactly as written: nothing generated, nothing replaced.
 */
export type ManifestStyle = 'native' | 'container.training' | 'remark';

/** container.training's page-template values, each substituted as `@@KEY@@` (upper case). */
export const templateKeys = ['chat', 'gitrepo', 'slides', 'zip', 'html', 'slidenumberprefix'] as const;
export type TemplateKey = (typeof templateKeys)[number];

export interface Manifest {
  file: string;
  style: ManifestStyle;
  /** The title on one line (a multi-line title's lines joined by spaces). */
  title: string;
  /** The title's lines as written, trimmed, for the title slide. */
  titleLines: string[];
  /** The title exactly as the YAML gives it (a `|` block keeps its final newline): container.training's `@@TITLE@@`. */
  rawTitle: string;
  /** container.training's template values the manifest sets, with where each is written. */
  template: Partial<Record<TemplateKey, { value: string } & ManifestPlace>>;
  subtitle?: string;
  author?: string;
  /** `width:height`, e.g. `16:9`. */
  ratio: string;
  /** Recipe catalog file, relative to the manifest's folder. */
  catalog?: ChapterRef;
  /**
   * How many folders above the manifest's the deck may read files from (`root: ..` is 1): 0,
   * the manifest's folder alone, unless the manifest says so (see `deckRoot`).
   */
  rootDepth: number;
  entries: ManifestEntry[];
  /** Every chapter in deck order. */
  chapters: ChapterRef[];
  /** Classes the default variant leaves out. */
  exclude: ClassRef[];
  /** Other variants by name, each with the classes it leaves out instead. */
  variants: Map<string, { exclude: ClassRef[] } & ManifestPlace>;
}

const knownKeys = new Set<string>(['title', 'subtitle', 'author', 'ratio', 'catalog', 'root', 'chapters', 'content', 'exclude', 'variants', 'style', ...templateKeys]);
/** Keys only container.training's manifests have: one of them says which style a manifest is. */
const containerTrainingKeys = ['chat', 'gitrepo', 'slides', 'slidenumberprefix'];
const styles: readonly ManifestStyle[] = ['native', 'container.training', 'remark'];

/** Parses and validates the manifest; returns `undefined` when it is unusable. */
export function parseManifest(file: string, text: string, diagnostics: DiagnosticList): Manifest | undefined {
  const parsed = parseYaml(file, text, 'manifest', diagnostics);
  if (!parsed) return undefined;
  const yaml = parsed.source;
  const { place } = yaml;
  const root = parsed.document.contents;
  if (!isMap(root)) {
    diagnostics.error({
      file,
      ...place(root),
      message: 'the manifest must be a YAML mapping with `title` and `chapters`',
      fix: 'start the file with `title: Your workshop` and a `chapters:` list of chapter files',
    });
    return undefined;
  }

  const scalar = (key: string, map: YAMLMap = root): string | undefined => {
    const node = map.get(key, true);
    if (node === undefined || (isScalar(node) && node.value === null)) return undefined;
    if (!isScalar(node) || typeof node.value === 'object') {
      diagnostics.error({ file, ...place(node), message: `\`${key}\` must be text`, fix: `write \`${key}: some text\`` });
      return undefined;
    }
    return String(node.value);
  };

  const keys = new Set<string>();
  for (const pair of root.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    keys.add(key);
    if (!knownKeys.has(key)) {
      diagnostics.warning({
        file,
        ...place(pair.key),
        message: `unknown manifest key \`${key}\`; it is ignored`,
        fix: `use one of ${[...knownKeys].map((k) => `\`${k}\``).join(', ')}, or remove it`,
      });
    }
  }

  const rawTitle = scalar('title');
  if (rawTitle === undefined && !(root.has('title') && !isScalar(root.get('title', true)))) {
    diagnostics.error({ file, line: 1, column: 1, message: 'the manifest has no `title`', fix: 'add `title: Your workshop title` at the top' });
  }
  const titleLines = (rawTitle ?? '').split('\n').map((l) => l.trim()).filter(Boolean);
  const ratio = scalar('ratio') ?? '16:9';
  if (!/^\d+:\d+$/.test(ratio) || /^0+:|:0+$/.test(ratio)) {
    diagnostics.error({ file, ...place(root.get('ratio', true)), message: `ratio \`${ratio}\` is not of the form width:height`, fix: 'write `ratio: "16:9"` (quoted) or `ratio: "4:3"`' });
  }

  // Both names for the list; container.training renamed `chapters` to `content`.
  const listKey = keys.has('content') && !keys.has('chapters') ? 'content' : 'chapters';
  if (keys.has('content') && keys.has('chapters')) {
    diagnostics.error({
      file,
      ...place(root.get('content', true)),
      message: 'the manifest has both `chapters` and `content`',
      fix: 'keep one list of chapter files (`chapters` and `content` mean the same)',
    });
  }
  const { entries, chapters, nestedLists, inlineEntries } = readChapterList((root.get(listKey, true) as Node | undefined) ?? root, listKey, yaml);

  let style: ManifestStyle = listKey === 'content' || nestedLists || inlineEntries || containerTrainingKeys.some((k) => keys.has(k)) ? 'container.training' : 'native';
  const declared = scalar('style');
  if ((styles as readonly string[]).includes(declared ?? '')) style = declared as ManifestStyle;
  else if (declared !== undefined) {
    diagnostics.error({
      file,
      ...place(root.get('style', true)),
      message: `style \`${declared}\` is not known`,
      fix: 'write `style: native`, `style: container.training` or `style: remark`, or leave it out to have it detected',
    });
  }
  const template: Manifest['template'] = {};
  for (const key of templateKeys) {
    const value = scalar(key);
    if (value !== undefined) template[key] = { value, ...place(root.get(key, true)) };
  }

  const catalogPath = scalar('catalog');
  const rootWritten = scalar('root');
  const rootDepth = rootWritten === undefined ? 0 : deckRootDepth(rootWritten);
  if (rootDepth === undefined) {
    diagnostics.error({
      file,
      ...place(root.get('root', true)),
      message: `\`root: ${rootWritten}\` must name the manifest's folder or one above it`,
      fix: 'write `root: ..` (the folder above the manifest\'s, as container.training decks need) or `root: ../..`; the deck reads files only inside its root',
    });
  }
  return {
    file,
    style,
    title: titleLines.join(' '),
    titleLines,
    rawTitle: rawTitle ?? '',
    template,
    subtitle: scalar('subtitle'),
    author: scalar('author'),
    ratio,
    catalog: catalogPath ? { path: catalogPath, parts: [], ...place(root.get('catalog', true)) } : undefined,
    rootDepth: rootDepth ?? 0,
    entries,
    chapters,
    exclude: readClassList(root.get('exclude', true) as Node, 'exclude', yaml),
    variants: readVariants(root.get('variants', true) as Node | undefined, yaml),
  };
}

/** `.`, `..`, `../..`: how many folders up; `undefined` for anything else (a subfolder, an absolute path). */
export function deckRootDepth(written: string): number | undefined {
  const segments = written.trim().replace(/\\/g, '/').split('/').filter((s) => s !== '' && s !== '.');
  if (written.trim().startsWith('/') || segments.some((s) => s !== '..') || segments.length > 3) return undefined;
  return segments.length;
}

/**
 * The deck's root as the manifest names it (`root: ..`), for the shell to confine its reads to
 * before the deck is built: how many folders above the manifest's it may read, 0 when none is
 * named or the manifest is unusable (the build then reports why).
 */
export function declaredRootDepth(file: string, text: string): number {
  return parseManifest(file, text, new DiagnosticList())?.rootDepth ?? 0;
}
