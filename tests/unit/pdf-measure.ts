/**
 * What makes a printed handout legible, measured on the file by poppler (never by the code that
 * wrote it): the size of every run of text and its font (`pdftohtml -xml`, which reports sizes
 * at three times their points, to a third of a point), how much of a page is covered
 * (`pdftoppm`: the share of pixel rows and columns with ink), and the text as a reader copies it
 * (`pdftotext`). A companion to pdf-reader.ts, which reads structure.
 */
import { execFileSync } from 'node:child_process';
import { PNG } from 'pngjs';

const run = (command: string, args: string[]) => execFileSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });

export interface TextRun {
  /** 1-based page. */
  page: number;
  text: string;
  /** Font name as embedded (`EAAAAA+JetBrainsMono-Regular`...). */
  font: string;
  points: number;
}

/** Every run of text with its font and size. pdftohtml's largest zoom is 3: sizes to a third of a point. */
export function textRuns(file: string): TextRun[] {
  const xml = run('pdftohtml', ['-xml', '-zoom', '3', '-i', '-q', '-stdout', file]);
  const fonts = new Map<string, { font: string; points: number }>();
  const runs: TextRun[] = [];
  for (const [, number, body] of xml.matchAll(/<page number="(\d+)"[^>]*>([\s\S]*?)<\/page>/g)) {
    for (const [, id, size, family] of body.matchAll(/<fontspec id="(\d+)" size="(-?\d+)" family="([^"]+)"/g)) fonts.set(id, { font: family, points: Number(size) / 3 });
    for (const [, id, text] of body.matchAll(/<text [^>]*font="(\d+)"[^>]*>([\s\S]*?)<\/text>/g)) {
      const font = fonts.get(id);
      if (!font) throw new Error(`pdftohtml named font ${id} before describing it`);
      runs.push({ page: Number(number), text: decodeEntities(text.replace(/<[^>]+>/g, '')), ...font });
    }
  }
  return runs;
}

function decodeEntities(text: string): string {
  return text.replace(/&(#\d+|amp|lt|gt|quot|apos);/g, (entity, name: string) =>
    name.startsWith('#') ? String.fromCodePoint(Number(name.slice(1))) : ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" } as Record<string, string>)[name],
  );
}

export const isMonospaced = (font: string) => /mono/i.test(font);

/**
 * How much of a page carries ink, rendered at 24 dpi: the share of pixel rows, and of columns,
 * with anything darker than near-white. A slide's hairline frame counts, so a row of slides
 * covers its whole height.
 */
export function pageCoverage(file: string, page: number): { rows: number; columns: number } {
  const png = PNG.sync.read(execFileSync('pdftoppm', ['-r', '24', '-png', '-singlefile', '-f', String(page), '-l', String(page), file]));
  const ink = (x: number, y: number) => {
    const i = (y * png.width + x) * 4;
    return png.data[i] + png.data[i + 1] + png.data[i + 2] < 3 * 235;
  };
  const rows = Array.from({ length: png.height }, (_, y) => Array.from({ length: png.width }, (_, x) => ink(x, y)).some(Boolean)).filter(Boolean).length;
  const columns = Array.from({ length: png.width }, (_, x) => Array.from({ length: png.height }, (_, y) => ink(x, y)).some(Boolean)).filter(Boolean).length;
  return { rows: rows / png.height, columns: columns / png.width };
}

/** The document information's custom entries (`pdfinfo -custom`): `DeckBuildId`... */
export function customInfo(file: string): Map<string, string> {
  const lines = run('pdfinfo', ['-custom', '-enc', 'UTF-8', file]).split('\n');
  return new Map(lines.map((line) => /^([A-Za-z]+):\s+(.*)$/.exec(line)).filter((m) => m !== null).map((m) => [m[1], m[2].trim()]));
}
