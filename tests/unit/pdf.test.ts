/**
 * The PDF exporter's pure parts: options, page geometry, print plan, labels, and the pdf-lib
 * structure, read back by poppler and qpdf (tests/unit/pdf-reader.ts), not by our own code.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { afterAll, describe, expect, it } from 'vitest';
import { pageGeometry, type Box } from '../../src/pdf/layout.js';
import { mergedSlot, packGrid, packNotesRows } from '../../src/pdf/pack.js';
import { parsePdfArgs, UsageError } from '../../src/pdf/options.js';
import { addStructure } from '../../src/pdf/pdf-structure.js';
import { outlineFor, pageLabelRanges, pageLabels, planPrint, regroupPages } from '../../src/pdf/plan.js';
import { buildChapters } from './deck-fixture.js';
import { readPdf } from './pdf-reader.ts';

describe('npm run pdf options', () => {
  const env = { DECK_OUT_DIR: '/tmp/some-build' };

  it('writes the workshop next to the build by default, named after the manifest and layout', () => {
    expect(parsePdfArgs([], env)?.out).toBe('/tmp/some-build/workshop.pdf');
    expect(parsePdfArgs(['--notes'], env)?.out).toBe('/tmp/some-build/workshop-notes.pdf');
    expect(parsePdfArgs(['--per-page', '3', 'talks/intro.yaml'], env)).toMatchObject({
      out: '/tmp/some-build/intro-3up.pdf',
      manifest: path.resolve('talks/intro.yaml'),
      layout: { kind: 'grid', perPage: 3 },
    });
    expect(parsePdfArgs(['--out', 'x.pdf', '--steps'], env)).toMatchObject({ out: path.resolve('x.pdf'), steps: true, layout: { kind: 'slides' } });
    expect(parsePdfArgs(['--help'], env)).toBeUndefined();
  });

  it('refuses impossible layouts with a message saying what is allowed', () => {
    expect(() => parsePdfArgs(['--per-page', '4'], env)).toThrow(/--per-page must be 2, 3 or 6, not "4"/);
    expect(() => parsePdfArgs(['--per-page', '2', '--notes'], env)).toThrow(/choose one/);
    expect(() => parsePdfArgs(['--paper', 'a3'], env)).toThrow(UsageError);
    expect(() => parsePdfArgs(['--colour'], env)).toThrow(/--help/);
  });
});

describe('page geometry', () => {
  const inside = (box: Box, page: { width: number; height: number }) =>
    box.x >= 0 && box.y >= 0 && box.x + box.width <= page.width + 1e-6 && box.y + box.height <= page.height + 1e-6;
  const overlap = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

  it('gives a slide its own page at its own size, with no margin', () => {
    expect(pageGeometry({ kind: 'slides' }, { width: 1210, height: 681 }, 'a4')).toMatchObject({
      cssSize: '1210px 681px',
      slots: [{ slide: { x: 0, y: 0, width: 1210, height: 681 }, scale: 1 }],
    });
  });

  for (const layout of [{ kind: 'notes' }, { kind: 'grid', perPage: 2 }, { kind: 'grid', perPage: 3 }, { kind: 'grid', perPage: 6 }] as const) {
    for (const slide of [{ width: 1210, height: 681 }, { width: 908, height: 681 }]) {
      it(`places ${JSON.stringify(layout)} slides of ${slide.width}x${slide.height} on the paper, unscaled in ratio, without overlap`, () => {
        for (const paper of ['a4', 'letter'] as const) {
          const page = pageGeometry(layout, slide, paper);
          // Six to a page: landscape, so that they are larger; the others portrait.
          const sixUp = layout.kind === 'grid' && layout.perPage === 6;
          expect(page.height > page.width).toBe(!sixUp);
          expect(page.cssSize.split(' ').map(parseFloat)[0] > page.cssSize.split(' ').map(parseFloat)[1]).toBe(sixUp);
          const boxes = page.slots.flatMap((slot) => [slot.slide, slot.notes, slot.writing].filter((b): b is Box => !!b));
          expect(page.slots).toHaveLength(layout.kind === 'grid' ? layout.perPage : 1);
          for (const slot of page.slots) {
            expect(slot.slide.width / slot.slide.height).toBeCloseTo(slide.width / slide.height, 6);
            expect(slot.slide.width).toBeCloseTo(slide.width * slot.scale, 6);
          }
          for (const box of boxes) expect(inside(box, page)).toBe(true);
          for (const [i, a] of boxes.entries()) for (const b of boxes.slice(i + 1)) expect(overlap(a, b)).toBe(false);
          if (layout.kind === 'notes') expect(page.slots[0].notes!.width).toBeGreaterThan(page.width * 0.3);
          if (layout.kind === 'grid' && layout.perPage === 3) for (const slot of page.slots) expect(slot.writing!.width).toBeGreaterThan(page.width * 0.25);
          // Six slides fill the page: their rows span 85% of its height or more.
          if (sixUp) expect(Math.max(...boxes.map((b) => b.y + b.height)) - Math.min(...boxes.map((b) => b.y))).toBeGreaterThan(page.height * 0.85);
        }
      });
    }
  }

  it('packs the notes layout: rows as tall as their slide or notes, as many to a page as fit, in order', () => {
    const page = pageGeometry({ kind: 'notes' }, { width: 1210, height: 681 }, 'a4');
    const row = page.slots[0].slide.height;
    const notes: Record<number, number> = { 4: row * 1.5, 9: page.height * 2 };
    const { pages, slots } = packNotesRows(page, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10], (slide) => notes[slide] ?? 0);
    expect(pages.flat()).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    // Four short rows fill a page; a long note takes a taller row; notes longer than a page get a page.
    expect(pages[0]).toEqual([0, 1, 2, 3]);
    expect(pages.find((p) => p.includes(9))).toEqual([9]);
    slots.forEach((pageSlots, p) =>
      pageSlots.forEach((slot, i) => {
        expect(slot.notes!.height).toBeCloseTo(Math.min(page.rows!.bottom - page.slots[0].slide.y, Math.max(row, notes[pages[p][i]] ?? 0)), 6);
        expect(slot.notes!.y + slot.notes!.height).toBeLessThanOrEqual(page.rows!.bottom + 1e-6);
        if (i > 0) expect(slot.slide.y).toBeGreaterThanOrEqual(pageSlots[i - 1].notes!.y + pageSlots[i - 1].notes!.height);
      }),
    );
    expect(pages.length).toBeLessThanOrEqual(5);
  });
});

describe('larger slots for slides whose code needs them', () => {
  const slide = { width: 1210, height: 681 };
  it('merges two rows of the 3-up and 6-up grids, in order, the slide larger and on the paper', () => {
    for (const perPage of [3, 6] as const) {
      const page = pageGeometry({ kind: 'grid', perPage }, slide, 'a4');
      const { pages, slots } = packGrid(page, [0, 1, 2, 3, 4, 5, 6, 7], (s) => s === 1 || s === 5);
      expect(pages.flat()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
      slots.flat().forEach((slot, i) => {
        const large = i === 1 || i === 5;
        // The code of a merged slot prints at least 1.5 times as large: 20px code at 7 pt or more.
        if (large) expect(slot.scale).toBeGreaterThan(page.slots[0].scale * 1.5);
        else expect(slot.scale).toBeCloseTo(page.slots[0].scale, 6);
        expect(slot.slide.x + slot.slide.width).toBeLessThanOrEqual(page.width + 1e-6);
        expect(slot.slide.y + slot.slide.height).toBeLessThanOrEqual(page.height + 1e-6);
      });
      for (const pageSlots of slots) {
        for (const [i, a] of pageSlots.entries()) for (const b of pageSlots.slice(i + 1)) expect(b.slide.y).toBeGreaterThanOrEqual(a.slide.y + (a.slide.x === b.slide.x || a.scale !== b.scale ? a.slide.height : 0));
      }
      if (perPage === 3) expect(pages[0]).toEqual([0, 1]);
      if (perPage === 3) expect(mergedSlot(page.slots.slice(0, 2)).writing!.height).toBeGreaterThan(56);
    }
  });

  it('gives a slide of the notes layout the page\'s width, its notes under it', () => {
    const page = pageGeometry({ kind: 'notes' }, slide, 'a4');
    const { pages, slots } = packNotesRows(page, [0, 1, 2], () => 40, (s) => (s === 1 ? 2 : undefined));
    expect(pages.flat()).toEqual([0, 1, 2]);
    const wide = slots.flat()[1];
    expect(wide.scale).toBeGreaterThan(page.slots[0].scale * 1.5);
    expect(wide.notes!.y).toBeGreaterThanOrEqual(wide.slide.y + wide.slide.height);
    expect(wide.notes!.height).toBeGreaterThanOrEqual(40);
    expect(wide.slide.x + wide.slide.width).toBeLessThanOrEqual(page.width - 40 + 1e-6);
  });
});

describe('the print plan', () => {
  const { deck } = buildChapters({
    'one.md': [
      '# One',
      '---',
      '## Steps',
      '- first',
      '--',
      '- second',
      '--',
      '- third',
      '---',
      '## Links',
      '[away](https://example.com/away) and [back to one](#chapter-1)',
    ].join('\n'),
    'two.md': ['# Two', '---', '## Last', 'done'].join('\n'),
  });
  if (!deck) throw new Error('fixture deck did not build');
  const stepsAt = deck.slides.filter((s) => s.title === 'Steps').map((s) => s.index);

  it('prints each slide once, in its final state, unless every step is asked for', () => {
    expect(stepsAt).toHaveLength(3);
    const collapsed = planPrint(deck, { kind: 'slides' }, false);
    expect(collapsed.pages.flat()).toEqual(deck.slides.filter((s) => s.lastStep).map((s) => s.index));
    expect(collapsed.pageOfSlide[stepsAt[0]]).toBe(collapsed.pageOfSlide[stepsAt[2]]);
    const all = planPrint(deck, { kind: 'slides' }, true);
    expect(all.pages.flat()).toEqual(deck.slides.map((s) => s.index));
  });

  it('groups slides by page for handouts and points internal links at the printed slide', () => {
    const plan = planPrint(deck, { kind: 'grid', perPage: 3 }, false);
    const printed = deck.slides.filter((s) => s.lastStep).length;
    expect(plan.pages).toHaveLength(Math.ceil(printed / 3));
    expect(plan.pages.slice(0, -1).every((page) => page.length === 3)).toBe(true);
    const chapterOne = deck.chapters[0].firstSlide;
    expect(plan.linkTargets['#chapter-1']).toBe(`pdf-slide-${chapterOne}`);
    expect(plan.linkTargets[`#${stepsAt[0] + 1}`]).toBe(`pdf-slide-${stepsAt[2]}`);
  });

  it('labels pages with the numbers printed on the slides, steps skipped', () => {
    const plan = planPrint(deck, { kind: 'slides' }, false);
    const numbers = deck.slides.map((s) => `${s.index + 1} / ${deck.slides.length}`);
    const labels = pageLabels(plan, numbers, 2);
    expect(labels.map((l) => `${l.prefix ?? ''}${l.number ?? ''}`)).toEqual([
      ...plan.pages.map(([index]) => String(index + 1)),
      'Exercises 1',
      'Exercises 2',
    ]);
    const ranges = pageLabelRanges(labels);
    // A range per run of consecutive numbers, then one for the exercises.
    expect(ranges[0]).toEqual({ start: 0, first: 1, prefix: undefined });
    expect(ranges.at(-1)).toEqual({ start: plan.pages.length, first: 1, prefix: 'Exercises ' });
    const grid = planPrint(deck, { kind: 'grid', perPage: 3 }, false);
    expect(pageLabels(grid, numbers, 0)[0]).toEqual({ prefix: `1–${grid.pages[0][2] + 1}` });
  });

  it('regroups the pages the notes layout packed, the slides’ pages following', () => {
    const plan = planPrint(deck, { kind: 'notes' }, false);
    const printed = plan.pages.flat();
    const packed = regroupPages(plan, [printed.slice(0, 2), printed.slice(2)]);
    expect(packed.pages.flat()).toEqual(printed);
    expect(packed.pageOfSlide[stepsAt[0]]).toBe(packed.pages.findIndex((page) => page.includes(stepsAt[2])));
    expect(packed.linkTargets).toEqual(plan.linkTargets);
  });

  it('bookmarks each chapter once, with its slides by title, a slide of several steps once', () => {
    const plan = planPrint(deck, { kind: 'slides' }, true);
    const outline = outlineFor(deck, plan, plan.pages.length);
    expect(outline.map((item) => item.title)).toEqual(['Contents', '1. One', '2. Two', 'Exercises']);
    expect(outline[1].children.map((item) => item.title)).toEqual(['Steps', 'Links']);
    expect(outline[1].children[0].page).toBe(plan.pageOfSlide[stepsAt[0]]);
  });
});

describe('the PDF structure written with pdf-lib', () => {
  const folder = mkdtempSync(path.join(tmpdir(), 'deck-pdf-structure-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('adds bookmarks, page labels and metadata a viewer reads back', async () => {
    const doc = await PDFDocument.create();
    for (let i = 0; i < 5; i++) doc.addPage([907.5, 510.75]);
    const created = new Date('2026-03-01T10:00:00Z');
    const bytes = await addStructure(await PDFDocument.load(await doc.save(), { updateMetadata: false }), {
      title: 'Kubernetes in practice',
      author: 'Workshop team',
      subject: 'Isolation and scheduling',
      created,
      labels: pageLabelRanges([{ number: 1 }, { number: 2 }, { number: 4 }, { prefix: '5–6' }, { prefix: 'Exercises ', number: 1 }]),
      outline: [
        { title: '1. Isolation', page: 1, children: [{ title: 'Network policies · “quoted”', page: 2, children: [] }] },
        { title: 'Exercises', page: 4, children: [] },
      ],
    });
    const file = path.join(folder, 'structure.pdf');
    writeFileSync(file, bytes);
    const report = readPdf(file);
    expect(report.pages.map((p) => [p.width, p.height])).toEqual(Array(5).fill([907.5, 510.75]));
    expect(report.info).toEqual({ title: 'Kubernetes in practice', author: 'Workshop team', subject: 'Isolation and scheduling', creationDate: created });
    expect(report.pages.map((p) => p.label)).toEqual(['1', '2', '4', '5–6', 'Exercises 1']);
    expect(report.outline).toEqual([
      { title: '1. Isolation', page: 1, children: [{ title: 'Network policies · “quoted”', page: 2, children: [] }] },
      { title: 'Exercises', page: 4, children: [] },
    ]);
  });
});
