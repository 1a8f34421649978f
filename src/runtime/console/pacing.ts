/**
 * Pacing, pure: where the talk should be by now, from the minutes the manifest plans per chapter
 * (`minutes:`), against the server's talk clock. The presenter console shows it for the chapter
 * on screen and for the day ("6 min behind", "on time", "3 min ahead").
 *
 * The plan: each planned chapter takes its minutes, one after the other, spread evenly over its
 * slides (a `--` step counts as a slide). Slides before the first chapter (title, contents) and
 * chapters without minutes take no time.
 */

export interface PlannedChapter {
  firstSlide: number;
  lastSlide: number;
  minutes?: number;
}

export type PaceKind = 'behind' | 'on-time' | 'ahead';

export interface Pace {
  kind: PaceKind;
  /** `6 min behind`, `on time`, `3 min ahead`. */
  text: string;
}

export interface ChapterPacing {
  /** Minutes planned for the chapter on screen. */
  plannedMs: number;
  /** Spent in it since it was first reached; undefined when that is not known. */
  usedMs?: number;
  /** Against its own plan, from when it was reached; undefined when that is not known. */
  pace?: Pace;
}

export interface Pacing {
  /** The whole plan, in milliseconds. */
  totalMs: number;
  /** Where the plan says the talk should be at this slide. */
  plannedMs: number;
  /** The day so far against the plan. */
  pace: Pace;
  /** The chapter on screen, when it has minutes. */
  chapter?: ChapterPacing;
}

const minute = 60_000;

/** Behind (positive) or ahead (negative) by `deltaMs`, to the nearest minute: under half a minute either way is on time. */
export function pace(deltaMs: number): Pace {
  const minutes = Math.round(deltaMs / minute);
  if (minutes === 0) return { kind: 'on-time', text: 'on time' };
  return minutes > 0 ? { kind: 'behind', text: `${minutes} min behind` } : { kind: 'ahead', text: `${-minutes} min ahead` };
}

/** How far into a chapter's plan a slide is: 0 at its first slide, just under 1 at its last. */
function fraction(chapter: PlannedChapter, slide: number): number {
  const count = Math.max(1, chapter.lastSlide - chapter.firstSlide + 1);
  return Math.min(1, Math.max(0, (slide - chapter.firstSlide) / count));
}

export interface PacingInput {
  chapters: readonly PlannedChapter[];
  /** 0-based slide on screen. */
  slide: number;
  /** The talk clock's elapsed time. */
  elapsedMs: number;
  /** Elapsed time when the chapter on screen was first reached, if known. */
  chapterReachedMs?: number;
}

/** The talk against its plan; undefined when no chapter has minutes. */
export function pacing({ chapters, slide, elapsedMs, chapterReachedMs }: PacingInput): Pacing | undefined {
  const planned = [...chapters].filter((c) => c.minutes !== undefined && c.minutes > 0 && c.firstSlide >= 0).sort((a, b) => a.firstSlide - b.firstSlide);
  if (planned.length === 0) return undefined;
  let before = 0;
  let plannedMs = 0;
  let chapter: ChapterPacing | undefined;
  for (const c of planned) {
    const ms = (c.minutes as number) * minute;
    if (slide > c.lastSlide) {
      before += ms;
      plannedMs = before;
    } else if (slide >= c.firstSlide) {
      const intoChapter = ms * fraction(c, slide);
      plannedMs = before + intoChapter;
      const usedMs = chapterReachedMs === undefined ? undefined : Math.max(0, elapsedMs - chapterReachedMs);
      chapter = { plannedMs: ms, usedMs, pace: usedMs === undefined ? undefined : pace(usedMs - intoChapter) };
      break;
    } else {
      break;
    }
  }
  const totalMs = planned.reduce((sum, c) => sum + (c.minutes as number) * minute, 0);
  return { totalMs, plannedMs, pace: pace(elapsedMs - plannedMs), ...(chapter ? { chapter } : {}) };
}

/** `1:05:09` (hours always shown: a workshop day runs for hours). */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return `${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
}

/** `45 min`, `1 h 30 min`, `2 h`. */
export function formatMinutes(ms: number): string {
  const minutes = Math.round(ms / minute);
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0) return `${m} min`;
  return m === 0 ? `${h} h` : `${h} h ${m} min`;
}
