/**
 * container.training's build-time substitutions in one chapter file, made as its builder
 * (`slides/markmaker.py`) makes them: on the whole text, code included (`git clone
 * https://@@GITREPO@@` sits in a code block). `@@TITLE@@` is the workshop's title; `@@CHAT@@`,
 * `@@GITREPO@@`, `@@SLIDES@@`, `@@ZIP@@`, `@@HTML@@` and `@@SLIDENUMBERPREFIX@@` are the
 * manifest's values; `@@LINK[path]` is a link to that file of the repository; `@@TOC@@`
 * (outside code) marks where the contents go. Plain remark decks get none of this.
 */
import { closestMatch } from './closest-match.js';
import type { At, DiagnosticList } from './diagnostics.js';
import type { FileAnalysis } from './file-analysis.js';
import { escapeHtml } from './html.js';
import { NextStop } from './inline-scan.js';
import type { Manifest, TemplateKey } from './manifest.js';
import { firstAtOrAfter } from './sorted-offsets.js';
import type { Position } from './source-text.js';

export interface SubstitutedFile {
  /** The file's text between two offsets, with the substitutions made. */
  slice(from: number, to: number): string;
  /** Where each slide first holds `@@TOC@@` outside code, by slide index. */
  readonly contentsAt: ReadonlyArray<{ offset: number; position: Position } | undefined>;
}

/** One `@@NAME@@`, or `@@LINK[path]` / `@@INCLUDE[path]` (a closing `@@` is optional), as written. */
export interface AtAt {
  name: string;
  /** The text in brackets, for `@@LINK[...]` and the like. */
  argument?: string;
  text: string;
  offset: number;
}

/** The builder's bracketed directives: `@@LINK\[[^]]*\]`, with no closing `@@`. */
const bracketNames = new Set(['LINK', 'INCLUDE']);

/** Every substitution in a text, code included, in order; linear in the text's length. */
export function findAtAts(text: string): AtAt[] {
  const found: AtAt[] = [];
  const name = /[A-Z][A-Z0-9_]*/y;
  // The next `]` and newline, cached: searching from every `@@X[` read to the end each time, so
  // a line of `@@A[` took time as the square of its length.
  const nextClose = new NextStop(text, /\]/g);
  const nextNewline = new NextStop(text, /\n/g);
  for (let at = text.indexOf('@@'); at >= 0; at = text.indexOf('@@', at + 1)) {
    name.lastIndex = at + 2;
    const match = name.exec(text);
    if (!match) continue;
    const end = name.lastIndex;
    if (text.startsWith('@@', end)) {
      found.push({ name: match[0], text: text.slice(at, end + 2), offset: at });
      at = end + 1;
      continue;
    }
    if (text[end] !== '[') continue;
    const close = nextClose.at(end + 1);
    if (close >= text.length || nextNewline.at(end + 1) < close) continue;
    const closed = text.startsWith('@@', close + 1);
    if (!closed && !bracketNames.has(match[0])) continue;
    const stop = closed ? close + 3 : close + 1;
    found.push({ name: match[0], argument: text.slice(end + 1, close), text: text.slice(at, stop), offset: at });
    at = stop - 1;
  }
  return found;
}

/** The builder's default when a manifest has no `gitrepo`: links go to container.training itself. */
const defaultRepository = 'github.com/jpetazzo/container.training';

/** What a template value stands for, as the builder computes it; `undefined` when the manifest lacks it. */
function templateValue(manifest: Manifest, key: TemplateKey): string | undefined {
  const own = manifest.template[key]?.value;
  if (own !== undefined) return own;
  if (key === 'zip') {
    const slides = manifest.template.slides?.value;
    return slides === undefined ? undefined : slides.endsWith('/') ? `${slides}slides.zip` : `${slides}/slides.zip`;
  }
  if (key === 'html') return `${manifest.file.replace(/^.*[\\/]/, '')}.html`;
  return undefined;
}

