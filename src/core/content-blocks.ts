/**
 * Blocks written as remark content classes (`.exercise[ ... ]`, `.poll[ ... ]`): where the
 * outermost one of a kind starts and ends among a slide's tokens, and where its body is.
 */
import type { Token } from './remark-lexer.js';

export interface BlockSpan<Kind> {
  kind: Kind;
  classes: string[];
  /** Offset of the leading `.` and just past the closing `]`. */
  start: number;
  end: number;
  /** The body between the brackets. */
  bodyStart: number;
  bodyEnd: number;
}

/** The outermost blocks whose classes `kindOf` names a kind; one nested in another is part of it. */
export function outermostBlocks<Kind>(tokens: readonly Token[], kindOf: (classes: readonly string[]) => Kind | undefined): Array<BlockSpan<Kind>> {
  const spans: Array<BlockSpan<Kind>> = [];
  const stack: Array<{ token: Token & { type: 'content_start' }; kind?: Kind }> = [];
  // How many such blocks are open: a count, not a walk of the stack, which may be deep.
  let open = 0;
  for (const token of tokens) {
    if (token.type === 'content_start') {
      const kind = kindOf(token.classes);
      stack.push({ token, kind });
      if (kind !== undefined) open++;
    } else if (token.type === 'content_end') {
      const block = stack.pop();
      if (block?.kind === undefined) continue;
      open--;
      if (open === 0) {
        const { classes, start, end: bodyStart } = block.token;
        spans.push({ kind: block.kind, classes, start, end: token.end, bodyStart, bodyEnd: token.start });
      }
    }
  }
  return spans;
}
