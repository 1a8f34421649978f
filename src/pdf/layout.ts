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
  /** One entry per slide on a page, in reading order. */
  slots: SlotGeometry[];
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
    const margin = 48;
    // At most 45% of the page for the slide, so that long notes keep room.
    const placed = fit({ x: margin, y: margin, width: width - 2 * margin, height: height * 0.45 }, slide);
    const notesTop = placed.slide.y + placed.slide.height + 28;
    return { ...page, slots: [{ ...placed, notes: { x: margin, y: notesTop, width: width - 2 * margin, height: height - margin - notesTop } }] };
  }

  const gap = 28;
  if (layout.perPage === 3) {
    // Slides on the left, ruled lines for the attendee's notes on the right of each.
    const margin = 48;
    const inner = width - 2 * margin - gap;
    const rowHeight = (height - 2 * margin - 2 * gap) / 3;
    const slideColumn = inner * 0.56;
    const slots = [0, 1, 2].map((row) => {
      const placed = fit({ x: margin, y: margin + row * (rowHeight + gap), width: slideColumn, height: rowHeight }, slide);
      const writingX = placed.slide.x + placed.slide.width + gap;
      return { ...placed, writing: { x: writingX, y: placed.slide.y, width: width - margin - writingX, height: placed.slide.height } };
    });
    return { ...page, slots };
  }

  const columns = layout.perPage === 2 ? 1 : 2;
  const rows = layout.perPage / columns;
  const margin = layout.perPage === 2 ? 56 : 40;
  const cellWidth = (width - 2 * margin - (columns - 1) * gap) / columns;
  const cellHeight = (height - 2 * margin - (rows - 1) * gap) / rows;
  const slots: SlotGeometry[] = [];
  for (let row = 0; row < rows; row++) {
    for (let column = 0; column < columns; column++) {
      const cell = { x: margin + column * (cellWidth + gap), y: margin + row * (cellHeight + gap), width: cellWidth, height: cellHeight };
      const placed = fit(cell, slide);
      // Centre vertically too: the rows then spread evenly down the page.
      placed.slide.y += (cellHeight - placed.slide.height) / 2;
      slots.push(placed);
    }
  }
  return { ...page, slots };
}
