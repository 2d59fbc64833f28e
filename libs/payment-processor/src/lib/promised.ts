/**
 * Runs a synchronous check or parse behind an interface that returns a
 * promise: what it throws becomes a rejection, as from an async call.
 */
export function promised<T>(run: () => T): Promise<T> {
  return new Promise((resolve) => resolve(run()));
}
