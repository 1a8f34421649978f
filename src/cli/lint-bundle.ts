/**
 * The entry of lib/cli/lint.cjs: the lint command and everything it loads as one CommonJS
 * script, which src/cli/code-cache.ts runs with V8's code cache (see there for why).
 */
import { main } from './lint.js';
import { runCommand } from './run-command.js';

/** Lints; says whether a deck was linted, which is when V8's code is worth keeping (not after `--help` alone). */
export const run = (args: string[]): Promise<boolean> => runCommand('lint', main, args);
