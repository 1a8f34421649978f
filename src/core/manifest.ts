/**
 * The deck manifest (`slides/workshop.yml`): workshop title, subtitle, author, ratio, the
 * recipe catalog to check exercise links against, and the ordered chapters, nested in parts.
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import type { DiagnosticList } from './diagnostics.js';

export interface ManifestPlace {
  line: number;
  column: number;
}

export interface ChapterRef extends ManifestPlace {
  /** As written in the manifest, relative to the manifest's folder. */
  path: string;
  /** Titles of the parts that contain it, outermost first. */
  parts: string[];
}

export interface PartEntry extends ManifestPlace {
  part: string;
  entries: ManifestEntry[];
}

export type ManifestEntry = ChapterRef | PartEntry;

export interface Manifest {
  file: string;
  title: string;
  subtitle?: string;
  author?: string;
  /** `width:height`, e.g. `16:9`. */
  ratio: string;
  /** Recipe catalog file, relative to the manifest's folder. */
  catalog?: ChapterRef;
  entries: ManifestEntry[];
  /** Every chapter in deck order. */
  chapters: ChapterRef[];
}

const knownKeys = new Set(['title', 'subtitle', 'author', 'ratio', 'catalog', 'chapters']);

/** Parses and validates the manifest; returns `undefined` when it is unusable. */
export function parseManifest(file: string, text: string, diagnostics: DiagnosticList): Manifest | undefined {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const place = (node: Node | null | undefined): ManifestPlace => {
    const pos = lineCounter.linePos(node?.range?.[0] ?? 0);
    return { line: pos.line, column: pos.col };
  };
  for (const error of doc.errors) {
    const pos = lineCounter.linePos(error.pos[0]);
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

  const scalar = (key: string): string | undefined => {
    const node = root.get(key, true);
    if (node === undefined) return undefined;
    if (!isScalar(node) || typeof node.value === 'object') {
      diagnostics.error({ file, ...place(node), message: `\`${key}\` must be a single line of text`, fix: `write \`${key}: some text\`` });
      return undefined;
    }
    return String(node.value);
  };

  for (const pair of root.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    if (!knownKeys.has(key)) {
      diagnostics.warning({
        file,
        ...place(pair.key as Node),
        message: `unknown manifest key \`${key}\`; it is ignored`,
        fix: `use one of ${[...knownKeys].map((k) => `\`${k}\``).join(', ')}, or remove it`,
      });
    }
  }

  const title = scalar('title');
  if (title === undefined && !root.has('title')) {
    diagnostics.error({ file, line: 1, column: 1, message: 'the manifest has no `title`', fix: 'add `title: Your workshop title` at the top' });
  }
  const ratio = scalar('ratio') ?? '16:9';
  if (!/^\d+:\d+$/.test(ratio)) {
    diagnostics.error({ file, ...place(root.get('ratio', true) as Node), message: `ratio \`${ratio}\` is not of the form width:height`, fix: 'write `ratio: "16:9"` (quoted) or `ratio: "4:3"`' });
  }

  const chapters: ChapterRef[] = [];
  const seen = new Map<string, ChapterRef>();
  const readEntries = (node: Node | null | undefined, parts: string[]): ManifestEntry[] => {
    if (!isSeq(node) || node.items.length === 0) {
      diagnostics.error({
        file,
        ...place(node ?? root),
        message: parts.length ? `part "${parts[parts.length - 1]}" lists no chapters` : 'the manifest lists no chapters',
        fix: 'give `chapters:` a list of chapter files, one `- file.md` per line',
      });
      return [];
    }
    const entries: ManifestEntry[] = [];
    for (const item of node.items as Node[]) {
      if (isScalar(item) && typeof item.value === 'string' && item.value.trim()) {
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
      } else if (isMap(item) && item.has('part')) {
        const partTitle = item.get('part');
        if (typeof partTitle !== 'string' || !partTitle.trim()) {
          diagnostics.error({ file, ...place(item), message: '`part` needs a title', fix: 'write `- part: Part title` with a `chapters:` list under it' });
          continue;
        }
        const nested = readEntries(item.get('chapters', true) as Node, [...parts, partTitle]);
        entries.push({ part: partTitle, entries: nested, ...place(item) });
      } else {
        diagnostics.error({
          file,
          ...place(item),
          message: 'a chapter entry must be a file name or a `part:` with its own `chapters:`',
          fix: 'write `- chapter.md`, or `- part: Title` followed by an indented `chapters:` list',
        });
      }
    }
    return entries;
  };
  const entries = readEntries(root.get('chapters', true) as Node, []);

  const catalogNode = root.get('catalog', true) as Node | undefined;
  const catalogPath = scalar('catalog');
  return {
    file,
    title: title ?? '',
    subtitle: scalar('subtitle'),
    author: scalar('author'),
    ratio,
    catalog: catalogPath ? { path: catalogPath, parts: [], ...place(catalogNode) } : undefined,
    entries,
    chapters,
  };
}
