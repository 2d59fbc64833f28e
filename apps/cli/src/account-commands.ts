import { createInterface } from 'node:readline/promises';
import { Command } from 'commander';
import { Billy } from '@billy/client';
import { resolveConnection, UsageError, type ConnectionOptions } from './billy-client';
import { configPath, forgetCredentials, writeCredentials } from './cli-config';
import { printOne, type OutputOptions } from './output';

type Global = ConnectionOptions & OutputOptions;

async function ask(question: string): Promise<string> {
  if (!process.stdin.isTTY) throw new UsageError(`${question.replace(/: $/, '')} is needed: give it as a flag`);
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return (await prompt.question(question)).trim();
  } finally {
    prompt.close();
  }
}

/** `billy login`, `billy logout` and `billy signup`. */
export function accountCommands(): Command[] {
  const login = new Command('login')
    .description(`Keep the API URL and key for later commands (in ${configPath()}, readable by you only)`)
    .action(async (_options: unknown, self: Command) => {
      const global = self.optsWithGlobals<Global>();
      const url = resolveConnection(global).url;
      const apiKey = global.apiKey ?? (await ask('API key: '));
      // A key that does not work is refused here, not at the next command; any key may list plans.
      await new Billy({ baseUrl: url, apiKey }).plans.list({ limit: 1 });
      writeCredentials({ url, apiKey });
      process.stderr.write(`Logged in to ${url}; saved to ${configPath()}\n`);
    });

  const logout = new Command('logout').description('Forget the saved URL and key').action(() => {
    forgetCredentials();
    process.stderr.write(`Removed ${configPath()}\n`);
  });

  const signup = new Command('signup')
    .description('Register a company; prints its API key, shown only once (--login keeps it)')
    .requiredOption('--processor-key <key>', "The processor's secret key (any text for the dummy processor)")
    .option('--processor <name>', 'dummy or stripe')
    .option('--signup-token <token>', 'When the server requires one')
    .option('--login', 'Keep the new key, as `billy login` does')
    .action(
      async (
        options: { processorKey: string; processor?: string; signupToken?: string; login?: boolean },
        self: Command,
      ) => {
        const global = self.optsWithGlobals<Global>();
        const { url } = resolveConnection(global);
        const fetchWithToken: typeof fetch = (input, init) =>
          fetch(input, {
            ...init,
            headers: {
              ...init?.headers,
              ...(options.signupToken ? { 'Billy-Signup-Token': options.signupToken } : {}),
            },
          });
        const company = await new Billy({ baseUrl: url, fetch: fetchWithToken }).companies.create({
          processor_key: options.processorKey,
          ...(options.processor ? { processor: options.processor as 'dummy' | 'stripe' } : {}),
        });
        if (options.login) writeCredentials({ url, apiKey: company.api_key });
        printOne(company, global);
      },
    );
  return [login, logout, signup];
}
