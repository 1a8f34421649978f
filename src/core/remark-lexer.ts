/**
 * A faithful port of remark 0.14's lexer (src/remark/lexer.js), extended with source offsets.
 * The deck model must split slides exactly as the runtime will, so the regular expressions and
 * the order of alternatives are remark's own, quirks included (an inline code span may cross
 * lines; a content class's closing bracket is found by counting every bracket that follows).
 */

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
    | { type: 'content_start'; classes: string[]; block: boolean }
    | { type: 'content_end'; block: boolean }
    /** `.name[` whose closing bracket never comes: remark keeps it as text. */
    | { type: 'content_unclosed'; text: string; classes: string[] }
  );

const CODE = 1;
const INLINE_CODE = 2;
const CONTENT = 3;
const FENCES = 4;
const DEF = 5;
const DEF_HREF = 6;
const DEF_TITLE = 7;
const MACRO = 8;
const MACRO_ARGS = 9;
const MACRO_OBJ = 10;
const SEPARATOR = 11;
const NOTES_SEPARATOR = 12;

const parts: Record<string, RegExp> = {
  CODE: /(?:^|\n)( {4}[^\n]+\n*)+/,
  INLINE_CODE: /`([^`]+?)`/,
  CONTENT: /(?:\\)?((?:\.[a-zA-Z_\-][a-zA-Z\-_0-9]*)+)\[/,
  // `\4` is the fence's group number in the combined expression, as in remark.
  FENCES: new RegExp('(?:^|\\n) *(`{3,}|~{3,}) *(?:\\S+)? *\\n(?:[\\s\\S]+?)\\s*\\4 *(?:\\n+|$)'),
  DEF: /(?:^|\n) *\[([^\]]+)\]: *<?([^\s>]+)>?(?: +["(]([^\n]+)[")])? *(?:\n+|$)/,
  MACRO: /!\[:([^\] ]+)([^\]]*)\](?:\(([^\)]*)\))?/,
  SEPARATOR: /(?:^|\n)(---?)(?:\n|$)/,
  NOTES_SEPARATOR: /(?:^|\n)(\?{3})(?:\n|$)/,
};

function combine(names: string): RegExp {
  return new RegExp(names.replace(/\w{2,}/g, (key) => parts[key].source));
}

const blockRegex = combine('CODE|INLINE_CODE|CONTENT|FENCES|DEF|MACRO|SEPARATOR|NOTES_SEPARATOR');
const inlineRegex = combine('CODE|INLINE_CODE|CONTENT|FENCES|DEF|MACRO');

export function lex(src: string): Token[] {
  const tokens = lexFrom(src, 0, blockRegex, []);
  // remark merges adjacent text tokens; inline code keeps its own token here so that link and
  // heading scans can skip it, which changes nothing about the slide structure.
  for (let i = tokens.length - 2; i >= 0; i--) {
    const a = tokens[i];
    const b = tokens[i + 1];
    if (a.type === 'text' && b.type === 'text' && !a.inlineCode && !b.inlineCode) {
      a.text += b.text;
      a.end = b.end;
      tokens.splice(i + 1, 1);
    }
  }
  return tokens;
}

function lexFrom(src: string, base: number, regex: RegExp, tokens: Token[]): Token[] {
  let cap: RegExpExecArray | null;
  while ((cap = regex.exec(src)) !== null) {
    const at = base + cap.index;
    if (cap.index > 0) {
      tokens.push({ type: 'text', text: src.substring(0, cap.index), start: base, end: at });
    }
    let consumed = cap.index + cap[0].length;
    const end = at + cap[0].length;

    if (cap[CODE]) {
      tokens.push({ type: 'code', text: cap[0], start: at, end });
    } else if (cap[INLINE_CODE]) {
      tokens.push({ type: 'text', text: cap[0], inlineCode: true, start: at, end });
    } else if (cap[FENCES]) {
      tokens.push({ type: 'fences', text: cap[0], start: at, end });
    } else if (cap[DEF]) {
      tokens.push({ type: 'def', id: cap[DEF], href: cap[DEF_HREF], title: cap[DEF_TITLE], start: at, end });
    } else if (cap[MACRO]) {
      tokens.push({
        type: 'macro',
        name: cap[MACRO],
        args: (cap[MACRO_ARGS] ?? '').split(',').map((a) => a.trim()),
        obj: cap[MACRO_OBJ],
        start: at,
        end,
      });
    } else if (cap[SEPARATOR]) {
      const dashes = at + cap[0].indexOf(cap[SEPARATOR]);
      tokens.push({ type: 'separator', text: cap[SEPARATOR] as '--' | '---', start: dashes, end });
    } else if (cap[NOTES_SEPARATOR]) {
      const marks = at + cap[0].indexOf(cap[NOTES_SEPARATOR]);
      tokens.push({ type: 'notes_separator', start: marks, end });
    } else if (cap[CONTENT]) {
      const bodyStart = cap.index + cap[0].length;
      const body = textInBrackets(src, bodyStart);
      const classes = cap[CONTENT].substring(1).split('.');
      if (body === undefined) {
        tokens.push({ type: 'content_unclosed', text: cap[0], classes, start: at, end });
      } else {
        const close = base + bodyStart + body.length;
        if (cap[0][0] !== '\\') {
          const block = body.includes('\n');
          tokens.push({ type: 'content_start', classes, block, start: at, end });
          lexFrom(body, base + bodyStart, inlineRegex, tokens);
          tokens.push({ type: 'content_end', block, start: close, end: close + 1 });
        } else {
          tokens.push({ type: 'text', text: cap[0].substring(1) + body + ']', start: at, end: close + 1 });
        }
        consumed += body.length + 1;
      }
    }

    src = src.substring(consumed);
    base += consumed;
  }
  if (src || tokens.length === 0) {
    tokens.push({ type: 'text', text: src, start: base, end: base + src.length });
  }
  return tokens;
}

/**
 * remark's bracket matcher: counts every bracket after `offset`, whatever surrounds it. Returns
 * the offset just past the matching `]`, or `undefined` when the brackets never balance.
 */
export function closingBracketEnd(src: string, offset: number): number | undefined {
  let depth = 1;
  let pos = offset;
  while (depth > 0 && pos < src.length) {
    const chr = src[pos++];
    if (chr === '[') depth++;
    else if (chr === ']') depth--;
  }
  return depth === 0 ? pos : undefined;
}

function textInBrackets(src: string, offset: number): string | undefined {
  const end = closingBracketEnd(src, offset);
  return end === undefined ? undefined : src.substring(offset, end - 1);
}
