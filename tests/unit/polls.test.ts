/**
 * `.poll[` blocks, exercise ids and planned minutes: what the room (check-ins, countdowns, polls)
 * knows of the deck, and the findings for malformed polls at their file and line.
 */
import { describe, expect, it } from 'vitest';
import { roomPlan } from '../../src/core/room-plan.js';
import { pageDeck } from '../../src/shared/page-deck.js';
import { buildChapters, buildFixture, manifestFor, positions, remarkSlides } from './deck-fixture.js';

const networking = [
  '# Networking', // 1
  '',
  '---',
  'name: netpol-lab',
  'minutes: 12', // 5
  '',
  '## Lab',
  '',
  '.lab[',
  'Deny everything, then open one port.', // 10
  ']',
  '',
  '---',
  '',
  '## Quick check', // 15
  '',
  '.poll[',
  'Which field picks the pods a policy applies to?',
  '',
  '- `namespaceSelector`', // 20
  '- [x] `podSelector`',
  '- [ ] `ipBlock`,',
  '  written as a CIDR',
  ']',
  '', // 25
  '---',
  '',
  '## Exercise',
  '',
  '.exercise[', // 30
  'Apply the policy.',
  ']',
  '',
  '--',
  '', // 35
  'Done? Say so.',
].join('\n');

describe('polls, exercise ids and planned minutes', () => {
  const build = buildChapters({ 'net/Networking.md': networking });
  const deck = build.deck!;

  it('build without findings', () => {
    expect(build.diagnostics).toEqual([]);
  });

  it('give exercises ids from the slide name, else from the file and the rank in it', () => {
    expect(deck.exercises.map((e) => [e.id, e.kind, e.minutes])).toEqual([
      ['netpol-lab', 'lab', 12],
      ['net-networking-2', 'exercise', undefined],
    ]);
    // A `--` step shows the exercise of the slide it builds on: one exercise, two slides.
    const last = deck.exercises[1];
    expect(deck.slides.filter((s) => s.exercises.includes(last.index)).map((s) => s.index)).toEqual([last.slide, last.slide + 1]);
  });

  it('model a poll: question, options without their marks, the correct one', () => {
    expect(deck.polls).toEqual([
      {
        index: 0,
        id: 'net-networking-poll-1',
        chapter: 0,
        slide: deck.slides.findIndex((s) => s.title === 'Quick check'),
        source: { file: 'net/Networking.md', line: 17, endLine: 24 },
        question: 'Which field picks the pods a policy applies to?',
        options: ['`namespaceSelector`', '`podSelector`', '`ipBlock`, written as a CIDR'],
        correct: 1,
      },
    ]);
    expect(deck.slides[deck.polls[0].slide].polls).toEqual([0]);
    expect(deck.slides[0].polls).toBeUndefined();
  });

  it('render a poll as its question and numbered options, none marked correct', () => {
    const slide = build.slideSources![deck.polls[0].slide];
    expect(slide).toContain(
      ['.poll[', '.callout-label[Poll]', '', 'Which field picks the pods a policy applies to?', '', '1. `namespaceSelector`', '2. `podSelector`', '3. `ipBlock`, written as a CIDR', ']'].join('\n'),
    );
    expect(slide).not.toContain('[x]');
    // remark splits the source as the model says.
    expect(remarkSlides(build.source!).length).toBe(deck.slides.length);
  });

  it('label a timed exercise with its minutes', () => {
    expect(build.slideSources![deck.exercises[0].slide]).toContain('.callout-label[Lab · 12 min]');
  });

  it('mark the correct option only when the author asks, with `.poll.show-answer[`', () => {
    const shown = buildChapters({ 'a.md': ['# A', '', '---', '', '.poll.show-answer[', 'Yes?', '', '- no', '- [x] yes', ']'].join('\n') });
    expect(shown.diagnostics).toEqual([]);
    expect(shown.source).toContain('.poll.show-answer[\n.callout-label[Poll]\n\nYes?\n\n1. no\n2. .poll-correct[yes]\n]');
  });

  it('write the plan the follow server checks check-ins and votes against', () => {
    expect(roomPlan(deck)).toEqual({
      exercises: [{ id: 'netpol-lab', minutes: 12 }, { id: 'net-networking-2' }],
      polls: [{ id: 'net-networking-poll-1', options: 3, correct: 1 }],
    });
  });

  it('leave the correct option out of the page\'s model: an attendee could read it before voting', () => {
    const page = pageDeck(deck);
    expect(page.polls[0]).toEqual(expect.objectContaining({ id: 'net-networking-poll-1', question: deck.polls[0].question }));
    expect(page.polls[0]).not.toHaveProperty('correct');
    expect(JSON.stringify(page)).not.toMatch(/"correct"/);
  });

  it('keep ids unique across the deck and stable when slides are added above in another file', () => {
    const a = ['# A', '', '---', 'name: b-1', '', '.exercise[', 'x', ']'].join('\n');
    const b = ['# B', '', '---', '', '.exercise[', 'y', ']'].join('\n');
    const both = buildChapters({ 'a.md': a, 'b.md': b });
    expect(both.deck!.exercises.map((e) => e.id)).toEqual(['b-1', 'b-1-2']);
    const moreInA = buildChapters({ 'a.md': a.replace('---', '---\n\n.exercise[\nfirst\n]\n\n---'), 'b.md': b });
    expect(moreInA.deck!.exercises.map((e) => e.id).at(-1)).toBe(both.deck!.exercises.at(-1)!.id);
  });

  it('keep a variant\'s ids: a slide left out still counts for the ranks after it', () => {
    const manifest = manifestFor('a.md').replace('chapters:', 'variants:\n  short:\n    exclude: [extra]\nchapters:');
    const text = ['# A', '', '---', 'class: extra', '', '.exercise[', 'x', ']', '', '---', '', '.exercise[', 'y', ']'].join('\n');
    expect(buildFixture(manifest, { 'a.md': text }).deck!.exercises.map((e) => e.id)).toEqual(['a-1', 'a-2']);
    expect(buildFixture(manifest, { 'a.md': text }, 'short').deck!.exercises.map((e) => e.id)).toEqual(['a-2']);
  });
});

