import { Billy } from '@billy/client';
import { readCredentials } from './cli-config';

/** Where the API is and the key to call it with: flags, else BILLY_URL and BILLY_API_KEY, else `billy login`. */
export interface ConnectionOptions {
  apiUrl?: string;
  apiKey?: string;
}

export function resolveConnection(options: ConnectionOptions, env: NodeJS.ProcessEnv = process.env) {
  const saved = readCredentials();
  return {
    url: options.apiUrl ?? env.BILLY_URL ?? saved.url ?? 'http://localhost:3000',
    apiKey: options.apiKey ?? env.BILLY_API_KEY ?? saved.apiKey,
  };
}

export function billyClient(options: ConnectionOptions): Billy {
  const { url, apiKey } = resolveConnection(options);
  if (!apiKey) throw new UsageError('No API key: run `billy login`, or set BILLY_API_KEY');
  return new Billy({ baseUrl: url, apiKey });
}

/** A mistake in how the CLI was called: printed without a stack. */
export class UsageError extends Error {}
