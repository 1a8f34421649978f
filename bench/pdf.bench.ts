/**
 * `npm run bench:pdf`: PDF export time for the workshop and for a generated ~300-slide deck,
 * per layout, with the time per slide and per stage. Builds both decks first (not timed), then
 * times `exportPdf` as `npm run pdf` runs it (browser start included) and once the whole CLI.
 * Prints a Markdown table; the figures seen go in bench/pdf.md.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildSite } from '../src/node/ensure-build.js';
import { defaultManifest } from '../src/node/load-deck.js';
import { exportPdf } from '../src/pdf/export-pdf.js';
import type { HandoutLayout } from '../src/pdf/options.js';
import type { Progress } from '../src/pdf/progress.js';
import { generateDeck } from './generate-deck.js';

const runs = Number(process.env.BENCH_RUNS ?? 5);
const work = mkdtempSync(path.join(tmpdir(), 'deck-pdf-bench-'));
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Records how long each stage took. */
function stageClock(): Progress & { stages: Map<string, number> } {
  const stages = new Map<string, number>();
  let current: { label: string; at: number } | undefined;
  const close = () => {
    if (current) stages.set(current.label.split(' ')[0], performance.now() - current.at);
  };
  return {
    stages,
    stage(label) {
      close();
      current = { label, at: performance.now() };
    },
    stop() {
      close();
      current = undefined;
    },
  };
}

async function bench(name: string, dist: string, layout: HandoutLayout, steps = false) {
  const times: number[] = [];
  const stageTimes = new Map<string, number[]>();
  let result;
  for (let i = 0; i < runs; i++) {
    const clock = stageClock();
    const started = performance.now();
    result = await exportPdf({ dist, out: path.join(work, `${name}.pdf`), layout, steps, paper: 'a4', timeoutMs: 30_000 }, clock);
    clock.stop();
    times.push(performance.now() - started);
    for (const [stage, ms] of clock.stages) stageTimes.set(stage, [...(stageTimes.get(stage) ?? []), ms]);
  }
  const total = median(times);
  const stages = [...stageTimes].map(([stage, ms]) => `${stage} ${(median(ms) / 1000).toFixed(2)}`).join(', ');
  console.log(
    `| ${name} | ${result!.slides} | ${result!.pages} | ${(total / 1000).toFixed(2)} s | ${(total / result!.slides).toFixed(1)} ms | ${(Math.min(...times) / 1000).toFixed(2)}–${(Math.max(...times) / 1000).toFixed(2)} s | ${stages} |`,
  );
  return total;
}

const workshopDist = path.join(work, 'workshop-dist');
const generated = generateDeck(300, path.join(work, 'generated'));
const generatedDist = path.join(work, 'generated-dist');
console.error('building the workshop and the generated deck (not timed)...');
await buildSite({ manifest: path.resolve(defaultManifest), outDir: workshopDist });
await buildSite({ manifest: generated.manifest, outDir: generatedDist });

console.log(`\n${runs} runs each, median; stages in seconds (median).\n`);
console.log('| export | slides printed | pages | median | per slide | min–max | stages |');
console.log('|---|---|---|---|---|---|---|');
await bench('workshop', workshopDist, { kind: 'slides' });
await bench('workshop --steps', workshopDist, { kind: 'slides' }, true);
await bench('workshop --notes', workshopDist, { kind: 'notes' });
await bench('workshop --per-page 3', workshopDist, { kind: 'grid', perPage: 3 });
const big = await bench(`generated (${generated.slides} slides)`, generatedDist, { kind: 'slides' });
await bench('generated --steps', generatedDist, { kind: 'slides' }, true);
await bench('generated --notes', generatedDist, { kind: 'notes' });
await bench('generated --per-page 6', generatedDist, { kind: 'grid', perPage: 6 });

// The whole command as npm runs it (start-up, build check and all), once per deck.
for (const [name, manifest, dist] of [
  ['workshop', defaultManifest, workshopDist],
  ['generated', generated.manifest, generatedDist],
] as const) {
  const started = performance.now();
  const cli = spawnSync(process.execPath, ['scripts/deck.mjs', 'pdf', manifest, '--out', path.join(work, 'cli.pdf')], {
    encoding: 'utf8',
    env: { ...process.env, DECK_OUT_DIR: dist },
  });
  if (cli.status !== 0) throw new Error(cli.stderr);
  console.log(`\nnpm run pdf (${name}), whole command: ${((performance.now() - started) / 1000).toFixed(2)} s — ${cli.stdout.trim()}`);
}
console.log(`\ngoal: ${generated.slides} slides in under 5 s: ${big < 5000 ? 'met' : 'NOT met'} (${(big / 1000).toFixed(2)} s)`);
rmSync(work, { recursive: true, force: true });
