import type { Billy, BillyEvent } from '@billy/client';

/** How far back a poll looks for events written late: one committed after a newer one was read. */
const LOOKBACK_MS = 30_000;

/**
 * New events, oldest first, by polling `GET /v1/events` (newest first). Events are listed by their time of
 * writing, which is not the order their transactions commit in, so each poll reads back LOOKBACK_MS behind the
 * newest event seen, page after page however many there are, and skips the ones it has already answered.
 */
export class EventPoller {
  /** Events already seen within the look-back window, by GUID, with their time. */
  private readonly seen = new Map<string, number>();
  private newestMs: number | null = null;

  constructor(private readonly billy: Billy) {}

  /** Marks what exists already as seen, so only events after now are answered: those of the look-back window. */
  async start(): Promise<void> {
    await this.read((newest) => newest - LOOKBACK_MS);
  }

  /** The events since the last poll: all of them when there were none before. */
  poll(): Promise<BillyEvent[]> {
    const before = this.newestMs;
    return this.read(() => (before === null ? -Infinity : before - LOOKBACK_MS));
  }

  /** Every event from the newest back to the horizon, which `horizonOf` gives from the newest event's time. */
  private async read(horizonOf: (newestMs: number) => number): Promise<BillyEvent[]> {
    const fresh: BillyEvent[] = [];
    let horizon: number | undefined;
    let query: { limit: number; starting_after?: string } = { limit: 100 };
    for (;;) {
      const { items, limit } = await this.billy.events.list(query);
      for (const event of items) {
        const at = Date.parse(event.created_at);
        horizon ??= horizonOf(at);
        if (at < horizon) return this.keep(fresh);
        if (!this.seen.has(event.guid)) fresh.push(event);
        this.seen.set(event.guid, at);
      }
      if (items.length < limit) return this.keep(fresh);
      query = { limit, starting_after: items[items.length - 1].guid };
    }
  }

  private keep(fresh: BillyEvent[]): BillyEvent[] {
    for (const at of this.seen.values()) this.newestMs = Math.max(this.newestMs ?? at, at);
    const horizon = (this.newestMs ?? 0) - LOOKBACK_MS;
    for (const [guid, at] of this.seen) if (at < horizon) this.seen.delete(guid);
    return fresh.reverse();
  }
}
