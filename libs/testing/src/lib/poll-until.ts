import { setTimeout as sleep } from 'node:timers/promises';

export interface PollOptions {
  /** How long to keep polling before failing; 15 s unless given. */
  timeoutMs?: number;
  /** The pause between two probes; 100 ms unless given. */
  intervalMs?: number;
}

/** Probes until `done` accepts the value, and returns it; fails with the last value seen once the time is up. */
export async function pollUntil<T>(
  probe: () => T | Promise<T>,
  done: (value: T) => boolean,
  { timeoutMs = 15_000, intervalMs = 100 }: PollOptions = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() >= deadline) {
      throw new Error(`Gave up after ${timeoutMs} ms; the last value seen was ${JSON.stringify(value)}`);
    }
    await sleep(intervalMs);
  }
}
