export interface FakeResponse {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export const ok = (body: unknown): FakeResponse => ({ status: 200, body });

export const stripeError = (
  status: number,
  error: Record<string, string>,
  headers?: Record<string, string>,
): FakeResponse => ({ status, body: { error }, headers });

export const missing = (what: string, id: string): FakeResponse =>
  stripeError(404, { type: 'invalid_request_error', code: 'resource_missing', message: `No such ${what}: '${id}'` });

/** What Stripe answers when a request failed on its side, whether or not it had already done its work. */
export const serverError = (): FakeResponse =>
  stripeError(500, { type: 'api_error', message: 'Something went wrong on our end' });
