/**
 * Checks that need the whole deck: it shows some slide, slide names are unique and every `#name`
 * link reaches a slide this variant shows, `exclude` lists name classes some slide has, and the
 * joined source splits into exactly the slides the chapters made.
 */
import { closestMatch } from './closest-match.js';
import type { DiagnosticList } from './diagnostics.js';
import type { ClassRef, Manifest } from './manifest.js';
import { isShown, propertiesOf, type SlideDraft } from './slide-draft.js';
import { parseSlides } from './slide-parser.js';

export function checkSlideNames(
  drafts: readonly SlideDraft[],
  leftOut: ReadonlyArray<{ readonly name: string; readonly excludedBy: string }>,
  variant: string | undefined,
  diagnostics: DiagnosticList,
): void {
  const seen = new Map<string, { file: string; line: number }>();
  for (const draft of drafts) {
    const name = draft.properties.name;
    if (!name) continue;
    const at = { file: draft.source.file, ...(draft.nameAt ?? { line: draft.source.line, column: 1 }) };
    const earlier = seen.get(name);
    if (earlier) {
      diagnostics.error({
        ...at,
        message: `slide name \`${name}\` is already used at ${earlier.file}:${earlier.line}`,
        fix: 'give this slide another `name:`; links and `#name` addresses reach only one of them',
      });
    } else {
      seen.set(name, at);
    }
  }
  const leftOutNames = new Map(leftOut.map((s) => [s.name, s.excludedBy]));
  // Drafts, not slides: a `--` step repeats the links of the steps before it.
  for (const draft of drafts) {
    if (draft.kind !== 'content') continue;
    for (const link of draft.links) {
      const target = link.href.startsWith('#') ? link.href.slice(1) : undefined;
      if (!target || /^\d+$/.test(target) || seen.has(target)) continue;
      const hiddenBy = leftOutNames.get(target);
      const closest = hiddenBy ? undefined : closestMatch(target, seen.keys(), { maxDistance: 3 });
      diagnostics.error({
        file: draft.source.file,
        line: link.line,
        column: link.column,
        message: hiddenBy
          ? `link to slide \`#${target}\`, which the ${variant ? `\`${variant}\`` : 'default'} variant leaves out (class \`${hiddenBy}\`)`
          : `link to slide \`#${target}\`, but no slide has that name`,
        fix: hiddenBy
          ? `give this link's slide the class \`${hiddenBy}\` too, or link to a slide every variant shows`
          : `give the target slide \`name: ${target}\`, or link to an existing name${closest ? ` (did you mean \`#${closest}\`?)` : ''}`,
      });
    }
  }
}

/**
 * A deck shows at least one slide: remark shows an empty source as one blank slide, which the
 * model would not have. It happens when `exclude` leaves out every slide of a variant, or when
 * the chapters hold none (a manifest without a generated title slide).
 */
export function checkSomeSlideShown(shown: number, excluded: readonly ClassRef[], manifest: Manifest, diagnostics: DiagnosticList): void {
  if (shown > 0) return;
  const at = excluded[0] ?? { line: 1, column: 1 };
  const names = excluded.map((c) => `\`${c.name}\``).join(', ');
  diagnostics.error({
    file: manifest.file,
    line: at.line,
    column: at.column,
    message: excluded.length ? `the deck shows no slide: leaving out ${names} leaves out every one` : 'the deck shows no slide: its chapters hold none',
    fix: excluded.length ? 'leave out fewer classes in this variant, or add slides without them' : 'add a slide to a chapter',
  });
}

/** A class listed in `exclude` that no slide has is a typo, or a leftover. */
export function checkExcludeLists(manifest: Manifest, classesSeen: ReadonlySet<string>, diagnostics: DiagnosticList): void {
  const lists: Array<[string, readonly ClassRef[]]> = [
    ['exclude', manifest.exclude],
    ...[...manifest.variants].map(([name, v]): [string, readonly ClassRef[]] => [`variants.${name}.exclude`, v.exclude]),
  ];
  for (const [where, classes] of lists) {
    for (const ref of classes) {
      if (classesSeen.has(ref.name)) continue;
      const close = closestMatch(ref.name, classesSeen, { maxDistance: 2 });
      diagnostics.warning({
        file: manifest.file,
        line: ref.line,
        column: ref.column,
        message: `\`${where}\` names class \`${ref.name}\`, but no slide has it: nothing is left out`,
        fix: `check the spelling against the slides' \`class:\` lines${close ? ` (did you mean \`${close}\`?)` : ''}, or remove it`,
      });
    }
  }
}

/**
 * A safety net: the joined source must split into exactly the modelled slides. A self-contained
 * draft (`SlideDraft.selfContained`, most of them) is one slide there, with its own properties,
 * whatever surrounds it; so is any other draft that lexes alone as one self-contained slide, as
 * long as every draft before it is. Only when one is not is the whole source parsed again.
 */
export function checkSplitsAsModelled(drafts: readonly SlideDraft[], source: string, modelled: number, manifest: Manifest, diagnostics: DiagnosticList): void {
  // It only speaks when nothing else did: no need to parse the whole deck again otherwise.
  if (diagnostics.errors.length > 0) return;
  const shown = shownSlidesOfDrafts(drafts) ?? parseSlides(source).filter((s) => isShown(propertiesOf(s))).length;
  if (shown !== modelled) {
    diagnostics.error({
      file: manifest.file,
      line: 1,
      column: 1,
      message: `the joined deck splits into ${shown} slides but its chapters make ${modelled}: something in one chapter reaches into the next`,
      fix: 'look for a stray backtick or bracket near the end of a chapter file',
    });
  }
}

/** The joined source's shown slides, counted draft by draft; `undefined` when a draft is not one self-contained slide alone. */
function shownSlidesOfDrafts(drafts: readonly SlideDraft[]): number | undefined {
  let shown = 0;
  for (const draft of drafts) {
    if (draft.selfContained) {
      if (isShown(draft.properties)) shown++;
      continue;
    }
    const alone = parseSlides(draft.markdown);
    if (alone.length !== 1 || !alone[0].selfContained) return undefined;
    if (isShown(propertiesOf(alone[0]))) shown++;
  }
  return shown;
}
