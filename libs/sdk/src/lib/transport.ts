import { BillyConnectionError, BillyError } from './billy-error';
import { OPERATIONS } from './generated/operations';
import type { OperationId, RequestOptions } from './api-types';
import { DEFAULT_RETRY_POLICY, retryDelayMs, RetryPolicy, shouldRetry } from './retry-policy';

export interface BillyOptions {
  /** The company's API key; none for sign-up. */
  apiKey?: string;
  /** Where the API is, e.g. `https://billing.example.com` (default http://localhost:3000). */
  baseUrl?: string;
  retry?: Partial<RetryPolicy>;
  /** How long one attempt may take (default 30 s). */
  timeoutMs?: number;
  /** A fetch of your own (tests, proxies); the platform's by default. */
  fetch?: typeof fetch;
}

export interface Request {
  method: string;
  path: string;
  query?: object;
  body?: object;
  /** Whether a repeat is safe: a read, or a POST carrying an Idempotency-Key. */
  idempotent: boolean;
  options?: RequestOptions;
}

/** HTTP to the API: Basic auth, JSON, an Idempotency-Key on every keyed POST, and retries where they are safe. */
export class Transport {
  private readonly baseUrl: string;
  private readonly retry: RetryPolicy;
  private readonly timeoutMs: number;
  private readonly fetch: typeof fetch;
  private readonly authorization: string | null;

  constructor(options: BillyOptions = {}) {
    this.baseUrl = (options.baseUrl ?? 'http://localhost:3000').replace(/\/+$/, '');
    this.retry = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.fetch = options.fetch ?? globalThis.fetch.bind(globalThis);
    this.authorization = options.apiKey ? `Basic ${btoa(`${options.apiKey}:`)}` : null;
  }

  /** Calls an operation of the document with a call's arguments: the path's GUID, the body or query, options. */
  call<T>(operationId: OperationId, args: readonly unknown[]): Promise<T> {
    const { method, path, takes, idempotent } = OPERATIONS[operationId];
    const rest = [...args];
    const named = path.includes('{guid}') ? path.replace('{guid}', encodeURIComponent(String(rest.shift()))) : path;
    const payload = takes === null ? undefined : (rest.shift() as object | undefined);
    const options = rest.shift() as RequestOptions | undefined;
    return this.request<T>({
      method,
      path: named,
      ...(takes === 'query' ? { query: payload } : { body: payload }),
      idempotent,
      options,
    });
  }

  async request<T>({ method, path, query, body, idempotent, options = {} }: Request): Promise<T> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (this.authorization) headers.Authorization = this.authorization;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    // One key for every attempt, so the server does a retried POST once.
    if (method === 'POST' && idempotent) headers['Idempotency-Key'] = options.idempotencyKey ?? crypto.randomUUID();
    const url = `${this.baseUrl}${path}${queryString(query)}`;
    const init = { method, headers, body: body === undefined ? undefined : JSON.stringify(body) };

    for (let retry = 0; ; retry += 1) {
      const signals = [AbortSignal.timeout(this.timeoutMs), ...(options.signal ? [options.signal] : [])];
      let response: Response;
      try {
        response = await this.fetch(url, { ...init, signal: AbortSignal.any(signals) });
      } catch (error) {
        if (options.signal?.aborted) throw error;
        if (retry < this.retry.maxRetries && shouldRetry({ idempotent })) {
          await sleep(retryDelayMs(this.retry, retry));
          continue;
        }
        throw new BillyConnectionError(`${method} ${path}: ${(error as Error).message}`, { cause: error });
      }
      const text = await response.text();
      if (response.ok) return (text ? JSON.parse(text) : undefined) as T;
      const error = toBillyError(response, text);
      const attempt = { idempotent, status: response.status, errorClass: error.errorClass };
      if (retry < this.retry.maxRetries && shouldRetry(attempt)) {
        await sleep(retryDelayMs(this.retry, retry, Number(response.headers.get('retry-after') ?? 0)));
        continue;
      }
      throw error;
    }
  }
}

function queryString(query: object | undefined): string {
  const entries = Object.entries(query ?? {}).filter(([, value]) => value !== undefined && value !== null);
  const search = new URLSearchParams(entries.map(([key, value]): [string, string] => [key, String(value)]));
  return entries.length === 0 ? '' : `?${search.toString()}`;
}

function toBillyError(response: Response, text: string): BillyError {
  const requestId = response.headers.get('x-request-id');
  try {
    const { error_class, error_message } = JSON.parse(text) as { error_class?: string; error_message?: string };
    if (typeof error_class === 'string') {
      return new BillyError(response.status, error_class, error_message ?? '', requestId);
    }
  } catch {
    // Not Billy's error body: a proxy's page, say.
  }
  return new BillyError(response.status, 'HttpError', `HTTP ${response.status}: ${text.slice(0, 200)}`, requestId);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
