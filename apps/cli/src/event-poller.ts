import type { Billy, BillyEvent } from '@billy/client';

/** How far back a poll looks for events written late: one committed after a newer one was read. */
const LOOKBACK_MS = 30_000;
/** At most this many pages a poll, so a flood of events is read across polls rather than all at once. */
const MAX_PAGES = 10;

/**
 * New events, oldest first, by polling `GET /v1/events` (newest first). Events are listed by their time of
 * writing, which is not the order their transactions commit in, so each poll reads back LOOKBACK_MS behind the
 * newest event seen and skips the ones it has already answered.
 */
export class EventPoller {
  /** Events already seen within the look-back window, by GUID, with their time. */
  private readonly seen = new Map<string, number>();
  private newestMs = 0;

  constructor(private readonly billy: Billy) {}

  /** Marks what exists already as seen, so only events after now are answered. */
  async start(): Promise<void> {
    await this.poll();
  }

  async poll(): Promise<BillyEvent[]> {
    const horizon = this.newestMs - LOOKBACK_MS;
    const fresh: BillyEvent[] = [];
    let query: { limit: number; starting_after?: string } = { limit: 100 };
    for (let page = 0; page < MAX_PAGES; page += 1) {
      const { items, limit } = await this.billy.events.list(query);
      for (const event of items) {
        const at = Date.parse(event.created_at);
        if (at < horizon) return this.settle(fresh);
        if (!this.seen.has(event.guid)) fresh.push(event);
        this.seen.set(event.guid, at);
      }
      if (items.length < limit) break;
      query = { limit, starting_after: items[items.length - 1].guid };
    }
    return this.settle(fresh);
  }

  private settle(fresh: BillyEvent[]): BillyEvent[] {
    for (const at of this.seen.values()) this.newestMs = Math.max(this.newestMs, at);
    for (const [guid, at] of this.seen) if (at < this.newestMs - LOOKBACK_MS) this.seen.delete(guid);
    return fresh.reverse();
  }
}
