/**
 * Page geometry of each handout layout, in CSS pixels (96 per inch). Pure: the print page
 * places slides where this says, and the unit tests check that everything fits on the paper.
 */
import type { HandoutLayout, PaperSize } from './options.js';

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface SlotGeometry {
  /** Where the scaled slide sits on the page. */
  slide: Box;
  /** Slide scale factor (1 = the slide's own size). */
  scale: number;
  /** Speaker notes box (`--notes`). */
  notes?: Box;
  /** Ruled space for the attendee's own notes (`--per-page 3`). */
  writing?: Box;
}

export interface PageGeometry {
  /** The `@page` size, exact (paper in mm, slides in px). */
  cssSize: string;
  width: number;
  height: number;
  /**
   * One entry per slide on a page, in reading order (the grid's cells; pack.ts merges two rows
   * for a slide whose code needs it). In the notes layout, the first row of a page: rows are
   * stacked from there as their notes need (`packNotesRows`).
   */
  slots: SlotGeometry[];
  /** The notes layout: where rows may go down the page, and the space between them. */
  rows?: { bottom: number; gap: number };
  /** Margin of the pages that list the exercises. */
  appendixMargin: number;
}

const mmToPx = 96 / 25.4;
const papers: Record<PaperSize, { width: number; height: number; css: string }> = {
  a4: { width: 210 * mmToPx, height: 297 * mmToPx, css: '210mm 297mm' },
  letter: { width: 8.5 * 96, height: 11 * 96, css: '8.5in 11in' },
};

/** The slide scaled to fit `cell`, centred horizontally, at the cell's top. */
function fit(cell: Box, slide: { width: number; height: number }): { slide: Box; scale: number } {
  const scale = Math.min(cell.width / slide.width, cell.height / slide.height);
  const width = slide.width * scale;
  const height = slide.height * scale;
  return { scale, slide: { x: cell.x + (cell.width - width) / 2, y: cell.y, width, height } };
}

export function pageGeometry(layout: HandoutLayout, slide: { width: number; height: number }, paperSize: PaperSize): PageGeometry {
  if (layout.kind === 'slides') {
    return {
      cssSize: `${slide.width}px ${slide.height}px`,
      width: slide.width,
      height: slide.height,
      slots: [{ slide: { x: 0, y: 0, width: slide.width, height: slide.height }, scale: 1 }],
      appendixMargin: 48,
    };
  }
  const paper = papers[paperSize];
  const { width, height } = paper;
  const page = { cssSize: paper.css, width, height, appendixMargin: 56 };

  if (layout.kind === 'notes') {
    // Rows of a slide with its notes beside it, as many to a page as their notes leave room
    // for (four of a 16:9 deck's slides with short notes): a page per slide left most of the
    // paper blank. The slide takes 60% of the width.
    const margin = 40;
    const gap = 20;
    const inner = width - 2 * margin - gap;
    const placed = fit({ x: margin, y: margin, width: inner * 0.6, height: height - 2 * margin }, slide);
    const notesX = placed.slide.x + placed.slide.width + gap;
    const notes = { x: notesX, y: margin, width: width - margin - notesX, height: placed.slide.height };
    return { ...page, slots: [{ ...placed, notes }], rows: { bottom: height - margin, gap } };
  }

  if (layout.perPage === 3) {
    // Slides on the left, ruled lines for the attendee's notes on the right of each.
    const margin = 40;
    const gap = 24;
    const inner = width - 2 * margin - gap;
    const rowHeight = (height - 2 * margin - 2 * gap) / 3;
    const slideColumn = inner * 0.66;
    const slots = [0, 1, 2].map((row) => {
      const placed = fit({ x: margin, y: margin + row * (rowHeight + gap), width: slideColumn, height: rowHeight }, slide);
      const writingX = placed.slide.x + placed.slide.width + gap;
      return { ...placed, writing: { x: writingX, y: placed.slide.y, width: width - margin - writingX, height: placed.slide.height } };
    });
    return { ...page, slots };
  }

  if (layout.perPage === 6) {
    // Landscape, two columns of three: the slides as large as the paper's height allows, the
    // grid centred. In portrait they filled half the page at a third of their size.
    const margin = 24;
    const gap = { x: 20, y: 16 };
    const cellHeight = (width - 2 * margin - 2 * gap.y) / 3;
    const scale = Math.min(cellHeight / slide.height, (height - 2 * margin - gap.x) / 2 / slide.width);
    const size = { width: slide.width * scale, height: slide.height * scale };
    const left = (height - 2 * size.width - gap.x) / 2;
    const top = (width - 3 * size.height - 2 * gap.y) / 2;
    const slots: SlotGeometry[] = [];
    for (let row = 0; row < 3; row++) {
      for (let column = 0; column < 2; column++) {
        slots.push({ scale, slide: { x: left + column * (size.width + gap.x), y: top + row * (size.height + gap.y), ...size } });
      }
    }
    return { ...page, cssSize: landscape(paper.css), width: height, height: width, slots };
  }

  // Two: one column, the slides large, centred in their halves of the page.
  const gap = 28;
  const margin = 56;
  const cellHeight = (height - 2 * margin - gap) / 2;
  const slots = [0, 1].map((row) => {
    const placed = fit({ x: margin, y: margin + row * (cellHeight + gap), width: width - 2 * margin, height: cellHeight }, slide);
    placed.slide.y += (cellHeight - placed.slide.height) / 2;
    return placed;
  });
  return { ...page, slots };
}

/** `210mm 297mm` turned a quarter. */
function landscape(css: string): string {
  return css.split(' ').reverse().join(' ');
}
