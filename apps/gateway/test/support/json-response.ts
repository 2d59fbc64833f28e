import type { Response } from 'supertest';

/** What the tests read of a gateway answer, its body typed as the test expects it. */
export interface JsonResponse<T = unknown> {
  status: number;
  headers: Record<string, string>;
  text: string;
  body: T;
}

/** A supertest response read as `T`: only a status the test asserts, or `okBody`, makes that true. */
export const asJson = <T = unknown>(response: Response): JsonResponse<T> => response;

/** The body of an answer that must be a 200, so a broken set-up never masquerades as a passing assertion. */
export function okBody<T>(response: JsonResponse<T>, request: string): T {
  if (response.status !== 200) throw new Error(`${request} failed: ${response.status} ${response.text}`);
  return response.body;
}
