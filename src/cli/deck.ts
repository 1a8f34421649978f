/**
 * The commands' single entry: `deck <command> [arguments]`. npm scripts run it through
 * scripts/deck.mjs, which compiles it (and what it imports) into lib/cli/ when src/ changed;
 * `node --import tsx src/cli/deck.ts <command>` runs it from source. Each command is loaded
 * only when asked for, and loads its heavy libraries (Vite, Chromium, Redis) only when needed.
 */
import { UsageError } from './arguments.js';
import { BuildFailed } from '../node/site-options.js';
import { EnvironmentError } from './environment.js';

interface Command {
  main(args: string[]): Promise<void>;
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
try {
  await (await load()).main(args);
} catch (error) {
  if (error instanceof UsageError) {
    console.error(`npm run ${name}: ${error.message}`);
    process.exit(2);
  }
  if (error instanceof EnvironmentError || error instanceof BuildFailed) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
