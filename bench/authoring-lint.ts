/**
 * `npm run bench:authoring`, part 1: how long the loader takes on a generated 1,000-slide
 * workshop (bench/generate-deck.ts). Reports the first run in a fresh process (what `npm run
 * lint` pays) and the median of later runs (what each save in `npm run dev` pays), plus the
 * whole `npm run lint` command's wall time (node scripts/deck.mjs lint, without npm's own start-up).
 */
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { loadDeck } from '../src/node/load-deck.js';
import { generateDeck } from './generate-deck.js';

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const deck = generateDeck(Number(process.env.BENCH_SLIDES ?? 1000));
try {
  let start = performance.now();
  const first = loadDeck(deck.manifest, {});
  const cold = performance.now() - start;
  if (!first.ok || first.deck?.slides.length !== deck.slides) throw new Error(`generated deck did not load as expected: ${first.diagnostics[0]?.message}`);
  const warm: number[] = [];
  for (let i = 0; i < 21; i++) {
    start = performance.now();
    loadDeck(deck.manifest, {});
    warm.push(performance.now() - start);
  }
  const cli: number[] = [];
  for (let i = 0; i < 5; i++) {
    start = performance.now();
    const result = spawnSync(process.execPath, ['scripts/deck.mjs', 'lint', deck.manifest], { encoding: 'utf8' });
    cli.push(performance.now() - start);
    if (result.status !== 0) throw new Error(result.stderr);
  }
  console.log(`loader on ${deck.slides} slides in ${deck.chapters.length} chapters:`);
  console.log(`  first load in a fresh process: ${cold.toFixed(1)} ms (budget 150 ms)`);
  console.log(`  later loads, median of ${warm.length}: ${median(warm).toFixed(1)} ms (min ${Math.min(...warm).toFixed(1)}, max ${Math.max(...warm).toFixed(1)})`);
  console.log(`  \`npm run lint\` wall time, median of ${cli.length} (node start-up included, compiled commands): ${median(cli).toFixed(0)} ms`);
} finally {
  rmSync(deck.folder, { recursive: true, force: true });
}
