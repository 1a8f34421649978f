/**
 * What the room (check-ins, countdowns, polls: src/server/room-*.ts) knows of the deck: each
 * exercise's and poll's id, an exercise's planned minutes, a poll's number of options. Ids are
 * kept stable across edits elsewhere, because the room's state is kept under them for the day:
 * a slide's `name:` gives its exercise the id `<name>` (and its poll `<name>-poll`), otherwise
 * the chapter file's name and the rank in the file do (`isolation-2`, `isolation-poll-1`), so
 * that inserting slides in another file, or an exercise further down, changes no id.
 */
import type { At, DiagnosticList } from './diagnostics.js';
import type { Exercise, Poll } from './model.js';
import type { SlideProperty } from './slide-parser.js';

/** What an id looks like: the room refuses anything else. */
export const roomIdPattern = /^[a-z0-9][a-z0-9-]{0,63}$/;
export const maxPlannedMinutes = 600;

/**
 * The room's view of the deck, written into `deck-build.json` for the follow server (which
 * serves that file's public fields only). A poll's `correct` option is the server's to give:
 * to the presenter and helpers, and to attendees with the results; the page's model has none.
 */
export interface RoomPlan {
  exercises: Array<{ id: string; minutes?: number }>;
  polls: Array<{ id: string; options: number; correct?: number }>;
}

/** Lower case letters, digits and single dashes, at most `max` characters. */
export function slug(text: string, max = 48): string {
  const made = text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, max).replace(/-+$/, '');
  return made || 'x';
}

/** A chapter file's part of its ids: `k8s/Concepts K8s.md` is `k8s-concepts-k8s`. */
export function fileStem(path: string): string {
  return slug(path.replace(/\.[^./\\]*$/, ''));
}

/**
 * The id of the `rankOnSlide`-th (0-based) item of a kind on a slide named `name` (if any),
 * the `rankInFile`-th (0-based) of its kind in the file `stem`.
 */
export function itemId(kind: 'exercise' | 'poll', stem: string, name: string | undefined, rankInFile: number, rankOnSlide: number): string {
  const suffix = kind === 'poll' ? '-poll' : '';
  if (name) return `${slug(name)}${suffix}${rankOnSlide > 0 ? `-${rankOnSlide + 1}` : ''}`;
  return `${stem}${suffix}-${rankInFile + 1}`;
}

/**
 * Ids made unique across the deck, in order: a later duplicate (a slide named like another
 * file's exercise) takes `-2`, `-3`...
 */
export function uniqueIds<T extends { id: string }>(items: readonly T[]): T[] {
  const taken = new Set<string>();
  return items.map((item) => {
    let id = item.id;
    for (let n = 2; taken.has(id); n++) id = `${item.id.slice(0, 60)}-${n}`;
    taken.add(id);
    return id === item.id ? item : { ...item, id };
  });
}

/**
 * A slide's `minutes:` property (planned minutes for its exercises), checked: a whole number
 * from 1 to 600, on a slide with an exercise.
 */
export function plannedMinutes(property: SlideProperty | undefined, hasExercise: boolean, at: At, diagnostics: DiagnosticList): number | undefined {
  if (!property) return undefined;
  const value = property.value.trim();
  const minutes = /^\d{1,4}$/.test(value) ? Number(value) : NaN;
  if (!(minutes >= 1 && minutes <= maxPlannedMinutes)) {
    diagnostics.error({
      ...at(property.offset),
      message: `\`minutes: ${value}\` is not a number of minutes: the exercise's countdown needs a whole number from 1 to ${maxPlannedMinutes}`,
      fix: 'write the planned time in whole minutes, like `minutes: 10`',
    });
    return undefined;
  }
  if (!hasExercise) {
    diagnostics.warning({
      ...at(property.offset),
      message: '`minutes:` on a slide without an exercise: there is nothing for its countdown to time',
      fix: 'put `minutes:` on the slide that holds the `.exercise[` or `.lab[`, or delete it',
    });
    return undefined;
  }
  return minutes;
}

export function roomPlan(deck: { exercises: readonly Exercise[]; polls: readonly Poll[] }): RoomPlan {
  return {
    exercises: deck.exercises.map(({ id, minutes }) => (minutes ? { id, minutes } : { id })),
    polls: deck.polls.map(({ id, options, correct }) => (correct === undefined ? { id, options: options.length } : { id, options: options.length, correct })),
  };
}
