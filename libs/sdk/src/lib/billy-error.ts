/** An answer of the API other than 2xx: its status and Billy's error body (`error_class`, `error_message`). */
export class BillyError extends Error {
  override readonly name = 'BillyError';

  constructor(
    readonly status: number,
    /** `ValidationError`, `NotFound`, `AuthenticationError`, … */
    readonly errorClass: string,
    message: string,
    /** The request id the server logged the request under (`X-Request-Id`), for a support ticket. */
    readonly requestId: string | null,
  ) {
    super(message);
  }
}

/** The request got no answer: the connection failed or the call timed out, after every retry. */
export class BillyConnectionError extends Error {
  override readonly name = 'BillyConnectionError';
}
