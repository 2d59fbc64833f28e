export interface FakeResponse {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export const ok = (body: unknown): FakeResponse => ({ status: 200, body });

export const stripeError = (status: number, error: Record<string, string>, headers?: Record<string, string>) => ({
  status,
  body: { error },
  headers,
});

export const missing = (what: string, id: string): FakeResponse =>
  stripeError(404, { type: 'invalid_request_error', code: 'resource_missing', message: `No such ${what}: '${id}'` });