const templateNames = new Map<string, TemplateKey>([
  ['CHAT', 'chat'],
  ['GITREPO', 'gitrepo'],
  ['SLIDES', 'slides'],
  ['ZIP', 'zip'],
  ['HTML', 'html'],
  ['SLIDENUMBERPREFIX', 'slidenumberprefix'],
]);

const knownNames = ['TITLE', 'TOC', ...templateNames.keys()];

export function substitute(analysis: FileAnalysis, manifest: Manifest, at: At, diagnostics: DiagnosticList): SubstitutedFile {
  const { text, lines } = analysis;
  const contentsAt: Array<{ offset: number; position: Position } | undefined> = [];
  if (manifest.style === 'remark') return { contentsAt, slice: (from, to) => text.slice(from, to) };

  const containerTraining = manifest.style === 'container.training';
  // The builder puts the title in as written, a line break for each newline; native decks escape it.
  const title = containerTraining ? manifest.rawTitle.replace(/\n/g, '<br/>') : manifest.titleLines.map(escapeHtml).join('<br/>');
  // Outside code, by offset: where `@@TOC@@` counts and where an unknown name deserves a word.
  const outsideCode = new Map<number, number>();
  analysis.scans.forEach((scan, slide) => {
    for (const sub of scan.substitutions) outsideCode.set(sub.offset, slide);
  });

  const replacements: Array<{ start: number; end: number; text: string }> = [];
  const replace = (sub: AtAt, by: string) => replacements.push({ start: sub.offset, end: sub.offset + sub.text.length, text: by });
  for (const sub of text.includes('@@') ? findAtAts(text) : []) {
    const slide = outsideCode.get(sub.offset);
    const key = templateNames.get(sub.name);
    if (sub.text === '@@TITLE@@') {
      replace(sub, title);
    } else if (sub.text === '@@TOC@@') {
      if (slide !== undefined) contentsAt[slide] ??= { offset: sub.offset, position: lines.position(sub.offset) };
    } else if (key && sub.argument === undefined) {
      const value = templateValue(manifest, key);
      if (value !== undefined) {
        replace(sub, value);
        continue;
      }
      // The builder sets a missing `chat`, `gitrepo` or `slides` to nothing.
      if (containerTraining) replace(sub, '');
      const missing = key === 'zip' ? 'slides' : key;
      diagnostics.warning({
        ...at(sub.offset),
        message: `\`${sub.text}\` stands for the manifest's \`${missing}\`, which it does not set: ${containerTraining ? 'it shows as nothing, as with container.training\'s builder' : 'it shows as written'}`,
        fix: `add \`${missing}: ...\` to the manifest, or write the text here`,
      });
    } else if (sub.name === 'LINK' && sub.argument !== undefined) {
      const repository = manifest.template.gitrepo?.value || defaultRepository;
      replace(sub, `[${sub.argument}](https://${repository}/tree/master/${sub.argument})`);
    } else if (sub.name === 'INCLUDE' && sub.argument !== undefined) {
      diagnostics.warning({
        ...at(sub.offset),
        message: `\`${sub.text}\` (the text of a file, for container.training's builder) is not put in by this deck; it shows as written`,
        fix: 'paste the file\'s text here instead',
      });
    } else if (slide !== undefined) {
      // Outside code only: in code it may well be an example of the syntax.
      const close = closestMatch(sub.name, knownNames, { maxDistance: 2 });
      diagnostics.warning({
        ...at(sub.offset),
        message: `\`${sub.text}\` is not a substitution container.training's builder makes; it shows as written`,
        fix: `${close ? `did you mean \`@@${close}@@\`? ` : ''}the builder makes ${knownNames.map((n) => `\`@@${n}@@\``).join(', ')}, \`@@LINK[file]\` and \`@@INCLUDE[file]\``,
      });
    }
  }
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
