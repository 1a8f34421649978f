/** A problem found in the deck sources, always tied to a file and position. */
export interface Diagnostic {
  severity: 'error' | 'warning';
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
  message: string;
  /** What the author should do about it, in one plain sentence. */
  fix: string;
  /** The deck would hang or crash a browser that opens it: `npm run check` does not open it. */
  hangsBrowser?: true;
}

export type DiagnosticInput = Omit<Diagnostic, 'severity'>;

/** Where an offset of one file is, as findings name it. */
export type At = (offset: number) => { file: string; line: number; column: number };

/** Collects diagnostics while a deck is built; order of discovery is kept. */
export class DiagnosticList {
  readonly items: Diagnostic[] = [];

  error(d: DiagnosticInput): void {
    this.items.push({ severity: 'error', ...d });
  }

  warning(d: DiagnosticInput): void {
    this.items.push({ severity: 'warning', ...d });
  }

  get errors(): Diagnostic[] {
    return this.items.filter((d) => d.severity === 'error');
  }
}

/** A file of junk can make a finding per character: the first ones of a file say enough. */
export const findingsPerFile = 100;

/**
 * The first `findingsPerFile` findings, then one that says how many more there are. Findings
 * that the deck would hang a browser are always kept: `npm run check` relies on them.
 */
export function firstFindings(items: Diagnostic[]): Diagnostic[] {
  if (items.length <= findingsPerFile) return items;
  const kept = items.slice(findingsPerFile).filter((d) => d.hangsBrowser);
  const rest = items.slice(findingsPerFile).filter((d) => !d.hangsBrowser);
  if (rest.length === 0) return items;
  const errors = rest.filter((d) => d.severity === 'error').length;
  const more: Diagnostic = {
    severity: errors > 0 ? 'error' : 'warning',
    file: rest[0].file,
    line: rest[0].line,
    column: rest[0].column,
    message: `and ${rest.length} more findings in this file (${errors} errors) from line ${rest[0].line} on, not listed`,
    fix: 'fix the ones above first: they often cause the rest',
  };
  return [...items.slice(0, findingsPerFile), ...kept, more];
}

/** `file:line:column: error: message (fix)`, the format editors and terminals link. */
export function formatDiagnostic(d: Diagnostic): string {
  return `${d.file}:${d.line}:${d.column}: ${d.severity}: ${d.message}\n  fix: ${d.fix}`;
}

/** Thrown by the loader's shells when a deck has errors; carries every finding. */
export class DeckError extends Error {
  constructor(readonly diagnostics: Diagnostic[]) {
    const errors = diagnostics.filter((d) => d.severity === 'error');
    super(
      `${errors.length} error${errors.length === 1 ? '' : 's'} in the deck:\n` +
        errors.map(formatDiagnostic).join('\n'),
    );
    this.name = 'DeckError';
  }
}
