/**
 * Local images a slide shows: Markdown images, the `scale` macro, raw HTML `<img src>` and the
 * `background-image` slide property. Their paths are relative to the manifest's folder (the
 * built page sits there), whatever folder the chapter is in, as in container.training. The
 * shells ship exactly these files: `vite build` copies them, `npm run dev` serves them.
 */
import type { At, DiagnosticList } from './diagnostics.js';
import { findCssUrls, findImgSources, findInlineLinks } from './inline-scan.js';
import { maskCode } from './markdown-scan.js';
import type { Token } from './remark-lexer.js';
import type { DeckAsset } from './model.js';
import type { ParsedSlide } from './slide-parser.js';
import type { ExistsResult } from './source-files.js';

export type ImageForm = 'markdown' | 'macro' | 'html' | 'background-image';

export interface ImageReference {
  /** The path as written. */
  written: string;
  /** Offset of the path in the file. */
  offset: number;
  form: ImageForm;
}

/** Macros whose `(url)` is an image the runtime shows. */
const imageMacros = new Set(['scale']);


/**
 * Every image a slide shows, in its body and in the speaker notes remark keeps (the presenter
 * view renders them). Code, inline code and earlier `???` sections that remark drops are skipped.
 */
export function findImageReferences(text: string, slide: ParsedSlide): ImageReference[] {
  const found: ImageReference[] = [];
  const contentEnd = slide.content.length ? slide.content[slide.content.length - 1].end : slide.start;
  const ranges: Array<[number, number, Token[]]> = [[slide.start, contentEnd, slide.content]];
  if (slide.notes) ranges.push([slide.notes.offset + 3, slide.end, slide.notes.tokens]);

  for (const [start, end, tokens] of ranges) {
    // Masking only blanks code: text without `](` or `<img` has no image outside code either.
    const written = text.slice(start, end);
    const markdown = written.includes('](');
    const html = /<img/i.test(written);
    const masked = markdown || html ? maskCode(text, start, end, tokens) : '';
    if (markdown) for (const image of findInlineLinks(masked, true)) found.push({ written: image.href, offset: start + image.hrefAt, form: 'markdown' });
    if (html) for (const src of findImgSources(masked)) found.push({ written: src.value, offset: start + src.offset, form: 'html' });
    for (const token of tokens) {
      if (token.type !== 'macro' || !imageMacros.has(token.name) || token.obj === undefined) continue;
      const source = text.slice(token.start, token.end);
      const open = source.lastIndexOf('](');
      const lead = token.obj.length - token.obj.trimStart().length;
      found.push({ written: token.obj.trim(), offset: token.start + open + 2 + lead, form: 'macro' });
    }
  }

  for (const property of slide.properties) {
    if (property.key !== 'background-image') continue;
    const lineEnd = text.indexOf('\n', property.offset);
    const line = text.slice(property.offset, lineEnd < 0 ? text.length : lineEnd);
    for (const url of findCssUrls(line)) found.push({ written: url.value, offset: property.offset + url.offset, form: 'background-image' });
  }
  return found.filter((r) => r.written.trim() !== '').sort((a, b) => a.offset - b.offset);
}

export type ResolvedImage =
  | { kind: 'external' }
  | { kind: 'local'; path: string }
  | { kind: 'outside'; path: string }
  | { kind: 'root-absolute'; suggestion: string };

/**
 * Where a written image path points. Local paths come back normalised, relative to the
 * manifest's folder (`./images/../images/a%20b.png` is `images/a b.png`), without the query or
 * fragment the browser does not look up on disk.
 */
export function resolveImagePath(written: string): ResolvedImage {
  const url = written.trim();
  // Any scheme (`https:`, `data:`, `mailto:`), a protocol-relative `//host` or a bare fragment.
  if (/^[a-z][a-z0-9+.-]*:/i.test(url) || url.startsWith('//') || url.startsWith('#')) return { kind: 'external' };
  let filePart = url.replace(/[?#].*$/, '').replace(/\\/g, '/');
  try {
    filePart = decodeURIComponent(filePart);
  } catch {
    // A stray `%`: the browser asks for it as written.
  }
  if (filePart.startsWith('/')) return { kind: 'root-absolute', suggestion: filePart.replace(/^\/+/, '') };
  const segments: string[] = [];
  let outside = false;
  for (const segment of filePart.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      if (segments.length === 0) outside = true;
      else segments.pop();
    } else {
      segments.push(segment);
    }
  }
  const path = segments.join('/');
  if (outside) return { kind: 'outside', path: filePart };
  return path === '' ? { kind: 'external' } : { kind: 'local', path };
}

/** The folder part of a file name as the shells display it (`slides/workshop.yml` -> `slides/`). */
export function folderOf(file: string): string {
  const slash = Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\'));
  return slash < 0 ? '' : file.slice(0, slash + 1);
}

/** What checking a slide's images needs from the deck around it. */
export interface ImageContext {
  /** The manifest's file name: image paths are relative to its folder. */
  readonly manifestFile: string;
  readonly exists: (path: string) => ExistsResult;
  /** Local images of the shown slides, by path relative to the manifest's folder, filled in. */
  readonly assets: Map<string, DeckAsset>;
  readonly diagnostics: DiagnosticList;
}

/**
 * Records the slide's local images and reports those that would not load. Slides this variant
 * leaves out are checked too (another variant shows them) but ship nothing.
 */
export function collectImages(text: string, slide: ParsedSlide, shown: boolean, at: At, context: ImageContext): void {
  for (const reference of findImageReferences(text, slide)) checkImage(reference.written, at(reference.offset), shown, context);
}

/** Records one image written at `where` (a slide's, or a picture the loader adds), or reports why it would not load. */
export function checkImage(written: string, where: { file: string; line: number; column: number }, shown: boolean, context: ImageContext): void {
  const { diagnostics } = context;
  const manifestFolder = folderOf(context.manifestFile);
  const resolved = resolveImagePath(written);
  if (resolved.kind === 'external') return;
  if (resolved.kind === 'root-absolute') {
    diagnostics.error({
      ...where,
      message: `image \`${written}\` starts with \`/\`, so it breaks when the deck is served under a base path (\`https://host/any/path/\`)`,
      fix: `write it relative to the manifest's folder: \`${resolved.suggestion}\``,
    });
    return;
  }
  if (resolved.kind === 'outside') {
    diagnostics.error({
      ...where,
      message: `image \`${written}\` is outside the manifest's folder, which the deck does not ship`,
      fix: `put the image in the manifest's folder (${manifestFolder ? `\`${manifestFolder}\`` : 'the folder of the manifest'}) or below it, and write its path relative to that folder`,
    });
    return;
  }
  const found = context.exists(resolved.path);
  if (typeof found === 'object') {
    diagnostics.error({ ...where, message: `image \`${written}\` ${found.refused}`, fix: found.fix });
    return;
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
      message: `image \`${written}\` does not exist${hint}`,
      fix: `add the file at \`${manifestFolder}${resolved.path}\`, or correct the path; paths are relative to the manifest's folder`,
    });
    return;
  }
  if (!shown) return;
  const asset = context.assets.get(resolved.path);
  if (asset) asset.references.push(where);
  else context.assets.set(resolved.path, { path: resolved.path, references: [where] });
}
