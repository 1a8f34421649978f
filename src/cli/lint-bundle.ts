/**
 * The entry of lib/cli/lint.cjs: the lint command and everything it loads as one CommonJS
 * script, which src/cli/code-cache.ts runs with V8's code cache (see there for why).
 */
import { main } from './lint.js';
import { runCommand } from './run-command.js';

export const run = (args: string[]): Promise<void> => runCommand('lint', main, args);
