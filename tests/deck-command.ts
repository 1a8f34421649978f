/**
 * The commands as npm runs them: `node scripts/deck.mjs <command> ...`, the compiled code in
 * lib/cli/ (compiled again first when src/ changed). Spawn `process.execPath` with these arguments.
 */
import { fileURLToPath } from 'node:url';

export const launcher = fileURLToPath(new URL('../scripts/deck.mjs', import.meta.url));

export function deckCommand(command: string, ...args: string[]): string[] {
  return [launcher, command, ...args];
}
