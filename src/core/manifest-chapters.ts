/**
 * The manifest's chapter list (`chapters:`, or container.training's `content:`): file names,
 * parts with their own `chapters:`, nested lists (container.training's parts without a title)
 * and inline Markdown (container.training's `- |` entries, slides written in the manifest).
 */
import { isMap, isScalar, isSeq, Scalar, type Node, type YAMLMap } from 'yaml';
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
      } else if ((isScalar(item) && typeof item.value === 'string' && item.value.trim()) || (isMap(item) && item.has('file'))) {
        const ref: ChapterRef = isMap(item) ? chapterWithPlan(item, parts, top, yaml) : { path: String((item as Scalar).value).trim(), parts, topLevel: top, ...place(item) };
        if (!ref.path) continue;
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
          message: 'a chapter entry must be a file name, a `file:` with its `minutes:`, a list of file names, or a `part:` with its own `chapters:`',
          fix: 'write `- chapter.md`, `- file: chapter.md` with `minutes: 30` under it, or `- part: Title` followed by an indented `chapters:` list',
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

/** Longest plan a chapter may have: a day and a half of teaching is a typo, not a plan. */
const maxChapterMinutes = 600;

/**
 * `- file: chapter.md` with `minutes: 30`: a chapter and the minutes planned for it, which the
 * presenter console paces the talk against. An empty `path` when the entry is unusable (reported).
 */
function chapterWithPlan(item: YAMLMap, parts: string[], topLevel: number, yaml: YamlSource): ChapterRef {
  const { file, diagnostics, place } = yaml;
  const ref: ChapterRef = { path: '', parts, topLevel, ...place(item) };
  for (const pair of item.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    if (key === 'file' || key === 'minutes') continue;
    diagnostics.warning({ file, ...place(pair.key), message: `unknown chapter key \`${key}\`; it is ignored`, fix: 'a chapter entry takes `file` and `minutes`' });
  }
  const path = item.get('file', true);
  if (isScalar(path) && typeof path.value === 'string' && path.value.trim()) {
    ref.path = path.value.trim();
    Object.assign(ref, place(path));
  } else {
    diagnostics.error({ file, ...place(path ?? item), message: '`file` must name a chapter file', fix: 'write `- file: chapter.md` with `minutes: 30` under it' });
  }
  const minutes = item.get('minutes', true);
  if (minutes === undefined || (isScalar(minutes) && minutes.value === null)) return ref;
  const value = isScalar(minutes) ? minutes.value : undefined;
  if (typeof value === 'number' && Number.isFinite(value) && value > 0 && value <= maxChapterMinutes) {
    ref.minutes = value;
  } else {
    diagnostics.error({
      file,
      ...place(minutes),
      message: `\`minutes\` must be the minutes planned for the chapter, a number above 0 and at most ${maxChapterMinutes} (got \`${isScalar(minutes) ? String(minutes.value) : 'a list or a map'}\`)`,
      fix: 'write `minutes: 30`, or leave it out',
    });
  }
  return ref;
}
