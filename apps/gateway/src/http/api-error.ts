/**
 * An error with Billy's JSON body `{"error_class", "error_message"}`. Everything
 * the gateway answers with a 4xx goes through this class, so the body never varies.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly errorClass: string,
    message: string,
  ) {
    super(message);
  }

  toBody() {
    return { error_class: this.errorClass, error_message: this.message };
  }
}

export const validationError = (message: string) => new ApiError(400, 'ValidationError', message);
export const invalidOperation = (message: string) => new ApiError(400, 'InvalidOperationError', message);
export const unauthenticated = (message: string) => new ApiError(401, 'AuthenticationError', message);
export const forbidden = (message: string) => new ApiError(403, 'PermissionDenied', message);
export const notFound = (message: string) => new ApiError(404, 'NotFound', message);
export const conflict = (errorClass: string, message: string) => new ApiError(409, errorClass, message);
export const rateLimited = (message: string) => new ApiError(429, 'RateLimitError', message);
