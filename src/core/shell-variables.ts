/**
 * Shell variables a deck's commands use before any slide sets them. An attendee copies the
 * blocks in deck order into one terminal: a `$NAME` that no earlier block (or earlier line of its
 * own block) sets runs the command with an empty value, which fails far from the cause. Read from
 * shell blocks (`bash`, `sh`, `zsh`...; the prompt lines of `console` blocks) on the slides a
 * variant shows, not from notes (shell-scan.ts reads each block). Also set: an assignment an
 * author writes as inline code in the text (`` `NS=blue` ``, `` `export NS=blue` ``), and the
 * environment every shell has (`HOME`, `PATH`, `RANDOM`...). After a `source`, `.` or `eval`,
 * anything may be set: nothing more is reported. Pure.
 */
import type { CodeBlock } from './code-blocks.js';
import type { DiagnosticList } from './diagnostics.js';
import { resolveLanguage } from './languages.js';
import { shellEvents, type ShellEvent } from './shell-scan.js';
import type { ParsedSlide } from './slide-parser.js';

export type { ShellEvent } from './shell-scan.js';

/** One shell block of a file: its slide (an index into the parsed slides) and events in order, offsets into the file. */
export interface ShellBlock {
  readonly slide: number;
  readonly events: readonly ShellEvent[];
}

/** Set in every shell or login session; `KUBECONFIG`-like names a tool reads are not, and are reported. */
const environment = new Set(
  ('HOME PATH USER LOGNAME SHELL PWD OLDPWD TERM LANG LANGUAGE TZ TMPDIR HOSTNAME HOSTTYPE OSTYPE MACHTYPE UID EUID ' +
    'GROUPS PPID RANDOM SRANDOM SECONDS LINENO BASHPID BASH BASH_VERSION BASH_SOURCE BASH_REMATCH FUNCNAME IFS PS1 PS2 ' +
    'PS3 PS4 SHLVL COLUMNS LINES REPLY OPTARG OPTIND PIPESTATUS EPOCHSECONDS EPOCHREALTIME DISPLAY EDITOR VISUAL PAGER ' +
    'MAIL HISTFILE HISTSIZE SSH_AUTH_SOCK SSH_CLIENT SSH_CONNECTION SSH_TTY PROMPT_COMMAND DIRSTACK TMUX STY').split(' '),
);
const isEnvironment = (name: string) => environment.has(name) || /^(LC|XDG|BASH)_/.test(name);

const shellLanguages = new Set(['bash', 'shell']);

const inlineAssignment = /^`+\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)=/;

/** The shell blocks and inline-code assignments of a file's slides (notes left out), in text order, and what each sets and uses. */
export function shellBlocks(text: string, blocks: readonly CodeBlock[], parsed: readonly ParsedSlide[]): ShellBlock[] {
  const found: Array<ShellBlock & { at: number }> = [];
  for (const block of blocks) {
    const language = block.language ? resolveLanguage(block.language) : undefined;
    const notes = parsed[block.slide].notes;
    if (!language || !shellLanguages.has(language) || (notes && block.bodyStart > notes.offset)) continue;
    // remark's `highlightLines`: a `*` starting a line marks it, and is not shown or copied.
    const body = text.slice(block.bodyStart, block.bodyEnd).replace(/^\*/gm, ' ');
    const events = shellEvents(language === 'shell' ? promptCommands(body) : body);
    if (events.length) found.push({ slide: block.slide, at: block.bodyStart, events: events.map((e) => ({ ...e, offset: e.offset + block.bodyStart })) });
  }
  parsed.forEach((slide, index) => {
    for (const token of slide.content) {
      const assigned = token.type === 'text' && token.inlineCode ? inlineAssignment.exec(token.text) : null;
      if (assigned) found.push({ slide: index, at: token.start, events: [{ kind: 'define', name: assigned[1], offset: token.start }] });
    }
  });
  return found.sort((a, b) => a.at - b.at).map(({ slide, events }) => ({ slide, events }));
}

/** A `console` session with everything but its commands blanked (offsets kept): the text after `$ ` or `user@host:~$ ` prompts, and their continuation lines. */
export function promptCommands(body: string): string {
  let continued = false;
  return body
    .split('\n')
    .map((line) => {
      // `$ `, `user@host:~$ `, zsh's `host% ` (not an output's `50% `), root's `root@host:/# `.
      const prompt = continued ? '' : /^\s*(?:\S*\$|\S*[^\s\d]%|%|\S+#)\s/.exec(line)?.[0];
      continued = prompt !== undefined && /\\$/.test(line);
      return prompt === undefined ? ' '.repeat(line.length) : ' '.repeat(prompt.length) + line.slice(prompt.length);
    })
    .join('\n');
}

/** Where an offset of a file is, resolved once the deck knows which slides it shows. */
export interface LocatedShellEvent {
  readonly event: ShellEvent;
  readonly at: { file: string; line: number; column: number };
}

/**
 * Walks the shell blocks of the slides shown, in deck order, and warns at the first use of each
 * variable no earlier event set, naming where it is set later when it is.
 */
export function checkShellVariables(events: readonly LocatedShellEvent[], diagnostics: DiagnosticList): void {
  const firstDefinition = new Map<string, LocatedShellEvent['at']>();
  for (const { event, at } of events) if (event.kind === 'define' && !firstDefinition.has(event.name)) firstDefinition.set(event.name, at);
  const defined = new Set<string>();
  const reported = new Set<string>();
  for (const { event, at } of events) {
    if (event.kind === 'unknown') return;
    if (event.kind === 'define') defined.add(event.name);
    else if (!defined.has(event.name) && !reported.has(event.name) && !isEnvironment(event.name)) {
      reported.add(event.name);
      const later = firstDefinition.get(event.name);
      diagnostics.warning({
        ...at,
        message: `\`$${event.name}\` is used before any command on the slides sets it: an attendee who runs the blocks in order gets an empty value here`,
        fix: later
          ? `it is set later, at ${later.file}:${later.line}: set it on this slide or an earlier one (\`${event.name}=...\`)`
          : `set it on this slide or an earlier one (\`${event.name}=...\` in a shell block), write the value instead, or \`\${${event.name}:-value}\` if it may stay empty`,
      });
    }
  }
}
