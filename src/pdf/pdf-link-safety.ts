/**
 * No script in the handout. Chromium turns a slide's `<a href="javascript:...">` into a link
 * annotation whose URI action a PDF reader may run; lint warns about such links, and this
 * removes them from the PDF whatever the deck says: link annotations whose action runs script,
 * launches a program or opens a URL with a script scheme, and document-level script actions.
 */
import { PDFArray, PDFDict, PDFHexString, PDFName, PDFRef, PDFString, type PDFDocument, type PDFObject } from 'pdf-lib';
import { unsafeUrlScheme } from '../core/raw-html.js';

/** Actions a handout never needs: they run code or programs. */
const scriptActions = new Set(['JavaScript', 'Launch', 'ImportData', 'ResetForm', 'SubmitForm', 'Rendition', 'RichMediaExecute']);

/** Removes every unsafe action from the document; returns how many link annotations went. */
export function removeUnsafeActions(doc: PDFDocument): number {
  const { context, catalog } = doc;
  let removed = 0;
  for (const page of doc.getPages()) {
    page.node.delete(PDFName.of('AA'));
    const annots = page.node.lookupMaybe(PDFName.of('Annots'), PDFArray);
    if (!annots) continue;
    const kept: PDFObject[] = [];
    for (let i = 0; i < annots.size(); i++) {
      const entry = annots.get(i);
      const annot = annots.lookupMaybe(i, PDFDict);
      if (annot && isUnsafe(annot)) {
        removed++;
        forget(doc, entry);
        forget(doc, annot.get(PDFName.of('A')));
      } else {
        annot?.delete(PDFName.of('AA'));
        kept.push(entry);
      }
    }
    page.node.set(PDFName.of('Annots'), context.obj(kept));
  }
  catalog.delete(PDFName.of('AA'));
  const open = catalog.lookupMaybe(PDFName.of('OpenAction'), PDFDict);
  if (open && isUnsafeAction(open)) catalog.delete(PDFName.of('OpenAction'));
  catalog.lookupMaybe(PDFName.of('Names'), PDFDict)?.delete(PDFName.of('JavaScript'));
  return removed;
}

function isUnsafe(annot: PDFDict): boolean {
  const action = annot.lookupMaybe(PDFName.of('A'), PDFDict);
  return action !== undefined && isUnsafeAction(action);
}

function isUnsafeAction(action: PDFDict): boolean {
  const kind = action.lookupMaybe(PDFName.of('S'), PDFName)?.decodeText();
  if (kind && scriptActions.has(kind)) return true;
  const uri = action.lookupMaybe(PDFName.of('URI'), PDFString, PDFHexString);
  if (uri && unsafeUrlScheme(uri.decodeText())) return true;
  // A chain of actions: any unsafe one counts.
  const next = action.lookup(PDFName.of('Next'));
  if (next instanceof PDFDict) return isUnsafeAction(next);
  if (next instanceof PDFArray) {
    return next.asArray().some((_, i) => {
      const chained = next.lookupMaybe(i, PDFDict);
      return chained !== undefined && isUnsafeAction(chained);
    });
  }
  return false;
}

/** An indirect object nothing refers to any more: pdf-lib would still write it out. */
function forget(doc: PDFDocument, object: PDFObject | undefined): void {
  if (object instanceof PDFRef) doc.context.delete(object);
}
