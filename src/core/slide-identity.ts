/**
 * Every slide's identity: what following (src/shared/follow-protocol.ts) and the presenter's own
 * page after a hot update look a slide up by, so that inserting, removing, reordering or editing
 * other slides keeps everyone on the same slide content, not on the same number.
 *
 * An id reads `<file>#<anchor>[~<content>][!<n>]`:
 * - `file`: the file the slide is written in; `:title` and `:contents` for the slides the loader
 *   writes (the title slide, the contents pages);
 * - `anchor`: the slide's `name:` when it has one (names are unique: nothing else is needed),
 *   else its first heading, slugged (`slide` when it has none); a `--` step adds `+<step>`. A
 *   chapter title slide goes by its title (its name may be the loader's `chapter-<number>`);
 * - `~<content>`: a short hash of the slide's own Markdown, for slides without a name: two
 *   slides with the same heading in one file differ by it, and inserting one does not rename
 *   the other. Chapter title slides have none (their text carries the chapter's number, which a
 *   chapter inserted before changes), nor do the contents pages (they list every chapter);
 * - `!<n>`: the n-th of identical slides in one file.
 *
 * `findSlide` looks an id up: the slide with that id; else the only slide with the same file and
 * anchor (the slide itself was edited); else the index given.
 */
import type { SlideKind } from './model.js';

export interface IdentitySource {
  kind: SlideKind;
  /** The file the slide is written in. */
  file: string;
  name?: string;
  title?: string;
  /** 0-based `--` step. */
  step: number;
  /** The slide's own Markdown (for a step, its own increment). */
  markdown: string;
}

/** The longest id: the follow protocol refuses longer ones. */
export const maxSlideIdLength = 200;

/** 32-bit FNV-1a, in base 36: short, stable, fast on megabytes of Markdown. Not for security. */
function shortHash(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(36);
}

function slug(text: string): string {
  // ASCII (most titles) is its own NFKD form, and its letters and digits are \p{L} and \p{N}:
  // the Unicode steps, which cost a cold lint a few milliseconds, change nothing there.
  const ascii = /^[\x00-\x7f]*$/.test(text);
  return (
    (ascii ? text : text.normalize('NFKD'))
      .toLowerCase()
      .replace(ascii ? /[^a-z0-9_]+/g : /[^\p{L}\p{N}_]+/gu, '-')
      .replace(/^-+/, '')
      .slice(0, 48)
      .replace(/-+$/, '') || 'slide'
  );
}

function fileKey(source: IdentitySource): string {
  if (source.kind === 'title') return ':title';
  if (source.kind === 'toc') return ':contents';
  // Kept short: an id must fit in the follow protocol.
  return source.file.length > 100 ? `…${source.file.slice(-99)}` : source.file;
}

/** The id of each slide, in order: unique within the deck. */
export function slideIds(slides: readonly IdentitySource[]): string[] {
  const seen = new Map<string, number>();
  return slides.map((slide) => {
    const generated = slide.kind === 'title' || slide.kind === 'toc';
    // A chapter title slide's name may be the loader's (`chapter-3`), which follows its number.
    const name = slide.kind === 'chapter-title' ? undefined : slide.name;
    const anchor = generated ? '' : `#${slug(name ?? slide.title ?? '')}${slide.step > 0 ? `+${slide.step}` : ''}`;
    const content = name || generated || slide.kind === 'chapter-title' ? '' : `~${shortHash(slide.markdown)}`;
    const id = `${fileKey(slide)}${anchor}${content}`;
    const count = (seen.get(id) ?? 0) + 1;
    seen.set(id, count);
    return count === 1 ? id : `${id}!${count}`;
  });
}

/** An id without its content hash and occurrence: the slide's file and anchor. */
export function slideAnchor(id: string): string {
  return id.replace(/(~[0-9a-z]+)?(![0-9]+)?$/, '');
}

/**
 * The index of the slide `id` names in `ids` (the deck's slides' ids, in order): the slide with
 * that id; else the only one with its file and anchor (it was edited); else `fallback` (kept
 * within the deck).
 */
export function findSlide(ids: ReadonlyArray<string | undefined>, id: string | undefined, fallback: number): number {
  if (id) {
    const exact = ids.indexOf(id);
    if (exact >= 0) return exact;
    const anchor = slideAnchor(id);
    let found = -1;
    for (let i = 0; i < ids.length; i++) {
      if (ids[i] === undefined || slideAnchor(ids[i] as string) !== anchor) continue;
      if (found >= 0) {
        found = -1;
        break;
      }
      found = i;
    }
    if (found >= 0) return found;
  }
  return Math.max(0, Math.min(fallback, ids.length - 1));
}
