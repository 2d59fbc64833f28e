/**
 * Jest's asymmetric matchers, typed `unknown` instead of `any`: an expected
 * object can hold them without letting `any` into the test.
 */
export const match = {
  any: (type: new (...args: never[]) => unknown): unknown => expect.any(type),
  stringMatching: (pattern: RegExp): unknown => expect.stringMatching(pattern),
  stringContaining: (text: string): unknown => expect.stringContaining(text),
  arrayContaining: (items: unknown[]): unknown => expect.arrayContaining(items),
  /** Billy's timestamp format (billy.md §2.3). */
  timestamp: (): unknown => expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?\+00:00$/),
};
