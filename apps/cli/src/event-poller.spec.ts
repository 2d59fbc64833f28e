import type { Billy, BillyEvent } from '@billy/client';
import { EventPoller } from './event-poller';

/** The events API over an in-memory list, newest first as the server lists them. */
function fakeBilly(events: BillyEvent[]): Billy {
  const list = ({ limit, starting_after }: { limit: number; starting_after?: string }) => {
    const sorted = [...events].sort((a, b) => b.created_at.localeCompare(a.created_at));
    const start = starting_after ? sorted.findIndex((event) => event.guid === starting_after) + 1 : 0;
    return Promise.resolve({ items: sorted.slice(start, start + limit), offset: 0, limit });
  };
  return { events: { list } } as unknown as Billy;
}

const event = (guid: string, second: number) =>
  ({
    guid,
    type: 'invoice.settled',
    created_at: `2026-12-03T10:00:${String(second).padStart(2, '0')}+00:00`,
  }) as BillyEvent;

describe('EventPoller', () => {
  it('should answer only events after its start, oldest first, each once', async () => {
    const events = [event('EV1', 1)];
    const poller = new EventPoller(fakeBilly(events));
    await poller.start();

    events.push(event('EV2', 2), event('EV3', 3));
    const first = await poller.poll();
    const again = await poller.poll();

    expect(first.map((e) => e.guid)).toEqual(['EV2', 'EV3']);
    expect(again).toEqual([]);
  });

  it('should find an event written before the newest one seen but committed after it', async () => {
    const events = [event('EV1', 10)];
    const poller = new EventPoller(fakeBilly(events));
    await poller.start();
    events.push(event('EV3', 12));
    await poller.poll();

    events.push(event('EV2', 11));

    expect((await poller.poll()).map((e) => e.guid)).toEqual(['EV2']);
  });

  it('should read every page of a burst larger than many pages, each event once', async () => {
    const events: BillyEvent[] = [];
    const poller = new EventPoller(fakeBilly(events));
    await poller.start();

    for (let second = 0; second < 50; second += 1) {
      for (let index = 0; index < 30; index += 1) events.push(event(`EV${second}-${index}`, second));
    }

    const burst = await poller.poll();

    expect(burst).toHaveLength(1500);
    expect(new Set(burst.map((e) => e.guid)).size).toBe(1500);
    expect(await poller.poll()).toEqual([]);
  });
});
