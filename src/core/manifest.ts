/**
 * The deck manifest (`slides/workshop.yml`): workshop title, subtitle, author, ratio, the
 * recipe catalog to check exercise links against, the ordered chapters (nested in parts), and
 * the classes each variant of the deck leaves out.
 *
 * It also reads container.training's manifests as they are: `content:` (or `chapters:`) lists
 * whose items are file names or nested lists (a part without a title), a multi-line `title`,
 * `exclude:` as one class or a list, and that toolchain's other keys, which are ignored.
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node, type YAMLMap } from 'yaml';
import type { DiagnosticList } from './diagnostics.js';

export interface ManifestPlace {
  line: number;
  column: number;
}

export interface ChapterRef extends ManifestPlace {
  /** As written in the manifest, relative to the manifest's folder. */
  path: string;
  /** Titles of the parts that contain it, outermost first (untitled parts are not named). */
  parts: string[];
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
 * `container.training`: that toolchain's decks, loaded as written (see docs/authoring.md).
 */
export type ManifestStyle = 'native' | 'container.training';

export interface Manifest {
  file: string;
  style: ManifestStyle;
  /** The title on one line (a multi-line title's lines joined by spaces). */
  title: string;
  /** The title's lines as written, for the title slide and `@@TITLE@@`. */
  titleLines: string[];
  subtitle?: string;
  author?: string;
  /** `width:height`, e.g. `16:9`. */
  ratio: string;
  /** Recipe catalog file, relative to the manifest's folder. */
  catalog?: ChapterRef;
  entries: ManifestEntry[];
  /** Every chapter in deck order. */
  chapters: ChapterRef[];
  /** Classes the default variant leaves out. */
  exclude: ClassRef[];
  /** Other variants by name, each with the classes it leaves out instead. */
  variants: Map<string, { exclude: ClassRef[] } & ManifestPlace>;
}

const knownKeys = new Set(['title', 'subtitle', 'author', 'ratio', 'catalog', 'chapters', 'content', 'exclude', 'variants', 'style']);
/** container.training's keys for its own HTML template and links: accepted, ignored. */
const ignoredKeys = new Set(['chat', 'gitrepo', 'slides', 'slidenumberprefix']);

