/**
 * What the PDF specs share: `npm run pdf` run as a user runs it, each layout of the workshop
 * exported once per test run (a worker fixture: the specs run in one worker, so the files share
 * the exports and their folder), and the ways they read the deck and the file back.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test as base } from '@playwright/test';
import type { PageDeck } from '../../src/shared/page-deck.ts';
import { deckCommand } from '../deck-command.ts';
import { textRuns } from '../unit/pdf-measure.ts';
import { readPdf, type PdfReadBack } from '../unit/pdf-reader.ts';
import { repoRoot } from './helpers.ts';

/** Runs `npm run pdf` (its script, without npm's banner) and returns the exit status and output. */
export function runPdf(args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, deckCommand('pdf', ...args), {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
}

export interface Export {
  file: string;
  report: PdfReadBack;
  /** Text of each page, by pdftotext. */
  text: string[];
  stdout: string;
}

export interface PdfExports {
  /** A folder of the run's own, removed after it. */
  work: string;
  /** `npm run pdf -- --out <name>.pdf <args>`, once per name (tests share the layouts). */
  exportDeck(name: string, args?: string[]): Export;
}

export const test = base.extend<{}, { pdfs: PdfExports }>({
  pdfs: [
    async ({}, use) => {
      const work = mkdtempSync(path.join(tmpdir(), 'deck-pdf-'));
      const exported = new Map<string, Export>();
      await use({
        work,
        exportDeck(name, args = []) {
          const done = exported.get(name);
          if (done) return done;
          const file = path.join(work, `${name}.pdf`);
          const result = runPdf(['--out', file, ...args]);
          expect(result.status, result.stderr).toBe(0);
          expect(result.stderr, 'no warning on the workshop').not.toContain('warning:');
          const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).split('\f').slice(0, -1);
          const pdf = { file, report: readPdf(file), text, stdout: result.stdout };
          exported.set(name, pdf);
          return pdf;
        },
      });
      rmSync(work, { recursive: true, force: true });
    },
    { scope: 'worker' },
  ],
});
export { expect };

export const layouts: Record<string, string[]> = { workshop: [], notes: ['--notes'], '2up': ['--per-page', '2'], grid: ['--per-page', '3'], '6up': ['--per-page', '6'] };

/** The slides a PDF of `deck` prints, in order: every step, or each slide's final state. */
export const printedSlides = (deck: PageDeck, steps: boolean) => deck.slides.filter((slide) => steps || slide.lastStep);
export const externalLinks = (slide: PageDeck['slides'][number]) => [...new Set(slide.links.map((l) => l.href).filter((h) => /^https?:/.test(h)))].sort();
export const slidePages = (pdf: Export) => pdf.report.pages.filter((page) => !page.label?.startsWith('Exercises'));

/** Slides printed larger than the layout's others (pack.ts), read back by the size of their slide number. */
export function largeSlides(file: string): Set<number> {
  const numbers = textRuns(file).filter((run) => /^\d+ \/ \d+$/.test(run.text.trim()));
  const normal = Math.min(...numbers.map((run) => run.points));
  return new Set(numbers.filter((run) => run.points > normal * 1.1).map((run) => Number(run.text.split('/')[0]) - 1));
}
