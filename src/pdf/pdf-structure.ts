/**
 * The PDF's structure around Chromium's pages, with pdf-lib: bookmarks (outline), page labels
 * and document metadata. Pages, text and link annotations are left as Chromium wrote them,
 * except links and actions that would run script (pdf-link-safety.ts).
 */
import { PDFDict, PDFDocument, PDFHexString, PDFName, PDFNumber, type PDFRef } from 'pdf-lib';
import { removeUnsafeActions } from './pdf-link-safety.js';
import type { OutlineItem, PageLabelRange } from './plan.js';

export interface PdfStructure {
  title: string;
  author?: string;
  subject?: string;
  keywords?: string[];
  created: Date;
  labels: PageLabelRange[];
  outline: OutlineItem[];
  /** The deck build printed: a `DeckBuildId` entry of the document information (`pdfinfo -custom`). */
  buildId?: string;
}

/** Adds the structure to a document loaded with `updateMetadata: false`, and saves it. */
export async function addStructure(doc: PDFDocument, structure: PdfStructure): Promise<Uint8Array> {
  doc.setTitle(structure.title, { showInWindowTitleBar: true });
  if (structure.author) doc.setAuthor(structure.author);
  if (structure.subject) doc.setSubject(structure.subject);
  if (structure.keywords?.length) doc.setKeywords(structure.keywords);
  doc.setCreator('workshop-deck: npm run pdf (Chromium)');
  doc.setProducer('Chromium, pdf-lib');
  doc.setCreationDate(structure.created);
  doc.setModificationDate(structure.created);
  doc.setLanguage('en');
  // The setters above made the information dictionary; custom entries go in it directly.
  if (structure.buildId) doc.context.lookup(doc.context.trailerInfo.Info, PDFDict).set(PDFName.of('DeckBuildId'), PDFHexString.fromText(structure.buildId));

  removeUnsafeActions(doc);
  const { context, catalog } = doc;
  const pageRefs = doc.getPages().map((page) => page.ref);
  if (structure.outline.length > 0) {
    const rootRef = context.nextRef();
    const { first, last } = addOutlineItems(doc, structure.outline, rootRef, pageRefs);
    context.assign(rootRef, context.obj({ Type: 'Outlines', First: first, Last: last, Count: structure.outline.length }));
    catalog.set(PDFName.of('Outlines'), rootRef);
    // Open with the bookmarks shown: they are the handout's table of contents.
    catalog.set(PDFName.of('PageMode'), PDFName.of('UseOutlines'));
  }

  if (structure.labels.length > 0) {
    const nums = structure.labels.flatMap((range) => {
      const label = context.obj({}) as PDFDict;
      if (range.first !== undefined) {
        label.set(PDFName.of('S'), PDFName.of('D'));
        label.set(PDFName.of('St'), PDFNumber.of(range.first));
      }
      if (range.prefix) label.set(PDFName.of('P'), PDFHexString.fromText(range.prefix));
      return [PDFNumber.of(range.start), label];
    });
    catalog.set(PDFName.of('PageLabels'), context.obj({ Nums: nums }));
  }
  return doc.save();
}

/** Writes sibling outline items (and their children, closed) under `parent`. */
function addOutlineItems(doc: PDFDocument, items: OutlineItem[], parent: PDFRef, pageRefs: PDFRef[]): { first: PDFRef; last: PDFRef } {
  const { context } = doc;
  const refs = items.map(() => context.nextRef());
  items.forEach((item, i) => {
    const entry = context.obj({
      Title: PDFHexString.fromText(item.title),
      Parent: parent,
      Dest: [pageRefs[item.page], 'Fit'],
    }) as PDFDict;
    if (i > 0) entry.set(PDFName.of('Prev'), refs[i - 1]);
    if (i < items.length - 1) entry.set(PDFName.of('Next'), refs[i + 1]);
    if (item.children.length > 0) {
      const { first, last } = addOutlineItems(doc, item.children, refs[i], pageRefs);
      entry.set(PDFName.of('First'), first);
      entry.set(PDFName.of('Last'), last);
      // Negative: closed, so the chapters fit on one screen until opened.
      entry.set(PDFName.of('Count'), PDFNumber.of(-item.children.length));
    }
    context.assign(refs[i], entry);
  });
  return { first: refs[0], last: refs[refs.length - 1] };
}
