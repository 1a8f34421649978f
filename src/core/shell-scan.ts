/**
 * A shell script read as bash would run it, for what it sets and uses: `NAME=...` before a
 * command, `export`/`declare`/`local`/`readonly`/`typeset`, `read`, `for`/`select`, `getopts`,
 * `mapfile`, `printf -v` and `${NAME:=...}` set a variable; `$NAME`, `${NAME...}` use it, unless
 * a default is given (`${NAME:-x}`, `${NAME+x}`). Single-quoted text, escaped `$`, comments and
 * quoted here-documents use nothing; `$(...)`, backticks, `$((...))`, double quotes and unquoted
 * here-documents are read inside. `source`, `.` and `eval` may set anything (an `unknown` event).
 * One pass over the text: every character is read a bounded number of times, and nesting past 32
 * levels is junk, not a script, so the scan stops there. Pure text.
 */

export type ShellEvent =
  | { readonly kind: 'define' | 'use'; readonly name: string; readonly offset: number }
  | { readonly kind: 'unknown'; readonly offset: number };

const name = /[A-Za-z_][A-Za-z0-9_]*/y;
const assignment = /^([A-Za-z_][A-Za-z0-9_]*)(\[[^\]]*\])?\+?=/;
const declarers = new Set(['export', 'declare', 'typeset', 'local', 'readonly']);
const keywordsBeforeCommand = new Set(['if', 'then', 'else', 'elif', 'do', 'while', 'until', '!', '{', 'time', 'fi', 'done', '}', 'esac']);
/** Characters that end an unquoted word. */
const wordEnds = new Set([' ', '\t', '\n', '\r', '\f', '\v', ';', '&', '|', '(', ')', '<', '>']);
/** Deeper `$(...)`, `${...}` or backtick nesting is junk, not a command: the scan stops there. */
const maxDepth = 32;

/** What a shell text sets and uses, in the order a shell would, offsets into it. */
export function shellEvents(script: string): ShellEvent[] {
  const scan = new ShellScan(script);
  scan.commands(0, undefined, 0);
  return scan.events;
}

class ShellScan {
  readonly events: ShellEvent[] = [];
  private readonly heredocs: Array<{ delimiter: string; quoted: boolean; strip: boolean }> = [];

  constructor(private readonly s: string) {}

  /** A list of commands from `i` to `close` (`)` or a backtick) or the end; returns where it stopped. */
  commands(i: number, close: string | undefined, depth: number): number {
    const s = this.s;
    let atCommand = true;
    let command = '';
    let args = 0;
    let previous = '';
    let redirect = false;
    // Subshells and case patterns inside a `$(...)`: its `)` is the one that closes them all.
    let parens = 0;
    while (i < s.length) {
      const c = s[i];
      if (c === '\\' && s[i + 1] === '\n') i += 2;
      else if (c === ' ' || c === '\t' || c === '\r') i++;
      else if (c === close && (close !== ')' || parens === 0)) return i;
      else if (c === '\n') {
        i = this.heredocBodies(i + 1);
        atCommand = true;
      } else if (c === ';' || c === '&' || c === '|' || c === '(' || c === ')') {
        if (c === '(') parens++;
        if (c === ')') parens = Math.max(0, parens - 1);
        atCommand = true;
        i++;
      } else if (c === '#') {
        while (i < s.length && s[i] !== '\n') i++;
      } else if (s.startsWith('<<', i) && s[i + 2] !== '<') {
        i = this.heredocStart(i + 2);
      } else if ((c === '<' || c === '>') && s[i + 1] === '(') {
        if (!atCommand && (command === 'source' || command === '.') && args === 0) args++;
        i = depth < maxDepth ? this.commands(i + 2, ')', depth + 1) + 1 : s.length;
      } else if (c === '<' || c === '>') {
        redirect = true;
        i++;
      } else {
        const start = i;
        const word = this.word(i, close, depth);
        i = word.end;
        const raw = word.raw;
        // A redirection's file is no argument: `mapfile LINES < file` sets no `file`.
        if (redirect) {
          redirect = false;
          continue;
        }
        if (atCommand) {
          const assigned = assignment.exec(raw);
          if (assigned) this.define(assigned[1], start);
          else if (!keywordsBeforeCommand.has(raw)) {
            atCommand = false;
            command = raw;
            args = 0;
          }
          continue;
        }
        args++;
        if (command === 'for' || command === 'select') {
          if (args === 1) this.define(raw, start);
        } else if (declarers.has(command) || command === 'read' || command === 'mapfile' || command === 'readarray') {
          const defined = /^[A-Za-z_]\w*/.exec(raw);
          if (defined && !raw.startsWith('-')) this.define(defined[0], start);
        } else if (command === 'getopts' && args === 2) this.define(raw, start);
        else if (command === 'printf' && previous === '-v') this.define(raw, start);
        else if ((command === 'source' || command === '.' || command === 'eval') && args === 1) this.events.push({ kind: 'unknown', offset: start });
        previous = raw;
      }
    }
    return i;
  }

  private define(variable: string, offset: number): void {
    if (/^[A-Za-z_]\w*$/.test(variable)) this.events.push({ kind: 'define', name: variable, offset });
  }

