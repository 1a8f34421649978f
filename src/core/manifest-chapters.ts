/**
 * The manifest's chapter list (`chapters:`, or container.training's `content:`): file names,
 * parts with their own `chapters:`, nested lists (container.training's parts without a title)
 * and inline Markdown (container.training's `- |` entries, slides written in the manifest).
 */
import { isMap, isScalar, isSeq, Scalar, type Node } from 'yaml';
import type { ChapterRef, InlineMarkdown, ManifestEntry } from './manifest.js';
import type { YamlSource } from './yaml-source.js';

export interface ChapterList {
  entries: ManifestEntry[];
  /** Every chapter in deck order. */
  chapters: ChapterRef[];
  /** A nested list appeared: container.training's style. */
  nestedLists: boolean;
  /** An inline Markdown entry appeared: container.training's style too. */
  inlineEntries: boolean;
}

export function readChapterList(node: Node | null | undefined, listKey: string, yaml: YamlSource): ChapterList {
  const { file, diagnostics, place } = yaml;
  const chapters: ChapterRef[] = [];
  const seen = new Map<string, ChapterRef>();
  let nestedLists = false;
  let inlineEntries = false;
  const readEntries = (list: Node | null | undefined, parts: string[], partName?: string, topLevel?: number): ManifestEntry[] => {
    if (!isSeq(list) || list.items.length === 0) {
      diagnostics.error({
        file,
        ...place(list),
        message: partName !== undefined ? `part "${partName}" lists no chapters` : `the manifest lists no chapters`,
        fix: `give \`${listKey}:\` a list of chapter files, one \`- file.md\` per line`,
      });
      return [];
    }
    const entries: ManifestEntry[] = [];
    for (const [index, item] of (list.items as Node[]).entries()) {
      const top = topLevel ?? index;
      // container.training's rule: a string with a newline is Markdown, any other a file name.
      if (isScalar(item) && typeof item.value === 'string' && item.value.includes('\n')) {
        inlineEntries = true;
        const inline = inlineMarkdown(item, yaml);
        const ref: ChapterRef = { path: `${file}:${inline.line}`, parts, topLevel: top, inline, ...place(item) };
        chapters.push(ref);
        entries.push(ref);
      } else if (isScalar(item) && typeof item.value === 'string' && item.value.trim()) {
        const ref: ChapterRef = { path: item.value.trim(), parts, topLevel: top, ...place(item) };
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
        entries.push({ entries: readEntries(item, parts, '', top), ...place(item) });
      } else if (isMap(item) && item.has('part')) {
        const partTitle = item.get('part');
        if (typeof partTitle !== 'string' || !partTitle.trim()) {
          diagnostics.error({ file, ...place(item), message: '`part` needs a title', fix: 'write `- part: Part title` with a `chapters:` list under it' });
          continue;
        }
        const nested = readEntries(item.get('chapters', true) as Node, [...parts, partTitle], partTitle, top);
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
  const entries = readEntries(node, []);
  return { entries, chapters, nestedLists, inlineEntries };
}

/**
 * Where an inline entry's lines are in the manifest: a `|` block keeps them one for one, each
 * indented alike, so every finding in it points at the manifest's own line and column. Other
 * multi-line scalars (folded, quoted) fold their lines: their findings point at the entry.
 */
function inlineMarkdown(item: Scalar, yaml: YamlSource): InlineMarkdown {
  const text = item.value as string;
  const start = item.range?.[0] ?? 0;
  const headerEnd = yaml.text.indexOf('\n', start);
  if (item.type !== Scalar.BLOCK_LITERAL || headerEnd < 0) return { text, line: yaml.place(item).line, indent: 0 };
  const firstLine = yaml.place({ range: [headerEnd + 1] }).line;
  const body = yaml.text.slice(headerEnd + 1, item.range?.[1] ?? yaml.text.length);
  const indent = /^( *)\S/m.exec(body)?.[1].length ?? 0;
  return { text, line: firstLine, indent };
}
