import { Command } from 'commander';
import { BillyConnectionError, BillyError } from '@billy/client';
import { accountCommands } from './account-commands';
import { advanceCommand } from './advance-command';
import { UsageError } from './billy-client';
import { listenCommand } from './listen-command';
import { resourceCommands } from './resource-commands';
import { RESOURCES } from './resource-specs';

/** The `billy` command: the API from a terminal, through @billy/client. */
function program(): Command {
  const billy = new Command('billy')
    .description('Billy from the command line: tables on a terminal, JSON with --json or when piped')
    .version(process.env.npm_package_version ?? '0.1.0')
    .option('--api-url <url>', 'The API (default: BILLY_URL, else `billy login`, else http://localhost:3000)')
    .option('--api-key <key>', 'The API key (default: BILLY_API_KEY, else `billy login`)')
    .option('--idempotency-key <key>', "A write's Idempotency-Key, to repeat a call that got no answer at most once")
    .option('--json', 'Print JSON')
    .option('--table', 'Print a table even when piped');
  for (const command of [...accountCommands(), ...resourceCommands(RESOURCES), listenCommand()]) {
    billy.addCommand(command);
  }
  billy.commands.find((command) => command.name() === 'test-clocks')?.addCommand(advanceCommand());
  return billy;
}

function explain(error: unknown): string {
  if (error instanceof BillyError) return `${error.status} ${error.errorClass}: ${error.message}`;
  if (error instanceof BillyConnectionError || error instanceof UsageError) return error.message;
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

program()
  .parseAsync()
  .catch((error: unknown) => {
    process.stderr.write(`error: ${explain(error)}\n`);
    process.exitCode = 1;
  });
