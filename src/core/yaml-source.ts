/**
 * YAML files of the deck (the manifest, the recipe catalog) as the loader reads them: parsed
 * with `yaml`, every node placed at its line and column, syntax errors reported one per line.
 */
import { LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { DiagnosticList } from './diagnostics.js';

export interface Place {
  line: number;
  column: number;
}

export interface YamlSource {
  readonly file: string;
  /** The file's text, which node ranges index. */
  readonly text: string;
  readonly diagnostics: DiagnosticList;
  /** Where a node starts; the file's start for a missing one. */
  place(node: unknown): Place;
}

/** `undefined` (and the errors reported) when the text is not valid YAML. */
export function parseYaml(file: string, text: string, what: string, diagnostics: DiagnosticList): { document: Document.Parsed; source: YamlSource } | undefined {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const place = (node: unknown): Place => {
    const pos = lineCounter.linePos((node as Node | null | undefined)?.range?.[0] ?? 0);
    return { line: pos.line, column: pos.col };
  };
  // One finding a line: the first error on a line usually causes the others.
  const errorLines = new Set<number>();
  for (const error of document.errors) {
    const pos = lineCounter.linePos(error.pos[0]);
    if (errorLines.has(pos.line)) continue;
    errorLines.add(pos.line);
    diagnostics.error({
      file,
      line: pos.line,
      column: pos.col,
      message: `the ${what} is not valid YAML: ${error.message.split('\n')[0]}`,
      fix: 'correct the YAML at this place (indentation, a missing colon or an unquoted special character are the usual causes)',
    });
  }
  return document.errors.length > 0 ? undefined : { document, source: { file, text, diagnostics, place } };
}
