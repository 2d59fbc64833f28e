import { randomBytes } from 'node:crypto';
import { Command } from 'commander';
import { SIGNATURE_HEADER, signWebhook, type BillyEvent } from '@billy/client';
import { billyClient, type ConnectionOptions } from './billy-client';
import { integerArgument } from './integer-argument';
import { EventPoller } from './event-poller';

interface ListenOptions {
  forwardTo: string;
  events?: string[];
  secret?: string;
  interval: number;
}

/** What the local endpoint answered, or why it did not. */
async function forward(event: BillyEvent, url: string, secret: string): Promise<string> {
  const body = JSON.stringify(event);
  const signature = await signWebhook(secret, body, Math.floor(Date.now() / 1000));
  const started = Date.now();
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', [SIGNATURE_HEADER]: signature },
      body,
      signal: AbortSignal.timeout(10_000),
    });
    return `[${response.status}] POST ${url} (${Date.now() - started} ms)`;
  } catch (error) {
    return `[failed] POST ${url}: ${(error as Error).message}`;
  }
}

/**
 * `billy listen --forward-to http://localhost:4000/hooks`: the company's new events, forwarded as webhooks to a
 * local URL, signed with a secret it prints, one line per event with the local answer. It polls the events API,
 * so it works against any Billy server without the server reaching the machine it runs on.
 */
export function listenCommand(): Command {
  return new Command('listen')
    .description('Forward new events to a local URL, signed as webhooks are (Ctrl-C stops)')
    .requiredOption('--forward-to <url>', 'The local URL to POST each event to')
    .option('--events <types>', 'Only these types, comma-separated', (value) => value.split(',').map((t) => t.trim()))
    .option('--secret <whsec>', 'Sign with this secret instead of a new one')
    .option('--interval <ms>', 'How often to poll (at least 100)', integerArgument(100), 1000)
    .action(async (options: ListenOptions, self: Command) => {
      const billy = billyClient(self.optsWithGlobals<ConnectionOptions>());
      const secret = options.secret ?? `whsec_${randomBytes(24).toString('base64url')}`;
      const poller = new EventPoller(billy);
      await poller.start();
      let stopped = false;
      const wake = new AbortController();
      process.once('SIGINT', () => {
        stopped = true;
        wake.abort();
      });
      process.stderr.write(
        `Ready! Forwarding events to ${options.forwardTo}. Your webhook signing secret is ${secret} (^C to quit)\n`,
      );
      while (!stopped) {
        // A server that restarts, or a network that drops, pauses the forwarding; it does not end it.
        const events = await poller.poll().catch((error: Error) => {
          process.stderr.write(`Could not read events (${error.message}); trying again\n`);
          return [];
        });
        for (const event of events) {
          if (options.events && !options.events.includes(event.type)) continue;
          const answer = await forward(event, options.forwardTo, secret);
          process.stdout.write(`${event.created_at}  ${event.type}  ${event.guid}  → ${answer}\n`);
        }
        await new Promise((resolve) => {
          const timer = setTimeout(resolve, options.interval);
          wake.signal.addEventListener('abort', () => resolve(clearTimeout(timer)));
        });
      }
      process.stderr.write('Stopped.\n');
    });
}
