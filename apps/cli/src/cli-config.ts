import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

/** What `billy login` keeps: where the API is and the key to call it with. */
export interface Credentials {
  url: string;
  apiKey: string;
}

/** `BILLY_CONFIG`, else `$XDG_CONFIG_HOME/billy/config.json`, else `~/.config/billy/config.json`. */
export function configPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.BILLY_CONFIG ?? join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'billy', 'config.json');
}

export function readCredentials(path = configPath()): Partial<Credentials> {
  if (!existsSync(path)) return {};
  return JSON.parse(readFileSync(path, 'utf8')) as Partial<Credentials>;
}

/** Written readable by its owner only (0600, in a 0700 directory): it holds an API key. */
export function writeCredentials(credentials: Credentials, path = configPath()): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  writeFileSync(path, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
  // The mode of writeFileSync applies only to a new file.
  chmodSync(path, 0o600);
}

export function forgetCredentials(path = configPath()): void {
  rmSync(path, { force: true });
}
