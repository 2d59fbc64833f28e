import { TickBatcher } from './tick-batcher';

describe('TickBatcher', () => {
  it('should serve the calls of one event-loop turn with one run, each caller getting its own output', async () => {
    const runs: number[][] = [];
    const batcher = new TickBatcher((items: number[]) => {
      runs.push(items);
      return Promise.resolve(items.map((item) => item * 10));
    });

    const outputs = await Promise.all([batcher.submit(1), batcher.submit(2), batcher.submit(3)]);
    const later = await batcher.submit(4);

    expect(outputs).toEqual([10, 20, 30]);
    expect(later).toBe(40);
    expect(runs).toEqual([[1, 2, 3], [4]]);
  });

  it('should reject every caller of a batch whose run fails, and serve the next batch afresh', async () => {
    let fail = true;
    const batcher = new TickBatcher((items: string[]) =>
      fail ? Promise.reject(new Error('database unavailable')) : Promise.resolve(items),
    );

    const failed = await Promise.allSettled([batcher.submit('a'), batcher.submit('b')]);
    fail = false;

    expect(failed.map((result) => result.status)).toEqual(['rejected', 'rejected']);
    await expect(batcher.submit('c')).resolves.toBe('c');
  });
});
