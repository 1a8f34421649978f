/**
 * remark 0.14's lexer (src/remark/lexer.js), extended with source offsets, in linear time.
 * The deck model must split slides exactly as the runtime will, so this finds exactly what
 * remark's combined regular expression finds, quirks included (an inline code span may cross
 * lines; a content class's closing bracket is found by counting every bracket that follows; a
 * fence of four backticks may close with three). remark runs that expression from every
 * position, and its backtracking makes a few kilobytes of brackets or backticks take minutes;
 * here each alternative (lexer-alternatives.ts) is decided from tables built once
 * (lexer-tables.ts), and content classes nest on an explicit stack, so no input is slow or
 * overflows the call stack.
 *
 * The expression, for reference (`\4` is the fence; `^` and `$` are the start and end of the
 * text still to lex, which starts again after every token):
 *   CODE            (?:^|\n)( {4}[^\n]+\n*)+
 *   INLINE_CODE     `([^`]+?)`
 *   CONTENT         (?:\\)?((?:\.[a-zA-Z_\-][a-zA-Z\-_0-9]*)+)\[
 *   FENCES          (?:^|\n) *(`{3,}|~{3,}) *(?:\S+)? *\n(?:[\s\S]+?)\s*\4 *(?:\n+|$)
 *   DEF             (?:^|\n) *\[([^\]]+)\]: *<?([^\s>]+)>?(?: +["(]([^\n]+)[")])? *(?:\n+|$)
 *   MACRO           !\[:([^\] ]+)([^\]]*)\](?:\(([^\)]*)\))?
 *   SEPARATOR       (?:^|\n)(---?)(?:\n|$)        (top level only)
 *   NOTES_SEPARATOR (?:^|\n)(\?{3})(?:\n|$)       (top level only)
 */
import { codeBlockEnd, definition, fenceEnd, macroAt, markerLineEnd, type DefTail } from './lexer-alternatives.js';
import { LexerTables, LexerWork } from './lexer-tables.js';

export { LexerWork } from './lexer-tables.js';

interface Span {
  /** Offset of the first character in the lexed text. */
  start: number;
  /** Offset just past the last character. */
  end: number;
}

export type Token = Span &
  (
    | { type: 'text'; text: string; inlineCode?: boolean }
    | { type: 'code'; text: string }
    | { type: 'fences'; text: string }
    | { type: 'def'; id: string; href: string; title?: string }
    | { type: 'macro'; name: string; args: string[]; obj?: string }
    | { type: 'separator'; text: '--' | '---' }
    | { type: 'notes_separator' }
    /** `close` is the offset of the class's closing `]`; `depth` is 1 for a class at the top level. */
    | { type: 'content_start'; classes: string[]; block: boolean; close: number; depth: number }
    | { type: 'content_end'; block: boolean }
    /** `.name[` whose closing bracket never comes: remark keeps it as text. */
    | { type: 'content_unclosed'; text: string; classes: string[] }
  );

/** One alternative's match: where it starts, where it ends, and what it makes. */
type Match =
  | { kind: 'code' | 'inline_code'; at: number; end: number }
  | { kind: 'fences'; at: number; end: number }
  | { kind: 'content'; at: number; end: number; escaped: boolean; classesEnd: number }
  | { kind: 'def'; at: number; end: number; id: string; href: string; title?: string }
  | { kind: 'macro'; at: number; end: number; name: string; args: string; obj?: string }
  | { kind: 'separator'; at: number; end: number; marker: number; text: '--' | '---' }
  | { kind: 'notes_separator'; at: number; end: number; marker: number };

/**
 * The tokens of a text. With `work`, also adds up what remark's own regular expression would
 * read there in the browser (the page runs it on the whole deck): see runtime-limits.ts.
 */
