/** Pacing against the manifest's minutes (src/runtime/console/pacing.ts), pure. */
import { describe, expect, it } from 'vitest';
import { formatDuration, formatMinutes, pace, pacing, type PlannedChapter } from '../../src/runtime/console/pacing.ts';

const min = 60_000;
/** Slides 0-1 title and contents; chapter A 2-11 (30 min), B 12-21 (no plan), C 22-31 (60 min). */
const chapters: PlannedChapter[] = [
  { firstSlide: 2, lastSlide: 11, minutes: 30 },
  { firstSlide: 12, lastSlide: 21 },
  { firstSlide: 22, lastSlide: 31, minutes: 60 },
];

describe('pace', () => {
  it('says behind, on time or ahead, to the nearest minute', () => {
    expect(pace(6 * min)).toEqual({ kind: 'behind', text: '6 min behind' });
    expect(pace(-3 * min)).toEqual({ kind: 'ahead', text: '3 min ahead' });
    expect(pace(29_000)).toEqual({ kind: 'on-time', text: 'on time' });
    expect(pace(-29_000).kind).toBe('on-time');
    expect(pace(31_000).text).toBe('1 min behind');
  });
});

describe('pacing', () => {
  it('plans each chapter’s minutes evenly over its slides, one chapter after the other', () => {
    expect(pacing({ chapters, slide: 0, elapsedMs: 0 })).toMatchObject({ totalMs: 90 * min, plannedMs: 0, pace: { text: 'on time' } });
    // Halfway through A (slide 7 of 2-11): 15 minutes planned.
    expect(pacing({ chapters, slide: 7, elapsedMs: 21 * min })).toMatchObject({ plannedMs: 15 * min, pace: { text: '6 min behind' } });
    // B has no plan: all of A is behind us, and nothing more.
    expect(pacing({ chapters, slide: 15, elapsedMs: 27 * min })).toMatchObject({ plannedMs: 30 * min, pace: { text: '3 min ahead' } });
    expect(pacing({ chapters, slide: 15, elapsedMs: 27 * min })?.chapter).toBeUndefined();
    // C's first slide: A's 30 minutes.
    expect(pacing({ chapters, slide: 22, elapsedMs: 30 * min })?.plannedMs).toBe(30 * min);
  });

  it('paces the chapter on screen from when it was reached', () => {
    // Reached C at 40 min (10 late); 3 of its 10 slides done (18 of its 60 min planned) after 15 min in it.
    const now = pacing({ chapters, slide: 25, elapsedMs: 55 * min, chapterReachedMs: 40 * min })!;
    expect(now.chapter).toEqual({ plannedMs: 60 * min, usedMs: 15 * min, pace: { kind: 'ahead', text: '3 min ahead' } });
    // 18 min into C's plan of 60: 30 + 18 = 48 planned for the day, 55 spent.
    expect(now.pace.text).toBe('7 min behind');
    expect(pacing({ chapters, slide: 25, elapsedMs: 55 * min })?.chapter).toEqual({ plannedMs: 60 * min, usedMs: undefined, pace: undefined });
  });

  it('has nothing to say without a plan', () => {
    expect(pacing({ chapters: [{ firstSlide: 2, lastSlide: 9 }], slide: 4, elapsedMs: 5 * min })).toBeUndefined();
  });
});

describe('durations', () => {
  it('read as a clock and as minutes', () => {
    expect(formatDuration(0)).toBe('0:00:00');
    expect(formatDuration(3_909_999)).toBe('1:05:09');
    expect(formatDuration(-5)).toBe('0:00:00');
    expect(formatMinutes(45 * min)).toBe('45 min');
    expect(formatMinutes(90 * min)).toBe('1 h 30 min');
    expect(formatMinutes(120 * min)).toBe('2 h');
  });
});
