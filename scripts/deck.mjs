#!/usr/bin/env node
/**
 * What the npm scripts run: `node scripts/deck.mjs <command> [arguments]`. Runs the compiled
 * commands in lib/cli/, compiling them first when a source changed since (scripts/compile-cli.mjs),
 * so that nobody runs yesterday's code after editing src/. Plain JavaScript, a few stat calls.
 */
import { pathToFileURL } from 'node:url';
import path from 'node:path';
import { compileCli, defaultOutDir, staleReason } from './compile-cli.mjs';

const reason = staleReason();
if (reason) {
  const started = performance.now();
  try {
    await compileCli();
  } catch (error) {
    console.error(error.message);
    process.exit(1);
  }
  console.error(`(compiled the commands into lib/cli/ in ${Math.round(performance.now() - started)} ms: ${reason})`);
}
await import(pathToFileURL(path.join(defaultOutDir, 'deck.js')).href);
