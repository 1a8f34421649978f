/**
 * The handout carries no script: a link annotation with a `javascript:` URI, as Chromium writes
 * it for `<a href="javascript:...">`, and document-level script actions are gone from what
 * `npm run pdf` saves. Read back with independent readers (qpdf, poppler's pdfinfo), not ours.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PDFDocument, PDFName, PDFString, type PDFPage } from 'pdf-lib';
import { afterAll, describe, expect, it } from 'vitest';
import { addStructure } from '../../src/pdf/pdf-structure.js';

const folder = mkdtempSync(path.join(tmpdir(), 'deck-pdf-links-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** A link annotation as Chromium writes one: an indirect object with a URI action. */
function addLink(doc: PDFDocument, page: PDFPage, uri: string, y: number): void {
  const annot = doc.context.register(
    doc.context.obj({ Type: 'Annot', Subtype: 'Link', Rect: [10, y, 200, y + 20], Border: [0, 0, 0], A: { Type: 'Action', S: 'URI', URI: PDFString.of(uri) } }),
  );
  const annots = page.node.Annots();
  if (annots) annots.push(annot);
  else page.node.set(PDFName.of('Annots'), doc.context.obj([annot]));
}

/** Chromium's output for a slide with one good link and script links, then our structure step. */
async function handout(): Promise<string> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([400, 300]);
  addLink(doc, page, 'https://example.org/recipe', 10);
  addLink(doc, page, 'javascript:alert(document.cookie)', 40);
  addLink(doc, page, ' JaVa\tScript:alert(1)', 70);
  addLink(doc, page, 'vbscript:msgbox(1)', 100);
  addLink(doc, page, 'data:text/html,<script>alert(1)</script>', 130);
  doc.catalog.set(PDFName.of('OpenAction'), doc.context.obj({ S: 'JavaScript', JS: PDFString.of('app.alert(1)') }));
  const printed = await doc.save();
  const bytes = await addStructure(await PDFDocument.load(printed, { updateMetadata: false }), {
    title: 'Links',
    created: new Date(0),
    labels: [],
    outline: [],
  });
  const file = path.join(folder, 'handout.pdf');
  writeFileSync(file, bytes);
  return file;
}

describe('links that run script in the PDF', () => {
  it('are gone, and the other links stay', async () => {
    const file = await handout();
    const urls = execFileSync('pdfinfo', ['-url', file], { encoding: 'utf8' });
    expect(urls).toContain('https://example.org/recipe');
    expect(urls.toLowerCase()).not.toMatch(/script:|data:text\/html/);
    // Every object, uncompressed: not a trace of the script, reachable or not.
    const expanded = path.join(folder, 'expanded.pdf');
    execFileSync('qpdf', ['--qdf', '--object-streams=disable', '--preserve-unreferenced', file, expanded]);
    const text = readFileSync(expanded, 'latin1');
    expect(text).toContain('/URI (https://example.org/recipe)');
    expect(text.toLowerCase()).not.toMatch(/java\s*script|vbscript|data:text\/html|app\.alert/);
    expect(text).not.toMatch(/\/OpenAction/);
    expect(execFileSync('qpdf', ['--check', file], { encoding: 'utf8' })).toMatch(/No syntax or stream encoding errors/);
  });
});