export function lex(src: string, work: LexerWork = new LexerWork()): Token[] {
  const tokens = lexText(src, work);
  // remark merges adjacent text tokens; inline code keeps its own token here so that link and
  // heading scans can skip it, which changes nothing about the slide structure.
  const merged: Token[] = [];
  for (const token of tokens) {
    const last = merged[merged.length - 1];
    if (last && last.type === 'text' && token.type === 'text' && !last.inlineCode && !token.inlineCode) {
      last.text += token.text;
      last.end = token.end;
    } else {
      merged.push(token);
    }
  }
  return merged;
}

/** A stretch of text lexed as one call of remark's `lex(src, regex)`. */
interface Frame {
  /** Where the text still to lex starts (remark's `^`). */
  pos: number;
  /** remark's `$`: the end of the text, or of the class body. */
  limit: number;
  block: boolean;
  depth: number;
  /** For a class body: the `content_end` to emit when it is done. */
  closing?: Token;
  /** Link definitions' tails, by closing bracket: several line starts may share one (made when first needed). */
  defTails?: Map<number, DefTail | null>;
}


function lexText(src: string, work: LexerWork): Token[] {
  const tables = new LexerTables(src);
  const tokens: Token[] = [];
  const stack: Frame[] = [{ pos: 0, limit: src.length, block: true, depth: 0 }];
  while (stack.length) {
    const frame = stack[stack.length - 1];
    const match = findMatch(src, tables, frame, work);
    if (!match) {
      stack.pop();
      if (frame.pos < frame.limit || tokens.length === 0) {
        tokens.push({ type: 'text', text: src.slice(frame.pos, frame.limit), start: frame.pos, end: frame.limit });
      }
      if (frame.closing) tokens.push(frame.closing);
      continue;
    }
    if (match.at > frame.pos) tokens.push({ type: 'text', text: src.slice(frame.pos, match.at), start: frame.pos, end: match.at });
    frame.pos = match.end;
    const { at, end } = match;
    switch (match.kind) {
      case 'code':
        tokens.push({ type: 'code', text: src.slice(at, end), start: at, end });
        break;
      case 'inline_code':
        tokens.push({ type: 'text', text: src.slice(at, end), inlineCode: true, start: at, end });
        break;
      case 'fences':
        tokens.push({ type: 'fences', text: src.slice(at, end), start: at, end });
        break;
      case 'def':
        tokens.push({ type: 'def', id: match.id, href: match.href, title: match.title, start: at, end });
        break;
      case 'macro':
        tokens.push({ type: 'macro', name: match.name, args: match.args.split(',').map((a) => a.trim()), obj: match.obj, start: at, end });
        break;
      case 'separator':
        tokens.push({ type: 'separator', text: match.text, start: match.marker, end });
        break;
      case 'notes_separator':
        tokens.push({ type: 'notes_separator', start: match.marker, end });
        break;
      case 'content': {
        const classes = src.slice(match.escaped ? at + 2 : at + 1, match.classesEnd).split('.');
        const after = tables.closingBracketEnd(end, frame.limit);
        work.read(tables, at, after ?? frame.limit);
        if (after === undefined) {
          // remark counts brackets up to the end of the text before giving up, a character at a
          // time in JavaScript: about three times the cost of a regular expression's step.
          work.spend('class', at, 3 * (frame.limit - end));
          if (frame.limit === src.length) work.openEnded.push(at);
          tokens.push({ type: 'content_unclosed', text: src.slice(at, end), classes, start: at, end });
          break;
        }
        const close = after - 1;
        frame.pos = after;
        if (match.escaped) {
          tokens.push({ type: 'text', text: src.slice(at + 1, after), start: at, end: after });
          break;
        }
        const block = tables.next('\n', end, close) !== undefined;
        const depth = frame.depth + 1;
        tokens.push({ type: 'content_start', classes, block, close, depth, start: at, end });
        stack.push({ pos: end, limit: close, block: false, depth, closing: { type: 'content_end', block, start: close, end: after } });
        break;
      }
    }
  }
  return tokens;
}

