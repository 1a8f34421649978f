/**
 * container.training's build-time substitutions (`@@TITLE@@`, `@@TOC@@`, ...) in one chapter
 * file. `@@TITLE@@` becomes the workshop's title and `@@TOC@@` marks where the contents go;
 * the others stay as written, with a warning.
 */
import type { At, DiagnosticList } from './diagnostics.js';
import type { FileAnalysis } from './file-analysis.js';
import { escapeHtml } from './html.js';
import type { Manifest } from './manifest.js';
import { firstAtOrAfter } from './sorted-offsets.js';
import type { Position } from './source-text.js';

export interface SubstitutedFile {
  /** The file's text between two offsets, with the substitutions made. */
  slice(from: number, to: number): string;
  /** Where each slide first holds `@@TOC@@`, by slide index. */
  readonly contentsAt: ReadonlyArray<Position | undefined>;
}

export function substitute(analysis: FileAnalysis, manifest: Manifest, at: At, diagnostics: DiagnosticList): SubstitutedFile {
  const { text, lines } = analysis;
  const title = manifest.titleLines.map(escapeHtml).join('<br/>');
  const replacements: Array<{ start: number; end: number; text: string }> = [];
  const contentsAt: Array<Position | undefined> = [];
  analysis.scans.forEach((scan, i) => {
    for (const sub of scan.substitutions) {
      if (sub.name === 'TITLE' && sub.text === '@@TITLE@@') {
        replacements.push({ start: sub.offset, end: sub.offset + sub.text.length, text: title });
      } else if (sub.name === 'TOC' && sub.text === '@@TOC@@') {
        contentsAt[i] ??= lines.position(sub.offset);
      } else {
        diagnostics.warning({
          ...at(sub.offset),
          message: `\`${sub.text}\` is a substitution of container.training's build tool that this deck does not make; it shows as written`,
          fix: 'write the text it stood for instead (only `@@TOC@@` and `@@TITLE@@` are replaced)',
        });
      }
    }
  });
  return {
    contentsAt,
    slice(from, to) {
      let out = '';
      let cursor = from;
      for (let i = firstAtOrAfter(replacements, from, (r) => r.start); i < replacements.length && replacements[i].start < to; i++) {
        const r = replacements[i];
        if (r.end > to) continue;
        out += text.slice(cursor, r.start) + r.text;
        cursor = r.end;
      }
      return out + text.slice(cursor, to);
    },
  };
}
