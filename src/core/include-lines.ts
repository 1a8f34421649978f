/**
 * The lines of an included file that a directive shows: all of them, a named region (marked VS
 * Code style by `#region name` and `#endregion` comment lines in the file's comment syntax), or
 * a range of lines as an editor numbers them. Region marker lines are never shown. Pure text.
 */
import { closestMatch } from './closest-match.js';

export interface IncludedLine {
  readonly text: string;
  /** Offset in the file of the first character of `text`. */
  readonly offset: number;
}

export type LineChoice = { region?: string; range?: { first: number; last?: number } };

export type LineSelection = { lines: IncludedLine[] } | { problem: string; fix: string };

/**
 * `#region name` / `#endregion` after a comment opener (`//`, `--`, `;`, `%`, `'`, `<!--`, `/*`,
 * `(*`, `REM`, `::`), or `#region name`, `# region name`, `# #region name` in languages whose
 * comments start with `#`. The name is one word, so a comment such as `# region of the cluster` is no marker.
 */
const marker = /^[ \t]*(?:(?:\/\/|--|;+|%+|'|<!--|\/\*|\(\*|REM|::)[ \t]*#|#[ \t]*#?)(end)?region\b(?:[ \t]+([\w.-]+))?[ \t]*(?:-->|\*\/|\*\))?[ \t]*$/i;

interface Marker {
  index: number;
  end: boolean;
  name?: string;
}

/** A file's lines with their offsets; a final newline ends the last line rather than starting another. */
export function splitLines(text: string): IncludedLine[] {
  const lines: IncludedLine[] = [];
  let offset = 0;
  for (const line of text.split('\n')) {
    lines.push({ text: line, offset });
    offset += line.length + 1;
  }
  if (lines.length > 1 && lines[lines.length - 1].text === '') lines.pop();
  return lines;
}

function markers(lines: readonly IncludedLine[]): Marker[] {
  const found: Marker[] = [];
  lines.forEach((line, index) => {
    const match = marker.exec(line.text);
    if (match) found.push({ index, end: match[1] !== undefined, name: match[2] });
  });
  return found;
}

/** Strips the indentation all non-blank lines share (a region inside a function reads from column 1). */
function dedent(lines: IncludedLine[]): IncludedLine[] {
  const indents = lines.filter((l) => l.text.trim() !== '').map((l) => /^[ \t]*/.exec(l.text)![0].length);
  const common = indents.length ? Math.min(...indents) : 0;
  return common === 0 ? lines : lines.map((l) => ({ text: l.text.slice(Math.min(common, l.text.length)), offset: l.offset + Math.min(common, l.text.length) }));
}

export function selectLines(text: string, path: string, choice: LineChoice): LineSelection {
  const all = splitLines(text);
  const found = markers(all);
  const isMarker = new Set(found.map((m) => m.index));
  if (choice.region !== undefined && choice.range) {
    return { problem: 'an include takes a region or a range of lines, not both', fix: `write \`${path}#${choice.region}\` or \`${path}{first-last}\`` };
  }
  if (choice.range) {
    const { first, last = all.length } = choice.range;
    if (first < 1 || last < first) return { problem: `\`{${first}-${last}}\` is not a range of lines`, fix: 'write `{first-last}` with 1 <= first <= last, e.g. `{5-12}`' };
    if (first > all.length || last > all.length) {
      return { problem: `\`${path}\` has ${all.length} line${all.length === 1 ? '' : 's'}, so it has no line ${Math.max(first, last)}`, fix: 'correct the range (lines are numbered as in an editor, from 1)' };
    }
    return { lines: all.slice(first - 1, last).filter((_, i) => !isMarker.has(first - 1 + i)) };
  }
  if (choice.region === undefined) return { lines: all.filter((_, i) => !isMarker.has(i)) };
  const start = found.find((m) => !m.end && m.name === choice.region);
  if (!start) {
    const names = [...new Set(found.filter((m) => !m.end && m.name).map((m) => m.name as string))];
    const closest = closestMatch(choice.region, names);
    return {
      problem: `\`${path}\` has no region \`${choice.region}\``,
      fix: names.length
        ? `${closest ? `did you mean \`${closest}\`? ` : ''}its regions: ${names.map((n) => `\`${n}\``).join(', ')}`
        : `mark it in the file with a \`#region ${choice.region}\` comment line before it and an \`#endregion\` line after it`,
    };
  }
  let depth = 0;
  for (const m of found.filter((m) => m.index > start.index)) {
    depth += m.end ? -1 : 1;
    if (depth < 0) return { lines: dedent(all.slice(start.index + 1, m.index).filter((_, i) => !isMarker.has(start.index + 1 + i))) };
  }
  return { problem: `region \`${choice.region}\` of \`${path}\` is never closed`, fix: `add an \`#endregion\` comment line after line ${start.index + 1} of \`${path}\`, where the region ends` };
}
