/**
 * Hot reload for big decks. remark's `loadFromString` re-parses the deck and builds a view per
 * slide again; a save usually changes one slide. When the deck's shape is the same, this
 * re-parses only the slides whose source changed, with remark's own parser and model, updates
 * remark's slide models in place (remark and the views hold them), and re-renders those views
 * that were rendered; a slide not rendered yet renders from its new model when it is needed.
 * Anything it cannot patch safely is left to a full `loadFromString`.
 */
import Parser from 'remark-slide/src/remark/parser.js';
import Slide from 'remark-slide/src/remark/models/slide.js';
import type { RemarkSlideshow } from './remark-slide.js';
import { viewAt } from './slide-views.js';

/** More changed slides than this and a full render costs about the same. */
const patchLimit = 40;

const continuation = /^\n--\n/;
const separator = /^\n---?\n/;
/** Properties that make a slide's content depend on other slides, or hide it. */
const crossSlideProperty = /^(layout|template|exclude):/m;
const linkDefinition = /^ *\[[^\]\n]+\]: *\S/m;

function nameOf(slideSource: string): string | undefined {
  return /^name:\s*(\S+)/m.exec(slideSource.replace(separator, ''))?.[1];
}

/** Index ranges of slides to re-render: each changed slide with the `--` steps around it. */
function changedGroups(previous: string[], next: string[]): Array<[number, number]> | undefined {
  const groups: Array<[number, number]> = [];
  let changed = 0;
  for (let i = 0; i < next.length; i++) {
    if (previous[i] === next[i]) continue;
    changed++;
    const before = previous[i];
    const after = next[i];
    if (continuation.test(before) !== continuation.test(after)) return undefined;
    if (nameOf(before) !== nameOf(after)) return undefined;
    if (linkDefinition.test(before) || linkDefinition.test(after)) return undefined;
    let start = i;
    while (start > 0 && continuation.test(next[start])) start--;
    let end = i;
    while (end + 1 < next.length && continuation.test(next[end + 1])) end++;
    const last = groups[groups.length - 1];
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else groups.push([start, end]);
  }
  return changed > patchLimit ? undefined : groups;
}

/**
 * Applies `next` over `previous` in place. Returns false, having changed nothing, when the
 * caller must fall back to `loadFromString`.
 */
export function patchChangedSlides(slideshow: RemarkSlideshow, macros: Record<string, unknown>, previous: string[], next: string[]): boolean {
  if (previous.length !== next.length || slideshow.getSlideCount() !== next.length) return false;
  const groups = changedGroups(previous, next);
  if (!groups) return false;
  if (groups.length === 0) return true;
  if (crossSlideProperty.test(next.join(''))) return false;

  const containers = document.querySelectorAll<HTMLElement>('.remark-slides-area > .remark-slide-container');
  if (containers.length !== next.length) return false;

  // Parse every group first: nothing is touched unless all of them parse as expected.
  const parsed: Array<{ start: number; raws: unknown[] }> = [];
  for (const [start, end] of groups) {
    const text = next.slice(start, end + 1).join('').replace(separator, '');
    const raws = new Parser().parse(text, macros);
    if (raws.length !== end - start + 1) return false;
    parsed.push({ start, raws });
  }

  const slides = slideshow.getSlides() as Array<Record<string, unknown>>;
  for (const { start, raws } of parsed) {
    let template: InstanceType<typeof Slide> | undefined;
    raws.forEach((raw, k) => {
      const index = start + k;
      const model = new Slide(index, raw, template);
      model.expandVariables();
      template = model;
      // remark's slideshow and views hold these objects: update them, do not replace them.
      const target = slides[index];
      for (const key of ['properties', 'links', 'content', 'notes'] as const) target[key] = model[key];
      viewAt(index)?.refresh();
    });
  }

  return true;
}