/** Parses and validates the manifest; returns `undefined` when it is unusable. */
export function parseManifest(file: string, text: string, diagnostics: DiagnosticList): Manifest | undefined {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const place = (node: Node | null | undefined): ManifestPlace => {
    const pos = lineCounter.linePos(node?.range?.[0] ?? 0);
    return { line: pos.line, column: pos.col };
  };
  // One finding a line: the first error on a line usually causes the others.
  const errorLines = new Set<number>();
  for (const error of doc.errors) {
    const pos = lineCounter.linePos(error.pos[0]);
    if (errorLines.has(pos.line)) continue;
    errorLines.add(pos.line);
    diagnostics.error({
      file,
      line: pos.line,
      column: pos.col,
      message: `the manifest is not valid YAML: ${error.message.split('\n')[0]}`,
      fix: 'correct the YAML at this place (indentation, a missing colon or an unquoted special character are the usual causes)',
    });
  }
  if (doc.errors.length > 0) return undefined;

  const root = doc.contents;
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
      diagnostics.error({ file, ...place(node as Node), message: `\`${key}\` must be text`, fix: `write \`${key}: some text\`` });
      return undefined;
    }
    return String(node.value);
  };

  const keys = new Set<string>();
  for (const pair of root.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    keys.add(key);
    if (ignoredKeys.has(key)) {
      diagnostics.warning({
        file,
        ...place(pair.key as Node),
        message: `\`${key}\` is a key of container.training's HTML template; this deck ignores it`,
        fix: `remove it, or keep it if the same manifest still builds with container.training`,
      });
    } else if (!knownKeys.has(key)) {
      diagnostics.warning({
        file,
        ...place(pair.key as Node),
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
    diagnostics.error({ file, ...place(root.get('ratio', true) as Node), message: `ratio \`${ratio}\` is not of the form width:height`, fix: 'write `ratio: "16:9"` (quoted) or `ratio: "4:3"`' });
  }

  // Both names for the list; container.training renamed `chapters` to `content`.
  const listKey = keys.has('content') && !keys.has('chapters') ? 'content' : 'chapters';
  if (keys.has('content') && keys.has('chapters')) {
    diagnostics.error({
      file,
      ...place(root.get('content', true) as Node),
      message: 'the manifest has both `chapters` and `content`',
      fix: 'keep one list of chapter files (`chapters` and `content` mean the same)',
    });
  }
  let nestedLists = false;
  const chapters: ChapterRef[] = [];
  const seen = new Map<string, ChapterRef>();
  const readEntries = (node: Node | null | undefined, parts: string[], partName?: string): ManifestEntry[] => {
    if (!isSeq(node) || node.items.length === 0) {
      diagnostics.error({
        file,
        ...place(node ?? root),
        message: partName !== undefined ? `part "${partName}" lists no chapters` : `the manifest lists no chapters`,
        fix: `give \`${listKey}:\` a list of chapter files, one \`- file.md\` per line`,
      });
      return [];
    }
    const entries: ManifestEntry[] = [];
    for (const item of node.items as Node[]) {
      if (isScalar(item) && typeof item.value === 'string' && item.value.includes('\n')) {
        diagnostics.warning({
          file,
          ...place(item),
          message: 'inline Markdown in the manifest is not supported; it is left out of the deck',
          fix: 'move this Markdown into a chapter file and list the file here',
        });
      } else if (isScalar(item) && typeof item.value === 'string' && item.value.trim()) {
        const ref: ChapterRef = { path: item.value.trim(), parts, ...place(item) };
        const earlier = seen.get(ref.path);
        if (earlier) {
          diagnostics.error({
            file,
            line: ref.line,
            column: ref.column,
            message: `chapter \`${ref.path}\` is listed twice (first at line ${earlier.line})`,
            fix: 'remove one of the two entries',
          });
          continue;
        }
        seen.set(ref.path, ref);
        chapters.push(ref);
        entries.push(ref);
      } else if (isSeq(item)) {
        nestedLists = true;
        entries.push({ entries: readEntries(item, parts, ''), ...place(item) });
      } else if (isMap(item) && item.has('part')) {
        const partTitle = item.get('part');
        if (typeof partTitle !== 'string' || !partTitle.trim()) {
          diagnostics.error({ file, ...place(item), message: '`part` needs a title', fix: 'write `- part: Part title` with a `chapters:` list under it' });
          continue;
        }
        const nested = readEntries(item.get('chapters', true) as Node, [...parts, partTitle], partTitle);
        entries.push({ part: partTitle, entries: nested, ...place(item) });
      } else {
        diagnostics.error({
          file,
          ...place(item),
          message: 'a chapter entry must be a file name, a list of file names, or a `part:` with its own `chapters:`',
          fix: 'write `- chapter.md`, or `- part: Title` followed by an indented `chapters:` list',
        });
      }
    }
    return entries;
  };
  const entries = readEntries(root.get(listKey, true) as Node, []);

  const classList = (node: Node | null | undefined, where: string): ClassRef[] => {
    if (node === undefined || node === null || (isScalar(node) && node.value === null)) return [];
    const items = isSeq(node) ? (node.items as Node[]) : [node];
    const classes: ClassRef[] = [];
    for (const item of items) {
      if (isScalar(item) && (typeof item.value === 'string' || typeof item.value === 'number') && /^[-\w]+$/.test(String(item.value))) {
        classes.push({ name: String(item.value), ...place(item) });
      } else {
        diagnostics.error({
          file,
          ...place(item),
          message: `\`${where}\` must name slide classes, one word each`,
          fix: `write \`${where}: [self-paced]\` or a list of class names`,
        });
      }
    }
    return classes;
  };
  const exclude = classList(root.get('exclude', true) as Node, 'exclude');

  const variants: Manifest['variants'] = new Map();
  const variantsNode = root.get('variants', true) as Node | undefined;
  if (variantsNode !== undefined) {
    if (!isMap(variantsNode)) {
      diagnostics.error({
        file,
        ...place(variantsNode),
        message: '`variants` must map each variant name to its `exclude` list',
        fix: 'write `variants:` then, indented, `self-paced:` and under it `exclude: [in-person]`',
      });
    } else {
      for (const pair of variantsNode.items) {
        const name = isScalar(pair.key) ? String(pair.key.value) : '';
        const value = pair.value as Node | null;
        if (!/^[-\w]+$/.test(name) || !isMap(value) || !value.has('exclude')) {
          diagnostics.error({
            file,
            ...place(pair.key as Node),
            message: `variant \`${name}\` needs a one-word name and an \`exclude\` list`,
            fix: `write \`${name || 'self-paced'}:\` and under it \`exclude: [in-person]\``,
          });
          continue;
        }
        for (const other of value.items) {
          const key = isScalar(other.key) ? String(other.key.value) : '';
          if (key !== 'exclude') {
            diagnostics.warning({
              file,
              ...place(other.key as Node),
              message: `unknown variant key \`${key}\`; it is ignored`,
              fix: 'a variant has only `exclude`',
            });
          }
        }
        variants.set(name, { exclude: classList(value.get('exclude', true) as Node, `variants.${name}.exclude`), ...place(pair.key as Node) });
      }
    }
  }

  let style: ManifestStyle = listKey === 'content' || nestedLists || [...ignoredKeys].some((k) => keys.has(k)) ? 'container.training' : 'native';
  const declared = scalar('style');
  if (declared === 'native' || declared === 'container.training') style = declared;
  else if (declared !== undefined) {
    diagnostics.error({
      file,
      ...place(root.get('style', true) as Node),
      message: `style \`${declared}\` is not known`,
      fix: 'write `style: native` or `style: container.training`, or leave it out to have it detected',
    });
  }

  const catalogNode = root.get('catalog', true) as Node | undefined;
  const catalogPath = scalar('catalog');
  return {
    file,
    style,
    title: titleLines.join(' '),
    titleLines,
    subtitle: scalar('subtitle'),
    author: scalar('author'),
    ratio,
    catalog: catalogPath ? { path: catalogPath, parts: [], ...place(catalogNode) } : undefined,
    entries,
    chapters,
    exclude,
    variants,
  };
}

/**
 * The classes a variant leaves out: the manifest's `exclude` for the default variant, the
 * variant's own list otherwise. Reports an unknown variant at the manifest's first line.
 */
export function excludedClasses(manifest: Manifest, variant: string | undefined, diagnostics: DiagnosticList): ClassRef[] {
  if (variant === undefined || variant === '' || variant === 'default') return manifest.exclude;
  const found = manifest.variants.get(variant);
  if (found) return found.exclude;
  const known = [...manifest.variants.keys()];
  diagnostics.error({
    file: manifest.file,
    line: 1,
    column: 1,
    message: `the manifest has no variant \`${variant}\``,
    fix: known.length
      ? `use one of ${known.map((k) => `\`${k}\``).join(', ')}, or leave out --variant for the default`
      : 'add it under `variants:` (e.g. `self-paced: { exclude: [in-person] }`), or leave out --variant',
  });
  return manifest.exclude;
}
