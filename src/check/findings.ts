/** What `npm run check` reports: a loader diagnostic, or a finding on the rendered deck. */
import type { Diagnostic } from '../core/diagnostics.js';

export type FindingKind = 'lint' | 'render' | 'overflow-bottom' | 'overflow-right' | 'code-cut-off' | 'image' | 'slide-link' | 'external-link';

export interface CheckFinding extends Diagnostic {
  kind: FindingKind;
  /** 1-based slide number, as remark shows it; absent for lint findings. */
  slide?: number;
  /** How far it overflows, in CSS pixels of the slide. */
  overflowPx?: number;
}

export function fromDiagnostic(d: Diagnostic): CheckFinding {
  const { hangsBrowser: _, ...finding } = d;
  return { kind: 'lint', ...finding };
}

/** `file:line:column: error: [slide 12] message` then the fix, as lint prints them. */
export function formatFinding(f: CheckFinding): string {
  const slide = f.slide !== undefined ? `slide ${f.slide}: ` : '';
  return `${f.file}:${f.line}:${f.column}: ${f.severity}: ${slide}${f.message}\n  fix: ${f.fix}`;
}