describe('malformed polls and minutes', () => {
  const findings = (body: string[], properties: string[] = []) => {
    const build = buildChapters({ 'a.md': ['# A', '', '---', ...properties, '', ...body].join('\n') });
    return build.diagnostics.map((d) => `${positions([d])[0]} ${d.message}`);
  };

  it('a poll without a question, or without options', () => {
    expect(findings(['.poll[', '- a', '- b', ']'])).toEqual(['error a.md:5:1 a poll needs a question before its options']);
    expect(findings(['.poll[', 'Which one?', ']'])).toEqual(['error a.md:5:1 a poll needs its options as a Markdown list']);
    expect(findings(['.poll[', 'Which one?', '', '- only', ']'])).toEqual(['error a.md:5:1 a poll needs 2 options or more (it has 1)']);
  });

  it('two options marked correct, an empty option, text after the options, too many options', () => {
    expect(findings(['.poll[', 'Q?', '- [x] a', '- [X] b', ']'])).toEqual(['error a.md:8:3 option 2 is marked correct too: a poll has at most one correct option']);
    expect(findings(['.poll[', 'Q?', '- a', '- [x]', ']'])).toEqual(['error a.md:8:3 option 2 of the poll has no text']);
    expect(findings(['.poll[', 'Q?', '- a', '- b', '', 'And then?', ']'])).toEqual(["error a.md:10:1 text after a poll's options: a poll is a question, then its options"]);
    const nine = Array.from({ length: 9 }, (_, i) => `- option ${i + 1}`);
    expect(findings(['.poll[', 'Q?', ...nine, ']'])).toEqual(['error a.md:15:3 a poll may have at most 8 options (it has 9)']);
  });

  it('a list in code in the question is part of the question', () => {
    expect(findings(['.poll[', 'What does this print?', '```bash', '- not an option', '```', '', '1. one', '2. two', ']'])).toEqual([]);
  });

  it('a poll inside an exercise', () => {
    expect(findings(['.exercise[', 'Do it.', '', '.poll[', 'Q?', '- a', '- b', ']', ']'])).toEqual([
      'error a.md:8:1 a poll and an exercise cannot hold one another: the poll would not be put to the room',
    ]);
  });

  it('planned minutes that are not a number, or on a slide without an exercise', () => {
    expect(findings(['.exercise[', 'x', ']'], ['minutes: ten'])).toEqual([
      "error a.md:4:1 `minutes: ten` is not a number of minutes: the exercise's countdown needs a whole number from 1 to 600",
    ]);
    expect(findings(['.exercise[', 'x', ']'], ['minutes: 0'])).toHaveLength(1);
    expect(findings(['Just text'], ['minutes: 5'])).toEqual(['warning a.md:4:1 `minutes:` on a slide without an exercise: there is nothing for its countdown to time']);
  });
});