  /** One word: its text without quotes (for `NAME=` and command names) and its end. */
  private word(i: number, close: string | undefined, depth: number): { raw: string; end: number } {
    const s = this.s;
    let raw = '';
    while (i < s.length && s[i] !== close && !wordEnds.has(s[i])) {
      const c = s[i];
      if (c === '\\') {
        raw += s[i + 1] ?? '';
        i += 2;
      } else if (c === "'") {
        const end = s.indexOf("'", i + 1);
        raw += s.slice(i + 1, end < 0 ? s.length : end);
        i = end < 0 ? s.length : end + 1;
      } else if (c === '$' && s[i + 1] === "'") {
        i = this.ansiString(i + 2);
      } else if (c === '"') {
        i = this.quoted(i + 1, '"', depth) + 1;
        raw += '"';
      } else if (c === '$' || c === '`') {
        i = this.expansion(i, depth);
        raw += '$';
      } else {
        raw += c;
        i++;
      }
    }
    return { raw, end: i };
  }

  /** Inside double quotes (or a here-document, `close` undefined): only `$`, backticks and `\` count. */
  private quoted(i: number, close: string | undefined, depth: number, end = this.s.length): number {
    const s = this.s;
    while (i < end && s[i] !== close) {
      if (s[i] === '\\') i += 2;
      else if (s[i] === '$' || s[i] === '`') i = this.expansion(i, depth);
      else i++;
    }
    return i;
  }

  private ansiString(i: number): number {
    while (i < this.s.length && this.s[i] !== "'") i += this.s[i] === '\\' ? 2 : 1;
    return i + 1;
  }

  /** At `$` or a backtick: a use, a command substitution or a parameter expansion; returns the index after it. */
  private expansion(i: number, depth: number): number {
    const s = this.s;
    if (depth >= maxDepth) return s.length;
    if (s[i] === '`') return this.commands(i + 1, '`', depth + 1) + 1;
    const next = s[i + 1];
    if (next === '(' && s[i + 2] === '(') return this.arithmetic(i + 3, depth);
    if (next === '(') return this.commands(i + 2, ')', depth + 1) + 1;
    if (next === '{') return this.parameter(i + 2, depth);
    name.lastIndex = i + 1;
    const found = name.exec(s);
    if (!found) return i + (next && /[0-9@*#?$!_-]/.test(next) ? 2 : 1);
    this.events.push({ kind: 'use', name: found[0], offset: i });
    return i + 1 + found[0].length;
  }

  /** `${NAME...}`: a use unless a default is given (`:-`, `-`, `:+`, `+`); `:=` and `=` set it. */
  private parameter(i: number, depth: number): number {
    const s = this.s;
    const at = i - 2;
    if (s[i] === '#' || s[i] === '!') i++;
    name.lastIndex = i;
    const found = name.exec(s);
    let j = found ? i + found[0].length : i;
    if (s[j] === '[') j = Math.max(j, s.indexOf(']', j) + 1);
    const operator = /^:?[-=+?]/.exec(s.slice(j, j + 2))?.[0] ?? '';
    const end = this.braced(j, depth);
    if (found && (operator === '' || operator.endsWith('?'))) this.events.push({ kind: 'use', name: found[0], offset: at });
    else if (found && operator.endsWith('=')) this.define(found[0], at);
    return end;
  }

  /** Up to the `}` that closes a parameter expansion, with the uses inside; returns the index after it. */
  private braced(i: number, depth: number): number {
    const s = this.s;
    let open = 1;
    while (i < s.length) {
      const c = s[i];
      if (c === '\\') i += 2;
      else if (c === "'") i = s.indexOf("'", i + 1) < 0 ? s.length : s.indexOf("'", i + 1) + 1;
      else if (c === '$' || c === '`') i = this.expansion(i, depth + 1);
      else if (c === '{' || c === '}') {
        open += c === '{' ? 1 : -1;
        i++;
        if (open === 0) return i;
      } else i++;
    }
    return i;
  }

  /** `$(( ... ))`: the `$NAME`s inside are uses; returns the index after `))`. */
  private arithmetic(i: number, depth: number): number {
    const s = this.s;
    let open = 2;
    while (i < s.length && open > 0) {
      if (s[i] === '$' || s[i] === '`') i = this.expansion(i, depth + 1);
      else {
        open += s[i] === '(' ? 1 : s[i] === ')' ? -1 : 0;
        i++;
      }
    }
    return i;
  }

  /** After `<<`: the delimiter, whose body starts on the next line. */
  private heredocStart(i: number): number {
    const s = this.s;
    const strip = s[i] === '-';
    if (strip) i++;
    while (s[i] === ' ' || s[i] === '\t') i++;
    const word = /^(['"]?)([^\s'";&|<>()]+)\1/.exec(s.slice(i, i + 200));
    if (!word) return i;
    this.heredocs.push({ delimiter: word[2], quoted: word[1] !== '' || word[0].includes('\\'), strip });
    return i + word[0].length;
  }

  /** At the start of the line after a `<<` one: each pending body, up to its delimiter line; returns where commands resume. */
  private heredocBodies(i: number): number {
    const s = this.s;
    for (const heredoc of this.heredocs.splice(0)) {
      const start = i;
      let bodyEnd = s.length;
      while (i < s.length) {
        const lineEnd = s.indexOf('\n', i) < 0 ? s.length : s.indexOf('\n', i);
        const line = s.slice(i, lineEnd);
        if ((heredoc.strip ? line.replace(/^\t+/, '') : line) === heredoc.delimiter) {
          bodyEnd = i;
          i = Math.min(s.length, lineEnd + 1);
          break;
        }
        i = lineEnd + 1;
      }
      if (!heredoc.quoted) this.quoted(start, undefined, 0, Math.min(bodyEnd, s.length));
      i = Math.min(i, s.length);
    }
    return i;
  }
}
