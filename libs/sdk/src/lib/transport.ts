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
  async call<T>(operationId: OperationId, args: readonly unknown[]): Promise<T> {
    const { method, path, takes, idempotent } = OPERATIONS[operationId];
    const rest = [...args];
    let named: string = path;
    if (path.includes('{guid}')) {
      const guid = rest.shift();
      if (typeof guid !== 'string' || guid === '') throw new TypeError(`${operationId}: the first argument is a GUID`);
      named = path.replace('{guid}', encodeURIComponent(guid));
    }
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
      let text: string;
      try {
        response = await this.fetch(url, { ...init, signal: AbortSignal.any(signals) });
        // A connection lost while the body arrives is no answer either.
        text = await response.text();
      } catch (error) {
        if (options.signal?.aborted) throw error;
        if (retry < this.retry.maxRetries && shouldRetry({ idempotent })) {
          await sleep(retryDelayMs(this.retry, retry), options.signal);
          continue;
        }
        throw new BillyConnectionError(`${method} ${path}: ${(error as Error).message}`, { cause: error });
      }
      if (response.ok) return (text ? JSON.parse(text) : undefined) as T;
      const error = toBillyError(response, text);
      const attempt = { idempotent, status: response.status, errorClass: error.errorClass };
      if (retry < this.retry.maxRetries && shouldRetry(attempt)) {
        const delay = retryDelayMs(this.retry, retry, retryAfterSeconds(response.headers.get('retry-after')));
        await sleep(delay, options.signal);
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

/** Retry-After in seconds, given as seconds or as an HTTP date; 0 when absent or unreadable. */
function retryAfterSeconds(header: string | null): number {
  if (header === null) return 0;
  const seconds = /^\d+$/.test(header.trim()) ? Number(header) : (Date.parse(header) - Date.now()) / 1000;
  return Number.isFinite(seconds) ? Math.max(0, seconds) : 0;
}

/** A wait that the call's signal cuts short. */
function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', abort);
      resolve();
    }, ms);
    const abort = () => {
      clearTimeout(timer);
      reject(signal?.reason as Error);
    };
    signal?.addEventListener('abort', abort, { once: true });
  });
}
