/**
 * Reads a PDF back the way a reader's viewer sees it, with tools that are not ours: poppler's
 * `pdfinfo` (metadata, page sizes, named destinations) and `qpdf --json` (page labels, bookmarks
 * with the page each opens, link annotations). Tests check `npm run pdf` with it, never with
 * the code that wrote the file. This module only joins the two: a link names a destination
 * (qpdf), poppler says which page that destination is on.
 */
import { execFileSync } from 'node:child_process';

export interface PdfLink {
  /** External target. */
  uri?: string;
  /** 0-based page an internal link jumps to (undefined: it leads nowhere). */
  page?: number;
}

export interface PdfOutlineEntry {
  title: string;
  /** 0-based page the bookmark opens. */
  page?: number;
  children: PdfOutlineEntry[];
}

export interface PdfReadBack {
  pages: Array<{ width: number; height: number; links: PdfLink[]; label?: string }>;
  outline: PdfOutlineEntry[];
  info: { title?: string; author?: string; subject?: string; creationDate?: Date };
}

/** A value in qpdf's JSON (version 2): strings are `u:text`, names `/Name`, references `12 0 R`. */
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Dict = { [key: string]: Json };

interface QpdfJson {
  pages: Array<{ object: string; label: Dict | null }>;
  outlines: QpdfOutline[];
  qpdf: [unknown, Record<string, { value?: Json; stream?: { dict: Json } }>];
}
interface QpdfOutline {
  title: string;
  destpageposfrom1: number | null;
  kids: QpdfOutline[];
}

const run = (command: string, args: string[]) => execFileSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });

export function readPdf(file: string): PdfReadBack {
  const qpdf = JSON.parse(run('qpdf', ['--json=2', file])) as QpdfJson;
  const objects = qpdf.qpdf[1];
  const resolve = (value: Json | undefined): Json | undefined => {
    if (typeof value !== 'string' || !/^\d+ \d+ R$/.test(value)) return value;
    const object = objects[`obj:${value}`];
    return object?.value ?? object?.stream?.dict;
  };
  const asDict = (value: Json | undefined): Dict | undefined => {
    const resolved = resolve(value);
    return resolved && typeof resolved === 'object' && !Array.isArray(resolved) ? resolved : undefined;
  };
  const pageOfObject = new Map(qpdf.pages.map((page, index) => [page.object, index]));
  const namedPages = namedDestinations(file);

  const destinationPage = (dest: Json | undefined): number | undefined => {
    const value = resolve(dest);
    if (typeof value === 'string') return namedPages.get(value.startsWith('/') ? value.slice(1) : text(value));
    if (Array.isArray(value)) return typeof value[0] === 'string' ? pageOfObject.get(value[0]) : undefined;
    return asDict(value)?.['/D'] === undefined ? undefined : destinationPage(asDict(value)!['/D']);
  };

  const links = (pageObject: string): PdfLink[] => {
    const annots = resolve(asDict(pageObject)?.['/Annots']);
    if (!Array.isArray(annots)) return [];
    return annots
      .map(asDict)
      .filter((annot): annot is Dict => annot?.['/Subtype'] === '/Link')
      .map((annot) => {
        const action = asDict(annot['/A']);
        if (action?.['/S'] === '/URI') return { uri: text(resolve(action['/URI'])) };
        return { page: destinationPage(action ? action['/D'] : annot['/Dest']) };
      });
  };

  const sizes = pageSizes(file, qpdf.pages.length);
  const outline = (entries: QpdfOutline[]): PdfOutlineEntry[] =>
    entries.map((entry) => ({ title: entry.title, page: entry.destpageposfrom1 === null ? undefined : entry.destpageposfrom1 - 1, children: outline(entry.kids) }));
  const info = documentInfo(file);
  return {
    pages: qpdf.pages.map((page, index) => ({ ...sizes[index], links: links(page.object), label: page.label ? labelText(page.label) : undefined })),
    outline: outline(qpdf.outlines),
    info: {
      title: info.get('Title'),
      author: info.get('Author'),
      subject: info.get('Subject'),
      creationDate: info.has('CreationDate') ? new Date(info.get('CreationDate')!) : undefined,
    },
  };
}

/** A PDF text string as qpdf writes it (`u:` and the text); anything else is not text. */
function text(value: Json | undefined): string {
  if (typeof value === 'string' && value.startsWith('u:')) return value.slice(2);
  throw new Error(`expected a PDF text string, found ${JSON.stringify(value)}`);
}

/**
 * The label a viewer shows for a page, from the label qpdf worked out for that page: the
 * prefix, then the page's number in decimal (the only numbering style our files use).
 */
function labelText(label: Dict): string {
  const prefix = label['/P'] === undefined ? '' : text(label['/P']);
  if (label['/S'] === undefined) return prefix;
  if (label['/S'] !== '/D') throw new Error(`page label style ${String(label['/S'])} is not read here: add it`);
  return `${prefix}${label['/St'] ?? 1}`;
}

/** `pdfinfo`'s `Key: value` lines, dates in ISO 8601. */
function documentInfo(file: string): Map<string, string> {
  const lines = run('pdfinfo', ['-isodates', '-enc', 'UTF-8', file]).split('\n');
  return new Map(lines.map((line) => /^([A-Za-z ]+?):\s+(.*)$/.exec(line)).filter((m) => m !== null).map((m) => [m[1], m[2].trim()]));
}

/** Page sizes in points, as poppler reads them. */
function pageSizes(file: string, count: number): Array<{ width: number; height: number }> {
  const sizes: Array<{ width: number; height: number }> = [];
  for (const [, page, width, height] of run('pdfinfo', ['-f', '1', '-l', String(count), file]).matchAll(/^Page\s+(\d+) size:\s+([\d.]+) x ([\d.]+) pts/gm)) {
    sizes[Number(page) - 1] = { width: Number(width), height: Number(height) };
  }
  if (sizes.length !== count || sizes.includes(undefined as never)) throw new Error(`pdfinfo gave ${sizes.length} page sizes for ${count} pages of ${file}`);
  return sizes;
}

/** Named destinations and the 0-based page each is on, as poppler resolves them. */
function namedDestinations(file: string): Map<string, number> {
  const named = new Map<string, number>();
  for (const [, page, name] of run('pdfinfo', ['-dests', file]).matchAll(/^\s*(\d+) \[.*\] "(.*)"$/gm)) named.set(name, Number(page) - 1);
  return named;
}
