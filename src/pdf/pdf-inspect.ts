/**
 * Reads back what a reader's PDF viewer would use: page sizes, link annotations (with the page
 * an internal link jumps to), bookmarks, page labels and metadata. The tests check exports
 * with it; it reads any PDF, not only ours.
 */
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFNumber, PDFRef, PDFString, type PDFObject } from 'pdf-lib';

export interface PdfLink {
  /** External target. */
  uri?: string;
  /** 0-based page an internal link jumps to. */
  page?: number;
}

export interface PdfOutlineEntry {
  title: string;
  page?: number;
  children: PdfOutlineEntry[];
}

export interface PdfReport {
  pages: Array<{ width: number; height: number; links: PdfLink[]; label?: string }>;
  outline: PdfOutlineEntry[];
  info: { title?: string; author?: string; subject?: string; creationDate?: Date };
}

const text = (value: PDFObject | undefined) => (value instanceof PDFString || value instanceof PDFHexString ? value.decodeText() : undefined);

export async function inspectPdf(bytes: Uint8Array): Promise<PdfReport> {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  const { context, catalog } = doc;
  const pages = doc.getPages();
  const pageIndex = new Map(pages.map((page, i) => [page.ref.toString(), i]));
  const lookup = (value: PDFObject | undefined) => (value instanceof PDFRef ? context.lookup(value) : value);

  const namedDests = new Map<string, PDFObject>();
  const dests = lookup(catalog.get(PDFName.of('Dests')));
  if (dests instanceof PDFDict) for (const [key, value] of dests.entries()) namedDests.set(key.decodeText(), value);
  const collectNameTree = (node: PDFObject | undefined) => {
    if (!(node instanceof PDFDict)) return;
    const names = lookup(node.get(PDFName.of('Names')));
    if (names instanceof PDFArray) for (let i = 0; i + 1 < names.size(); i += 2) namedDests.set(text(lookup(names.get(i))) ?? '', names.get(i + 1));
    const kids = lookup(node.get(PDFName.of('Kids')));
    if (kids instanceof PDFArray) for (const kid of kids.asArray()) collectNameTree(lookup(kid));
  };
  const names = lookup(catalog.get(PDFName.of('Names')));
  if (names instanceof PDFDict) collectNameTree(lookup(names.get(PDFName.of('Dests'))));

  const destPage = (dest: PDFObject | undefined): number | undefined => {
    let value = lookup(dest);
    if (value instanceof PDFName) value = lookup(namedDests.get(value.decodeText()));
    else if (value instanceof PDFString || value instanceof PDFHexString) value = lookup(namedDests.get(value.decodeText()));
    if (value instanceof PDFDict) value = lookup(value.get(PDFName.of('D')));
    if (value instanceof PDFArray) {
      const target = value.get(0);
      return target instanceof PDFRef ? pageIndex.get(target.toString()) : target instanceof PDFNumber ? target.asNumber() : undefined;
    }
    return undefined;
  };

  const labels = pageLabelTexts(doc, pages.length, lookup);
  const report: PdfReport = {
    pages: pages.map((page, i) => {
      const annots = lookup(page.node.get(PDFName.of('Annots')));
      const links: PdfLink[] = [];
      if (annots instanceof PDFArray) {
        for (const ref of annots.asArray()) {
          const annot = lookup(ref);
          if (!(annot instanceof PDFDict) || annot.get(PDFName.of('Subtype'))?.toString() !== '/Link') continue;
          const action = lookup(annot.get(PDFName.of('A')));
          if (action instanceof PDFDict && action.get(PDFName.of('S'))?.toString() === '/URI') {
            links.push({ uri: text(lookup(action.get(PDFName.of('URI')))) });
          } else {
            const dest = action instanceof PDFDict ? action.get(PDFName.of('D')) : annot.get(PDFName.of('Dest'));
            links.push({ page: destPage(dest) });
          }
        }
      }
      const { width, height } = page.getSize();
      return { width, height, links, label: labels[i] };
    }),
    outline: [],
    info: {
      title: doc.getTitle(),
      author: doc.getAuthor(),
      subject: doc.getSubject(),
      creationDate: doc.getCreationDate(),
    },
  };

  const readOutline = (first: PDFObject | undefined): PdfOutlineEntry[] => {
    const entries: PdfOutlineEntry[] = [];
    let node = lookup(first);
    while (node instanceof PDFDict) {
      entries.push({
        title: text(lookup(node.get(PDFName.of('Title')))) ?? '',
        page: destPage(node.get(PDFName.of('Dest')) ?? node.get(PDFName.of('A'))),
        children: readOutline(node.get(PDFName.of('First'))),
      });
      node = lookup(node.get(PDFName.of('Next')));
    }
    return entries;
  };
  const outlines = lookup(catalog.get(PDFName.of('Outlines')));
  if (outlines instanceof PDFDict) report.outline = readOutline(outlines.get(PDFName.of('First')));
  return report;
}

/** Page labels as a viewer shows them (decimal and prefix-only ranges; enough for our files). */
function pageLabelTexts(doc: PDFDocument, count: number, lookup: (value: PDFObject | undefined) => PDFObject | undefined): Array<string | undefined> {
  const tree = lookup(doc.catalog.get(PDFName.of('PageLabels')));
  const labels: Array<string | undefined> = new Array(count).fill(undefined);
  if (!(tree instanceof PDFDict)) return labels;
  const nums = lookup(tree.get(PDFName.of('Nums')));
  if (!(nums instanceof PDFArray)) return labels;
  const ranges: Array<{ start: number; dict: PDFDict }> = [];
  for (let i = 0; i + 1 < nums.size(); i += 2) {
    const start = lookup(nums.get(i));
    const dict = lookup(nums.get(i + 1));
    if (start instanceof PDFNumber && dict instanceof PDFDict) ranges.push({ start: start.asNumber(), dict });
  }
  ranges.forEach((range, r) => {
    const end = r + 1 < ranges.length ? ranges[r + 1].start : count;
    const prefix = text(lookup(range.dict.get(PDFName.of('P')))) ?? '';
    const style = range.dict.get(PDFName.of('S'))?.toString();
    const first = (lookup(range.dict.get(PDFName.of('St'))) as PDFNumber | undefined)?.asNumber() ?? 1;
    for (let page = range.start; page < end && page < count; page++) labels[page] = prefix + (style === '/D' ? String(first + page - range.start) : '');
  });
  return labels;
}
