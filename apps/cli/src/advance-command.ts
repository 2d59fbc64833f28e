import { Command, Option } from 'commander';
import type { TestClock } from '@billy/client';
import { billyClient, type ConnectionOptions } from './billy-client';
import { integerArgument } from './integer-argument';
import { printOne, type OutputOptions } from './output';

const POLL_MS = 500;

/**
 * `billy test-clocks advance TC… --to 2025-06-01`: moves the clock, then waits until it is `ready` again (every
 * invoice due by then yielded and settled), with a progress line on stderr.
 */
export function advanceCommand(): Command {
  return new Command('advance')
    .description('Move a test clock forward and wait until it is ready again')
    .argument('<guid>', 'The test clock')
    .addOption(new Option('--to <time>', 'The new frozen time, e.g. 2025-06-01').makeOptionMandatory())
    .option('--no-wait', 'Answer at once, while it is still advancing')
    .option('--timeout <seconds>', 'Give up waiting after this long', integerArgument(1), 300)
    .action(async (guid: string, options: { to: string; wait: boolean; timeout: number }, self: Command) => {
      const global = self.optsWithGlobals<ConnectionOptions & OutputOptions>();
      const billy = billyClient(global);
      let clock: TestClock = await billy.testClocks.advance(guid, { frozen_time: options.to });
      const started = Date.now();
      while (options.wait && clock.status !== 'ready') {
        const seconds = Math.round((Date.now() - started) / 1000);
        if (seconds > options.timeout) throw new Error(`${guid} is still advancing after ${options.timeout} s`);
        progress(`Advancing ${guid} to ${clock.frozen_time}… ${seconds} s`);
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
        clock = await billy.testClocks.retrieve(guid);
      }
      progress(options.wait ? `${guid} is ready at ${clock.frozen_time}\n` : '');
      printOne(clock, global);
    });
}

/** One line rewritten in place on a terminal; each step on its own line otherwise. */
function progress(line: string): void {
  if (!line) return;
  process.stderr.write(process.stderr.isTTY ? `\r\x1b[K${line}` : `${line.trimEnd()}\n`);
}
