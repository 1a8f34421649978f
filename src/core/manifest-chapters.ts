/**
 * The manifest's chapter list (`chapters:`, or container.training's `content:`): file names,
 * parts with their own `chapters:`, and nested lists (container.training's parts without a title).
 */
import { isMap, isScalar, isSeq, type Node } from 'yaml';
import type { ChapterRef, ManifestEntry } from './manifest.js';
import type { YamlSource } from './yaml-source.js';

export interface ChapterList {
  entries: ManifestEntry[];
  /** Every chapter in deck order. */
  chapters: ChapterRef[];
  /** A nested list appeared: container.training's style. */
  nestedLists: boolean;
}

export function readChapterList(node: Node | null | undefined, listKey: string, yaml: YamlSource): ChapterList {
  const { file, diagnostics, place } = yaml;
  const chapters: ChapterRef[] = [];
  const seen = new Map<string, ChapterRef>();
  let nestedLists = false;
  const readEntries = (list: Node | null | undefined, parts: string[], partName?: string): ManifestEntry[] => {
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
    for (const item of list.items as Node[]) {
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
  const entries = readEntries(node, []);
  return { entries, chapters, nestedLists };
}
