/**
 * Which slide goes in which slot of which page, in the handout layouts (pure, so that the unit
 * tests check it). A slide whose code cannot print at 7 pt in the layout's normal slot (measured
 * by print-legibility.ts) gets a larger one, in order: in the grids the cells of two rows merged
 * (the slide as wide as the grid, 3-up ruled space under it), in the notes layout a row of its
 * own with the slide across the page and its notes under it.
 */
import type { Box, PageGeometry, SlotGeometry } from './layout.js';

export interface Packed {
  /** Slide indexes on each page, in order. */
  pages: number[][];
  /** Each page's slots, one per slide, in the same order. */
  slots: SlotGeometry[][];
}

/** Ruled space shorter than this is left out: it would not hold a written line. */
const minWriting = 56;
/** Notes narrower than this go under their slide. */
const minBeside = 180;

/** The slide scaled to fit `cell`, centred horizontally, at the cell's top. */
function fitIn(cell: Box, slide: { width: number; height: number }): { slide: Box; scale: number } {
  const scale = Math.min(cell.width / slide.width, cell.height / slide.height);
  const width = slide.width * scale;
  const height = slide.height * scale;
  return { scale, slide: { x: cell.x + (cell.width - width) / 2, y: cell.y, width, height } };
}

const slideSizeOf = (slot: SlotGeometry) => ({ width: slot.slide.width / slot.scale, height: slot.slide.height / slot.scale });

/** The box holding every part of `slots` (slides and ruled space). */
function around(slots: SlotGeometry[]): Box {
  const boxes = slots.flatMap((slot) => [slot.slide, slot.writing].filter((box): box is Box => !!box));
  const x = Math.min(...boxes.map((b) => b.x));
  const y = Math.min(...boxes.map((b) => b.y));
  return { x, y, width: Math.max(...boxes.map((b) => b.x + b.width)) - x, height: Math.max(...boxes.map((b) => b.y + b.height)) - y };
}

/** Two rows of the grid merged into one slot: the slide as large as they hold, ruled space under it where the layout has some. */
export function mergedSlot(rows: SlotGeometry[]): SlotGeometry {
  const cell = around(rows);
  const placed = fitIn(cell, slideSizeOf(rows[0]));
  if (!rows[0].writing) return placed;
  const gap = rows[0].writing.x - (rows[0].slide.x + rows[0].slide.width);
  const top = placed.slide.y + placed.slide.height + gap;
  const height = cell.y + cell.height - top;
  return height < minWriting ? placed : { ...placed, writing: { x: cell.x, y: top, width: cell.width, height } };
}

/**
 * The grid layouts: slides in reading order, a large one in two rows' cells merged (it starts
 * on the next row, or the next page when fewer than two rows are left). Cells skipped that way
 * stay empty: the order of the slides is the deck's.
 */
export function packGrid(geometry: PageGeometry, printed: number[], isLarge: (slide: number) => boolean): Packed {
  const cells = geometry.slots;
  const columns = new Set(cells.map((slot) => Math.round(slot.slide.x))).size;
  const rows = cells.length / columns;
  const pages: number[][] = [];
  const slots: SlotGeometry[][] = [];
  let cell = Infinity;
  const newPage = () => {
    pages.push([]);
    slots.push([]);
    cell = 0;
  };
  for (const slide of printed) {
    if (isLarge(slide) && rows >= 2) {
      let row = Math.ceil(cell / columns);
      if (row + 2 > rows) {
        newPage();
        row = 0;
      }
      pages[pages.length - 1].push(slide);
      slots[slots.length - 1].push(mergedSlot(cells.slice(row * columns, (row + 2) * columns)));
      cell = (row + 2) * columns;
    } else {
      if (cell >= cells.length) newPage();
      pages[pages.length - 1].push(slide);
      slots[slots.length - 1].push(cells[cell]);
      cell += 1;
    }
  }
  return { pages, slots };
}

/**
 * The notes layout's pages: each printed slide a row as tall as its slide or its notes (at
 * most the page), rows stacked down each page while they fit. `notesHeight` is what each
 * slide's notes need at the layout's width (0 for none). A large slide spans the page's width,
 * its notes under it (measured at the narrower width: they need no more there).
 */
export function packNotesRows(
  geometry: PageGeometry,
  printed: number[],
  notesHeight: (slide: number) => number,
  /** The scale a slide's code needs, for a slide that needs more than the layout's. */
  largeScale: (slide: number) => number | undefined = () => undefined,
): Packed {
  const template = geometry.slots[0];
  const notesTemplate = template.notes!;
  const { bottom, gap } = geometry.rows ?? { bottom: geometry.height, gap: 0 };
  const top = template.slide.y;
  const left = template.slide.x;
  const fullWidth = notesTemplate.x + notesTemplate.width - left;
  const wide = fitIn({ x: left, y: 0, width: fullWidth, height: bottom - top }, slideSizeOf(template));
  const pages: number[][] = [];
  const slots: SlotGeometry[][] = [];
  let y = Infinity;
  for (const slide of printed) {
    const needed = largeScale(slide);
    const large = needed !== undefined && needed > template.scale;
    // As large as its code needs (no larger: the page holds more rows), at most the page's width.
    const scale = large ? Math.min(wide.scale, needed) : template.scale;
    const slideBox = { x: left, y, width: (template.slide.width / template.scale) * scale, height: (template.slide.height / template.scale) * scale };
    const slideHeight = slideBox.height;
    // Notes beside the enlarged slide when a column of them still fits (their height estimated
    // for the narrower column, with a margin: the print page shrinks notes that overflow), else under it.
    const besideWidth = left + fullWidth - (slideBox.x + slideBox.width) - gap;
    const beside = !large || besideWidth >= minBeside;
    const notesNeed = !large ? notesHeight(slide) : beside ? notesHeight(slide) * (notesTemplate.width / besideWidth) * 1.15 : Math.max(minWriting, notesHeight(slide));
    const height = beside ? Math.min(bottom - top, Math.max(slideHeight, notesNeed)) : Math.min(bottom - top, slideHeight + gap + notesNeed);
    if (y + height > bottom + 1e-6) {
      pages.push([]);
      slots.push([]);
      y = top;
    }
    pages[pages.length - 1].push(slide);
    slideBox.y = y;
    slots[slots.length - 1].push(
      large && beside
        ? { scale, slide: slideBox, notes: { x: slideBox.x + slideBox.width + gap, y, width: besideWidth, height } }
        : large
        ? {
            scale,
            slide: slideBox,
            notes: { x: left, y: y + slideHeight + gap, width: fullWidth, height: height - slideHeight - gap },
          }
        : { scale: template.scale, slide: { ...template.slide, y }, notes: { ...notesTemplate, y, height } },
    );
    y += height + gap;
  }
  return { pages, slots };
}
