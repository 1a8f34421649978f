/**
 * `npm run bench:startup`: how fast the commands start, whole process, as a user runs them.
 * - `lint` on a generated 1,000-slide workshop (bench/generate-deck.ts): compiled through the
 *   launcher (what `npm run lint` runs), compiled without the launcher's freshness check, the
 *   same without its V8 code cache (src/cli/code-cache.ts), from source through tsx (how every
 *   command ran before), through npm, and, for scale, the commands' modules loaded without a
 *   deck (`lint --help`) and `node -e 0`; when NODE_EXTRA_CA_CERTS is set, the launcher and Node
 *   alone without it too.
 * - `start` with an up-to-date build: from spawning the process to the first HTTP 200 on `/`,
 *   compiled and through tsx.
 * - The launcher after an edit in src/: recompiling, then linting.
 * BENCH_NODE names another Node binary to time the commands with (the bench itself runs in this one).
 * Runs alternate between the variants so that a busy machine slows them alike; medians and
 * minimums over BENCH_RUNS runs (default 15).
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, utimesSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildSite } from '../src/node/ensure-build.ts';
import { generateDeck } from './generate-deck.ts';

const runs = Number(process.env.BENCH_RUNS ?? 15);
/** The Node that runs the timed commands: BENCH_NODE (another version, say), else this one. */
const node = process.env.BENCH_NODE ?? process.execPath;
const [nodeVersion, nodeV8] = spawnSync(node, ['-p', '`${process.version} ${process.versions.v8}`'], { encoding: 'utf8' }).stdout.trim().split(' ');
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const ms = (value: number) => `${value.toFixed(0)} ms`;

/** Runs `command` with `env` (default: this process's), timing the whole process. */
function timeCommand(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): number {
  const started = performance.now();
  const result = spawnSync(command, args, { encoding: 'utf8', env });
  const elapsed = performance.now() - started;
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed:\n${result.stderr}`);
  return elapsed;
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Spawn to first HTTP 200 on `/`, then stop the server. */
async function timeStart(args: string[], dist: string): Promise<number> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(node, args, { env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DECK_OUT_DIR: dist }, stdio: 'ignore' });
  let exited = false;
  child.once('exit', () => (exited = true));
  try {
    for (;;) {
      if (exited) throw new Error(`${args.join(' ')} exited before answering`);
      const status = await fetch(`http://127.0.0.1:${port}/`).then((r) => r.status, () => 0);
      if (status === 200) return performance.now() - started;
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  } finally {
    child.kill('SIGKILL');
    await new Promise((resolve) => (exited ? resolve(undefined) : child.once('exit', resolve)));
  }
}

const deck = generateDeck(1000);
const dist = mkdtempSync(path.join(tmpdir(), 'deck-startup-dist-'));
try {
  // Compiled and current before timing anything.
  timeCommand(node, ['scripts/deck.mjs', 'lint', '--help']);
  await buildSite({ manifest: path.resolve('slides/workshop.yml'), outDir: dist }, { logLevel: 'silent' });

  // Node reads and parses every certificate NODE_EXTRA_CA_CERTS names before running anything
  // (some sandboxes and company machines set it): shown apart, since it is no part of ours.
  const { NODE_EXTRA_CA_CERTS: extraCertificates, ...withoutExtraCertificates } = process.env;
  const codeCache = path.resolve(`lib/cli/lint.cjs.${nodeV8}.v8-cache`);
  type Variant = [name: string, command: string, args: string[], env?: NodeJS.ProcessEnv, before?: () => void];
  const lintVariants: Variant[] = [
    ['node scripts/deck.mjs lint (what npm run lint runs)', node, ['scripts/deck.mjs', 'lint', deck.manifest]],
    ['node lib/cli/deck.js lint (compiled, no freshness check)', node, ['lib/cli/deck.js', 'lint', deck.manifest]],
    ['the same, without its code cache (a first lint after compiling: compiles, then writes the cache)', node, ['lib/cli/deck.js', 'lint', deck.manifest], process.env, () => rmSync(codeCache, { force: true })],
    ['node --import tsx src/cli/deck.ts lint (from source, as before)', node, ['--import', 'tsx', 'src/cli/deck.ts', 'lint', deck.manifest]],
    ['npm run lint (npm included)', 'npm', ['run', '--silent', 'lint', '--', deck.manifest]],
    ['node lib/cli/deck.js lint --help (Node and the commands\' modules, no deck)', node, ['lib/cli/deck.js', 'lint', '--help']],
    ['node -e 0 (Node alone)', node, ['-e', '0']],
    ...(extraCertificates
      ? ([
          ['node scripts/deck.mjs lint, without NODE_EXTRA_CA_CERTS', node, ['scripts/deck.mjs', 'lint', deck.manifest], withoutExtraCertificates],
          ['node -e 0, without NODE_EXTRA_CA_CERTS', node, ['-e', '0'], withoutExtraCertificates],
        ] satisfies Variant[])
      : []),
  ];
  const lintTimes = lintVariants.map(() => [] as number[]);
  for (let run = 0; run < runs; run++) {
    lintVariants.forEach(([, command, args, env, before], i) => {
      before?.();
      lintTimes[i].push(timeCommand(command, args, env));
    });
  }

  // --no-pdf: the handout export starts after the first answer anyway; a Chromium per run would only load the machine.
  const startVariants: Array<[string, string[]]> = [
    ['node scripts/deck.mjs start (what npm start runs)', ['scripts/deck.mjs', 'start', '--no-pdf']],
    ['node --import tsx src/cli/deck.ts start (from source, as before)', ['--import', 'tsx', 'src/cli/deck.ts', 'start', '--no-pdf']],
  ];
  const startTimes = startVariants.map(() => [] as number[]);
  for (let run = 0; run < Math.min(runs, 10); run++) {
    for (const [i, [, args]] of startVariants.entries()) startTimes[i].push(await timeStart(args, dist));
  }

  // An edit in src/: the launcher compiles again before linting.
  const edited = path.resolve('src/cli/lint.ts');
  const stale: number[] = [];
  for (let run = 0; run < 5; run++) {
    const now = new Date();
    utimesSync(edited, now, now);
    stale.push(timeCommand(node, ['scripts/deck.mjs', 'lint', deck.manifest]));
  }

  console.log(`\nlint, ${deck.slides} slides in ${deck.chapters.length} chapters, whole process, Node ${nodeVersion}, ${runs} runs each${extraCertificates ? ` (NODE_EXTRA_CA_CERTS=${extraCertificates})` : ''}:`);
  console.log('| command | median | min |');
  console.log('|---|---|---|');
  lintVariants.forEach(([name], i) => console.log(`| ${name} | ${ms(median(lintTimes[i]))} | ${ms(Math.min(...lintTimes[i]))} |`));
  console.log(`| launcher after an edit in src/ (compile, then lint) | ${ms(median(stale))} | ${ms(Math.min(...stale))} |`);
  const info = JSON.parse(readFileSync(path.join(dist, 'deck-build.json'), 'utf8')) as { slides: number };
  console.log(`\nstart with an up-to-date build (the workshop, ${info.slides} slides): spawn to first HTTP 200, ${startTimes[0].length} runs each:`);
  console.log('| command | median | min |');
  console.log('|---|---|---|');
  startVariants.forEach(([name], i) => console.log(`| ${name} | ${ms(median(startTimes[i]))} | ${ms(Math.min(...startTimes[i]))} |`));
} finally {
  rmSync(deck.folder, { recursive: true, force: true });
  rmSync(dist, { recursive: true, force: true });
}
