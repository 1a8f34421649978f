/** Command-line arguments of the commands: node:util's parseArgs, with our error messages. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { shownPath } from '../node/shown-path.js';

export { shownPath };

/** Arguments the command cannot take; the dispatcher prints the message, exit status 2. */
export class UsageError extends Error {}

type Options = NonNullable<ParseArgsConfig['options']>;

/** `--variant`: every command that loads or builds a deck takes it. */
export const variantOption = { variant: { type: 'string' } } as const;
export const helpOption = { help: { type: 'boolean', short: 'h' } } as const;

export const variantHelp = `  --variant name    the variant named under the manifest's \`variants:\` (default DECK_VARIANT,
                    else the default variant: the manifest's own \`exclude\`)`;

/** Parses `args` for `npm run <command>`; an unknown option or a missing value is a `UsageError`. */
export function parseCommandArgs<O extends Options>(command: string, args: string[], options: O, maxPositionals = 1) {
  let parsed;
  try {
    parsed = parseArgs({ args, options, allowPositionals: true });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\nRun \`npm run ${command} -- --help\` for the options.`);
  }
  if (parsed.positionals.length > maxPositionals) {
    throw new UsageError(`too many arguments: ${parsed.positionals.join(' ')}\nRun \`npm run ${command} -- --help\` for the options.`);
  }
  return parsed;
}
