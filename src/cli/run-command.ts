/**
 * How every command ends when it fails as expected: a usage error exits 2 with the command's
 * name, a missing tool or a failed build exits 1 with its message, anything else is a bug and
 * throws. One place, so that lint's own bundle (lib/cli/lint.cjs, which carries its own copies
 * of these classes) ends as the other commands do.
 */
import { UsageError } from './arguments.js';
import { BuildFailed } from '../node/site-options.js';
import { EnvironmentError } from './environment.js';

export async function runCommand<Result>(name: string, main: (args: string[]) => Promise<Result>, args: string[]): Promise<Result> {
  try {
    return await main(args);
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
}
