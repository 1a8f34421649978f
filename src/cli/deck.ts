/**
 * The commands' single entry: `deck <command> [arguments]`. npm scripts run it through
 * scripts/deck.mjs, which compiles it (and what it imports) into lib/cli/ when src/ changed;
 * `node --import tsx src/cli/deck.ts <command>` runs it from source. Each command is loaded
 * only when asked for, and loads its heavy libraries (Vite, Chromium, Redis) only when needed.
 */
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runWithCodeCache } from './code-cache.js';
import { runCommand } from './run-command.js';

interface Command {
  main(args: string[]): Promise<unknown>;
}

const commands: Record<string, () => Promise<Command>> = {
  build: () => import('./build.js'),
  check: () => import('./check.js'),
  lint: () => import('./lint.js'),
  pdf: () => import('./pdf.js'),
  screenshots: () => import('./screenshots.js'),
  start: () => import('./start.js'),
};

const [name, ...args] = process.argv.slice(2);
const load = name !== undefined && Object.hasOwn(commands, name) ? commands[name] : undefined;
if (!load) {
  console.error(`Usage: deck <command> [arguments]; commands: ${Object.keys(commands).join(', ')}. Each takes --help.`);
  process.exit(2);
}
if (name === 'lint') optimiseLater();
// Compiled, lint is also one script, run with V8's code cache (src/cli/code-cache.ts); from source it is not.
const bundle = name === 'lint' ? runWithCodeCache<{ run(args: string[]): Promise<boolean> }>(fileURLToPath(new URL('./lint.cjs', import.meta.url))) : undefined;
if (bundle) {
  // A cache made by `lint --help` would hold little of the lint, and stay: keep one from a real lint.
  if (await bundle.exports.run(args)) bundle.save();
} else await runCommand(name, (await load()).main, args);

/**
 * A lint is short: most of its code runs a few thousand times, and V8's optimising compiler
 * (TurboFan) spent more compiling it than the compiled code saved. Four times V8's usual budget
 * before optimising a function (67,584 in Node 20's V8 11.3) leaves that to code that really runs
 * long, such as a pathological chapter's lexing: a 1,006-slide lint does about a third fewer
 * instructions, a 1 MB chapter of junk takes as long (bench/startup.md). Left alone on another V8,
 * whose tiers may differ, and where an unknown flag would print an error.
 */
function optimiseLater(): void {
  if (process.versions.v8.startsWith('11.')) setFlagsFromString('--interrupt-budget=270336');
}
