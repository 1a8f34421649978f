/** `npm run pdf` options: parsed with node:util, checked here so that the CLI stays a thin shell. */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { readEnvironment, siteOptions, type Variables } from '../cli/environment.js';
import { handoutFileName } from '../node/handout-file.js';
import { defaultManifest } from '../node/site-options.js';

export type PaperSize = 'a4' | 'letter';

/** What goes on each page: slides at their own size, slide plus notes, or several slides. */
export type HandoutLayout = { kind: 'slides' } | { kind: 'notes' } | { kind: 'grid'; perPage: 2 | 3 | 6 };

export interface PdfOptions {
  manifest: string;
  /** The variant to print (`--variant`, `DECK_VARIANT`); the default one when absent. */
  variant?: string;
  /** The built deck to print; built first if missing, stale or of another variant. */
  dist: string;
  out: string;
  layout: HandoutLayout;
  /** Print every `--` step instead of each slide's final state. */
  steps: boolean;
  /** Paper for the portrait handout layouts. */
  paper: PaperSize;
  /** Rebuild even if the build looks current. */
  build: boolean;
  /** Longest wait for one slide's images (ms) before the export fails. */
  timeoutMs: number;
  /** `CHROME_PATH`: the Chromium to print with; found otherwise (src/node/find-browser.ts). */
  chromePath?: string;
  /** `SOURCE_DATE_EPOCH`: the PDF's creation date; now otherwise. */
  createdAt?: Date;
  /** The file is the deck's handout (the default file, one slide per page): `npm start` offers it. */
  handout: boolean;
}

export const pdfUsage = `Usage: npm run pdf [-- [options] [manifest.yml]]

Writes the deck (default ${defaultManifest}) as a PDF handout: one page per slide at the slide's
own size, clickable links, bookmarks per chapter, and every exercise gathered at the end.
Builds the deck first when the build folder is missing or older than its sources.

Options:
  --variant NAME     the variant named under the manifest's \`variants:\` (default DECK_VARIANT,
                     else the default variant)
  --out FILE         where to write (default: <build folder>/<manifest name>[-notes|-Nup].pdf)
  --steps            print every incremental (--) step; default: each slide's final state only
  --notes            handout: each slide with its speaker notes below it, on a portrait page
  --per-page N       handout: N = 2, 3 or 6 slides per portrait page (3: ruled space for notes)
  --paper SIZE       paper of the handout layouts: a4 (default) or letter
  --build            rebuild the deck even if the build looks current
  --timeout SECONDS  longest wait for a slide's images (default 20)
  -h, --help         this help

Environment: DECK_MANIFEST (default manifest), DECK_VARIANT, DECK_OUT_DIR (build folder, default
dist), CHROME_PATH, SOURCE_DATE_EPOCH (the PDF's date); see README.md.`;

export class UsageError extends Error {}

/**
 * Parses `npm run pdf` arguments, with defaults from the environment variables given (the
 * process's by default); `undefined` means help was asked for.
 */
export function parsePdfArgs(args: string[], variables?: Variables): PdfOptions | undefined {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        variant: { type: 'string' },
        out: { type: 'string', short: 'o' },
        steps: { type: 'boolean' },
        notes: { type: 'boolean' },
        'per-page': { type: 'string' },
        paper: { type: 'string' },
        build: { type: 'boolean' },
        timeout: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\nRun \`npm run pdf -- --help\` for the options.`);
  }
  const { values, positionals } = parsed;
  if (values.help) return undefined;
  if (positionals.length > 1) throw new UsageError(`give at most one manifest, not ${positionals.length}: ${positionals.join(' ')}`);

  let layout: HandoutLayout = { kind: 'slides' };
  if (values['per-page'] !== undefined) {
    const n = Number(values['per-page']);
    if (n !== 2 && n !== 3 && n !== 6) throw new UsageError(`--per-page must be 2, 3 or 6, not "${values['per-page']}"`);
    if (values.notes) throw new UsageError('--notes and --per-page are different layouts: choose one');
    layout = { kind: 'grid', perPage: n };
  } else if (values.notes) {
    layout = { kind: 'notes' };
  }

  const paper = (values.paper ?? 'a4').toLowerCase();
  if (paper !== 'a4' && paper !== 'letter') throw new UsageError(`--paper must be a4 or letter, not "${values.paper}"`);
  const timeout = Number(values.timeout ?? 20);
  if (!(timeout > 0)) throw new UsageError(`--timeout must be a number of seconds above 0, not "${values.timeout}"`);

  const env = readEnvironment(variables);
  const { manifest, variant, outDir: dist } = siteOptions({ manifest: positionals[0], variant: values.variant }, env);
  const suffix = layout.kind === 'notes' ? '-notes' : layout.kind === 'grid' ? `-${layout.perPage}up` : '';
  const out = path.resolve(values.out ?? path.join(dist, `${path.basename(manifest).replace(/\.ya?ml$/i, '')}${suffix}.pdf`));
  const handout = layout.kind === 'slides' && !values.steps && out === path.join(dist, handoutFileName(manifest));
  return {
    manifest,
    variant,
    dist,
    out,
    layout,
    steps: !!values.steps,
    paper,
    build: !!values.build,
    timeoutMs: timeout * 1000,
    chromePath: env.chromePath,
    createdAt: env.createdAt,
    handout,
  };
}