/**
 * The leftmost match of remark's expression in what the frame has left, as remark finds it.
 * Only the frame's start and the tables' candidates can start a match: every alternative needs
 * a line start, a backtick, a backslash, a dot or a `!` where it starts.
 */
function findMatch(src: string, tables: LexerTables, frame: Frame, work: LexerWork): Match | undefined {
  const { pos, limit, block } = frame;
  const candidates = tables.candidates;
  let next = tables.firstCandidate(pos + 1);
  for (let p = pos; p < limit; p = candidates[next++]) {
    const c = src.charCodeAt(p);
    // `(?:^|\n)X`: X right at the start of what is left (atStart), else after the newline at p.
    const lineStart = p === pos || c === 10;
    const atStart = p === pos ? p : -1;
    const afterNewline = c === 10 ? p + 1 : -1;
    if (lineStart) {
      let code = atStart >= 0 ? codeBlockEnd(src, atStart, limit) : undefined;
      if (code === undefined && afterNewline >= 0) code = codeBlockEnd(src, afterNewline, limit);
      if (code !== undefined) return { kind: 'code', at: p, end: code };
    }
    if (c === 96 && p + 1 < limit && src.charCodeAt(p + 1) !== 96) {
      const closeTick = tables.next('`', p + 1, limit);
      work.read(tables, p, closeTick === undefined ? limit : closeTick + 1);
      if (closeTick !== undefined) return { kind: 'inline_code', at: p, end: closeTick + 1 };
      work.spend('inline-code', p, limit - p);
      if (limit === src.length) work.openEnded.push(p);
    } else if (c === 96 && p + 1 === src.length) {
      // The text's last character: a character after it would start inline code.
      work.openEnded.push(p);
    }
    if (c === 92 || c === 46) {
      const chainAt = c === 92 ? p + 1 : p;
      if (src.charCodeAt(chainAt) === 46) {
        const stop = tables.classChainStop(chainAt);
        if (stop > chainAt && stop < limit && src.charCodeAt(stop) === 91) {
          return { kind: 'content', at: p, end: stop + 1, escaped: c === 92, classesEnd: stop };
        }
        // Tried again from every `.` of the chain.
        work.spend('class-chain', p, stop - chainAt);
      }
    }
    if (lineStart) {
      let fence = atStart >= 0 ? fenceEnd(src, tables, atStart, limit, work) : undefined;
      if (fence === undefined && afterNewline >= 0) fence = fenceEnd(src, tables, afterNewline, limit, work);
      if (fence !== undefined) return { kind: 'fences', at: p, end: fence };
      let def = atStart >= 0 ? definition(src, tables, atStart, frame, work) : undefined;
      if (!def && afterNewline >= 0) def = definition(src, tables, afterNewline, frame, work);
      if (def) {
        const open = src.indexOf('[', p);
        const close = tables.next(']', open + 1, limit) as number;
        return { kind: 'def', at: p, end: def.end, id: src.slice(open + 1, close), href: def.href, title: def.title };
      }
    }
    if (c === 33) {
      const macro = macroAt(src, tables, p, limit, work);
      if (macro) return { kind: 'macro', ...macro };
    }
    if (lineStart && block) {
      let marker = atStart;
      let end = marker >= 0 ? markerLineEnd(src, marker, limit, 45) : undefined;
      if (end === undefined && afterNewline >= 0) end = markerLineEnd(src, (marker = afterNewline), limit, 45);
      if (end !== undefined) return { kind: 'separator', at: p, end, marker, text: src.charCodeAt(marker + 2) === 45 ? '---' : '--' };
      marker = atStart;
      end = marker >= 0 ? markerLineEnd(src, marker, limit, 63) : undefined;
      if (end === undefined && afterNewline >= 0) end = markerLineEnd(src, (marker = afterNewline), limit, 63);
      if (end !== undefined) return { kind: 'notes_separator', at: p, end, marker };
    }
  }
  return undefined;
}
